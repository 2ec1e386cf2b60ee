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

const cache = new Map<string, GoValue | YamlReadError>();
const CACHE_ENTRIES = 500;

/** One YAML document to Go values (nil when empty). Throws YamlReadError. Parses are cached
 * by text (values files and fromYaml arguments repeat on every render); callers get a copy,
 * as templates may change what they read (`set`). */
export function readYaml(text: string): GoValue {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    try {
      parsed = fromDocument(parseDocument(text, OPTIONS));
    } catch (e) {
      parsed = e instanceof YamlReadError ? e : new YamlReadError(e instanceof Error ? e.message : String(e), 0);
    }
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(text, parsed);
  }
  if (parsed instanceof YamlReadError) throw parsed;
  return copy(parsed);
}

function copy(v: GoValue): GoValue {
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === 'object') {
    const m: GoMap = {};
    for (const k of Object.keys(v)) m[k] = copy((v as GoMap)[k]);
    return m;
  }
  return v;
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
