/**
 * Helm's `toToml`: github.com/BurntSushi/toml's Encoder with its defaults (helm
 * pkg/engine/funcs.go toTOML: `toml.NewEncoder(b).Encode(v)`, the error's text when it
 * fails). Followed from BurntSushi/toml encode.go:
 * - a map at the top level is a document; any other value is written alone, as an element;
 * - a table writes its keys holding plain values first, then those holding tables
 *   (maps, and lists whose every element is a map: arrays of tables), each group sorted;
 *   nil values are left out;
 * - `[a.b]` / `[[a.b]]` headers and keys are indented two spaces per level below the top;
 *   a blank line comes before each top-level table and each `[[…]]` (not first in the output);
 * - keys of A-Z a-z 0-9 _ - are bare, others double-quoted; strings are double-quoted with
 *   `"` and `\` escaped, \b \t \n \f \r, other control characters and DEL as \uXXXX;
 * - float64 as strconv 'g' with the shortest digits, `.0` added when there is no point or exponent;
 *   ints in decimal; lists inline `[a, b]`; maps inside such lists inline `{k = v, …}`.
 * What this does not follow exactly is an {@link TomlUnsure}: the caller makes the
 * result unknown rather than risk a wrong one (NaN and infinities, a list of maps at the top level,
 * non-ASCII keys, nil list elements, lists mixing maps and other values, Go objects).
 */
import { formatFloat } from '../template/print';
import { GoObject, isMap, type GoMap, type GoValue } from '../template/values';
import { Unknown } from '../unknown';

/** A value whose TOML this encoder may not write exactly as BurntSushi/toml does. */
export class TomlUnsure extends Error {}

export function toToml(v: GoValue): string {
  if (!isMap(v)) {
    // Another value at the top is written alone, as an element (writeKeyValue with no key);
    // a list of maps there is an error whose text helm returns, not worth imitating.
    if (isArrayOfTables(v)) throw new TomlUnsure('top-level array of tables');
    return element(v);
  }
  const out = { text: '' };
  writeTable(out, [], v);
  return out.text;
}

interface Output { text: string }

/** enc.newline(): a line break, unless nothing was written yet. */
function newline(out: Output): void {
  if (out.text !== '') out.text += '\n';
}

function indent(key: readonly string[]): string {
  return '  '.repeat(Math.max(key.length - 1, 0));
}

function isTable(v: GoValue): boolean {
  return isMap(v) || isArrayOfTables(v);
}

/** tomlTypeOfGo: a list is an array of tables when its first element is a map (then all must be). */
function isArrayOfTables(v: GoValue): v is GoMap[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (const element of v) if (element === null) throw new TomlUnsure('nil element');
  const maps = v.filter(isMap).length;
  if (maps === 0) return false;
  if (maps < v.length) throw new TomlUnsure('mixed array');
  return true;
}

/** eMap's order: the keys holding plain values, then those holding tables, each sorted; nil values left out. */
function orderedKeys(table: GoMap): string[] {
  const keys = Object.keys(table).filter((k) => table[k] !== null);
  const direct = keys.filter((k) => !isTable(table[k])).sort(byBytes);
  const sub = keys.filter((k) => isTable(table[k])).sort(byBytes);
  return [...direct, ...sub];
}

function writeTable(out: Output, key: readonly string[], table: GoMap): void {
  for (const k of orderedKeys(table)) {
    const value = table[k];
    const path = [...key, k];
    if (isMap(value)) {
      if (path.length === 1) newline(out);
      out.text += `${indent(path)}[${path.map(quotedKey).join('.')}]`;
      newline(out);
      writeTable(out, path, value);
    } else if (isArrayOfTables(value)) {
      for (const element of value) {
        newline(out);
        out.text += `${indent(path)}[[${path.map(quotedKey).join('.')}]]`;
        newline(out);
        writeTable(out, path, element);
      }
    } else {
      out.text += `${indent(path)}${quotedKey(k)} = ${element(value)}`;
      newline(out);
    }
  }
}

function element(v: GoValue): string {
  if (v === null || v instanceof GoObject || v instanceof Unknown) throw new TomlUnsure('not encodable');
  switch (typeof v) {
    case 'string': return quoted(v);
    case 'boolean': return String(v);
    case 'bigint': return v.toString();
    case 'number': return float(v);
    default:
  }
  if (Array.isArray(v)) {
    for (const e of v) if (e === null) throw new TomlUnsure('nil element');
    if (v.some(isMap) && !v.every(isMap)) throw new TomlUnsure('mixed array');
    return `[${v.map(element).join(', ')}]`;
  }
  return inlineTable(v);
}

function inlineTable(table: GoMap): string {
  // encode.go writes a separator before a nil value it then skips (`{a = 1, }`).
  if (Object.values(table).includes(null)) throw new TomlUnsure('nil in an inline table');
  return `{${orderedKeys(table).map((k) => `${quotedKey(k)} = ${element(table[k])}`).join(', ')}}`;
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64), then `.0` unless it has a point or an exponent
 * (helm's output: 123456789012 → `1.23456789012e+11`, 3 → `3.0`). NaN and infinities are unsure.
 */
function float(f: number): string {
  if (!Number.isFinite(f)) throw new TomlUnsure('float');
  const text = formatFloat(f, 'g', -1);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Key.maybeQuoted: bare when every character is A-Z a-z 0-9 _ -. */
function quotedKey(k: string): string {
  if (/[^\x00-\x7f]/.test(k)) throw new TomlUnsure('non-ASCII key');
  if (k !== '' && /^[A-Za-z0-9_-]+$/.test(k)) return k;
  return quoted(k);
}

function quoted(s: string): string {
  return `"${s.replace(/["\\\x00-\x1f\x7f]/g, escapeChar)}"`;
}

const NAMED_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function escapeChar(c: string): string {
  return NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** sort.Strings: byte order of the UTF-8 text (keys are ASCII here, so code units agree). */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
