import type { Position, Range } from './types';

/**
 * Where a snippet that inserts whole YAML documents (apiVersion, kind, metadata…) may be
 * offered: on a line of its own at column 0, in a document that holds nothing else yet
 * (only blank lines and comments between its `---` markers). Anywhere else (a scalar
 * value, a nested mapping, below the keys of an existing object) the snippet would write
 * duplicate keys or YAML that does not parse, so it is not offered.
 *
 * VS Code offers the snippets an extension contributes in package.json everywhere in a
 * file of the language (its snippet completion provider has no notion of place), so the
 * language server offers these snippets itself, only here.
 *
 * Returns the range the snippet replaces (the word typed so far, from column 0 to the
 * cursor), or undefined.
 */
export function documentSnippetRange(text: string, position: Position): Range | undefined {
  const lines = linesAround(text, position.line);
  if (!lines) return undefined;
  const { current, above, below } = lines;
  const typed = current.slice(0, position.character);
  if (!/^[A-Za-z][\w-]*$|^$/.test(typed) || current.slice(position.character).trim() !== '') return undefined;
  const isMarker = (line: string) => /^(---|\.\.\.)(\s|$)/.test(line);
  const isEmpty = (line: string) => /^\s*(#.*)?$/.test(line);
  for (let i = above.length - 1; i >= 0 && !isMarker(above[i]); i--) if (!isEmpty(above[i])) return undefined;
  for (const line of below) {
    if (isMarker(line)) break;
    if (!isEmpty(line)) return undefined;
  }
  return { start: { line: position.line, character: 0 }, end: position };
}

/**
 * The cursor's line and the lines of its document above and below it, read outwards
 * from the cursor only as far as a document marker (so a large file costs the size of
 * the document being typed, at most the lines up to the cursor).
 */
function linesAround(text: string, line: number): { current: string; above: string[]; below: string[] } | undefined {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const endOf = (from: number) => {
    const n = text.indexOf('\n', from);
    return n < 0 ? text.length : n;
  };
  const strip = (s: string) => s.replace(/\r$/, '');
  const current = strip(text.slice(start, endOf(start)));
  const above: string[] = [];
  for (let end = start - 1; end > 0;) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const l = strip(text.slice(lineStart, end));
    above.unshift(l);
    if (/^(---|\.\.\.)(\s|$)/.test(l)) break;
    end = lineStart - 1;
  }
  const below: string[] = [];
  for (let from = endOf(start) + 1; from <= text.length && from > 0;) {
    const end = endOf(from);
    const l = strip(text.slice(from, end));
    below.push(l);
    if (/^(---|\.\.\.)(\s|$)/.test(l) || end >= text.length) break;
    from = end + 1;
  }
  return { current, above, below };
}
