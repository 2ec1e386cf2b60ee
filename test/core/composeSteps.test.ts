import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { CST, Composer, Lexer, parseDocument, type Document } from 'yaml';
import { runToEnd } from '../../server/src/core/steps';
import { COMPOSED_CHARS_PER_STEP, MAX_CUT_DEPTH } from '../../server/src/core/yamlCompose';
import { LEXEMES_PER_STEP, parseDocumentSteps, type YamlParseOptions } from '../../server/src/core/yamlSteps';
import { envStatefulSet, topList } from '../support/largeYaml';

/**
 * A large document is composed a piece at a time (issue 16: a 2 MB `kind: List` was one
 * step of a second of CPU), and the pieces change nothing: the Document is the one
 * `parseDocument` gives, or the document is composed whole.
 */

const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;

/** A `kind: List` of `count` StatefulSets in one document, as `kubectl get -o yaml` writes. */
function list(count: number): string {
  const item = (i: number) => `- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: web-${i}\n  spec:\n    serviceName: svc-${i % 7}\n    replicas: ${i % 4}\n`;
  return `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: count }, (_, i) => item(i)).join('')}`;
}

/**
 * The characters of YAML composed in each step of `steps` (CST.stringify of every document
 * token a Composer is given, the pieces composed apart and the rest): the work of a step,
 * counted rather than timed.
 */
function composedPerStep<T>(steps: Generator<void, T>): { perStep: number[]; value: T } {
  const perStep: number[] = [0];
  const next = Composer.prototype.next;
  Composer.prototype.next = function* (this: Composer, token: CST.Token) {
    if (token.type === 'document') perStep[perStep.length - 1] += CST.stringify(token).length;
    return yield* next.call(this, token);
  };
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return { perStep, value: step.value };
      perStep.push(0);
    }
  } finally {
    Composer.prototype.next = next;
  }
}

function stepCount(steps: Generator<void, unknown>): number {
  let count = 0;
  while (!steps.next().done) count++;
  return count;
}

/**
 * Everything deepStrictEqual compares (classes, own enumerable properties, the schema), as
 * text: a `!!omap` or `!!set` node holds functions bound to itself, never equal between two
 * parses, shown here by their names. Errors and warnings by code, position and message
 * (their stacks differ).
 */
const SHOWN = { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity, sorted: true } as const;

function shown(doc: Document.Parsed): string {
  const problems = (list: Error[]) => list.map((e) => Object.assign({}, e, { message: e.message }));
  return inspect(Object.assign(Object.create(Object.getPrototypeOf(doc)), doc, { errors: problems(doc.errors), warnings: problems(doc.warnings) }), SHOWN);
}

function assertSameDocument(stepped: Document.Parsed, direct: Document.Parsed, text: string): void {
  assert.equal(shown(stepped), shown(direct), text.slice(0, 300));
}

/**
 * The text of a double-quoted scalar of 40 to 400 characters, with escapes, blanks and a
 * line break in it: long enough, with pieces of up to 200 characters, to be decoded apart
 * (yamlQuoted.ts) in some draws and composed with its collection in others.
 */
const quoted = (i: number) => `word\\t \\u00e9 ${i} \\"q\\"  \\x41😀 `.repeat(1 + (i % 10)).slice(0, -1);

/**
 * A run of 20 to 700 characters that only a plain scalar's end can hold: with pieces of up
 * to 200 characters, long enough to be lexed as a comment (yamlMasks.ts) in some draws.
 */
const run = (i: number) => `r${i}-${'aGVsbG8=/+.x'.repeat(2 + ((i * 37) % 60))}`;

