/**
 * Helm's `toYaml`: sigs.k8s.io/yaml Marshal, which is encoding/json followed by go-yaml v2
 * (`JSONToYAML`). So: map keys sorted (go-yaml's keyList order, numbers in keys compared by
 * value), integral JSON numbers become ints, 2-space indentation, sequences in mappings not
 * indented, strings quoted when they would read back as something else, multi-line strings
 * as literal blocks, long plain strings folded past column 80 (go-yaml's best_width).
 * Sources: go-yaml v2 encode.go (stringv), emitterc.go (analyze_scalar, select_scalar_style,
 * write_plain/single/double/literal_scalar), resolve.go, sorter.go.
 */
import { FuncError } from '../template/exec';
import { formatFloat } from '../template/print';
import { GoObject, isMap, type GoValue } from '../template/values';
import { Unknown } from '../unknown';

const BEST_WIDTH = 80;

/** go-yaml v2's keyList.Less for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return /\p{Nd}/u.test(c);
}

/** The value after encoding/json and back through YAML: what go-yaml then emits. */
type Plain = null | boolean | string | { int: string } | { float: number } | Plain[] | { entries: [string, Plain][] };

function toPlain(v: GoValue, depth: number): Plain {
  if (depth > 1000) throw new FuncError('json: unsupported value: encountered a cycle');
  if (v === null) return null;
  if (v instanceof Unknown) return v.toString();
  if (v instanceof GoObject) throw new FuncError(`cannot marshal ${v.typeName}`);
  switch (typeof v) {
    case 'boolean': case 'string': return v;
    case 'bigint': return { int: v.toString() };
    case 'number': {
      if (!Number.isFinite(v)) throw new FuncError(`json: unsupported value: ${formatFloat(v, 'g', -1)}`);
      // encoding/json writes integral floats without a point; go-yaml then reads an int.
      return Number.isInteger(v) && Math.abs(v) < 1e21 ? { int: formatFloat(v, 'f', -1).replace(/^-0$/, '0') } : { float: v };
    }
    default:
  }
  if (Array.isArray(v)) return v.map((e) => toPlain(e, depth + 1));
  if (isMap(v)) {
    const keys = Object.keys(v).sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
    return { entries: keys.map((k) => [k, toPlain(v[k], depth + 1)]) };
  }
  return null;
}

export function toYaml(v: GoValue): string {
  const out = new Emitter();
  out.node(toPlain(v, 0), -1, 'top');
  return out.text;
}

class Emitter {
  text = '';
  private column = 0;

  private write(s: string): void {
    this.text += s;
    const nl = s.lastIndexOf('\n');
    this.column = nl >= 0 ? [...s.slice(nl + 1)].length : this.column + [...s].length;
  }

  private newline(indent: number): void {
    this.write(`\n${' '.repeat(Math.max(indent, 0))}`);
  }

  /** Emits `v` where the cursor is; `indent` is the indentation of the enclosing block. */
  node(v: Plain, indent: number, context: 'top' | 'mapValue' | 'seqItem'): void {
    if (v !== null && typeof v === 'object' && 'entries' in v && !Array.isArray(v)) {
      if (v.entries.length === 0) return this.inlineScalar('{}', context);
      const inner = indent < 0 ? 0 : indent + 2;
      v.entries.forEach(([key, value], i) => {
        if (i > 0 || context === 'mapValue') this.newline(inner);
        else if (context === 'top' && i === 0 && this.text !== '') this.newline(inner);
        this.scalar(key, inner, true);
        this.write(':');
        this.valueAfterKey(value, inner);
      });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return this.inlineScalar('[]', context);
      // A sequence in a mapping is not indented (go-yaml's indentless sequences).
      const inner = context === 'mapValue' ? indent : indent < 0 ? 0 : indent + 2;
      v.forEach((item, i) => {
        if (i > 0 || context === 'mapValue') this.newline(inner);
        this.write('-');
        this.write(' ');
        this.node(item, inner, 'seqItem');
      });
      return;
    }
    if (context === 'mapValue') this.write(' ');
    this.scalarValue(v, indent);
  }

  private inlineScalar(text: string, context: string): void {
    if (context === 'mapValue') this.write(' ');
    this.write(text);
  }

  private valueAfterKey(value: Plain, keyIndent: number): void {
    this.node(value, keyIndent, 'mapValue');
  }

  private scalarValue(v: Plain, indent: number): void {
    if (v === null) return this.write('null');
    if (typeof v === 'boolean') return this.write(v ? 'true' : 'false');
    if (typeof v === 'string') return this.scalar(v, indent, false);
    if ('int' in v) return this.write(v.int);
    if ('float' in v) return this.write(formatFloat(v.float, 'g', -1));
  }

