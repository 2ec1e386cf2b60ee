/**
 * text/template's predefined functions (src/text/template/funcs.go): comparison, logic,
 * len/index/slice, print/printf/println, html/js/urlquery. `and`/`or` are in the
 * evaluator, as they evaluate their arguments lazily.
 */
import { FuncError, type FuncDef } from '../template/exec';
import { sprintf, utf8 } from '../template/fmt';
import { formatV } from '../template/print';
import { GoObject, isMap, truth, type GoValue } from '../template/values';
import { Unknown, unknownOf } from '../unknown';

type Kind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';

function basicKind(v: GoValue): Kind {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'string';
    default: return 'other';
  }
}

const BAD_COMPARISON = 'incompatible types for comparison';

function eq(args: GoValue[]): boolean {
  if (args.length < 2) throw new FuncError('missing argument for comparison');
  const [a, ...rest] = args;
  const ka = basicKind(a);
  for (const b of rest) {
    const kb = basicKind(b);
    if (ka !== kb) {
      if (ka !== 'nil' && kb !== 'nil') throw new FuncError(BAD_COMPARISON);
      continue;
    }
    if (ka === 'other') {
      if (a instanceof GoObject || b instanceof GoObject) { if (a === b) return true; continue; }
      throw new FuncError(`non-comparable type ${formatV(a)}: ${Array.isArray(a) ? '[]interface {}' : 'map[string]interface {}'}`);
    }
    if (ka === 'nil' || a === b) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new FuncError(BAD_COMPARISON);
  if (ka === 'bool' || ka === 'nil' || ka === 'other') throw new FuncError('invalid type for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}

function indexOf(item: GoValue, indexes: GoValue[]): GoValue {
  let v = item;
  for (const ix of indexes) {
    if (v === null) throw new FuncError('index of untyped nil');
    if (Array.isArray(v) || typeof v === 'string') {
      if (typeof ix !== 'bigint') throw new FuncError(`cannot index slice/array with type ${basicKind(ix) === 'float' ? 'float64' : basicKind(ix)}`);
      const len = typeof v === 'string' ? utf8(v).length : v.length;
      if (ix < 0n || ix >= BigInt(len)) throw new FuncError(`index out of range: ${ix}`);
      v = typeof v === 'string' ? BigInt(utf8(v)[Number(ix)]) : v[Number(ix)];
    } else if (isMap(v)) {
      if (ix === null) throw new FuncError('value is nil; should be of type string');
      if (typeof ix !== 'string') throw new FuncError(`value has type ${basicKind(ix) === 'float' ? 'float64' : basicKind(ix)}; should be string`);
      v = Object.prototype.hasOwnProperty.call(v, ix) ? v[ix] : null;
    } else {
      throw new FuncError(`can't index item of type ${basicKind(v)}`);
    }
  }
  return v;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: GoValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(args[i]);
  }
  return out;
}

function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\ufffd' })[c] ?? c);
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\n\r\t\u0000-\u001f]/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case "'": return "\\'";
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    }
  });
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const evalArgs = (args: GoValue[]): string => sprint(args);

export const BUILTINS: Record<string, FuncDef> = {
  eq: { fn: (a) => eq(a) },
  ne: { fn: (a) => { if (a.length !== 2) throw new FuncError(`wrong number of args for ne: want 2 got ${a.length}`); return !eq(a); } },
  lt: { fn: ([a, b]) => lt(a, b) },
  le: { fn: ([a, b]) => lt(a, b) || eq([a, b]) },
  gt: { fn: ([a, b]) => !lt(a, b) && !eq([a, b]) },
  ge: { fn: ([a, b]) => !lt(a, b) },
  not: { fn: (a) => { if (a.length !== 1) throw new FuncError(`wrong number of args for not: want 1 got ${a.length}`); return !truth(a[0]); } },
  len: {
    fn: ([v]) => {
      if (typeof v === 'string') return BigInt(utf8(v).length);
      if (Array.isArray(v)) return BigInt(v.length);
      if (isMap(v)) return BigInt(Object.keys(v).length);
      if (v instanceof GoObject && v.entries) return BigInt(v.entries().length);
      throw new FuncError(`len of ${v === null ? 'nil pointer' : `type ${basicKind(v)}`}`);
    },
  },
  index: { fn: ([item, ...ix]) => indexOf(item, ix) },
  slice: {
    fn: ([item, ...ix]) => {
      const n = ix.map((i) => { if (typeof i !== 'bigint') throw new FuncError('cannot index slice/array with nil'); return Number(i); });
      if (typeof item === 'string') return item.slice(n[0] ?? 0, n[1] ?? item.length);
      if (Array.isArray(item)) return item.slice(n[0] ?? 0, n[1] ?? item.length);
      throw new FuncError(`can't slice item of type ${basicKind(item)}`);
    },
  },
  print: { fn: (a) => evalArgs(a) },
  println: { fn: (a) => `${a.map(formatV).join(' ')}\n` },
  printf: {
    fn: ([format, ...rest]) => {
      if (typeof format !== 'string') throw new FuncError(`wrong type for value; expected string; got ${basicKind(format)}`);
      // %T of an integer would have to choose between int and int64.
      if (format.includes('%T') && rest.some((a) => typeof a === 'bigint')) return unknownOf('printf', [format, ...rest]);
      return sprintf(format, rest);
    },
    unknownAware: false,
  },
  html: { fn: (a) => htmlEscape(evalArgs(a)) },
  js: { fn: (a) => jsEscape(evalArgs(a)) },
  urlquery: { fn: (a) => queryEscape(evalArgs(a)) },
  call: { fn: (a) => { throw new FuncError(`non-function of type ${a[0] instanceof Unknown ? 'unknown' : basicKind(a[0])}`); } },
};
