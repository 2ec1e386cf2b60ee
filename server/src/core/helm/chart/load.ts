/**
 * A chart and its subcharts from a `ChartFiles` (helm pkg/chart/v2/loader): Chart.yaml,
 * values.yaml, templates/, other files (`.Files`), and subcharts from `charts/<dir>/` and
 * `charts/*.tgz`. Nothing here throws: what cannot be read becomes a problem.
 */
import type { ChartFiles, RenderProblem } from '../contract';
import { isMap, type GoMap } from '../template/values';
import { readChartArchive } from './archive';
import { readChartYaml, type ChartMetadata } from './chartYaml';
import { isHelmIgnored, parseHelmIgnore } from './helmignore';
import { readYaml, YamlReadError } from './yamlRead';

export interface ChartTemplate {
  /** Name inside the chart ('templates/sts.yaml'). */
  name: string;
  /** Path in the root chart's files ('templates/sts.yaml', 'charts/redis/templates/sts.yaml',
   * 'charts/redis-1.0.0.tgz/templates/sts.yaml' for a file inside an archive). */
  file: string;
  text: string;
}

export interface LoadedChart {
  metadata: ChartMetadata;
  /** Name templates see (an alias when the dependency has one). */
  name: string;
  values: GoMap;
  templates: ChartTemplate[];
  /** Files for `.Files`: everything but Chart.yaml, values.yaml, templates/ and charts/. */
  files: Map<string, string>;
  subcharts: LoadedChart[];
  isLibrary: boolean;
  /** Where its files are, relative to the root chart ('' for the root). */
  location: string;
}

const MAX_DEPTH = 20;

function text(v: string | Uint8Array | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * The root chart's files as helm's LoadDir reads a folder: without what its `.helmignore`
 * (and helm's default rule) leaves out. Undefined, with a problem, when the `.helmignore`
 * does not parse: helm does not load the chart then.
 */
export function withoutIgnored(files: ChartFiles, problems: RenderProblem[]): ChartFiles | undefined {
  const ignoreText = text(files.get('.helmignore'));
  let rules;
  try {
    rules = parseHelmIgnore(ignoreText ?? '');
  } catch (e) {
    problems.push({ message: e instanceof Error ? e.message : String(e), file: '.helmignore', start: 0, end: 0 });
    return undefined;
  }
  const paths = files.paths().filter((p) => !isHelmIgnored(rules, p));
  const kept = new Set(paths);
  return { paths: () => paths, get: (p) => (kept.has(p) ? files.get(p) : undefined) };
}

/** Loads the chart in `files`; undefined when there is no readable Chart.yaml. */
export function loadChart(files: ChartFiles, location: string, problems: RenderProblem[], depth = 0): LoadedChart | undefined {
  const chartYaml = text(files.get('Chart.yaml'));
  const at = (p: string): string => location + p;
  if (chartYaml === undefined) {
    problems.push({ message: 'Chart.yaml is missing', file: at('Chart.yaml'), start: 0, end: 0 });
    return undefined;
  }
  let metadata: ChartMetadata;
  try {
    metadata = readChartYaml(chartYaml);
  } catch (e) {
    const offset = e instanceof YamlReadError ? e.offset : 0;
    problems.push({ message: `Chart.yaml is not valid YAML: ${e instanceof Error ? e.message : String(e)}`, file: at('Chart.yaml'), start: offset, end: offset });
    return undefined;
  }
  let values: GoMap = {};
  const valuesText = text(files.get('values.yaml'));
  if (valuesText !== undefined) {
    try {
      const v = readYaml(valuesText);
      if (isMap(v)) values = v;
    } catch (e) {
      const offset = e instanceof YamlReadError ? e.offset : 0;
      problems.push({ message: `values.yaml is not valid YAML: ${e instanceof Error ? e.message : String(e)}`, file: at('values.yaml'), start: offset, end: offset });
    }
  }
  const templates: ChartTemplate[] = [];
  const others = new Map<string, string>();
  const subchartDirs = new Set<string>();
  const archives: string[] = [];
  for (const p of files.paths()) {
    if (p.startsWith('templates/')) {
      const t = text(files.get(p));
      if (t !== undefined) templates.push({ name: p, file: at(p), text: t });
    } else if (p.startsWith('charts/')) {
      const rest = p.slice('charts/'.length);
      const slash = rest.indexOf('/');
      if (slash < 0 && rest.endsWith('.tgz')) archives.push(p);
      else if (slash > 0 && rest.slice(slash + 1) === 'Chart.yaml') subchartDirs.add(rest.slice(0, slash));
    } else if (p !== 'Chart.yaml' && p !== 'values.yaml' && p !== 'Chart.lock' && p !== 'requirements.yaml' && p !== 'requirements.lock' && p !== 'values.schema.json') {
      const t = files.get(p);
      others.set(p, typeof t === 'string' ? t : '');
    }
  }
  const subcharts: LoadedChart[] = [];
  if (depth < MAX_DEPTH) {
    for (const dir of [...subchartDirs].sort()) {
      const prefix = `charts/${dir}/`;
      const sub: ChartFiles = {
        paths: () => files.paths().filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)),
        get: (p) => files.get(prefix + p),
      };
      const loaded = loadChart(sub, at(prefix), problems, depth + 1);
      if (loaded) subcharts.push(loaded);
    }
    for (const archive of archives.sort()) {
      const bytes = files.get(archive);
      if (!(bytes instanceof Uint8Array)) continue;
      try {
        const loaded = loadChart(readChartArchive(bytes), at(`${archive}/`), problems, depth + 1);
        if (loaded) subcharts.push(loaded);
      } catch (e) {
        problems.push({ message: `${archive} is not a readable chart archive: ${e instanceof Error ? e.message : String(e)}`, file: at(archive), start: 0, end: 0 });
      }
    }
  }
  return {
    metadata,
    name: metadata.name,
    values,
    templates: templates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    files: others,
    subcharts,
    isLibrary: metadata.type === 'library',
    location,
  };
}