/** Pieces of YAML that composing in pieces must either handle exactly or leave to composing whole. */
const ITEM = fc.constantFrom(
  (i: number) => `- ${run(i)}\n`,
  (i: number) => `- words ${run(i)}\r\n`,
  (i: number) => `- ${run(i)}\n  continued\n`,
  (i: number) => `- |\n  ${run(i)}\n`,
  (i: number) => `- "a\n  ${run(i)}\n  b"\n`,
  (i: number) => `- [a,\n  ${run(i)}\n  ]\n`,
  (i: number) => `- &${run(i)}\n`,
  (i: number) => `- ${run(i)}:\n`,
  (i: number) => `# ${run(i)}\n`,
  (i: number) => `- "${quoted(i)}"\n`,
  (i: number) => `- &q${i} "${quoted(i)}"\n`,
  (i: number) => `- !!str "${quoted(i)}"\n`,
  (i: number) => `- "${quoted(i)}" # after a quoted scalar\n`,
  (i: number) => `- "${quoted(i)}\n   folded  \n\n   \\\n  escaped break ${i}"\n`,
  (i: number) => `- "bad escape \\q ${quoted(i)}"\n`,
  (i: number) => `- 'it''s ${i}, ${quoted(i)}\n   folded  \n\n   ''more'' ${quoted(i)}'\n`,
  (i: number) => `- ${['|', '>', '|-', '>+', '|2', '>1-'][i % 6]}${i % 4 === 0 ? ' # header' : ''}\n\n  ${quoted(i)}\n  folded ${i}\n\n    more indented\n  ${quoted(i)}\n  last\n\n`,
  (i: number) => `- plain ${i} ${quoted(i)}\n  folded,%@ ${quoted(i)}\n\n  after a blank line\n`,
  (i: number) => `- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: web-${i}\n`,
  (i: number) => `- &a${i}\n  name: a-${i}\n  labels: {app: x}\n`,
  (i: number) => `- name: *a${i - 1}\n  <<: *a${i - 2}\n`,
  (i: number) => `- *a${i - 1}\n`,
  (i: number) => `- !!map\n  key: ${i}\n`,
  (i: number) => `- !!str ${i}\n`,
  (i: number) => `- !!set\n  ? a${i}\n`,
  (i: number) => `- !!omap\n  - a: ${i}\n`,
  (i: number) => `- !custom ${i}\n`,
  (i: number) => `- !!binary aGVsbG8=${i}\n`,
  () => '# a comment between items\n',
  () => '  # an indented comment\n',
  () => '\n',
  () => '-\n',
  (i: number) => `- |\n  block ${i}\n   more\n`,
  (i: number) => `- {a: ${i}, b: [1, 2]}\n`,
  (i: number) => `- [${i}, {c: d}]\n`,
  (i: number) => `- key: 1\n  key: 2\n`,
  (i: number) => `-  bad: ${i}\n b: indent\n`,
  (i: number) => `- a: ${i}\n\tb: tab\n`,
  (i: number) => `- "unterminated ${i}\n`,
  (i: number) => `- - nested ${i}\n  - seq\n`,
  (i: number) => `- ? complex ${i}\n  : key\n`,
  (i: number) => `- a: ${i} # trailing comment\n`,
  (i: number) => `- ${i}: x\n  ${i}: y\n`,
);
const ENTRY = fc.constantFrom(
  (i: number) => `  run-${i}: ${run(i)}\n`,
  (i: number) => `  run-${i}: ${run(i)}\n\n    continued after a blank line\n`,
  (i: number) => `  ? ${run(i)}\n  : v\n`,
  (i: number) => `  quoted-${i}: "${quoted(i)}"\n`,
  (i: number) => `  plain-${i}: ${quoted(i)}\n    continued ${quoted(i)}\n`,
  (i: number) => `  block-${i}: ${['|', '>-', '|+'][i % 3]}\n    ${quoted(i)}\n    ${quoted(i)}\n      more\n    end\n`,
  (i: number) => `  single-${i}: '${quoted(i)}\n    continued'\n`,
  (i: number) => `  quoted-${i}:\n    "${quoted(i)}\n    next line"\n`,
  (i: number) => `  quoted-${i}:\n\n    # before a quoted scalar\n    "${quoted(i)}"\n`,
  (i: number) => `  key-${i}: value-${i}\n`,
  (i: number) => `  key-${i % 3}: duplicate\n`,
  (i: number) => `  &k${i} anchored-${i}: v\n`,
  (i: number) => `  ref-${i}: *k${i - 1}\n`,
  (i: number) => `  <<: {merged: ${i}}\n`,
  (i: number) => `  tagged-${i}: !!int "${i}"\n`,
  () => '  # a comment between entries\n',
  () => '\n',
  (i: number) => `  ? explicit-${i}\n  : value\n`,
  (i: number) => `  key-${i}:\n`,
  (i: number) => `  multi\n  line-${i}: x\n`,
);
const PRELUDE = fc.constantFrom('', '# leading comment\n', '%YAML 1.1\n---\n', '%TAG ! tag:example.com,2000:\n---\n', '---\n', '--- # marker comment\n', '\uFEFF');
const ITEMS_KEY = fc.constantFrom('items:\n', 'items: !!seq\n', 'items: !!omap\n', 'items: !!pairs\n', 'items: !custom\n', 'items: &all\n', 'items: # comment\n', '? items\n:\n');
const DATA_KEY = fc.constantFrom('data:\n', 'data: !!set\n', 'data: !!map\n', 'data: &data\n');
const AFTER = fc.constantFrom('', 'other: 1\n', 'items: again\n', '# trailing comment\n', '...\n', '---\nsecond: document\n', 'bad: [\n');
/** The core's options, and others the piecewise path must refuse or handle (parseDocumentSteps never takes `prettyErrors`). */
const OPTION_SETS: YamlParseOptions[] = [OPTIONS, { prettyErrors: false }, { ...OPTIONS, merge: true }, { ...OPTIONS, version: '1.1' }, { ...OPTIONS, keepSourceTokens: true }, { ...OPTIONS, strict: true }];

