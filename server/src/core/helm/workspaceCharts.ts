import { LineIndex } from '../lines';
import type { ParsedFile } from '../parse';
import type { Range } from '../types';
import { helmKubeVersion, type Settings } from '../settings';
import { basenameUri, isInside } from '../uris';
import { chartFiles, chartPath, chartProblemsByUri, chartRootOf, chartRootsOf, chartUri, definesTemplates, isRenderedTemplatePath, type ChartRenderer } from './charts';
import type { ChartFiles, ChartRender, HelmReleaseOptions, RenderProblem } from './contract';
import { dependencyEntryRange, packagedTemplate, packagedWhere, subchartNameOf } from './packaged';
import { parseRenderedTemplate } from './renderedFile';
import { mayHold, unseenOutputOf, type UnseenOutput } from './unseenOutput';

/**
 * The dependency key of every question about unseen chart output (see {@link WorkspaceCharts.mayHoldUnseen}):
 * a change of what any chart may hide re-checks the files that asked.
 */
export const UNSEEN_OUTPUT_KEY = 'charts/unseen-output';

/**
 * The charts of a workspace and their renders. The workspace tells it which files changed;
 * it re-renders the charts they belong to (cached per chart: a keystroke in a template
 * re-renders that chart only) and swaps each template's model for the one read from its
 * rendered output. A template whose render did not change keeps its model, so re-analysis
 * costs the templates whose output changed.
 */

/** What the charts need from the workspace. */
export interface ChartHost {
  readonly settings: Settings;
  /** The parsed file as open or on disk (never the rendered one). */
  source(uri: string): ParsedFile | undefined;
  /** Text or bytes of a chart file: a YAML file's text, a helper's text, a .tgz's bytes. */
  read(uri: string): string | Uint8Array | undefined;
  /** Every file the workspace holds (YAML and chart support files). */
  allUris(): Iterable<string>;
  /** Moves a file's resources in the index from one model to the other, adding the keys touched. */
  reindex(before: ParsedFile | undefined, after: ParsedFile | undefined, keys: Set<string>): void;
}

interface ChartState {
  members?: string[];
  /**
   * Templates whose text alone changed since the last render, none of which defines
   * templates: only they need rendering again (a keystroke costs one template, not the
   * chart). 'all' when anything else changed.
   */
  changed: Set<string> | 'all';
  /** Rendered templates that held a `define` at the last render: an edit of one re-renders all. */
  defining: Set<string>;
  render?: ChartRender;
  /** The model of each rendered template, by URI. */
  templates: Map<string, ParsedFile>;
  /** Problems of the render that belong to no template (values files, Chart.yaml), by file. */
  problems: Map<string, RenderProblem[]>;
  /** What the templates whose output an unknown decided may hold beyond their text. */
  unseen: UnseenOutput[];
}

/** The namespace of rendered objects that do not set one, with these settings. */
export const releaseNamespaceOf = (settings: Settings): string => settings.helm.namespace ?? settings.defaultNamespace;

/** Where one sync reports what it moved: the change's keys and affected files. */
export interface ChartSyncTarget {
  keys: Set<string>;
  affected: string[];
  /** A file whose own index entries the caller swaps itself. */
  skip?: string;
}

/** Values files larger than this are not rendered (real charts' values.yaml are rarely over 200 KB). */
const MAX_VALUES_CHARS = 1024 * 1024;

export class WorkspaceCharts {
  private roots = new Set<string>();
  private readonly chartYamls = new Set<string>();
  private readonly states = new Map<string, ChartState>();
  /** The rendered model of every template of every chart, by URI. */
  private readonly rendered = new Map<string, ParsedFile>();
  private readonly dirty = new Set<string>();
  private rootsStale = false;

  constructor(private readonly host: ChartHost, private readonly renderer: ChartRenderer) {}

  /** The model read from the template's rendered output, when its chart renders it. */
  renderedFile(uri: string): ParsedFile | undefined {
    return this.rendered.get(uri);
  }

  /** The rendered templates of packaged subcharts of the chart whose Chart.yaml this is: their findings are reported there. */
  packagedTemplatesOf(chartYamlUri: string): ParsedFile[] {
    if (basenameUri(chartYamlUri) !== 'Chart.yaml') return [];
    const state = this.states.get(chartYamlUri.slice(0, -'/Chart.yaml'.length));
    return [...state?.templates.values() ?? []].filter((file) => file.helm?.packaged);
  }

