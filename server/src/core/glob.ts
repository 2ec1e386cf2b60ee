/**
 * Glob matching for `statefulManifests.exclude` and the CLI's `--exclude`, without
 * regular expressions.
 *
 * picomatch (used before) compiles a glob to a RegExp: `**` + `*a*a*a*a*a*a*a*a*a*b`
 * becomes `[^/]*?a[^/]*?a…b`, which backtracks polynomially with the number of stars
 * (22 s for one 40-character file name with nine `*a`, x3-4 per extra `*a`), and workspace
 * settings apply in Restricted Mode: a workspace could freeze the server. Here a glob is
 * matched the way Russ Cox's "Glob Matching Can Be Simple And Fast Too"
 * (research.swtch.com/glob) and musl's fnmatch do: on a mismatch, only the most recent
 * star is retried one character further, never the earlier ones. That is enough for
 * stars that match any run of characters, and bounds a match to O(pattern x name) per
 * path segment; `**` is the same star one level up, over path segments.
 *
 * Syntax (the picomatch syntax the setting documented, minus the rare parts that need a
 * backtracking engine): `*` (any characters but `/`), `?` (one character), `[abc]`,
 * `[a-z]`, `[!a]` / `[^a]`, `\` escapes, `**` as a whole segment (any number of
 * segments, none included), `{a,b}` alternatives (nested too; at most
 * {@link MAX_BRACE_EXPANSIONS} patterns after expansion), a leading `./` ignored. Dot
 * files match like any other (picomatch's `dot: true`). Extglobs (`+(a|b)`, `!(a)`…),
 * POSIX classes (`[[:alpha:]]`) and a leading `!` (negation) are refused with a
 * {@link GlobError} that says so.
 */

/** A glob expands to at most this many patterns through its `{a,b}` alternatives. */
export const MAX_BRACE_EXPANSIONS = 64;

export class GlobError extends Error {}

type Token =
  | { kind: 'literal'; char: string }
  | { kind: 'one' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: [number, number][] };

/** A path segment of a pattern: `**`, or the tokens of one segment. */
type Segment = 'globstar' | Token[];

/** Whether a path (relative, with `/`) matches any of `patterns`. Throws {@link GlobError} for a pattern it cannot match. */
export function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.flatMap((pattern) => expandBraces(pattern).map(compileOne));
  return (path) => {
    const names = path.split('/');
    return compiled.some((segments) => matchPath(segments, names));
  };
}

function compileOne(pattern: string): Segment[] {
  if (pattern.startsWith('!')) throw new GlobError('negated patterns (a leading "!") are not supported');
  const body = pattern.replace(/^(\.\/)+/, '');
  return splitSegments(body).map((segment) => (segment === '**' ? 'globstar' : tokenize(segment)));
}

/** Splits at `/` outside character classes. */
function splitSegments(pattern: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) {
      current += char + pattern[++i];
    } else if (char === '/') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(segment); // code points: `?` matches one character, not half of one
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if ('@!+*?'.includes(char) && chars[i + 1] === '(') throw new GlobError(`extglobs such as "${char}(…)" are not supported`);
    if (char === '\\') {
      tokens.push({ kind: 'literal', char: chars[++i] ?? '\\' });
    } else if (char === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' }); // `**` inside a segment is `*`
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
    } else if (char === '[') {
      const parsed = characterClass(chars, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else {
        tokens.push({ kind: 'literal', char }); // no closing `]`: a literal `[`
      }
    } else {
      tokens.push({ kind: 'literal', char });
    }
  }
  return tokens;
}

/** `[...]` starting at `start`: the token and the index of its `]`, or undefined when it never closes. */
function characterClass(chars: string[], start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  const negated = chars[i] === '!' || chars[i] === '^';
  if (negated) i++;
  const ranges: [number, number][] = [];
  let first = true;
  for (; i < chars.length; i++) {
    let char = chars[i];
    if (char === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (char === '[' && chars[i + 1] === ':') throw new GlobError('POSIX character classes such as "[[:alpha:]]" are not supported');
    if (char === '\\' && i + 1 < chars.length) char = chars[++i];
    const low = char.codePointAt(0)!;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      let highChar = chars[i + 2];
      i += 2;
      if (highChar === '\\' && i + 1 < chars.length) highChar = chars[++i];
      ranges.push([low, highChar.codePointAt(0)!]);
    } else {
      ranges.push([low, low]);
    }
  }
  return undefined;
}

/**
 * `{a,b}c` → `ac`, `bc`, nested and combined; a brace without a top-level comma stays
 * literal. Throws past {@link MAX_BRACE_EXPANSIONS} patterns (`{a,b}{c,d}…` doubles each time).
 */
export function expandBraces(pattern: string): string[] {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const { start, end, alternatives } = open;
  const prefix = pattern.slice(0, start);
  const suffixes = expandBraces(pattern.slice(end + 1));
  const result: string[] = [];
  for (const alternative of alternatives) {
    for (const middle of expandBraces(alternative)) {
      for (const suffix of suffixes) {
        result.push(prefix + middle + suffix);
        if (result.length > MAX_BRACE_EXPANSIONS) throw new GlobError(`its {…} alternatives make more than ${MAX_BRACE_EXPANSIONS} patterns`);
      }
    }
  }
  return result;
}

/** The first `{…}` with a top-level comma: where it starts and ends, and its alternatives. */
function findBrace(pattern: string): { start: number; end: number; alternatives: string[] } | undefined {
  for (let start = 0; start < pattern.length; start++) {
    if (pattern[start] === '\\') { start++; continue; }
    if (pattern[start] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < pattern.length; i++) {
      const char = pattern[i];
      if (char === '\\') { i++; continue; }
      if (char === '{') depth++;
      else if (char === ',' && depth === 1) commas.push(i);
      else if (char === '}' && --depth === 0) {
        if (commas.length === 0) break; // `{x}`: literal, look for the next brace
        const cuts = [start, ...commas, i];
        return { start, end: i, alternatives: cuts.slice(1).map((cut, k) => pattern.slice(cuts[k] + 1, cut)) };
      }
    }
  }
  return undefined;
}

/** Segments against path names; `**` retried one name further on a mismatch, the latest one only. */
function matchPath(segments: Segment[], names: string[]): boolean {
  let s = 0;
  let n = 0;
  let starS = -1;
  let starN = 0;
  while (n < names.length) {
    const segment = segments[s];
    if (segment === 'globstar') {
      starS = s++;
      starN = n;
    } else if (segment !== undefined && matchSegment(segment, names[n])) {
      s++;
      n++;
    } else if (starS >= 0) {
      s = starS + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (segments[s] === 'globstar') s++;
  return s === segments.length;
}

/** Tokens against one name; `*` retried one character further on a mismatch, the latest one only. */
function matchSegment(tokens: Token[], name: string): boolean {
  const chars = Array.from(name);
  let t = 0;
  let c = 0;
  let starT = -1;
  let starC = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      starT = t++;
      starC = c;
    } else if (token !== undefined && matchesChar(token, chars[c])) {
      t++;
      c++;
    } else if (starT >= 0) {
      t = starT + 1;
      c = ++starC;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function matchesChar(token: Exclude<Token, { kind: 'star' }>, char: string): boolean {
  switch (token.kind) {
    case 'literal': return token.char === char;
    case 'one': return true;
    case 'class': {
      const code = char.codePointAt(0)!;
      return token.ranges.some(([low, high]) => code >= low && code <= high) !== token.negated;
    }
  }
}
