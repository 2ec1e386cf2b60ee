import { CST, type Lexer } from 'yaml';
import type { Steps } from './steps';

/**
 * How many characters a run at the end of a line must hold to be masked, per character of a
 * collection composed per step (64 KiB in the server): `yaml`'s lexer reads a plain scalar a
 * character at a time, about 6 ms per MB in a fresh process and up to 21 ms per MB in a warm
 * one, so a 20 MB name was one step of 108-430 ms.
 */
export const MASKED_RUN_CHARS_PER_COMPOSED_CHAR = 16;

/** Where in a run its mask begins: after the characters the lexer reads at a line's start. */
const MASK_OFFSET = 4;

/** How many characters the search for long runs reads between two steps. */
const SEARCHED_CHARS_PER_STEP = 1 << 20;

/**
 * A long run of characters that can only continue a plain scalar, ending a line: the lexer
 * is given ` #` in place of its characters at `at` and `at + 1`, so that it reads the rest of
 * the line as a comment (one search for the line's end) instead of a character at a time.
 * `end` is where the run ends, before the line break or at the end of the text.
 *
 * The mask begins at the run's fifth character ({@link MASK_OFFSET}): the lexer reads up to
 * four characters at the start of a line to decide what the line is (`charAt(1)` for how
 * deep it is indented, `---` or `...` and the character after for a document marker), and a
 * run may start a line. Masked at its second, `AAAA` starting a line was measured as another
 * indentation and lexed the lines after it otherwise.
 */
export interface Mask {
  at: number;
  end: number;
}

/**
 * Characters after which a run of a plain scalar could end, or that change how the lexer
 * reads a quoted scalar: blanks and line breaks, `:` (which ends a plain scalar before a
 * blank or a line break: a key), flow indicators (which end it in a flow collection) and
 * quotes (a backslash matters to the lexer only before a quote, which no run holds). A run
 * without any of them continues whatever scalar holds it to the end of its line, and
 * masking two of its characters changes the lexing of nothing but a plain scalar.
 */
function mayEndRun(code: number): boolean {
  switch (code) {
    case 0x20: // space
    case 0x09: // tab
    case 0x0a: // line feed
    case 0x0d: // carriage return
    case 0x3a: // :
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x22: // "
    case 0x27: // '
      return true;
    default:
      return false;
  }
}

/** The runs of `minChars` or more characters that end a line of `source` (see {@link Mask}), a megabyte of search per step. */
export function* findMasks(source: string, minChars: number): Steps<Mask[]> {
  const masks: Mask[] = [];
  let searched = 0;
  for (let lineStart = 0; lineStart < source.length; ) {
    const lineBreak = source.indexOf('\n', lineStart);
    const lineEnd = lineBreak === -1 ? source.length : lineBreak;
    const end = lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    searched += lineEnd - lineStart + 1;
    if (end - lineStart >= minChars) {
      let start = end;
      while (start > lineStart && !mayEndRun(source.charCodeAt(start - 1))) {
        start--;
        if (++searched >= SEARCHED_CHARS_PER_STEP) {
          searched = 0;
          yield;
        }
      }
      if (end - start >= Math.max(minChars, MASK_OFFSET + 3)) masks.push({ at: start + MASK_OFFSET, end });
    }
    if (searched >= SEARCHED_CHARS_PER_STEP) {
      searched = 0;
      yield;
    }
    lineStart = lineEnd + 1;
  }
  return masks;
}

/** `source` with the two characters of each mask replaced by ` #`: the same length, so every offset stays. */
export function maskedText(source: string, masks: readonly Mask[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const mask of masks) {
    parts.push(source.slice(from, mask.at), ' #');
    from = mask.at + 2;
  }
  parts.push(source.slice(from));
  return parts.join('');
}

/** What {@link Unmasking} reads of `yaml`'s Lexer beyond its API: the state it reads a plain scalar's next line with. */
interface LexerState {
  continueScalar(offset: number): number;
}