  /** A string scalar; `indent` is that of the node holding it (its block content goes 2 deeper). */
  private scalar(s: string, indent: number, isKey: boolean): void {
    const scalarIndent = indent < 0 ? 2 : indent + 2;
    const a = analyze(s);
    const canUsePlain = resolvesToString(s);
    let style: 'plain' | 'single' | 'double' | 'literal' = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
    if (style === 'plain' && (!a.blockPlainAllowed || (s === '' && isKey))) style = 'single';
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || isKey)) style = 'double';
    const allowBreaks = !isKey;
    switch (style) {
      case 'plain': return this.writeFolding(s, scalarIndent, allowBreaks, 'plain');
      case 'single': {
        this.write("'");
        this.writeFolding(s.replace(/'/g, "''"), scalarIndent, allowBreaks, 'single');
        return this.write("'");
      }
      case 'double': return this.writeDouble(s, scalarIndent, allowBreaks);
      case 'literal': return this.writeLiteral(s, scalarIndent);
    }
  }

  private writeFolding(s: string, indent: number, allowBreaks: boolean, style: 'plain' | 'single'): void {
    const chars = [...s];
    let spaces = false;
    let run = '';
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        const inner = style === 'plain' || (i > 0 && i < chars.length - 1);
        if (allowBreaks && !spaces && this.column + [...run].length > BEST_WIDTH && chars[i + 1] !== ' ' && inner) {
          this.write(run);
          run = '';
          this.newline(indent);
        } else {
          run += c;
        }
        spaces = true;
      } else {
        run += c;
        spaces = false;
      }
    }
    this.write(run);
  }

  private writeDouble(s: string, indent: number, allowBreaks: boolean): void {
    this.write('"');
    const chars = [...s];
    let spaces = false;
    let run = '';
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0) ?? 0;
      if (!isPrintable(cp) || c === '"' || c === '\\' || isBreak(c) || cp === 0xfeff) {
        run += escapeDouble(c, cp);
        spaces = false;
        continue;
      }
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column + [...run].length > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.write(run);
          run = '';
          this.newline(indent);
          if (chars[i + 1] === ' ') run += '\\';
        } else {
          run += c;
        }
        spaces = true;
      } else {
        run += c;
        spaces = false;
      }
    }
    this.write(run);
    this.write('"');
  }

  private writeLiteral(s: string, indent: number): void {
    let hints = '|';
    if (s[0] === ' ' || isBreak(s[0] ?? '')) hints += '2';
    const last = s[s.length - 1];
    if (!isBreak(last ?? '')) hints += '-';
    else if (s.length === 1 || isBreak(s[s.length - 2])) hints += '+';
    this.write(hints);
    const lines = s.split(/\r\n|\r|\n|\u0085|\u2028|\u2029/);
    // A trailing break ends the last line; it adds no content line.
    if (isBreak(last ?? '')) lines.pop();
    for (const line of lines) {
      if (line === '') this.write('\n');
      else this.write(`\n${' '.repeat(indent)}${line}`);
    }
  }
}

function escapeDouble(c: string, cp: number): string {
  switch (c) {
    case '\0': return '\\0';
    case '\x07': return '\\a';
    case '\b': return '\\b';
    case '\t': return '\\t';
    case '\n': return '\\n';
    case '\v': return '\\v';
    case '\f': return '\\f';
    case '\r': return '\\r';
    case '\x1b': return '\\e';
    case '"': return '\\"';
    case '\\': return '\\\\';
    case '\u0085': return '\\N';
    case '\u00a0': return '\\_';
    case '\u2028': return '\\L';
    case '\u2029': return '\\P';
    default:
  }
  if (cp <= 0xff) return `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

/** go-yaml v2's is_printable, which works on UTF-8 bytes: it admits no 4-byte character
 * (so emoji are escaped) and not U+0085. */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** go-yaml's yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  if (s === '') return { blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let specials = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((c === ':' && followedByWhitespace) || (c === '#' && precededByWhitespace)) {
      blockIndicators = true;
    }
    const cp = c.codePointAt(0) ?? 0;
    if (!isPrintable(cp) || cp === 0xfeff) specials = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(c);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specials) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

const YAML11_SPECIAL = new Set([
  '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN',
]);

/** go-yaml v2's resolve: would this string, written plain, read back as a string? */
export function resolvesToString(s: string): boolean {
  if (s === '' || YAML11_SPECIAL.has(s)) return false;
  if (!/^[-+.0-9]/.test(s)) return true;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return false;
  if (/^[-+]?0[bB][01]+$/.test(plain)) return false;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return false;
  // Base 60 floats (YAML 1.1): '1:20' would be a number to a YAML 1.1 reader.
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return false;
  // Timestamps.
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$/.test(s)) return false;
  return true;
}