/** A List-like document (a large sequence, a large map, or both under one top-level map), built from the pieces above. */
const DOCUMENT = fc.record({
  prelude: PRELUDE,
  itemsKey: ITEMS_KEY,
  indent: fc.constantFrom('', '  '),
  items: fc.array(ITEM, { maxLength: 30 }),
  dataKey: DATA_KEY,
  entries: fc.array(ENTRY, { maxLength: 20 }),
  after: AFTER,
}).map(({ prelude, itemsKey, indent, items, dataKey, entries, after }) => {
  const sequence = items.map((item, i) => item(i).replace(/^(?=.)/gm, indent)).join('');
  const map = entries.length > 0 ? `${dataKey}${entries.map((entry, i) => entry(i)).join('')}` : '';
  return `${prelude}apiVersion: v1\nkind: List\n${itemsKey}${sequence}${map}${after}`;
});

const indent = (text: string, pad: string) => text.replace(/^(?=.)/gm, pad);
/** A block collection at column 0: a sequence of ITEMs or a map of ENTRYs. */
const BODY = fc.oneof(
  fc.array(ITEM, { minLength: 1, maxLength: 30 }).map((items) => items.map((item, i) => item(i)).join('')),
  fc.array(ENTRY, { minLength: 1, maxLength: 20 }).map((entries) => entries.map((entry, i) => entry(i).replace(/^ {2}/gm, '')).join('')),
);
/** Ways a collection sits in another: a map's value (with siblings, props, a comment), a sequence's item, a container's env. */
const WRAP = fc.constantFrom(
  (body: string) => `key:\n${indent(body, '  ')}`,
  (body: string) => `key:\n${body}`,
  (body: string) => `before: 1\nkey: &anchor\n${indent(body, '  ')}after: 2\n`,
  (body: string) => `key: !!seq\n${indent(body, '  ')}`,
  (body: string) => `key: # comment\n${indent(body, '  ')}`,
  (body: string) => `? key\n:\n${indent(body, '  ')}`,
  (body: string) => `- ${indent(body, '  ').slice(2)}`,
  (body: string) => `- first\n- ${indent(body, '  ').slice(2)}- last\n`,
  (body: string) => `- name: c\n  env:\n${indent(body, '    ')}  image: x\n`,
  (body: string) => `- !!map\n${indent(body, '  ')}`,
  (body: string) => `-\n${indent(body, '  ')}# closing comment\n`,
);
/** A collection nested in up to six others, or none (a document that is itself a list or a map). */
const NESTED = fc.record({ prelude: PRELUDE, body: BODY, wraps: fc.array(WRAP, { maxLength: 6 }), after: AFTER }).map(({ prelude, body, wraps, after }) => prelude + wraps.reduce((text, wrap) => wrap(text), body) + after);

/**
 * The property: every document drawn, cut into pieces of 1 to 200 characters, with any of
 * the option sets, gives the Document parseDocument gives; and enough of them are composed
 * in pieces to test that path.
 */