  /**
   * Where to show a place inside a packaged subchart's template: the Chart.yaml `dependencies`
   * entry naming the subchart (offsets in Chart.yaml's text), and the words saying where it really is.
   */
  packagedLocation(uri: string): { uri: string; range: Range; where: string } | undefined {
    const file = this.rendered.get(uri);
    const packaged = file?.helm?.packaged;
    if (!file?.helm || !packaged) return undefined;
    const chartYaml = chartUri(file.helm.chartRoot, 'Chart.yaml');
    const text = this.host.source(chartYaml)?.text ?? '';
    const { start, end } = dependencyEntryRange(text, subchartNameOf(file.helm.template.sourceName));
    const lines = new LineIndex(text);
    return { uri: chartYaml, range: { start: lines.positionAt(start), end: lines.positionAt(end) }, where: packagedWhere(packaged) };
  }

  /** A place as an editor can show it: one inside a packaged subchart's template moves to its Chart.yaml entry. */
  shownLocation<T extends { uri: string; range: Range }>(location: T): T {
    const packaged = this.packagedLocation(location.uri);
    return packaged ? { ...location, uri: packaged.uri, range: packaged.range } : location;
  }

  /** The chart folder a file belongs to. */
  chartOf(uri: string): string | undefined {
    return chartRootOf(uri, this.roots);
  }

  /** The last render of a chart. */
  renderOf(root: string): ChartRender | undefined {
    return this.states.get(root)?.render;
  }

  /** The files of a chart as the renderer read them. */
  filesOf(root: string): ChartFiles | undefined {
    const state = this.states.get(root);
    return state ? this.filesFor(root, state) : undefined;
  }

  /** Problems of a chart's render that belong to this file and to no template's render. */
  problemsIn(uri: string): readonly RenderProblem[] {
    const root = this.chartOf(uri) ?? (basenameUri(uri) === 'Chart.yaml' ? uri.slice(0, -'/Chart.yaml'.length) : undefined);
    return (root && this.states.get(root)?.problems.get(uri)) || [];
  }

  /**
   * Whether output of some chart that an unknown decided may hold an object of this kind in
   * this namespace (see ./unseenOutput.ts): then "there is none of that name" is not known.
   */
  mayHoldUnseen(kind: string, namespace: string): boolean {
    for (const state of this.states.values()) if (mayHold(state.unseen, kind, namespace)) return true;
    return false;
  }

  /** The namespace of rendered objects that do not set one: the release's (helm template's --namespace). */
  get releaseNamespace(): string {
    return releaseNamespaceOf(this.host.settings);
  }

  /** Whether a change of this file is one a chart reads ({@link noteChange} would note it): a file that is not is indexed as itself. */
  concerns(uri: string): boolean {
    return basenameUri(uri) === 'Chart.yaml' || this.rootsStale || this.chartOf(uri) !== undefined || this.chartsReadingValuesFile(uri).length > 0;
  }

  /**
   * A file appeared, changed or went. `existed`/`exists` say whether it was and is there:
   * the set of charts, or a chart's list of files, changes only then.
   */
  noteChange(uri: string, existed: boolean, exists: boolean): boolean {
    if (basenameUri(uri) === 'Chart.yaml') {
      if (exists) this.chartYamls.add(uri);
      else this.chartYamls.delete(uri);
      if (existed !== exists) this.rootsStale = true;
    }
    const root = this.chartOf(uri);
    if (root) {
      this.dirty.add(root);
      const state = this.states.get(root)!;
      if (existed !== exists) state.members = undefined;
      const path = chartPath(root, uri);
      const text = this.host.read(uri);
      const alone = existed && exists && state.render && isRenderedTemplatePath(path) && !state.defining.has(path) && typeof text === 'string' && !definesTemplates(text);
      if (!alone) state.changed = 'all';
      else if (state.changed !== 'all') state.changed.add(path);
    }
    const valuesOf = this.chartsReadingValuesFile(uri);
    for (const reader of valuesOf) {
      this.dirty.add(reader);
      this.states.get(reader)!.changed = 'all';
    }
    return this.rootsStale || root !== undefined || valuesOf.length > 0;
  }

