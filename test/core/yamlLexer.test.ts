import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Lexer, parseDocument } from 'yaml';
import { runToEnd } from '../../server/src/core/steps';
import { LEXER_STEP, replacesPlainScalarScan, SteppedLexer } from '../../server/src/core/yamlLexer';
import { parseDocumentSteps } from '../../server/src/core/yamlSteps';

/**
 * `yaml`'s lexer scans a plain scalar of many lines in one go (a 30 MB value: one step of
 * 200-280 ms, issue 16). SteppedLexer's scan yields every so many characters, and gives
 * the lexemes `yaml`'s Lexer gives.
 */

/** What carries state in the scan of a plain scalar, or ends it, beside plain characters. */
const PIECES = ['a', 'word', 'é', '😀', ':', ': ', ':\n', ' ', '  ', '\t', ' #', '#', '\n', '\n  ', '\n    ', '\r\n', '\r', '\r\n  ', ',', '[', ']', '{', '}', '---', '...', '- ', '? ', 'k: ', '"', "'", '|', '>', '&a ', '*a', '!t '];
const TEXT = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((pieces) => pieces.join(''));

const lexemes = (lexer: Lexer, text: string): string[] => [...lexer.lex(text)].filter((lexeme) => (lexeme as unknown) !== LEXER_STEP);

describe('the lexer whose plain scalar scan yields', () => {
  it("replaces a method yaml's Lexer still has (an upgrade that renames it would leave plain scalars scanned in one go)", () => {
    assert.equal(replacesPlainScalarScan, true);
  });

  it("gives the lexemes yaml's Lexer gives, in block and flow context, whatever the yields", () => {
    fc.assert(
      fc.property(fc.constantFrom('', 'k: ', '- ', '[', '{a: ', 'k:\n  '), TEXT, fc.integer({ min: 1, max: 20 }), (start, text, charsPerYield) => {
        assert.deepEqual(lexemes(new SteppedLexer(charsPerYield), start + text), lexemes(new Lexer(), start + text));
      }),
      { numRuns: 5000 },
    );
  });

  it('yields within a long plain scalar of many lines, every so many characters', () => {
    const value = 'a line of a plain value\n    '.repeat(4000);
    const text = `data:\n  k: ${value}end\n`;
    const steps = [...new SteppedLexer(1000).lex(text)].filter((lexeme) => (lexeme as unknown) === LEXER_STEP).length;
    assert.ok(steps >= value.length / 1000 - 1 && steps <= value.length / 1000 + 1, `${steps} yields in ${value.length} characters`);
  });

  it('parses a 1 MB plain value in steps to the Document parseDocument gives', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: ${'a line of a plain value\n    '.repeat(36_000)}end\n  other: 1\n`;
    // 16 characters composed per step: the scan yields every 16 × 64 characters.
    assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, { prettyErrors: false }, 16)), parseDocument(text, { prettyErrors: false }));
  });
});
