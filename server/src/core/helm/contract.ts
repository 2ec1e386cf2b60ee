/**
 * The contract between the Helm chart renderer (`render*.ts`, `template/`, `functions/`
 * in this folder) and its users in the rest of the core (the workspace, rules, hovers,
 * definitions, completion, the CLI). Pure: no Node APIs; files come in as text or bytes.
 *
 * The renderer follows Helm v4 (`helm template`): Go's text/template semantics, Helm's
 * own functions and the Sprig functions charts use. What it cannot evaluate it does not
 * guess: it prints an *unknown* placeholder (see {@link UNKNOWN_OPEN}) and, where an
 * unknown decides control flow, marks the rendered range as uncertain.
 */

/** Files of one chart folder, paths relative to the chart root with '/' separators:
 * 'Chart.yaml', 'values.yaml', 'templates/sts.yaml', 'templates/_helpers.tpl',
 * 'charts/common/Chart.yaml', 'charts/common-2.1.0.tgz', 'ci/values-prod.yaml'. */
export interface ChartFiles {
  paths(): readonly string[];
  /** Text of a text file, bytes of a binary one (a .tgz), undefined when absent. */
  get(path: string): string | Uint8Array | undefined;
}

export interface HelmReleaseOptions {
  /** `.Release.Name`; `helm template` uses 'release-name' when none is given. */
  releaseName: string;
  /** `.Release.Namespace`. */
  namespace: string;
  /** Extra values files (helm -f), applied in order after the chart's values.yaml. */
  valuesFiles: { name: string; text: string }[];
  /** `--set` overrides ('a.b=c', 'list[0]=x'), applied last, in order. */
  set: string[];
  /** `.Capabilities.KubeVersion`, e.g. 'v1.33.0'. */
  kubeVersion: string;
}

export const DEFAULT_HELM_RELEASE: HelmReleaseOptions = {
  releaseName: 'release-name',
  namespace: 'default',
  valuesFiles: [],
  set: [],
  kubeVersion: 'v1.33.0',
};

/**
 * Unknown values are printed as `⟦` + a stable id + `⟧`. The id is a function of the
 * expression and the inputs that made the value, so two unknowns made the same way print
 * the same text (`include "common.names.fullname" .` on both sides compares equal when the
 * `common` library is absent). `⟦` is the core's TEMPLATE_MARK (template.ts): any value
 * containing it is unknown to the rules, which stay silent about it.
 */
export const UNKNOWN_OPEN = '\u27e6';
export const UNKNOWN_CLOSE = '\u27e7';

/** Where a run of rendered characters came from. */
export interface TemplateSpan {
  /** Chart-relative path of the file whose characters these are ('templates/sts.yaml'). */
  file: string;
  /** Offsets in that file: the literal text itself (kind 'text'), or the whole `{{ … }}`
   * action in the *rendered template's own file* that printed it (kind 'action'; output of an
   * `include`/`template` maps to the calling action, not into _helpers.tpl). */
  start: number;
  end: number;
  kind: 'text' | 'action';
  /** For actions: the inputs read while evaluating it, as written paths
   * ('.Values.replicaCount', '.Release.Name', '.Chart.Name'), deduplicated, in first-read order. */
  reads?: readonly string[];
  /** For actions: the rendered output of the whole action (what the user sees in the preview). */
  output?: string;
}

export interface SourceMap {
  /** Where the rendered character at `offset` came from; undefined past the end. */
  origin(offset: number): TemplateSpan | undefined;
  /** Every span in rendered order, with its rendered start offset. */
  spans(): readonly { renderedStart: number; renderedEnd: number; span: TemplateSpan }[];
}

export interface RenderProblem {
  /** One sentence a chart author can act on ("include: no template named 'db.fullnam'"). */
  message: string;
  file: string;
  start: number;
  end: number;
}

export interface RenderedTemplate {
  /** Chart-relative path ('templates/statefulset.yaml', 'charts/redis/templates/sts.yaml'). */
  path: string;
  /** The name Helm gives it in `# Source:` lines ('mychart/templates/sts.yaml',
   * 'mychart/charts/redis/templates/sts.yaml'): the chart name, then the path by chart names. */
  sourceName?: string;
  /** The rendered text, as `helm template` would print it for this file (without the
   * `# Source:` header). Unknowns appear as placeholders. */
  text: string;
  map: SourceMap;
  /** Rendered ranges whose content an unknown decided (an `if` on an unknown value, a `range`
   * over one): the documents overlapping them must be treated as unreadable. */
  uncertain: readonly { start: number; end: number }[];
  /** Set when the template could not be rendered completely; `text` then holds what was
   * rendered before the problem, and the whole template counts as uncertain. */
  problem?: RenderProblem;
}

/** A `define`/`block` name, or a reference to a template or a value, in a chart file. */
export interface TemplateSymbol {
  kind: 'define' | 'include' | 'values';
  /** Template name, or dotted values path without the leading `.Values.` ('image.tag'). */
  name: string;
  file: string;
  /** Offsets of the name (string literal contents, or the `.Values.a.b` field chain). */
  start: number;
  end: number;
}

export interface ChartRender {
  /** Chart.yaml's `name`. */
  chartName: string;
  /** Every template that renders to output (files under templates/ not starting with '_',
   * of the chart and its enabled subcharts), in helm's order. */
  templates: RenderedTemplate[];
  /** The values the templates saw, after coalescing (chart values, subchart scoping,
   * globals, -f files, --set). Plain data, unknowns excepted. */
  values: unknown;
  /** Problems not tied to one template (Chart.yaml unreadable, a values file that is not YAML). */
  problems: RenderProblem[];
}
