import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CST, parseDocument } from 'yaml';
import { runToEnd } from '../../server/src/core/steps';
import { COMPOSED_CHARS_PER_STEP } from '../../server/src/core/yamlCompose';
import { QUOTED_CHARS_PER_COMPOSED_CHAR, decodeDoubleQuotedSteps } from '../../server/src/core/yamlQuoted';
import { parseDocumentSteps } from '../../server/src/core/yamlSteps';

/**
 * A large double-quoted scalar is decoded a part at a time (issue 16: `yaml` decodes one at
 * about 80 ms per MB, so a ConfigMap holding a 20 MB quoted value was one step of 2.2 s), and
 * the parts change nothing: the value is the one `yaml` decodes whole.
 */

const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;
const QUOTED_CHARS_PER_STEP = COMPOSED_CHARS_PER_STEP * QUOTED_CHARS_PER_COMPOSED_CHAR;

/** What `yaml` decodes of the whole source, or undefined when it reports a problem. */
function decodedWhole(source: string): string | undefined {
  let problem = false;
  const resolved = CST.resolveAsScalar({ type: 'double-quoted-scalar', offset: 0, indent: 0, source }, false, () => {
    problem = true;
  });
  return problem ? undefined : (resolved?.value as string);
}

/** Everything that carries state in `yaml`'s decoder, beside plain characters and a pair of surrogates. */
const PIECE = fc.constantFrom(
  'a', 'b', 'word', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\r', ' \n  ', '\t\n\t',
  '\\n', '\\t', '\\ ', '\\\t', '\\"', '\\\\', '\\/', '\\0', '\\x41', '\\u00e9', '\\U0001F600', '\\\n', '\\\r\n', '\\\n   ',
  '😀', 'é', '\\q', '\\x4', '\\u12', '\\UFFFFFFFF',
);

// `yaml`'s internal decoder, the one its composer calls: the package exports only its index,
// so the module is reached by its path (the same file, so the same module instance).
const resolveFlowScalarModule = require(require.resolve('yaml').replace(/index\.js$/, 'compose/resolve-flow-scalar.js')) as {
  resolveFlowScalar: (token: { type: string; source: string }, ...rest: unknown[]) => unknown;
};

/** The longest double-quoted source `yaml` decodes in any one step of `steps`, and the steps' value. */
function longestDecodedPerStep<T>(steps: Generator<void, T>): { longest: number; steps: number; value: T } {
  const original = resolveFlowScalarModule.resolveFlowScalar;
  let longest = 0;
  let inStep = 0;
  resolveFlowScalarModule.resolveFlowScalar = (token, ...rest) => {
    if (token.type === 'double-quoted-scalar') inStep += token.source.length;
    return original(token, ...rest);
  };
  try {
    for (let count = 0; ; count++) {
      inStep = 0;
      const step = steps.next();
      longest = Math.max(longest, inStep);
      if (step.done) return { longest, steps: count, value: step.value };
    }
  } finally {
    resolveFlowScalarModule.resolveFlowScalar = original;
  }
}

describe('decoding a large double-quoted scalar in parts', () => {
  it('gives the value yaml decodes from the whole source, or nothing where yaml finds a problem, cut anywhere', () => {
    fc.assert(
      fc.property(fc.array(PIECE, { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (pieces, charsPerStep, closed) => {
        const source = `"${pieces.join('')}${closed ? '"' : ''}`;
        assert.equal(runToEnd(decodeDoubleQuotedSteps(source, charsPerStep)), decodedWhole(source), JSON.stringify(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes a 1 MB quoted value in a ConfigMap a part at a time, to the Document parseDocument gives', () => {
    const line = '{\\"name\\": \\"web-0.web\\", \\"port\\": 5432}\\n plain text, then a break\n    ';
    const value = line.repeat(Math.ceil(1_000_000 / line.length));
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  config.json: "${value}" # generated\n  other: "small"\n`;
    const whole = longestDecodedPerStep((function* () {
      return parseDocument(text, OPTIONS);
    })());
    const inSteps = longestDecodedPerStep(parseDocumentSteps(text, OPTIONS));
    // Composed whole, the value is one decode of the whole source, in one step.
    assert.ok(whole.longest > value.length, `whole: ${whole.longest}`);
    assert.ok(inSteps.longest <= QUOTED_CHARS_PER_STEP + 100, `a step decoded ${inSteps.longest} characters`);
    assert.ok(inSteps.steps >= value.length / (QUOTED_CHARS_PER_STEP + 100), `${inSteps.steps} steps`);
    assert.deepStrictEqual(inSteps.value, whole.value);
  });

  it('puts a quoted value decoded apart back in the last piece of a sequence cut into pieces', () => {
    // Found by the property in composeSteps.test.ts: the value was put back into the
    // sequence's items before they were joined with the pieces composed apart, so the
    // Document kept its stand-in, an alias.
    const text = '- "word \\u00e9 \\x41"\n- "word \\u00e9 \\x41 and more words"\n';
    const stepped = runToEnd(parseDocumentSteps(text, OPTIONS, 1));
    assert.deepStrictEqual(stepped, parseDocument(text, OPTIONS));
    assert.equal(stepped.toJS()[1], 'word \u00e9 A and more words');
  });

  it('composes whole a large quoted value with a tag, an anchor or a problem, and a document that is only a string', () => {
    const value = 'x'.repeat(2 * QUOTED_CHARS_PER_STEP);
    for (const text of [
      `data:\n  tagged: !!str "${value}"\n`,
      `data:\n  anchored: &a "${value}"\n  again: *a\n`,
      `data:\n  bad: "\\q${value}"\n`,
      `"${value}"\n`,
    ]) {
      const inSteps = longestDecodedPerStep(parseDocumentSteps(text, OPTIONS));
      assert.ok(inSteps.longest > value.length, `${text.slice(0, 20)}: decoded ${inSteps.longest} characters at once`);
      assert.deepStrictEqual(inSteps.value, parseDocument(text, OPTIONS));
    }
  });
});
