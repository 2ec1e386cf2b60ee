/**
 * `renderChart`: what `helm template` does (helm pkg/action/install.go, pkg/engine/engine.go),
 * in the pure core. Values are computed once per call; every template is parsed (parses are
 * cached by text, so a re-render after an edit re-parses only the edited file), all `define`s
 * of the chart and its subcharts go into one set in Helm's order (deeper files first, so the
 * parent chart's definitions win), and each template renders with its chart's context.
 * Never throws: every failure is a problem.
 */
import type { ChartFiles, ChartRender, HelmReleaseOptions, RenderedTemplate, RenderProblem } from './contract';
import { capabilitiesObject, filesObject, releaseMap } from './chart/context';
import { loadChart, type LoadedChart, withoutIgnored } from './chart/load';
import { parseSetInto } from './chart/set';
import { coalesce, mergeMaps, processDependencies, processImportValues } from './chart/values';
import { readYaml, YamlReadError } from './chart/yamlRead';
import { FUNCS, UNSUPPORTED } from './functions';
import { deepCopy } from './functions/sprigDicts';
import { sourceMap } from './sourceMap';
import { templateSymbols } from './symbols';
import { DEFAULT_LIMITS, Exec, ExecError, type ExecEnv, type Limits } from './template/exec';
import { TemplateSyntaxError } from './template/lexer';
import type { Definition, ParsedTemplate } from './template/nodes';
import { parseTemplate } from './template/parser';
import { MapSink, OutputLimitError } from './template/sink';
import { isMap, VALUES_TYPED, type GoMap, type GoValue } from './template/values';
import { ROOT_CONTEXT } from './unknown';

export interface RenderOptions {
  /** Render only these templates (chart-relative paths); all values and defines still load. */
  only?: readonly string[];
  limits?: Partial<Limits>;
}

const parseCache = new Map<string, ParsedTemplate | TemplateSyntaxError>();
const PARSE_CACHE_SIZE = 2000;

function parseCached(text: string): ParsedTemplate | TemplateSyntaxError {
  let parsed = parseCache.get(text);
  if (parsed) {
    parseCache.delete(text);
    parseCache.set(text, parsed);
    return parsed;
  }
  try {
    parsed = parseTemplate(text);
  } catch (e) {
    parsed = e instanceof TemplateSyntaxError ? e : new TemplateSyntaxError(`cannot parse: ${e instanceof Error ? e.message : String(e)}`, 0, 0);
  }
  if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
  parseCache.set(text, parsed);
  return parsed;
}

interface Entry {
  text: string;
  /** Helm's name: 'mychart/templates/sts.yaml', 'mychart/charts/redis/templates/sts.yaml'. */
  helmName: string;
  file: string;
  chart: LoadedChart;
  parsed: ParsedTemplate | TemplateSyntaxError;
  context: GoMap;
}

/** Helm's sortTemplates: more path segments first, then reverse lexical order. */
function helmParseOrder(a: Entry, b: Entry): number {
  const ca = a.helmName.split('/').length;
  const cb = b.helmName.split('/').length;
  if (ca !== cb) return cb - ca;
  return a.helmName < b.helmName ? 1 : a.helmName > b.helmName ? -1 : 0;
}

function userValues(options: HelmReleaseOptions, problems: RenderProblem[]): GoMap {
  let user: GoMap = {};
  for (const vf of options.valuesFiles) {
    try {
      const v = readYaml(vf.text);
      if (isMap(v)) user = mergeMaps(user, v);
      else if (v !== null) problems.push({ message: `${vf.name} is not a map of values`, file: vf.name, start: 0, end: 0 });
    } catch (e) {
      const offset = e instanceof YamlReadError ? e.offset : 0;
      problems.push({ message: `${vf.name} is not valid YAML: ${e instanceof Error ? e.message : String(e)}`, file: vf.name, start: offset, end: offset });
    }
  }
  for (const s of options.set) {
    try {
      parseSetInto(s, user);
    } catch (e) {
      problems.push({ message: `--set ${s}: ${e instanceof Error ? e.message : String(e)}`, file: '', start: 0, end: 0 });
    }
  }
  return user;
}

/** Collects every template of the chart tree with its chart's context (engine.go recAllTpls). */
function collect(chart: LoadedChart, fullPath: string, values: GoValue, shared: { release: GoMap; capabilities: GoValue }, isRoot: boolean, out: Entry[]): GoMap {
  const subcharts: GoMap = {};
  const context: GoMap = {
    Chart: { ...chart.metadata.asMap, Name: chart.name, IsRoot: isRoot },
    Files: filesObject(chart.files),
    Release: shared.release,
    Capabilities: shared.capabilities,
    Values: isMap(values) ? values : {},
    Subcharts: subcharts,
  };
  VALUES_TYPED.add(context.Values as GoMap);
  for (const sub of chart.subcharts) {
    const subValues = isMap(context.Values) ? (context.Values as GoMap)[sub.name] : undefined;
    subcharts[sub.name] = collect(sub, `${fullPath}/charts/${sub.name}`, isMap(subValues) ? subValues : {}, shared, false, out);
  }
  for (const t of chart.templates) {
    if (chart.isLibrary && !t.name.slice(t.name.lastIndexOf('/') + 1).startsWith('_')) continue;
    out.push({ text: t.text, helmName: `${fullPath}/${t.name}`, file: t.file, chart, parsed: parseCached(t.text), context });
  }
  return context;
}

