import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CST, parseDocument } from 'yaml';
import { runToEnd } from '../../server/src/core/steps';
import { COMPOSED_CHARS_PER_STEP } from '../../server/src/core/yamlCompose';
import { blockScalarCutSteps } from '../../server/src/core/yamlBlockScalars';
import { FLOW_SCALAR_CHARS_PER_COMPOSED_CHAR, decodeFlowScalarSteps } from '../../server/src/core/yamlFlowScalars';
import { parseDocumentSteps } from '../../server/src/core/yamlSteps';

/**
 * A large quoted or multi-line plain scalar is decoded a part at a time (issue 16: `yaml`
 * decodes a double-quoted one at about 80 ms per MB, so a ConfigMap holding a 20 MB quoted
 * value was one step of 2.2 s; it unfolds the lines of the others at about 5 ms per MB), and
 * the parts change nothing: the value is the one `yaml` decodes whole.
 */

const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;
const SCALAR_CHARS_PER_STEP = COMPOSED_CHARS_PER_STEP * FLOW_SCALAR_CHARS_PER_COMPOSED_CHAR;

type FlowScalarType = 'double-quoted-scalar' | 'single-quoted-scalar' | 'scalar';

/** What `yaml` decodes of the whole source, or undefined when it reports a problem. */
function decodedWhole(type: FlowScalarType, source: string): string | undefined {
  let problem = false;
  const resolved = CST.resolveAsScalar({ type, offset: 0, indent: 0, source }, false, () => {
    problem = true;
  });
  return problem ? undefined : (resolved?.value as string);
}

