import { CST, Lexer } from 'yaml';

/**
 * How many characters of a plain scalar {@link SteppedLexer} scans between two yields, per
 * character composed in a step (yamlCompose.ts): 256 KiB, a millisecond or two.
 */
export const PLAIN_SCAN_CHARS_PER_COMPOSED_CHAR = 64;

/**
 * What {@link SteppedLexer} yields, between its lexemes, while it scans a long plain scalar:
 * not a lexeme (every lexeme is a string), a place where its reader may yield a step.
 */
export const LEXER_STEP: unique symbol = Symbol('lexer step');

/** The members of `yaml`'s Lexer (2.9.1, lexer.js) that its plain scalar scan reads: private in its types. */
interface LexerInternals {
  buffer: string;
  pos: number;
  flowLevel: number;
  atEnd: boolean;
  continueScalar(offset: number): number;
  setNext(state: string): string;
  pushToIndex(i: number, allowEmpty: boolean): Generator<string, number>;
}

/** The characters that end a plain scalar in a flow collection. */
const FLOW_INDICATORS = new Set(',[]{}');

/** What `yaml`'s lexer counts as a blank or the end of its buffer. */
const isBlank = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';

/**
 * `yaml`'s Lexer, whose scan for the end of a plain scalar yields {@link LEXER_STEP} every
 * `charsPerYield` characters. `yaml` scans a plain scalar of many lines in one go, a
 * character at a time: 6-9 ms per MB on a busy machine, so a 30 MB value (under the 32 M
 * limit of a document analysed) was one step of 200-280 ms (issue 16). Fed in parts, the
 * lexer scans the scalar again from its start at each part, so the scan itself yields.
 *
 * The scan is `yaml`'s own (2.9.1, `Lexer.parsePlainScalar`), rule for rule; only the
 * yield is added, and the lexer's state does not change while it is suspended, so the
 * lexemes are the ones `yaml`'s Lexer gives (test/core/yamlLexer.test.ts compares them).
 * Where `yaml`'s Lexer has no such method (another version), the scan is `yaml`'s, in one go.
 */
export class SteppedLexer extends Lexer {
  constructor(readonly charsPerYield: number) {
    super();
  }
}

/** Whether `yaml`'s Lexer still has the method {@link SteppedLexer} replaces (checked by a test on upgrades). */
export const replacesPlainScalarScan = typeof (Lexer.prototype as unknown as { parsePlainScalar?: unknown }).parsePlainScalar === 'function';

if (replacesPlainScalarScan) {
  // Writable and not enumerable, as a method of a class is.
  Object.defineProperty(SteppedLexer.prototype, 'parsePlainScalar', {
    writable: true,
    configurable: true,
    value: function* parsePlainScalar(this: LexerInternals & { charsPerYield: number }): Generator<string | typeof LEXER_STEP, string> {
      const inFlow = this.flowLevel > 0;
      let end = this.pos - 1;
      let i = this.pos - 1;
      let nextYield = i + this.charsPerYield;
      let ch: string | undefined;
      while ((ch = this.buffer[++i])) {
        if (i >= nextYield) {
          nextYield = i + this.charsPerYield;
          yield LEXER_STEP;
        }
        if (ch === ':') {
          const next = this.buffer[i + 1];
          if (isBlank(next) || (inFlow && FLOW_INDICATORS.has(next))) break;
          end = i;
        } else if (isBlank(ch)) {
          let next = this.buffer[i + 1];
          if (ch === '\r') {
            if (next === '\n') {
              i += 1;
              ch = '\n';
              next = this.buffer[i + 1];
            } else end = i;
          }
          if (next === '#' || (inFlow && FLOW_INDICATORS.has(next))) break;
          if (ch === '\n') {
            const cs = this.continueScalar(i + 1);
            if (cs === -1) break;
            // To advance past the line's indentation, but still see a ` #` after it.
            i = Math.max(i, cs - 2);
          }
        } else {
          if (inFlow && FLOW_INDICATORS.has(ch)) break;
          end = i;
        }
      }
      if (!ch && !this.atEnd) return this.setNext('plain-scalar');
      yield CST.SCALAR;
      yield* this.pushToIndex(end + 1, true);
      return inFlow ? 'flow' : 'doc';
    },
  });
}
