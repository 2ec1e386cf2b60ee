import { basenameUri, dirnameUri, isInside, joinUri } from '../uris';
import type { ChartFiles, ChartRender, HelmReleaseOptions, RenderProblem } from './contract';

/**
 * Charts in a workspace: which folders are charts, which files belong to which, and the
 * files of one chart as the renderer reads them. Pure: the workspace hands in what it holds.
 */

/**
 * The renderer (./index.ts renderChart): files in, rendered templates out. With `only`, just
 * those templates are rendered (values and every define still load).
 */
export type ChartRenderer = (files: ChartFiles, options: HelmReleaseOptions, renderOptions?: { only?: readonly string[] }) => ChartRender;

/** Whether a template's text defines templates others may include (then an edit of it re-renders the whole chart). */
export function definesTemplates(text: string): boolean {
  return /\{\{-?\s*(?:define|block)\b/.test(text);
}

/** A template Helm renders to output: under templates/, not a helper (`_*`), YAML. */
export function isRenderedTemplatePath(path: string): boolean {
  return /^templates\/(?:[^/]+\/)*[^_/][^/]*\.ya?ml$/i.test(path);
}

/** Files of a chart that are not YAML but matter to a render: template helpers, packaged subcharts, `.helmignore`. */
export function isChartSupportFile(uri: string): boolean {
  return /\.tpl$/i.test(uri) || /\/charts\/[^/]+\.tgz$/i.test(uri) || basenameUri(uri) === '.helmignore';
}

/**
 * The charts a workspace holds: each folder with a `Chart.yaml`, except a subchart
 * (`<chart>/charts/<name>/Chart.yaml`), which Helm renders as part of its parent only
 * (https://helm.sh/docs/topics/charts/#chart-dependencies).
 */
export function chartRootsOf(chartYamlUris: Iterable<string>): Set<string> {
  const folders = new Set([...chartYamlUris].map(dirnameUri));
  const roots = new Set<string>();
  for (const folder of folders) {
    if (!isSubchart(folder, folders)) roots.add(folder);
  }
  return roots;
}

function isSubchart(folder: string, chartFolders: Set<string>): boolean {
  const parent = dirnameUri(folder);
  return basenameUri(parent) === 'charts' && chartFolders.has(dirnameUri(parent));
}

/** The chart a file belongs to (the outermost chart folder holding it), if any. */
export function chartRootOf(uri: string, roots: ReadonlySet<string>): string | undefined {
  if (roots.size === 0) return undefined; // most workspaces: no walk up the folders of every file indexed
  let found: string | undefined;
  for (let folder = dirnameUri(uri); ; folder = dirnameUri(folder)) {
    if (roots.has(folder)) found = folder;
    const up = dirnameUri(folder);
    if (up === folder) return found;
  }
}

/** `file:///c/db/templates/a%20b.yaml` in chart `file:///c/db` → `templates/a b.yaml`. */
export function chartPath(root: string, uri: string): string {
  return uri.slice(root.length + 1).split('/').map(decodeSegment).join('/');
}

/** The URI of a chart-relative path. */
export function chartUri(root: string, path: string): string {
  return joinUri(root, path);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A chart's files for the renderer, read from the workspace when asked. */
export function chartFiles(root: string, members: readonly string[], read: (uri: string) => string | Uint8Array | undefined): ChartFiles {
  const paths = members.filter((uri) => isInside(uri, root)).map((uri) => chartPath(root, uri)).sort();
  return {
    paths: () => paths,
    get: (path) => read(chartUri(root, path)),
  };
}

/** Problems of a render that are no template's own, by the URI of the file they are in (Chart.yaml when the file is unknown). */
export function chartProblemsByUri(root: string, problems: readonly RenderProblem[], exists: (uri: string) => boolean): Map<string, RenderProblem[]> {
  const out = new Map<string, RenderProblem[]>();
  for (const problem of problems) {
    const own = problem.file ? chartUri(root, problem.file) : undefined;
    const uri = own && exists(own) ? own : `${root}/Chart.yaml`;
    const list = out.get(uri) ?? [];
    list.push(own === uri ? problem : { ...problem, start: 0, end: 0 });
    out.set(uri, list);
  }
  return out;
}
