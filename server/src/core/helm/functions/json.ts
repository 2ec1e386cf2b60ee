/** encoding/json Marshal of template values (sorted keys, HTML-safe escapes), as Helm's toJson. */
import { FuncError } from '../template/exec';
import { GoObject, isMap, type GoValue } from '../template/values';
import { Unknown } from '../unknown';

export function toJson(v: GoValue): string {
  return encode(v, 0);
}

/** json.MarshalIndent(v, "", "  ") (Sprig's toPrettyJson); `html` false for toRawJson's
 * encoder with SetEscapeHTML(false). */
export function toPrettyJson(v: GoValue, indent: string, html = true): string {
  return encode(v, 0, indent, html);
}

function encode(v: GoValue, depth: number, indent = '', html = true): string {
  if (depth > 1000) throw new FuncError('json: unsupported value: encountered a cycle');
  if (v === null) return 'null';
  const str = (x: string): string => (html ? jsonString(x) : JSON.stringify(x));
  if (v instanceof Unknown) return str(v.toString());
  if (v instanceof GoObject) throw new FuncError(`json: cannot marshal ${v.typeName}`);
  switch (typeof v) {
    case 'boolean': return String(v);
    case 'string': return str(v);
    case 'bigint': return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new FuncError(`json: unsupported value: ${v}`);
      // Go and JavaScript agree: plain digits from 1e-6 to 1e21, exponent form outside.
      return Object.is(v, -0) ? '-0' : String(v);
    default:
  }
  const nl = indent ? `\n${indent.repeat(depth + 1)}` : '';
  const close = indent ? `\n${indent.repeat(depth)}` : '';
  const colon = indent ? ': ' : ':';
  if (Array.isArray(v)) return v.length ? `[${nl}${v.map((e) => encode(e, depth + 1, indent, html)).join(`,${nl}`)}${close}]` : '[]';
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return keys.length ? `{${nl}${keys.map((k) => `${str(k)}${colon}${encode(v[k], depth + 1, indent, html)}`).join(`,${nl}`)}${close}}` : '{}';
  }
  return 'null';
}

/** A JSON string as encoding/json writes it: <, >, & and U+2028/9 escaped. */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** encoding/json Unmarshal into interface{}: numbers are float64. Throws SyntaxError. */
export function fromJson(text: string): GoValue {
  return toGo(JSON.parse(text));
}

function toGo(v: unknown): GoValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(toGo);
  const m: Record<string, GoValue> = {};
  for (const [k, val] of Object.entries(v as object)) m[k] = toGo(val);
  return m;
}