function assertSameWhenCut(documents: fc.Arbitrary<string>, numRuns: number): void {
  let inPieces = 0;
  let runs = 0;
  fc.assert(fc.property(documents, fc.integer({ min: 1, max: 200 }), fc.constantFrom(...OPTION_SETS), (text, charsPerStep, options) => {
    runs++;
    // Too small to yield while lexing: any step is a piece composed apart.
    if (stepCount(parseDocumentSteps(text, options, charsPerStep)) > 0) inPieces++;
    assertSameDocument(runToEnd(parseDocumentSteps(text, options, charsPerStep)), parseDocument(text, options), text);
  }), { numRuns });
  // About a sixth of the List-like documents (96 to 117 of 600 in runs here) and a seventh of
  // the nested ones (132 to 145 of 1,000) are large enough to compose in pieces: a twentieth
  // guards that the path is exercised without failing on a random draw, as a tenth did.
  assert.ok(inPieces > runs / 20, `only ${inPieces} of ${runs} documents composed in pieces: the property tests too little of that path`);
}

describe('composing one large document in pieces', () => {
  it('composes a large List a piece of COMPOSED_CHARS_PER_STEP characters per step, after the LEXEMES_PER_STEP tokens per step of the lexing', () => {
    const text = list(1_000); // about 130 KB, one document
    const lexemes = [...new Lexer().lex(text)].length;
    const steps = stepCount(parseDocumentSteps(text, OPTIONS));
    const lexing = Math.floor(lexemes / LEXEMES_PER_STEP);
    const pieces = Math.floor(text.length / COMPOSED_CHARS_PER_STEP);
    assert.ok(steps >= lexing + pieces - 1, `${steps} steps: ${lexing} of lexing, ${pieces} pieces to compose`);
    assertSameDocument(runToEnd(parseDocumentSteps(text, OPTIONS)), parseDocument(text, OPTIONS), text);
  });

  for (const [shape, text] of [
    ['a document that is itself a list of 10,000 StatefulSets (1 MB)', topList(10_000)],
    ['a StatefulSet whose container has an env list of 19,000 entries (1 MB), deep in the object', envStatefulSet(19_000)],
  ]) {
    it(`composes ${shape} a piece of about COMPOSED_CHARS_PER_STEP characters per step`, () => {
      assert.ok(text.length > 1_000_000, `${text.length} characters`);
      const { perStep, value } = composedPerStep(parseDocumentSteps(text, OPTIONS));
      // Every character is composed (the rest twice: the trial and the composer's), a piece
      // of about 4 KiB at a time: no step composes more than one piece and the rest beside it.
      const total = perStep.reduce((a, b) => a + b, 0);
      assert.ok(total >= text.length, `${total} characters composed of ${text.length}`);
      assert.ok(Math.max(...perStep) <= 3 * COMPOSED_CHARS_PER_STEP, `a step composed ${Math.max(...perStep)} characters`);
      assert.deepStrictEqual(value, parseDocument(text, OPTIONS));
    });
  }

  it('cuts a document nested deeper than MAX_CUT_DEPTH down to that depth, to the Document parseDocument gives', () => {
    const depth = MAX_CUT_DEPTH + 200;
    let text = '';
    for (let d = 0; d < depth; d++) text += `${'  '.repeat(d)}key-${d}: x\n${'  '.repeat(d)}nested-${d}:\n`;
    text += `${'  '.repeat(depth)}leaf: 1\n`;
    // Pieces of one character: every map down to MAX_CUT_DEPTH is cut, the rest composed whole.
    const steps = stepCount(parseDocumentSteps(text, OPTIONS, 1));
    assert.ok(steps >= MAX_CUT_DEPTH, `${steps} steps`);
    assert.deepStrictEqual(runToEnd(parseDocumentSteps(text, OPTIONS, 1)), parseDocument(text, OPTIONS));
  });

  it('gives the Document parseDocument gives for any List-like document, cut anywhere, or composes it whole', () => {
    assertSameWhenCut(DOCUMENT, 600);
  });

  it('gives the Document parseDocument gives for a collection nested anywhere (or none), cut anywhere, or composes it whole', () => {
    assertSameWhenCut(NESTED, 1000);
  });
});