/** Blanks and line breaks, which every kind folds, beside plain characters and a pair of surrogates. */
const COMMON = ['a', 'b', 'word', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\r', ' \n  ', '\t\n\t', '😀', 'é'];

/** Everything that carries state in `yaml`'s decoder of each kind, and how the kind is written. */
const KINDS: { type: FlowScalarType; quote: string; pieces: string[] }[] = [
  {
    type: 'double-quoted-scalar',
    quote: '"',
    pieces: [...COMMON, '\\n', '\\t', '\\ ', '\\\t', '\\"', '\\\\', '\\/', '\\0', '\\x41', '\\u00e9', '\\U0001F600', '\\\n', '\\\r\n', '\\\n   ', '\\q', '\\x4', '\\u12', '\\UFFFFFFFF'],
  },
  { type: 'single-quoted-scalar', quote: "'", pieces: [...COMMON, "''", "'", "'''"] },
  // Characters a plain scalar may not start with, which yaml reports only at its start.
  { type: 'scalar', quote: '', pieces: [...COMMON, ',', '%', '|', '>', '@', '`', '#', ': '] },
];

// `yaml`'s internal decoders, those its composer calls: the package exports only its index,
// so the modules are reached by their paths (the same files, so the same module instances).
type Decoder = (...args: unknown[]) => unknown;
const compose = (file: string) => require(require.resolve('yaml').replace(/index\.js$/, `compose/${file}`)) as Record<string, Decoder>;
const DECODERS: [Record<string, Decoder>, string, (args: unknown[]) => { source: string }][] = [
  [compose('resolve-flow-scalar.js'), 'resolveFlowScalar', (args) => args[0] as { source: string }],
  [compose('resolve-block-scalar.js'), 'resolveBlockScalar', (args) => args[1] as { source: string }],
];

/** The longest scalar source `yaml` decodes in any one step of `steps`, and the steps' value. */
function longestDecodedPerStep<T>(steps: Generator<void, T>): { longest: number; steps: number; value: T } {
  let longest = 0;
  let inStep = 0;
  const originals = DECODERS.map(([module, name, tokenOf]) => {
    const original = module[name];
    module[name] = (...args: unknown[]) => {
      inStep += tokenOf(args).source.length;
      return original(...args);
    };
    return () => (module[name] = original);
  });
  try {
    for (let count = 0; ; count++) {
      inStep = 0;
      const step = steps.next();
      longest = Math.max(longest, inStep);
      if (step.done) return { longest, steps: count, value: step.value };
    }
  } finally {
    originals.forEach((restore) => restore());
  }
}

/** What `yaml` decodes of a whole block scalar, or undefined when it reports a problem. */
function blockDecodedWhole(token: CST.BlockScalar): string | undefined {
  let problem = false;
  const resolved = CST.resolveAsScalar(token, false, () => {
    problem = true;
  });
  return problem ? undefined : (resolved?.value as string);
}

/** Lines of a block scalar's body at content indentation 2 (or 3 with `|3`), and every kind of line that changes how they join. */
const BLOCK_LINE = fc.constantFrom('  text', '  text', '  text', '  more words', '  more words', '  more words', '    more indented', '   odd', '', '  ', '      ', ' less', '\ttab', '  \ttab after', '  crlf\r', '\r', '  # not a comment', '  😀');

describe('decoding a large flow scalar in parts', () => {
  for (const { type, quote, pieces } of KINDS) {
    it(`gives the value yaml decodes from the whole source of a ${type}, or nothing where yaml finds a problem, cut anywhere`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (drawn, charsPerStep, closed) => {
          const source = `${quote}${drawn.join('')}${closed ? quote : ''}`;
          const token = { type, source };
          assert.equal(runToEnd(decodeFlowScalarSteps(token, charsPerStep)), decodedWhole(type, source), JSON.stringify(source));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('gives the value yaml decodes from a whole block scalar, cut between any two lines of text', () => {
    let decoded = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('|', '>', '|-', '>-', '|+', '>+', '|2', '>2-', '|3+', '|1', '>x'),
        fc.constantFrom(0, 1),
        fc.constantFrom('', ' # a comment'),
        fc.array(BLOCK_LINE, { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 60 }),
        (header, indent, comment, lines, charsPerStep) => {
          const props = [
            { type: 'block-scalar-header', offset: 0, indent, source: header },
            ...(comment ? [{ type: 'space', offset: header.length, indent, source: ' ' }, { type: 'comment', offset: header.length + 1, indent, source: comment.slice(1) }] : []),
            { type: 'newline', offset: header.length + comment.length, indent, source: '\n' },
          ] as CST.SourceToken[];
          const token: CST.BlockScalar = { type: 'block-scalar', offset: 0, indent, props, source: lines.map((line) => `${line}\n`).join('') };
          const cut = runToEnd(blockScalarCutSteps(token, charsPerStep));
          if (!cut) return;
          decoded++;
          assert.equal(cut.value, blockDecodedWhole(token), JSON.stringify([header, indent, token.source]));
          assert.equal(cut.comment, comment ? comment.slice(2) : undefined);
        },
      ),
      { numRuns: 3000 },
    );
    assert.ok(decoded > 300, `only ${decoded} of 3,000 block scalars decoded in parts`);
  });

  for (const [kind, value] of [
    ['double-quoted', `"${'{\\"name\\": \\"web-0.web\\", \\"port\\": 5432}\\n plain text, then a break\n    '.repeat(16_000)}"`],
    ['single-quoted', `'${"it''s a line of a value\n\n    ".repeat(36_000)}'`],
    ['multi-line plain', `${'a line of a plain value\n    '.repeat(36_000)}end`],
    ['literal block', `| # header\n${'    a line of a block\n\n      more indented\n'.repeat(22_000)}    end`],
    ['folded block', `>-\n${'    a line of a block\n    folded into it\n\n      more indented\n'.repeat(16_000)}    end`],
  ]) {
    it(`decodes a 1 MB ${kind} value in a ConfigMap a part at a time, to the Document parseDocument gives`, () => {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  config.json: ${value} # generated\n  other: "small"\n`;
      const whole = longestDecodedPerStep((function* () {
        return parseDocument(text, OPTIONS);
      })());
      const inSteps = longestDecodedPerStep(parseDocumentSteps(text, OPTIONS));
      // Composed whole, the value is one decode of the whole source, in one step.
      assert.ok(value.length > 900_000 && whole.longest >= value.length, `whole: ${whole.longest} of ${value.length}`);
      assert.ok(inSteps.longest <= SCALAR_CHARS_PER_STEP + 100, `a step decoded ${inSteps.longest} characters`);
      assert.ok(inSteps.steps >= value.length / (SCALAR_CHARS_PER_STEP + 100), `${inSteps.steps} steps`);
      assert.deepStrictEqual(inSteps.value, whole.value);
    });
  }

  // Found by a review: a multi-line plain scalar was taken for a string, but a YAML 1.1
  // timestamp may hold a blank between its date and its time, which a line break folds to.
  it('composes whole a multi-line plain scalar that the schema reads as another type (a YAML 1.1 timestamp)', () => {
    const options = { prettyErrors: false, version: '1.1' } as const;
    for (const [text, charsPerStep] of [
      ['k: 2001-12-14\n  1:5:4\n', 1],
      ['- 2001-12-14\n  21:59:43.10\n', 1],
      [`k: 2001-12-14\n${' '.repeat(17_000)}1:5:4\n`, undefined],
    ] as const) {
      const stepped = runToEnd(parseDocumentSteps(text, options, charsPerStep));
      assert.deepStrictEqual(stepped, parseDocument(text, options));
    }
  });

  // Found by a second review: with the `compat` option the composer also tests a plain
  // scalar against a second schema's types, and warns where the two read it differently.
  it('composes whole a multi-line plain scalar that the compat schema reads as another type, keeping its warning', () => {
    const options = { prettyErrors: false, compat: 'yaml-1.1' } as const;
    const text = 'a:\n  b: 2001-12-14\n    21:59:43.10 -5\n  c: 1\n';
    const whole = parseDocument(text, options);
    assert.ok(whole.warnings.some((w) => /may be parsed as either/.test(w.message)), 'yaml warns of the value');
    assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, options, 1)), whole);
  });

  // Found by a second review: a block scalar's parts were decoded as if `strict` were off,
  // so a comment glued to its header lost the error `yaml` gives it by default.
  it('decodes a scalar\'s parts as strictly as the options say', () => {
    for (const options of [{ prettyErrors: false }, { prettyErrors: false, strict: true }, { prettyErrors: false, strict: false }] as const) {
      for (const text of ['- |#c\n  x\n  y\n', 'k: >-#c\n  x\n  y\n  z\n', '- "a b c"#c\n', "k: 'a\n  b'#c\n", 'k: a\n  b #c\n']) {
        const whole = parseDocument(text, options);
        assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, options, 1)), whole, `${JSON.stringify(options)} ${JSON.stringify(text)}`);
      }
    }
    assert.ok(parseDocument('- |#c\n  x\n  y\n', { prettyErrors: false }).errors.some((e) => e.code === 'MISSING_CHAR'));
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

  it('composes whole a large value with a tag, an anchor or a problem, a document that is only a string, and a plain scalar of one line', () => {
    const value = 'x'.repeat(2 * SCALAR_CHARS_PER_STEP);
    for (const text of [
      `data:\n  tagged: !!str "${value}"\n`,
      `data:\n  anchored: &a "${value}"\n  again: *a\n`,
      `data:\n  bad: "\\q${value}"\n`,
      `"${value}"\n`,
      `data:\n  one line: ${value}\n`,
      `data:\n  plain: ${value}\n    ${value}\n`.replace('plain: x', 'plain: ,'),
    ]) {
      const inSteps = longestDecodedPerStep(parseDocumentSteps(text, OPTIONS));
      assert.ok(inSteps.longest > value.length, `${text.slice(0, 20)}: decoded ${inSteps.longest} characters at once`);
      assert.deepStrictEqual(inSteps.value, parseDocument(text, OPTIONS));
    }
  });
});
