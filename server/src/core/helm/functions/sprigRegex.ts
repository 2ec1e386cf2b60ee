/**
 * Sprig's regex functions over Go's RE2 syntax (regexp/syntax). A pattern is translated to
 * a JavaScript RegExp only where both engines agree; anything else (\Q…\E, POSIX classes,
 * \p classes, flags after the start, \C) makes the result unknown rather than risk a
 * different match.
 */
import type { FuncDef } from '../template/exec';
import type { GoValue } from '../template/values';
import { unknownOf } from '../unknown';
import { int, str } from './convert';

const cache = new Map<string, RegExp | null>();

/** RE2 pattern to a JS RegExp (global), or null when they might disagree. */
export function translateRe2(pattern: string): RegExp | null {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  let flags = 'g';
  let body = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    if (lead[1].includes('U')) return remember(pattern, null);
    flags += lead[1];
    body = body.slice(lead[0].length);
  }
  if (/\\[QEzApPC]|\[\[:|\(\?[a-zA-Z]|\\[1-9]|\(\?[=!<]/.test(body.replace(/\(\?P<|\(\?<[A-Za-z]/g, ''))) {
    // \z and \A have simple translations; the rest do not.
    if (/\\[QEpPC]|\[\[:|\(\?[a-zA-Z]|\\[1-9]|\(\?[=!]/.test(body.replace(/\(\?P<|\(\?<[A-Za-z]/g, ''))) return remember(pattern, null);
  }
  body = body.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^(?<![\\s\\S])');
  try {
    return remember(pattern, new RegExp(body, flags));
  } catch {
    return remember(pattern, null);
  }
}

function remember(pattern: string, re: RegExp | null): RegExp | null {
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** regexp.Expand's template: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_all, dollar: string, braced?: string, bare?: string) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare ?? '';
    if (/^[0-9]+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

function withRegex(name: string, args: GoValue[], patternArg: GoValue, use: (re: RegExp) => GoValue): GoValue {
  const re = translateRe2(str(patternArg));
  if (!re) return unknownOf(name, args);
  re.lastIndex = 0;
  return use(re);
}

function allMatches(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m && (n < 0 || out.length < n); m = re.exec(s)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  for (const m of allMatches(re, s, -1)) {
    out += s.slice(last, m.index) + repl(m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

export const SPRIG_REGEX: Record<string, FuncDef> = {
  regexMatch: { fn: (a) => withRegex('regexMatch', a, a[0], (re) => re.test(str(a[1]))) },
  mustRegexMatch: { fn: (a) => withRegex('mustRegexMatch', a, a[0], (re) => re.test(str(a[1]))) },
  regexFind: { fn: (a) => withRegex('regexFind', a, a[0], (re) => re.exec(str(a[1]))?.[0] ?? '') },
  regexFindAll: { fn: (a) => withRegex('regexFindAll', a, a[0], (re) => allMatches(re, str(a[1]), int(a[2])).map((m) => m[0])) },
  regexReplaceAll: { fn: (a) => withRegex('regexReplaceAll', a, a[0], (re) => replaceAll(re, str(a[1]), (m) => expand(str(a[2]), m))) },
  regexReplaceAllLiteral: { fn: (a) => withRegex('regexReplaceAllLiteral', a, a[0], (re) => replaceAll(re, str(a[1]), () => str(a[2]))) },
  regexSplit: {
    fn: (a) => withRegex('regexSplit', a, a[0], (re) => {
      const s = str(a[1]);
      const n = int(a[2]);
      if (n === 0) return null;
      const parts: string[] = [];
      let last = 0;
      for (const m of allMatches(re, s, n > 0 ? n - 1 : -1)) {
        if (m[0] === '' && m.index === 0) continue;
        parts.push(s.slice(last, m.index));
        last = m.index + m[0].length;
      }
      parts.push(s.slice(last));
      return parts;
    }),
  },
  regexQuoteMeta: { fn: ([s]) => str(s).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&') },
};
