/**
 * Helm's own template functions (helm pkg/engine/funcs.go and engine.go): include, tpl,
 * required, fail, toYaml/fromYaml/toJson/fromJson and their variants, lookup (always
 * unknown: there is no cluster while editing).
 */
import { ChartFailure, ExecError, FuncError, type CallSite, type FuncDef } from '../template/exec';
import { parseTemplate, TemplateSyntaxError } from '../template/parser';
import type { ParsedTemplate } from '../template/nodes';
import { isMap, type GoValue } from '../template/values';
import { Unknown, unknownOf } from '../unknown';
import { readYaml } from '../chart/yamlRead';
import { fromJson, toJson, toPrettyJson } from './json';
import { toToml, TomlUnsure } from './toml';
import { str } from './convert';
import { toYaml } from './yamlEmit';

const tplCache = new Map<string, ParsedTemplate | TemplateSyntaxError>();

function parseCached(text: string): ParsedTemplate {
  let parsed = tplCache.get(text);
  if (!parsed) {
    try {
      parsed = parseTemplate(text);
    } catch (e) {
      if (!(e instanceof TemplateSyntaxError)) throw e;
      parsed = e;
    }
    if (tplCache.size > 2000) tplCache.clear();
    tplCache.set(text, parsed);
  }
  if (parsed instanceof TemplateSyntaxError) throw new FuncError(`cannot parse template: ${parsed.message}`);
  return parsed;
}

function include([name, data]: GoValue[], call: CallSite): GoValue {
  if (name instanceof Unknown) return unknownOf('include', [name, data]);
  const sink = call.exec.nestedSink();
  call.exec.callTemplate(str(name), data ?? null, sink, call);
  if (sink.uncertain) return unknownOf(`include ${JSON.stringify(name)}`, [data]);
  return sink.text;
}

function tpl([text, vals]: GoValue[], call: CallSite): GoValue {
  const parsed = parseCached(str(text));
  const exec = call.exec;
  const defines = exec.env.defines;
  if (parsed.defines.length) {
    exec.env.defines = new Map(defines);
    for (const def of parsed.defines) exec.env.defines.set(def.name, { def, file: call.file });
  }
  if (exec.depth >= exec.env.limits.depth) throw new FuncError(`tpl nested more than ${exec.env.limits.depth} levels deep`);
  exec.depth++;
  const sink = exec.nestedSink();
  try {
    exec.run(parsed.root, vals ?? null, call.file, sink);
  } catch (e) {
    // Offsets inside the tpl string mean nothing in the chart's files: report at the call.
    if (e instanceof ExecError) {
      const prefix = 'error during tpl function execution: ';
      throw new ExecError(e.message.startsWith(prefix) ? e.message : prefix + e.message, call.file, call.start, call.end);
    }
    throw e;
  } finally {
    exec.depth--;
    exec.env.defines = defines;
  }
  if (sink.uncertain) return unknownOf('tpl', [text, vals]);
  return sink.text.replaceAll('<no value>', '');
}

function required([message, value]: GoValue[]): GoValue {
  if (value === null || value === undefined || value === '') throw new ChartFailure(str(message));
  return value;
}

function fromYamlFunc([text]: GoValue[]): GoValue {
  try {
    const v = readYaml(str(text));
    return isMap(v) ? v : v === null ? {} : { Error: 'error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}' };
  } catch (e) {
    return { Error: e instanceof Error ? e.message : String(e) };
  }
}

function fromYamlArrayFunc([text]: GoValue[]): GoValue {
  try {
    const v = readYaml(str(text));
    return Array.isArray(v) ? v : v === null ? [] : [`error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}`];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

function fromJsonFunc([text]: GoValue[]): GoValue {
  try {
    const v = fromJson(str(text));
    return isMap(v) ? v : {};
  } catch (e) {
    return { Error: e instanceof Error ? e.message : String(e) };
  }
}

function fromJsonArrayFunc([text]: GoValue[]): GoValue {
  try {
    const v = fromJson(str(text));
    return Array.isArray(v) ? v : [];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

/** toYaml: Helm returns '' when marshalling fails (it swallows the error). */
function toYamlFunc([v]: GoValue[]): GoValue {
  try {
    return toYaml(v).replace(/\n$/, '');
  } catch {
    return '';
  }
}

export const HELM_FUNCS: Record<string, FuncDef> = {
  include: { fn: include, unknownAware: true },
  tpl: { fn: tpl },
  required: { fn: required },
  fail: { fn: ([m]) => { throw new ChartFailure(str(m)); } },
  toYaml: { fn: toYamlFunc },
  mustToYaml: { fn: ([v]) => toYaml(v).replace(/\n$/, '') },
  fromYaml: { fn: fromYamlFunc },
  fromYamlArray: { fn: fromYamlArrayFunc },
  toJson: { fn: ([v]) => { try { return toJson(v); } catch { return ''; } } },
  mustToJson: { fn: ([v]) => toJson(v) },
  toPrettyJson: { fn: ([v]) => { try { return toPrettyJson(v, '  '); } catch { return ''; } } },
  mustToPrettyJson: { fn: ([v]) => toPrettyJson(v, '  ') },
  toRawJson: { fn: ([v]) => { try { return toPrettyJson(v, '', false); } catch { return ''; } } },
  mustToRawJson: { fn: ([v]) => toPrettyJson(v, '', false) },
  fromJson: { fn: fromJsonFunc },
  fromJsonArray: { fn: fromJsonArrayFunc },
  lookup: { fn: (args) => unknownOf('lookup', args), unknownAware: true },
  toToml: { fn: toTomlFunc },
};

/** toToml: the encoder's error text when it fails, as Helm; unknown where ours might not write what BurntSushi/toml does. */
function toTomlFunc([v]: GoValue[]): GoValue {
  try {
    return toToml(v);
  } catch (e) {
    if (e instanceof TomlUnsure) return unknownOf('toToml', [v]);
    throw e;
  }
}