/**
 * Turns the lexemes of the masked text back into those of the source, for `yaml`'s Parser:
 *
 * - a lexeme holding both masked characters (a block scalar, a quoted scalar, a comment) is
 *   given as the source's characters at its place;
 * - the plain scalar cut by a mask, which the lexer ends at the mask, followed by ` ` and
 *   the comment to the line's end, is given as one scalar to the line's end, as the lexer
 *   would have read the source, when the lexer's state says the scalar does not go on to
 *   the next line (a block context, a next line indented no deeper than it may be, a
 *   comment, the end of the text);
 * - anything else (a plain scalar that would go on, a lexeme boundary inside a mask) sets
 *   `failed` and gives nothing more: then the source is parsed without masks.
 */
export class Unmasking {
  failed = false;
  private next = 0;
  private offset = 0;
  private afterScalarMark = false;
  private expecting: 'space' | 'comment' | undefined;

  constructor(
    private readonly source: string,
    private readonly masks: readonly Mask[],
    private readonly lexer: Lexer,
  ) {}

  /** The lexeme to give the parser in place of `lexeme`; undefined for none (skipped, or failed). */
  restore(lexeme: string): string | undefined {
    if (this.failed) return undefined;
    const at = this.offset;
    const scalarContent = this.afterScalarMark;
    this.afterScalarMark = lexeme === CST.SCALAR;
    // The Parser's offsets: its marks take no place in the text.
    if (!scalarContent && (lexeme === CST.SCALAR || lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END)) return lexeme;
    const end = at + lexeme.length;
    this.offset = end;
    if (this.expecting) return this.skip(lexeme, at, end);
    const mask = this.masks[this.next];
    if (!mask || end < mask.at || (end === mask.at && !scalarContent)) return lexeme;
    if (scalarContent && end === mask.at && at < mask.at) {
      if (this.goesOnToNextLine(mask)) return this.fail();
      this.expecting = 'space';
      return this.source.slice(at, mask.end);
    }
    if (at > mask.at || end < mask.at + 2) return this.fail();
    while (this.masks[this.next] && this.masks[this.next].at < end) {
      if (this.masks[this.next].at + 2 > end) return this.fail();
      this.next++;
    }
    return this.source.slice(at, end);
  }

  /** The ` ` and the comment the lexer read in the masked part of a plain scalar's line. */
  private skip(lexeme: string, at: number, end: number): undefined {
    const mask = this.masks[this.next];
    if (this.expecting === 'space') {
      if (lexeme !== ' ' || at !== mask.at) return this.fail();
      this.expecting = 'comment';
      return undefined;
    }
    if (lexeme[0] !== '#' || at !== mask.at + 1 || end !== mask.end) return this.fail();
    this.expecting = undefined;
    this.next++;
    return undefined;
  }

  /**
   * Whether the plain scalar ending the mask's line would go on to a later line: what the
   * lexer's plain-scalar loop decides at the line break, with its state at that scalar. In
   * a flow collection the loop also ends the scalar at a flow indicator starting a line;
   * this says it goes on there, which only parses that document without masks.
   */
  private goesOnToNextLine(mask: Mask): boolean {
    const lexer = this.lexer as unknown as LexerState;
    const text = this.source;
    let lineBreak = mask.end;
    for (;;) {
      if (lineBreak >= text.length) return false;
      if (text[lineBreak] === '\r' && text[lineBreak + 1] === '\n') lineBreak++;
      if (text[lineBreak] !== '\n') return true;
      const next = lexer.continueScalar(lineBreak + 1);
      if (next === -1 || next >= text.length || text[next] === '#') return false;
      if (text[next] === '\n' || (text[next] === '\r' && text[next + 1] === '\n')) {
        lineBreak = next;
        continue;
      }
      return true;
    }
  }

  private fail(): undefined {
    this.failed = true;
    return undefined;
  }
}