export function renderChart(files: ChartFiles, options: HelmReleaseOptions, renderOptions: RenderOptions = {}): ChartRender {
  const problems: RenderProblem[] = [];
  try {
    return renderUnguarded(files, options, renderOptions, problems);
  } catch (e) {
    problems.push({ message: `the chart could not be rendered: ${e instanceof Error ? e.message : String(e)}`, file: 'Chart.yaml', start: 0, end: 0 });
    return { chartName: '', templates: [], values: {}, problems };
  }
}

function renderUnguarded(files: ChartFiles, options: HelmReleaseOptions, renderOptions: RenderOptions, problems: RenderProblem[]): ChartRender {
  const loaded = withoutIgnored(files, problems);
  const root = loaded && loadChart(loaded, '', problems);
  if (!root) return { chartName: '', templates: [], values: {}, problems };
  const user = userValues(options, problems);
  const outcome = { missing: [] as string[] };
  processDependencies(root, user, outcome);
  processImportValues(root);
  const values = coalesce(root, deepCopy(user) as GoMap);
  const entries: Entry[] = [];
  collect(root, root.name, values, { release: releaseMap(options), capabilities: capabilitiesObject(options.kubeVersion) }, true, entries);

  const defines = new Map<string, { def: Definition; file: string }>();
  // Names a file that does not parse seems to define: calls to them are unknown, not errors.
  const definedInBrokenFiles = new Set<string>();
  for (const entry of [...entries].sort(helmParseOrder)) {
    if (entry.parsed instanceof TemplateSyntaxError) {
      for (const symbol of templateSymbols(entry.file, entry.text)) if (symbol.kind === 'define') definedInBrokenFiles.add(symbol.name);
      continue;
    }
    defines.set(entry.helmName, { def: { name: entry.helmName, nameStart: 0, nameEnd: 0, body: entry.parsed.root }, file: entry.file });
    for (const def of entry.parsed.defines) {
      // Go keeps an existing template when the new definition is empty.
      if (def.body.nodes.length === 0 && defines.has(def.name)) continue;
      defines.set(def.name, { def, file: entry.file });
    }
  }
  const limits = { ...DEFAULT_LIMITS, ...renderOptions.limits };
  const env: ExecEnv = { defines, funcs: FUNCS, unsupported: UNSUPPORTED, missingDefineIsUnknown: (name) => outcome.missing.length > 0 || definedInBrokenFiles.has(name), limits };

  const only = renderOptions.only ? new Set(renderOptions.only) : undefined;
  // Helm executes templates in its parse order, and a template that changes the values
  // (`set .Values …`) changes them for the templates after it; the result is listed by name.
  const templates: RenderedTemplate[] = [];
  for (const entry of [...entries].sort(helmParseOrder)) {
    const base = entry.helmName.slice(entry.helmName.lastIndexOf('/') + 1);
    // Partials render nothing; NOTES.txt is shown after an install, never part of the manifests.
    if (base.startsWith('_') || base === 'NOTES.txt' || entry.chart.isLibrary) continue;
    if (only && !only.has(entry.file)) continue;
    templates.push(renderOne(entry, env, limits));
  }
  templates.sort((a, b) => (a.sourceName! < b.sourceName! ? -1 : a.sourceName! > b.sourceName! ? 1 : 0));
  return { chartName: root.name, templates, values, problems };
}

function renderOne(entry: Entry, env: ExecEnv, limits: Limits): RenderedTemplate {
  const sink = new MapSink(entry.file, limits.output);
  const result = (problem?: RenderedTemplate['problem']): RenderedTemplate => {
    const text = sink.text;
    const rendered: RenderedTemplate = { path: entry.file, sourceName: entry.helmName, text, map: sourceMap(sink.spans), uncertain: sink.uncertain };
    if (problem) rendered.problem = problem;
    return rendered;
  };
  if (entry.parsed instanceof TemplateSyntaxError) {
    return result({ message: `template syntax: ${entry.parsed.message}`, file: entry.file, start: entry.parsed.start, end: entry.parsed.end });
  }
  const context: GoMap = { ...entry.context, Template: { Name: entry.helmName, BasePath: `${entry.helmName.slice(0, entry.helmName.lastIndexOf('/templates/'))}/templates` } };
  Object.defineProperty(context, ROOT_CONTEXT, { value: true, enumerable: false });
  const exec = new Exec(env);
  try {
    exec.run(entry.parsed.root, context, entry.file, sink);
    return result();
  } catch (e) {
    sink.abandonAction(exec);
    if (e instanceof ExecError) return result({ message: e.message, file: e.file, start: e.start, end: e.end });
    if (e instanceof OutputLimitError) return result({ message: e.message, file: entry.file, start: 0, end: 0 });
    if (e instanceof RangeError) return result({ message: `template too deeply nested: ${e.message}`, file: entry.file, start: 0, end: 0 });
    return result({ message: `template could not be rendered: ${e instanceof Error ? e.message : String(e)}`, file: entry.file, start: 0, end: 0 });
  }
}
