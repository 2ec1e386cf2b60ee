/**
 * `--set` as Helm parses it (helm pkg/strvals/parser.go): `a.b=c`, lists `a[0]=x`, nested
 * `a[0].b=x`, `{x,y}` lists, `\` escapes (`a\.b=c`, `x=a\,b`), several pairs separated by
 * commas. Types: true/false/null (any case), 0 and integers without a leading zero become
 * int64; everything else, floats included, stays a string.
 */
import type { GoMap, GoValue } from '../template/values';

const MAX_INDEX = 65536;
const MAX_NESTED = 30;

export class SetParseError extends Error {}

class Scanner {
  pos = 0;
  constructor(readonly s: string) {}
  /** Runes until one in `stop` (consumed); `last` undefined at the end. */
  until(stop: string): { text: string; last: string | undefined } {
    let text = '';
    while (this.pos < this.s.length) {
      const c = this.s[this.pos++];
      if (stop.includes(c)) return { text, last: c };
      if (c === '\\') {
        if (this.pos >= this.s.length) return { text, last: undefined };
        text += this.s[this.pos++];
      } else text += c;
    }
    return { text, last: undefined };
  }
  get done(): boolean {
    return this.pos >= this.s.length;
  }
}

export function typedVal(v: string): GoValue {
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (v === '0') return 0n;
  if (v !== '' && v[0] !== '0' && /^[+-]?[0-9]+$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
  }
  return v;
}

function valList(sc: Scanner): GoValue[] | 'notList' | 'eof' {
  if (sc.done) return 'eof';
  if (sc.s[sc.pos] !== '{') return 'notList';
  sc.pos++;
  const list: GoValue[] = [];
  for (;;) {
    const { text, last } = sc.until(',}');
    if (last === undefined) throw new SetParseError("list must terminate with '}'");
    list.push(typedVal(text));
    if (last === '}') {
      if (sc.s[sc.pos] === ',') sc.pos++;
      return list;
    }
  }
}

function value(sc: Scanner): GoValue {
  const list = valList(sc);
  if (list === 'eof') return '';
  if (list !== 'notList') return list;
  return typedVal(sc.until(',').text);
}

function key(sc: Scanner, data: GoMap, level: number): void {
  const { text: k, last } = sc.until('=[,.');
  if (last === undefined) {
    if (k.length === 0) return;
    throw new SetParseError(`key "${k}" has no value`);
  }
  if (last === '[') {
    const index = keyIndex(sc);
    const existing = data[k];
    const list = Array.isArray(existing) ? existing : [];
    if (k !== '') data[k] = listItem(sc, list, index, level);
    else listItem(sc, list, index, level);
    return;
  }
  if (last === '=') {
    if (k !== '') data[k] = value(sc);
    else value(sc);
    return;
  }
  if (last === ',') throw new SetParseError(`key "${k}" has no value (cannot end with ,)`);
  // '.'
  if (level + 1 > MAX_NESTED) throw new SetParseError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED}`);
  const existing = data[k];
  const inner: GoMap = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? (existing as GoMap) : {};
  key(sc, inner, level + 1);
  if (Object.keys(inner).length === 0) throw new SetParseError(`key map "${k}" has no value`);
  if (k !== '') data[k] = inner;
}

function keyIndex(sc: Scanner): number {
  const { text, last } = sc.until(']');
  if (last === undefined) throw new SetParseError('error parsing index: EOF');
  if (!/^[+-]?[0-9]+$/.test(text)) throw new SetParseError(`error parsing index: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

function setIndex(list: GoValue[], index: number, v: GoValue): GoValue[] {
  if (index < 0) throw new SetParseError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new SetParseError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  const out = [...list];
  while (out.length <= index) out.push(null);
  out[index] = v;
  return out;
}

function listItem(sc: Scanner, list: GoValue[], i: number, level: number): GoValue[] {
  if (i < 0) throw new SetParseError(`negative ${i} index not allowed`);
  const { text, last } = sc.until('[.=');
  if (text.length > 0) throw new SetParseError(`unexpected data at end of array index: "${text}"`);
  if (last === undefined) throw new SetParseError('unexpected end of array index');
  if (last === '=') return setIndex(list, i, value(sc));
  if (last === '[') {
    const next = keyIndex(sc);
    const existing = list[i];
    return setIndex(list, i, listItem(sc, Array.isArray(existing) ? existing : [], next, level));
  }
  const existing = list[i];
  const inner: GoMap = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? (existing as GoMap) : {};
  key(sc, inner, level);
  return setIndex(list, i, inner);
}

/** Parses one `--set` argument into `base` (strvals.ParseInto). Throws SetParseError. */
export function parseSetInto(s: string, base: GoMap): void {
  const sc = new Scanner(s);
  while (!sc.done) key(sc, base, 0);
}
