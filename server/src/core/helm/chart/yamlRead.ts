/**
 * Reading YAML as Helm does: sigs.k8s.io/yaml, i.e. go-yaml v2 (YAML 1.1: `yes`/`no`/`on`/`off`
 * are booleans; timestamps stay strings) converted through encoding/json, so every number
 * is a float64 and every map key a string. Aliases are bounded (`maxAliasCount`).
 */
import { parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { GoMap, GoValue } from '../template/values';

const OPTIONS = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: false,
  maxAliasCount: 1000,
  prettyErrors: false,
  customTags: (tags: unknown[]) => (tags as { tag?: string }[]).filter((t) => t.tag !== 'tag:yaml.org,2002:timestamp') as never,
};

export class YamlReadError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function fromDocument(doc: Document): GoValue {
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new YamlReadError(e.message.split('\n')[0], e.pos?.[0] ?? 0);
  }
  return toGo(doc.toJS({ maxAliasCount: 1000 }), 0);
}

/** One YAML document to Go values (nil when empty). Throws YamlReadError. */
export function readYaml(text: string): GoValue {
  return fromDocument(parseDocument(text, OPTIONS));
}

/** Every document of a multi-document text. */
export function readYamlAll(text: string): GoValue[] {
  return parseAllDocuments(text, OPTIONS).map((d) => ('errors' in d ? fromDocument(d as Document) : null));
}

function toGo(v: unknown, depth: number): GoValue {
  if (depth > 10_000) throw new YamlReadError('YAML nested too deeply', 0);
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean': case 'string': return v;
    case 'number': return v;
    case 'bigint': return Number(v);
    default:
  }
  if (Array.isArray(v)) return v.map((e) => toGo(e, depth + 1));
  if (v instanceof Map) {
    const m: GoMap = {};
    for (const [k, val] of v) m[String(k)] = toGo(val, depth + 1);
    return m;
  }
  if (v instanceof Set) return [...v].map((e) => toGo(e, depth + 1));
  if (v instanceof Uint8Array) return String.fromCharCode(...v);
  if (typeof v === 'object') {
    const m: GoMap = {};
    for (const [k, val] of Object.entries(v as object)) m[k] = toGo(val, depth + 1);
    return m;
  }
  return String(v);
}
