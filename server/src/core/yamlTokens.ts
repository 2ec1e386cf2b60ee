import { Lexer } from 'yaml';

/** One token of the YAML lexer with its offset; `scalar` when it is a scalar's text. */
export interface Token {
  text: string;
  offset: number;
  scalar: boolean;
  /** The scalar is the body of a block scalar (`|`, `>`): every line of it is text. */
  block: boolean;
}

/**
 * The YAML lexer's tokens with their offsets. Its tokens are the source text in order,
 * plus one-character control tokens that stand for no text (document start, flow
 * collection end, and the mark that precedes plain and block scalars: yaml's `lexer.ts`).
 */
export function yamlTokens(text: string): Token[] {
  return [...yamlTokenStream(text)];
}

/**
 * {@link yamlTokens} one at a time, lexed as they are asked for. Runs of at least `longRun`
 * name characters are lexed shortened ({@link shortenLongRuns}); the tokens are those
 * of the text as written, offsets and texts alike.
 */
export function* yamlTokenStream(text: string, longRun = LONG_RUN): Generator<Token> {
  const shortened = shortenLongRuns(text, longRun);
  let offset = 0;
  let scalarNext = false;
  let header = '';
  for (const lexeme of new Lexer().lex(shortened.text)) {
    if (lexeme === '\x1f') {
      scalarNext = true;
      continue;
    }
    if (lexeme === '\x02' || lexeme === '\x18') continue;
    const start = shortened.original(offset);
    offset += lexeme.length;
    const end = shortened.original(offset);
    const token = end - start === lexeme.length ? lexeme : text.slice(start, end);
    // Quoted scalars come without the scalar mark; no other token starts with a quote.
    const scalar = scalarNext || token.startsWith('"') || token.startsWith("'");
    yield { text: token, offset: start, scalar, block: scalarNext && /^[|>]/.test(header) };
    if (token.trim() !== '') header = token;
    scalarNext = false;
  }
}

/** Runs of name characters at least this long are lexed shortened. */
export const LONG_RUN = 4096;

/** The name characters, as the inside of a regular expression's class. */
const NAME = 'A-Za-z0-9+/=_.-'; // '-' last: a literal, also after other characters put in front

/** What is kept of each end of a run that is shortened: more than any decision of the lexer reads. */
const KEPT = 16;

/** The text the lexer reads, and how its offsets map back to the text as written. */
interface ShortenedText {
  text: string;
  /** The offset in the written text of an offset in `text` (an end offset maps past a cut inside its token). */
  original(offset: number): number;
}

/**
 * The text with each run of at least `longRun` name characters (`[A-Za-z0-9+/=_.-]`: a
 * 20 MB name, a base64 blob on one line) cut to its first and last {@link KEPT} characters.
 * The yaml lexer reads such a run a character at a time (a 20 MB plain scalar: 100-300 ms,
 * the first quick fix asked below it, issue 16), and none of its decisions depends on the
 * run's middle (yaml `lexer.ts`): a plain, quoted or block scalar, a comment, an anchor or
 * a tag goes on over every name character and ends at a space, line break, `:`, `#`,
 * quote, backslash or flow indicator, none of them in the class; what a run starts (a
 * document marker `---`, a `- ` entry) is read from its first characters, and kept. The
 * one exception is a block scalar header (`|2-`, `>+`), whose digits and signs are read
 * to the header's end: a run right after `|` or `>` is never cut. So no token begins or
 * ends inside a cut, and the lexer gives the same tokens, each shorter by the cuts inside it.
 */
export function shortenLongRuns(text: string, longRun = LONG_RUN): ShortenedText {
  if (text.length < longRun) return asWritten(text);
  const parts: string[] = [];
  /** Offsets in the shortened text where a cut is, and how much was cut there and before. */
  const cutAt: number[] = [];
  const cutSoFar: number[] = [];
  let from = 0;
  let cut = 0;
  for (const run of longRuns(text, longRun)) {
    const keptHeadEnd = run.start + KEPT;
    const removed = run.end - run.start - 2 * KEPT;
    if (removed <= 0) continue;
    parts.push(text.slice(from, keptHeadEnd));
    from = keptHeadEnd + removed;
    cutAt.push(keptHeadEnd - cut);
    cut += removed;
    cutSoFar.push(cut);
  }
  if (cutAt.length === 0) return asWritten(text);
  parts.push(text.slice(from));
  return {
    text: parts.join(''),
    original: (offset) => {
      // The last cut at or before the offset: an offset at a cut is past it (no token starts there).
      let low = 0;
      let high = cutAt.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (cutAt[mid] <= offset) low = mid + 1;
        else high = mid;
      }
      return low === 0 ? offset : offset + cutSoFar[low - 1];
    },
  };
}

/** The text as written: nothing cut. */
function asWritten(text: string): ShortenedText {
  return { text, original: (offset) => offset };
}

/**
 * The runs of at least `longRun` name characters not right after `|` or `>`, in order.
 * Only lines at least that long are searched: finding the line breaks costs a fraction
 * of a millisecond per MB, a search of every character 5 ms (the quick fixes lex the
 * documents they are asked about, and most have no long line at all).
 */
function* longRuns(text: string, longRun: number): Generator<{ start: number; end: number }> {
  // The start of a run, then its end: one regular expression with `{longRun,}` overflowed
  // V8's backtracking stack on a 20 MB run.
  const runStart = new RegExp(`(?<![|>${NAME}])[${NAME}]{${longRun}}`, 'g');
  const runEnd = new RegExp(`[^${NAME}]`, 'g');
  for (let lineStart = 0; lineStart < text.length; ) {
    const lineBreak = text.indexOf('\n', lineStart);
    const lineEnd = lineBreak === -1 ? text.length : lineBreak;
    if (lineEnd - lineStart >= longRun) {
      // A line break is no name character: a run found in the line ends in it, and one at its start follows a break.
      const line = text.slice(lineStart, lineEnd);
      for (let run = runStart.exec(line); run; run = runStart.exec(line)) {
        runEnd.lastIndex = runStart.lastIndex;
        const end = runEnd.exec(line)?.index ?? line.length;
        runStart.lastIndex = end;
        yield { start: lineStart + run.index, end: lineStart + end };
      }
      runStart.lastIndex = 0;
    }
    lineStart = lineEnd + 1;
  }
}
