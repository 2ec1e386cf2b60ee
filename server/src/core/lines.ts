import { exactSize } from './arrays';
import type { Position } from './types';

/**
 * Offset <-> position conversion for one text. Characters are UTF-16 code units,
 * which is what JavaScript strings index by and what LSP uses by default.
 * A CR LF pair ends one line; a lone CR also ends a line (as in LSP).
 */
/** Characters of text indexed into lines so far: tests count the work of a request with it. */
let charactersIndexed = 0;
export function charactersIndexedSoFar(): number {
  return charactersIndexed;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    charactersIndexed += text.length;
    const starts = [0];
    if (!text.includes('\r')) {
      // Only LF breaks: indexOf skips the text between them without a loop step per
      // character (a 20 MB line is one call).
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = exactSize(starts);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = exactSize(starts);
  }

  private crlf: boolean | undefined;

  /** CR LF when the text has one, else LF: what an edit of it writes. */
  get lineBreak(): string {
    this.crlf ??= this.text.includes('\r\n');
    return this.crlf ? '\r\n' : '\n';
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offsets where each line starts (for {@link positionInLines} without the text). */
  get starts(): readonly number[] {
    return this.lineStarts;
  }

  positionAt(offset: number): Position {
    return positionInLines(this.lineStarts, this.text.length, offset);
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    let end = this.text.length;
    if (position.line + 1 < this.lineStarts.length) {
      // A character past the end of the line means the end of the line, before its
      // line break (LSP: "it defaults back to the line length").
      end = this.lineStarts[position.line + 1];
      if (this.text.charCodeAt(end - 1) === 10) end--;
      if (this.text.charCodeAt(end - 1) === 13) end--;
    }
    return Math.min(start + Math.max(0, position.character), end);
  }
}

/**
 * The line index of a file's text, kept for the last text asked about: a code action over
 * 1,000 findings of one file makes each fix's edits in the same text, and indexing its
 * 5 MB once per fix made the request cost 1,000 times the file (issue 16). Comparing the
 * same string is one pointer check; another text of the same length is compared until it
 * differs.
 */
let lastIndexed: LineIndex | undefined;
export function lineIndexOf(text: string): LineIndex {
  if (lastIndexed?.text !== text) lastIndexed = new LineIndex(text);
  return lastIndexed;
}

/** The position of an offset in a text of `length` whose lines start at `lineStarts`. */
export function positionInLines(lineStarts: readonly number[], length: number, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, length));
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: clamped - lineStarts[low] };
}
