import { cutForEcho } from './abbreviate';

/**
 * The one escaping helper for everything a hover shows. Names, namespaces, port and env
 * names and values come from the user's files and may hold anything: a backtick that
 * would close a code span, `[x](command:…)` links, `<img>` HTML. Editors render hover
 * Markdown (VS Code renders it untrusted, other LSP clients may trust it), so every value
 * from a file goes through {@link code} (hovers write no value outside a code span).
 *
 * CommonMark (https://spec.commonmark.org/0.31.2/#code-spans): a code span is opened by
 * a backtick string and closed by one of the same length, so a content holding backticks
 * needs a longer fence; when the content starts or ends with a backtick, one space on each
 * side keeps it apart from the fence and is stripped again by the renderer. Inside a code
 * span no link, autolink, HTML or emphasis is recognised, and backslash escapes are not
 * either (so nothing inside is escaped). Line endings become spaces.
 */

/** A value from a file as an inline code span that renders exactly that text. */
export function code(value: string): string {
  // Cut first: a 20 MB name quoted whole made every later step of a hover copy 20 MB. The
  // cut of a long value is remembered (cutForEcho): the name is quoted by several hovers.
  const flat = cutForEcho(value).replace(/\r\n?|\n/g, ' ');
  if (flat === '') return '""';
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // Padding is needed where the content touches the fence with a backtick, and where it
  // both starts and ends with a space (one of each would be stripped).
  const pad = flat.startsWith('`') || flat.endsWith('`') || (/^ .*[^ ].* $/.test(flat)) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * How a phrase shared by a diagnostic and a hover quotes a name: a code span in a hover
 * (Markdown), single quotes in a diagnostic (plain text: the Problems panel shows
 * backticks as backticks).
 */
export interface Quoting {
  name(value: string): string;
}

export const MARKDOWN: Quoting = { name: code };
export const PLAIN: Quoting = { name: (value) => `'${cutForEcho(value)}'` };

/** A sentence or clause about names, rendered for a hover or for a diagnostic. */
export type Phrase = (q: Quoting) => string;
