/**
 * `.helmignore`, as helm applies it when it loads a chart folder (helm pkg/ignore/rules.go
 * and doc.go; pkg/chart/loader/directory.go LoadDir):
 * - one pattern a line, trimmed; blank lines and lines starting with `#` are skipped;
 * - a pattern containing `**` is an error ("double-star (**) syntax is not supported"),
 *   and so is one Go's filepath.Match refuses: the chart does not load;
 * - `!` negates, a trailing `/` matches directories only, a leading `/` anchors at the
 *   chart root, a pattern with a `/` is matched against the whole path, one without
 *   against the base name only; globs are Go's filepath.Match (`*`, `?`, `[…]`, `\`);
 * - rules are tried in order and the first that decides wins. A negated rule that does
 *   NOT match ignores the path and stops; one that matches goes on to the next rule
 *   (so `!Chart.yaml` first ignores every other path, as in helm);
 * - a default rule `templates/.?*` is added last (dotfiles in templates/);
 * - the walk skips an ignored directory whole, so a file is loaded only if neither it nor
 *   any folder above it is ignored. Only the root chart's `.helmignore` is read: it covers
 *   the subchart folders under charts/ too (helm walks them in the same LoadDir), while
 *   packaged subcharts (`charts/*.tgz`) are loaded as they were packaged.
 */

interface IgnoreRule {
  negate: boolean;
  mustDir: boolean;
  /** Matched against the whole path (a `/` in the pattern) or the base name only. */
  wholePath: boolean;
  glob: RegExp;
}

export class HelmIgnoreError extends Error {}

/** The rules of a `.helmignore` text, with helm's default rule; throws HelmIgnoreError where helm fails. */
export function parseHelmIgnore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  // bufio.Scanner splits at \n and drops a \r before it; TrimSpace removes the rest.
  for (const line of text.split('\n')) {
    const rule = parseRule(line.trim());
    if (rule) rules.push(rule);
  }
  rules.push(parseRule('templates/.?*')!);
  return rules;
}

function parseRule(text: string): IgnoreRule | undefined {
  if (text === '' || text.startsWith('#')) return undefined;
  if (text.includes('**')) throw new HelmIgnoreError(`.helmignore: double-star (**) syntax is not supported: '${text}'`);
  let pattern = text;
  const negate = pattern.startsWith('!');
  if (negate) pattern = pattern.slice(1);
  const mustDir = pattern.endsWith('/');
  if (mustDir) pattern = pattern.slice(0, -1);
  const anchored = pattern.startsWith('/');
  if (anchored) pattern = pattern.slice(1);
  // helm first checks the raw rule's syntax with filepath.Match (`!` and slashes included).
  goGlob(text, text);
  return { negate, mustDir, wholePath: anchored || pattern.includes('/'), glob: goGlob(pattern, text) };
}

/** Whether helm's loader leaves this file out: it, or a folder above it, is ignored. */
export function isHelmIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (ignores(rules, parts.slice(0, i).join('/'), true)) return true;
  }
  return ignores(rules, path, false);
}

/** rules.go Ignore: the first rule that decides, in order. */
function ignores(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  if (path === '' || path === '.' || path === './') return false;
  for (const rule of rules) {
    const subject = rule.wholePath ? path : path.slice(path.lastIndexOf('/') + 1);
    if (rule.negate) {
      if (rule.mustDir && !isDir) return true;
      if (!rule.glob.test(subject)) return true;
      continue;
    }
    if (rule.mustDir && !isDir) continue;
    if (rule.glob.test(subject)) return true;
  }
  return false;
}

/**
 * Go's path/filepath.Match pattern as a regular expression (on `/`-separated paths):
 * `*` any run of non-separators, `?` one non-separator, `[…]` a class (`^` negates,
 * ranges `a-z`, `\` escapes), `\x` the character x. A malformed pattern is an error
 * (ErrBadPattern), as helm reports it when it parses the rule.
 */
function goGlob(pattern: string, rule: string): RegExp {
  let out = '';
  const bad = () => new HelmIgnoreError(`.helmignore: syntax error in pattern: '${rule}'`);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw bad();
      out += escapeRegExp(pattern[i]);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      let first = true;
      for (;;) {
        if (j >= pattern.length) throw bad();
        if (pattern[j] === ']' && !first) break;
        first = false;
        const lo = readClassChar(pattern, j, bad);
        j = lo.next;
        if (pattern[j] === '-') {
          const hi = readClassChar(pattern, j + 1, bad);
          if (hi.char < lo.char) throw bad();
          cls += `${escapeClass(lo.char)}-${escapeClass(hi.char)}`;
          j = hi.next;
        } else {
          cls += escapeClass(lo.char);
        }
      }
      // A class never matches the separator (filepath.Match: "matches any single non-Separator character").
      out += `(?!/)[${cls}]`;
      i = j;
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, 's');
}

function readClassChar(pattern: string, at: number, bad: () => Error): { char: string; next: number } {
  let j = at;
  if (j >= pattern.length) throw bad();
  if (pattern[j] === '\\') j++;
  if (j >= pattern.length || (pattern[j] === '-' && j === at) || (pattern[j] === ']' && j === at)) throw bad();
  const code = pattern.codePointAt(j)!;
  const char = String.fromCodePoint(code);
  return { char, next: j + char.length };
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}
