import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { runToEnd } from '../../server/src/core/steps';
import { COMPOSED_CHARS_PER_STEP } from '../../server/src/core/yamlCompose';
import { MASKED_RUN_CHARS_PER_COMPOSED_CHAR } from '../../server/src/core/yamlMasks';
import { parseDocumentSteps } from '../../server/src/core/yamlSteps';
import { SteppedLexer } from '../../server/src/core/yamlLexer';

/**
 * A long run of a plain scalar at the end of a line is lexed as a comment and given back to
 * the parser whole (issue 16: `yaml`'s lexer reads a plain scalar a character at a time, and
 * a 20 MB name was one step of 108-430 ms), and that changes nothing: the Document is the
 * one `parseDocument` gives.
 */

const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;
const MASKED_RUN_CHARS = COMPOSED_CHARS_PER_STEP * MASKED_RUN_CHARS_PER_COMPOSED_CHAR;

type PlainScalarLexing = (this: { pos: number }) => Generator<string, string>;

/** The longest plain scalar `yaml`'s lexer read a character at a time while `parse` ran, in characters. */
function longestPlainScalarLexed<T>(parse: () => T): { longest: number; value: T } {
  // A private generator method of the Lexer, reached through the prototype of the lexer the
  // parse uses (yamlLexer.ts): the work the masks are there to save, counted rather than timed.
  const prototype = SteppedLexer.prototype as unknown as { parsePlainScalar: PlainScalarLexing };
  const original = prototype.parsePlainScalar;
  let longest = 0;
  prototype.parsePlainScalar = function* (this: { pos: number }) {
    const start = this.pos;
    const next = yield* original.call(this);
    longest = Math.max(longest, this.pos - start);
    return next;
  };
  try {
    const value = parse();
    return { longest, value };
  } finally {
    prototype.parsePlainScalar = original;
  }
}

const run = (length: number) => 'aGVsbG8gd29ybGQ='.repeat(Math.ceil(length / 16)).slice(0, length);
const LONG = run(MASKED_RUN_CHARS * 4);

describe('long runs of a plain scalar, lexed as comments', () => {
  for (const [where, text] of [
    ['a 256 KiB name', `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${LONG}\nspec:\n  serviceName: web\n`],
    ['a Secret value after words, with CRLF line breaks', `apiVersion: v1\r\nkind: Secret\r\ndata:\r\n  key: some words ${LONG}\r\n  other: b\r\n`],
    ['a sequence item, then a blank line and a comment', `items:\n- ${LONG}\n\n# closing\n- b\n`],
    ['an explicit key', `? ${LONG}\n: value\n`],
    ['the last line, without a line break', `key: ${LONG}`],
    ['a line of a block scalar', `data: |\n  ${LONG}\n  more\n`],
    ['a line of a double-quoted scalar', `data: "first\n  ${LONG}\n  last"\n`],
    ['a comment', `# ${LONG}\nkey: value\n`],
    ['an item of a flow sequence closed on the next line', `key: [a,\n  ${LONG}\n]\n`],
    ['a map value followed by an indented comment', `key: ${LONG}\n  # note\nother: 1\n`],
    ['a run holding a # without a blank before it', `key: a#${LONG}\n`],
  ]) {
    it(`gives the Document parseDocument gives for ${where}, without lexing the run as a plain scalar`, () => {
      const whole = longestPlainScalarLexed(() => parseDocument(text, OPTIONS));
      const inSteps = longestPlainScalarLexed(() => runToEnd(parseDocumentSteps(text, OPTIONS)));
      assert.deepStrictEqual(inSteps.value, whole.value);
      assert.ok(inSteps.longest < 100, `a plain scalar of ${inSteps.longest} characters was lexed`);
    });
  }

  for (const [where, text] of [
    ['a plain scalar that goes on to the next line', `key: ${LONG}\n  continued\nother: 1\n`],
    ['a plain scalar that goes on after a blank line', `key: ${LONG}\n\n  continued\n`],
    ['a plain scalar in a flow sequence', `key: [${LONG}\n  ]\n`],
    ['an anchor that is the run', `key: &${LONG}\n`],
    ['a block scalar header that is the run', `key: |${LONG}\n  x\n`],
    ['a tag that is the run', `key: !${LONG}\n`],
  ]) {
    it(`gives the Document parseDocument gives for ${where}, lexed without masks`, () => {
      assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, OPTIONS)), parseDocument(text, OPTIONS));
    });
  }

  for (const text of [
    `key: "a"${LONG}\n`,
    `key: 'a'${LONG}\n`,
    `key: "${LONG}\n  b"\n`,
    `key: '${LONG}\n  b'\n`,
    `key: x #${LONG}\n`,
    `key: a:${LONG}\n`,
    `- - ${LONG}\n  - b\n`,
    `${LONG}\nnext: 1\n`,
    `%YAML 1.2\n---\n${LONG}\n...\n`,
    `key: [a, ${LONG}\n  , b]\n`,
    `key: {a: ${LONG}\n  }\n`,
    `key: ${LONG}\r\n  continued\r\n`,
    `key: ${LONG}\rnot a line break\n`,
    `key:\n- ${LONG}\n---\nsecond: ${LONG}\n`,
    `key: ${LONG}:\n  b: 1\n`,
    `key: ${LONG}:\nother: 1\n`,
    `key: [a,\n  b[${LONG}\n]\n`,
    `key: [a,\n  b{${LONG}\n]\n`,
    `key: [a,\n  ${LONG},b\n]\n`,
    `key: [a,\n  ${LONG}]\n`,
    `key: {a,\n  ${LONG}}\n`,
  ]) {
    it(`gives the Document parseDocument gives for ${JSON.stringify(text.replace(LONG, '<run>').replace(LONG, '<run>'))}, masked or not`, () => {
      assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, OPTIONS)), parseDocument(text, OPTIONS));
    });
  }

  // Found by a review: masked at its second character, a run starting a line (a key's
  // continuation, a commented-out line) made the lexer measure that line's indentation
  // otherwise, and lex the lines after it otherwise too.
  for (const text of [
    'a: x\nAAAAAAAAAAAAAAAA\nb: 1\n',
    'metadata:\n  name: x\n  AAAAAAAAAAAAAAAA\n  b: 1\n',
    'a: 1\n#AAAAAAAAAAAAAAAA\nx\ny: 2\n',
    'a: 1\n#AAAAAAAAAAAAAAAA\n"\nq"\n',
    '---AAAAAAAAAAAAAAAA\nb: 1\n',
    'a: 1\n...AAAAAAAAAAAAAAAA\n',
  ]) {
    it(`gives the Document parseDocument gives for a run starting a line: ${JSON.stringify(text)}, masked from 16 characters`, () => {
      assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, OPTIONS, 1)), parseDocument(text, OPTIONS));
    });
  }

  it('gives the Document parseDocument gives for a commented-out line of 70,000 characters', () => {
    const text = `spec:\n  replicas: 1\n  #${'A'.repeat(70_000)}\n  x\n  y: 2\n`;
    assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, OPTIONS)), parseDocument(text, OPTIONS));
  });

  it('masks no run shorter than MASKED_RUN_CHARS', () => {
    const text = `key: ${run(MASKED_RUN_CHARS - 1)}\n`;
    const inSteps = longestPlainScalarLexed(() => runToEnd(parseDocumentSteps(text, OPTIONS)));
    assert.equal(inSteps.longest, MASKED_RUN_CHARS - 1);
  });
});
