/**
 * Sprig's string functions (Masterminds/sprig v3 functions.go, strings.go), with the
 * argument types Go enforces: a `string` parameter given a number is an error, as in Helm.
 */
import { FuncError, type FuncDef } from '../template/exec';
import { goQuote } from '../template/fmt';
import type { GoValue } from '../template/values';
import { int, str, strval, toStringList } from './convert';

/** Go's strings.Title (deprecated but what Sprig's `title` calls): upper-cases word starts. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += isSeparator(prev) ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function isSeparator(c: string): boolean {
  if (/[A-Za-z0-9_]/.test(c)) return false;
  if (c.charCodeAt(0) < 0x80) return true;
  if (/[\p{L}\p{Nd}]/u.test(c)) return false;
  return /\s/u.test(c);
}

function untitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += isSeparator(prev) ? c.toLowerCase() : c;
    prev = c;
  }
  return out;
}

/** Sprig's trunc: negative counts keep the end. Counts bytes as Go does, for ASCII. */
function trunc(c: number, s: string): string {
  if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
  if (c >= 0 && s.length > c) return s.slice(0, c);
  return s;
}

function indent(spaces: number, v: string): string {
  const pad = ' '.repeat(Math.max(spaces, 0));
  return pad + v.replaceAll('\n', `\n${pad}`);
}

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g;

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const chars = [...s];
  const cut = new Set([...cutset]);
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && cut.has(chars[a])) a++;
  if (right) while (b > a && cut.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

function substr(start: number, end: number, s: string): string {
  if (start < 0) return s.slice(0, end);
  if (end < 0 || end > s.length) return s.slice(start);
  return s.slice(start, end);
}

/** Go strings.Fields. */
function fields(s: string): string[] {
  return s.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter((f) => f !== '');
}

function wrap(width: number, s: string): string {
  // Sprig's wrap: util.WrapCustom(s, width, "\n", false) — words are not split.
  return s.split('\n').map((line) => {
    const words = line.split(' ');
    let out = '';
    let col = 0;
    for (const w of words) {
      if (col > 0 && col + 1 + w.length > width) {
        out += '\n';
        col = 0;
      } else if (col > 0) {
        out += ' ';
        col++;
      }
      out += w;
      col += w.length;
    }
    return out;
  }).join('\n');
}

function splitMap(sep: string, s: string): GoValue {
  const m: Record<string, GoValue> = {};
  s.split(sep).forEach((part, i) => { m[`_${i}`] = part; });
  return m;
}

export const SPRIG_STRINGS: Record<string, FuncDef> = {
  upper: { fn: ([s]) => str(s).toUpperCase() },
  lower: { fn: ([s]) => str(s).toLowerCase() },
  title: { fn: ([s]) => title(str(s)) },
  untitle: { fn: ([s]) => untitle(str(s)) },
  trim: { fn: ([s]) => str(s).replace(GO_SPACE, '') },
  trimAll: { fn: ([cut, s]) => trimCutset(str(s), str(cut), true, true) },
  trimPrefix: { fn: ([p, s]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)) },
  trimSuffix: { fn: ([p, s]) => (str(p) !== '' && str(s).endsWith(str(p)) ? str(s).slice(0, str(s).length - str(p).length) : str(s)) },
  trunc: { fn: ([c, s]) => trunc(int(c), str(s)) },
  abbrev: { fn: ([w, s]) => { const n = int(w); const t = str(s); return n < 4 || t.length <= n ? t : `${t.slice(0, n - 3)}...`; } },
  nospace: { fn: ([s]) => str(s).replace(/\s/gu, '') },
  repeat: { fn: ([n, s]) => { const c = int(n); if (c < 0) throw new FuncError('strings: negative Repeat count'); if (c * str(s).length > 10_000_000) throw new FuncError('repeat: result too large'); return str(s).repeat(c); } },
  substr: { fn: ([a, b, s]) => substr(int(a), int(b), str(s)) },
  replace: { fn: ([o, n, s]) => str(s).replaceAll(str(o), str(n)) },
  contains: { fn: ([sub, s]) => str(s).includes(str(sub)) },
  hasPrefix: { fn: ([p, s]) => str(s).startsWith(str(p)) },
  hasSuffix: { fn: ([p, s]) => str(s).endsWith(str(p)) },
  quote: { fn: (args) => args.filter((a) => a !== null).map((a) => goQuote(strval(a))).join(' ') },
  squote: { fn: (args) => args.filter((a) => a !== null).map((a) => `'${strval(a)}'`).join(' ') },
  cat: { fn: (args) => args.filter((a) => a !== null).map(strval).join(' ') },
  indent: { fn: ([n, s]) => indent(int(n), str(s)) },
  nindent: { fn: ([n, s]) => `\n${indent(int(n), str(s))}` },
  split: { fn: ([sep, s]) => splitMap(str(sep), str(s)) },
  splitList: { fn: ([sep, s]) => str(s).split(str(sep)) },
  splitn: { fn: ([sep, n, s]) => { const parts = str(s).split(str(sep)); const c = int(n); const m: Record<string, GoValue> = {}; const kept = c > 0 && parts.length > c ? [...parts.slice(0, c - 1), parts.slice(c - 1).join(str(sep))] : parts; kept.forEach((p, i) => { m[`_${i}`] = p; }); return m; } },
  join: { fn: ([sep, v]) => toStringList(v).join(str(sep)) },
  ['toString' as string]: { fn: ([v]: GoValue[]) => strval(v) },
  toStrings: { fn: ([v]) => toStringList(v) },
  snakecase: { fn: ([s]) => str(s).replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s]+/g, '_').toLowerCase() },
  kebabcase: { fn: ([s]) => str(s).replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[_\s]+/g, '-').toLowerCase() },
  camelcase: { fn: ([s]) => str(s).split(/[_\s-]+/).map((w) => (w ? w[0].toUpperCase() + w.slice(1) : '')).join('') },
  wrap: { fn: ([w, s]) => wrap(int(w), str(s)) },
  plural: { fn: ([one, many, n]) => (typeof n === 'bigint' && n === 1n ? str(one) : str(many)) },
  initials: { fn: ([s]) => fields(str(s)).map((w) => [...w][0]).join('') },
  fields: { fn: ([s]) => fields(str(s)) },
};