  /**
   * The charts that read this file as a values file of the settings (`-f`), wherever it is:
   * `../values-prod.yaml` lies outside the chart's folder, and its edits render the chart again.
   */
  private chartsReadingValuesFile(uri: string): string[] {
    const names = this.host.settings.helm.valuesFiles;
    if (names.length === 0) return [];
    return [...this.states.keys()].filter((root) => names.some((name) => chartUri(root, name) === uri));
  }

  /** Every chart renders again (settings changed). */
  invalidateAll(): void {
    for (const [root, state] of this.states) {
      this.dirty.add(root);
      state.changed = 'all';
    }
  }

  /** Renders what changed. With a target, index entries are moved and reported there; without, the caller re-indexes everything. */
  sync(target?: ChartSyncTarget): void {
    if (this.rootsStale) this.refreshRoots(target);
    for (const root of [...this.dirty]) {
      this.dirty.delete(root);
      const state = this.states.get(root);
      if (state) this.renderChart(root, state, target);
    }
  }

  private refreshRoots(target: ChartSyncTarget | undefined): void {
    this.rootsStale = false;
    const roots = chartRootsOf(this.chartYamls);
    for (const [root, state] of this.states) {
      if (roots.has(root)) continue;
      // No longer a chart (Chart.yaml gone, or it became a subchart): its templates go back to their own text.
      this.swap(root, state, new Map(), target);
      if (target && state.unseen.length > 0) target.keys.add(UNSEEN_OUTPUT_KEY);
      this.states.delete(root);
      this.dirty.delete(root);
    }
    this.roots = roots;
    for (const root of roots) {
      const state = this.states.get(root);
      if (state) state.members = undefined; // a subchart may have come or gone inside it
      else this.states.set(root, { templates: new Map(), problems: new Map(), changed: 'all', defining: new Set(), unseen: [] });
      this.states.get(root)!.changed = 'all';
      this.dirty.add(root);
    }
  }

  private filesFor(root: string, state: ChartState): ChartFiles {
    state.members ??= [...this.host.allUris()].filter((uri) => isInside(uri, root));
    return chartFiles(root, state.members, (uri) => this.host.read(uri));
  }

  private renderChart(root: string, state: ChartState, target: ChartSyncTarget | undefined): void {
    const files = this.filesFor(root, state);
    const problems: RenderProblem[] = [];
    const options = this.releaseOptions(files, problems);
    let render: ChartRender | undefined;
    const only = state.changed === 'all' ? undefined : [...state.changed];
    state.changed = new Set();
    if (options) {
      try {
        render = only && state.render ? this.renderOnly(state.render, files, options, only) : this.renderer(files, options);
        if (!only) state.defining = new Set(render.templates.filter((t) => definesTemplates(String(files.get(t.path) ?? ''))).map((t) => t.path));
        problems.push(...render.problems);
      } catch (error) {
        // The renderer must not throw; if it does, the chart is only indexed, and says why once.
        problems.push({ message: `The chart could not be rendered: ${(error as Error)?.message ?? String(error)}`, file: 'Chart.yaml', start: 0, end: 0 });
      }
    }
    state.render = render;
    const chartUncertain = !!render?.templates.some((t) => t.uncertain.length > 0 || t.problem);
    const next = new Map<string, ParsedFile>();
    for (const template of render?.templates ?? []) {
      const uri = chartUri(root, template.path);
      const packaged = packagedTemplate(template.path);
      // A template inside a packaged subchart has no file: its model is read from its own
      // output (ranges are never shown: its findings go to Chart.yaml, see ./packaged.ts).
      const sourceText = packaged ? template.text : this.host.source(uri)?.text;
      if (sourceText === undefined) continue;
      const info = { chartRoot: root, template, chartUncertain, ...(packaged && { packaged }) };
      const old = state.templates.get(uri);
      if (old?.helm && sameRender(old, sourceText, info)) {
        old.helm = info; // same output and mapping; what the actions read may differ (hovers say)
        next.set(uri, old);
      } else {
        next.set(uri, parseRenderedTemplate(uri, sourceText, info));
      }
    }
    const unseen = (render?.templates ?? []).flatMap((template) => {
      const source = files.get(template.path);
      return unseenOutputOf(template, typeof source === 'string' ? source : undefined, this.releaseNamespace) ?? [];
    });
    if (target && JSON.stringify(unseen, setsAsLists) !== JSON.stringify(state.unseen, setsAsLists)) target.keys.add(UNSEEN_OUTPUT_KEY);
    state.unseen = unseen;
    const beforeProblems = state.problems;
    // Only a YAML file of the workspace is analysed: a problem in a .helmignore or an archive shows on Chart.yaml.
    state.problems = chartProblemsByUri(root, problems, (uri) => !!this.host.source(uri));
    if (target) {
      for (const uri of new Set([...beforeProblems.keys(), ...state.problems.keys()])) {
        if (JSON.stringify(beforeProblems.get(uri)) !== JSON.stringify(state.problems.get(uri))) target.affected.push(uri);
      }
    }
    this.swap(root, state, next, target);
  }

  /** The last render with the templates in `only` rendered again (their text alone changed, and they define nothing). */
  private renderOnly(previous: ChartRender, files: ChartFiles, options: HelmReleaseOptions, only: string[]): ChartRender {
    const fresh = this.renderer(files, options, { only });
    const byPath = new Map(fresh.templates.map((t) => [t.path, t]));
    const kept = previous.templates.map((t) => byPath.get(t.path) ?? t);
    const added = fresh.templates.filter((t) => !previous.templates.some((p) => p.path === t.path));
    return { ...fresh, templates: [...kept, ...added] };
  }

  /** Replaces a chart's rendered templates, moving index entries of those that changed. */
  private swap(root: string, state: ChartState, next: Map<string, ParsedFile>, target: ChartSyncTarget | undefined): void {
    const before = state.templates;
    state.templates = next;
    for (const uri of new Set([...before.keys(), ...next.keys()])) {
      const now = next.get(uri);
      if (now) this.rendered.set(uri, now);
      else this.rendered.delete(uri);
      const was = before.get(uri) ?? this.host.source(uri);
      const is = now ?? this.host.source(uri);
      if (was === is || !target || uri === target.skip) continue;
      this.host.reindex(was, is, target.keys);
      // Findings about a packaged template are Chart.yaml's (./packaged.ts).
      target.affected.push((now ?? before.get(uri))?.helm?.packaged ? chartUri(root, 'Chart.yaml') : uri);
    }
  }

  /** The release `helm template` would make with the settings; undefined (and a problem) when a values file is missing, as helm fails then. */
  private releaseOptions(files: ChartFiles, problems: RenderProblem[]): HelmReleaseOptions | undefined {
    const { settings } = this.host;
    // Every render reads the values again: a huge values file would stall each keystroke.
    for (const name of ['values.yaml', ...settings.helm.valuesFiles]) {
      const text = files.get(name);
      if (typeof text === 'string' && text.length > MAX_VALUES_CHARS) {
        problems.push({ message: `${name} is larger than ${MAX_VALUES_CHARS / 1048576} MiB: the chart is not rendered, so edits stay fast.`, file: name, start: 0, end: 0 });
        return undefined;
      }
    }
    const valuesFiles: { name: string; text: string }[] = [];
    for (const name of settings.helm.valuesFiles) {
      const text = files.get(name);
      if (typeof text === 'string') valuesFiles.push({ name, text });
      else problems.push({ message: `The values file '${name}' (statefulManifests.helm.valuesFiles) is not found (paths are relative to the chart's folder), so the chart is not rendered.`, file: 'Chart.yaml', start: 0, end: 0 });
    }
    if (valuesFiles.length < settings.helm.valuesFiles.length) return undefined;
    return { releaseName: settings.helm.releaseName, namespace: this.releaseNamespace, valuesFiles, set: [...settings.helm.set], kubeVersion: helmKubeVersion(settings.kubernetesVersion) };
  }
}

function setsAsLists(_key: string, value: unknown): unknown {
  return value instanceof Set ? [...value].sort() : value;
}

/** Whether a new render of a template reads exactly as the model already made (same source, output and unknowns). */
function sameRender(old: ParsedFile, sourceText: string, info: { template: { text: string; uncertain: readonly unknown[]; problem?: unknown }; chartUncertain: boolean }): boolean {
  const was = old.helm!;
  return old.text === sourceText
    && was.template.text === info.template.text
    && was.chartUncertain === info.chartUncertain
    && JSON.stringify(was.template.uncertain) === JSON.stringify(info.template.uncertain)
    && JSON.stringify(was.template.problem) === JSON.stringify(info.template.problem);
}
