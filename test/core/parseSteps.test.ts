import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { dnsCandidateSteps } from '../../server/src/core/extract/dnsCandidates';
import { ENV_ENTRIES_PER_STEP } from '../../server/src/core/extract/listsAhead';
import { isTemplated } from '../../server/src/core/template';
import { parseChunkSteps, parseFileSteps, runToEnd } from '../../server/src/core/parse';
import { extractResources, extractResourcesSteps } from '../../server/src/core/extract';
import { splitDocuments } from '../../server/src/core/split';
import { LEXEMES_PER_STEP, parseDocumentSteps } from '../../server/src/core/yamlSteps';
import { COMPOSED_CHARS_PER_STEP } from '../../server/src/core/yamlCompose';
import { corpusFiles } from '../corpus/sweep';
import { envStatefulSet, topList } from '../support/largeYaml';

/**
 * A large document is parsed in steps (issue 16), and the steps change nothing: the same
 * `yaml` Document as `parseDocument`, the same model as a parse in one go.
 */

const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;

/** Inputs that exercise what parseDocument does besides lexing: several documents, errors, directives, comments, aliases. */
const CRAFTED = [
  '',
  'a: 1\n',
  '# only a comment\n',
  'a: 1\n---\nb: 2\n',
  '%YAML 1.2\n---\na: [1, 2\n',
  'a: &x { b: 1 }\nc: *x\nd: *missing\n',
  'key: value\n  bad indent: 1\n- seq in map\n',
  '"unterminated\n',
  'a: 1\n...\n# trailing comment\n',
  '- a\n- b: c\n  d: |\n    block\n    text\n- ? complex\n  : key\n',
  '\uFEFF# bom\napiVersion: v1\nkind: Service # c\nmetadata: {name: x}\n',
];

/** One ConfigMap document with `keys` data entries: about 4 lexical tokens per entry. */
function configMap(keys: number): string {
  const data = Array.from({ length: keys }, (_, i) => `  key-${i}: value-${i}\n`).join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${data}`;
}

/** A `kind: List` of `count` StatefulSets in one document, as `kubectl get -o yaml` writes. */
function list(count: number): string {
  const item = (i: number) => `- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: web-${i}\n  spec:\n    serviceName: svc-${i % 7}\n    replicas: ${i % 4}\n    selector: { matchLabels: { app: web } }\n`;
  return `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: count }, (_, i) => item(i)).join('')}`;
}

function stepsOf<T>(steps: Generator<void, T>): { steps: number; value: T } {
  let count = 0;
  for (;;) {
    const next = steps.next();
    count++;
    if (next.done) return { steps: count, value: next.value };
  }
}

describe('parsing one document in steps', () => {
  const corpus = corpusFiles();
  const texts = [...CRAFTED, configMap(3_000), list(300), topList(300), envStatefulSet(1_000), ...corpus.map((file) => fs.readFileSync(file, 'utf8'))];

  it('gives the Document parseDocument gives, for crafted inputs and every corpus file, its block collections at any depth composed in pieces of any size', (t) => {
    if (corpus.length === 0) t.diagnostic('no corpus found: crafted inputs only');
    // Pieces of one item (1 character) and of a few: every block list or map of the corpus, at any depth, is cut (yamlCompose.ts).
    for (const charsPerStep of [COMPOSED_CHARS_PER_STEP, 256, 1]) {
      for (const text of texts) {
        const stepped = runToEnd(parseDocumentSteps(text, OPTIONS, charsPerStep));
        const direct = parseDocument(text, OPTIONS);
        assert.deepStrictEqual(stepped, direct, text.slice(0, 200));
        assert.deepStrictEqual(stepped.errors.map((e) => [e.code, e.pos, e.message]), direct.errors.map((e) => [e.code, e.pos, e.message]));
      }
    }
  });

  it('gives the same model stepped as in one go, for every document of those inputs', () => {
    for (const text of texts) {
      for (const [index, chunk] of splitDocuments(text).entries()) {
        const stepped = runToEnd(parseChunkSteps('file:///x.yaml', index, chunk.text, chunk.startLine, chunk.startOffset, undefined, 0));
        const whole = runToEnd(parseChunkSteps('file:///x.yaml', index, chunk.text, chunk.startLine, chunk.startOffset, undefined, Infinity));
        assert.deepStrictEqual(stepped, whole, chunk.text.slice(0, 200));
      }
    }
  });

  it('takes a step per LEXEMES_PER_STEP tokens of a large document, and one per small document as before', () => {
    const keys = 20_000; // about 80,000 tokens, 500 KB: one document
    const big = stepsOf(parseFileSteps('file:///big.yaml', configMap(keys)));
    assert.equal(big.value.resources.length, 1);
    assert.ok(big.steps >= (4 * keys) / LEXEMES_PER_STEP, `${big.steps} steps for one document of ${keys} entries`);
    const small = Array.from({ length: 50 }, () => configMap(3)).join('---\n');
    assert.equal(stepsOf(parseFileSteps('file:///small.yaml', small)).steps, 51, 'one step per document, then the end');
  });

  it('models the objects of a large List a few per step, to the same resources', () => {
    const doc = parseDocument(list(300), OPTIONS);
    const context = { uri: 'file:///list.yaml', documentIndex: 0, templated: false, anchor: { startLine: 0, lineStarts: [0], length: 0 } };
    const stepped = stepsOf(extractResourcesSteps(doc, context, 64));
    assert.equal(stepped.steps, Math.floor(300 / 64) + 1);
    assert.deepStrictEqual(stepped.value, extractResources(doc, context));
    assert.equal(stepped.value.length, 300);
  });

  // An alias entry (`*alias`) is unreadable: 6 of the 5,000 and 13 of the 12,000 entries.
  // Before: one object was modelled in one step however large: 0.5-1.0 s of CPU for a
  // StatefulSet with a 5 MB env list (docs/limits.md, "Modelling one object").
  it('models one object with long env lists in steps, to the same resource', () => {
    const entries = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => (i % 997 === 5
      ? `                - *alias\n`
      : `                - name: ${prefix}_${i}\n                  value: "http://web-${i % 3}.web.default.svc:80"\n`)).join('');
    const text = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n            - name: init\n              env:\n                - &alias {name: SHORT, value: x}\n${entries('INIT', 5_000)}          containers:\n            - name: main\n              env:\n${entries('MAIN', 12_000)}              image: busybox\n`;
    const doc = parseDocument(text, OPTIONS);
    const context = { uri: 'file:///cron.yaml', documentIndex: 0, templated: false, anchor: { startLine: 0, lineStarts: [0], length: 0 } };
    const stepped = stepsOf(extractResourcesSteps(doc, context, 64));
    const whole = extractResources(doc, context);
    assert.deepStrictEqual(stepped.value, whole);
    const [cron] = whole;
    assert.deepEqual(cron.podTemplate?.containers.map((c) => [c.name?.value, c.env.length, c.envExact]), [['init', 4_995, false], ['main', 11_987, false]]);
    assert.ok(stepped.steps >= Math.floor(5_000 / ENV_ENTRIES_PER_STEP) + Math.floor(12_000 / ENV_ENTRIES_PER_STEP), `${stepped.steps} steps`);
  });
});

describe('DNS candidates of an object, looked at in steps', () => {
  // The walk was recursive and in one step; it is now a stack of its own, in steps: the same
  // strings in the same order as the recursive walk it replaced, written out here.
  const recursive = (node: unknown, out: string[] = [], depth = 0): string[] => {
    if (out.length >= 200 || depth > 64) return out;
    if (isMap(node)) for (const pair of node.items) recursive(pair.value, out, depth + 1);
    else if (isSeq(node)) for (const item of node.items) recursive(item, out, depth + 1);
    else if (isScalar(node) && typeof node.value === 'string' && node.value.length < 4096 && !isTemplated(node.value) && /\.svc(?:\.|\b)|\.cluster\.local\b|(?:^|[^A-Za-z0-9_.-])[a-z0-9-]+-\d+\.[a-z0-9-]+/.test(node.value)) out.push(node.value);
    return out;
  };
  const deep = (depth: number): string => (depth === 0 ? '"db-0.db.ns.svc"' : `{a: "web-${depth}.web", b: ${deep(depth - 1)}, c: "x.svc.cluster.local"}`);
  it('finds what the recursive walk found, at every depth and past 200, in the corpus and crafted objects', () => {
    const texts = [
      ...corpusFiles().map((file) => fs.readFileSync(file, 'utf8')),
      `apiVersion: v1\nkind: ConfigMap\ndata: ${deep(80)}\n`,
      `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 300 }, (_, i) => `  k${i}: "web-${i}.web"\n`).join('')}`,
    ];
    let compared = 0;
    for (const text of texts) {
      for (const doc of parseAllDocuments(text, OPTIONS)) {
        if (!('contents' in doc)) continue;
        const context = { uri: 'file:///x.yaml', documentIndex: 0, templated: false, anchor: { startLine: 0, lineStarts: [0], length: 0 } };
        for (const perStep of [Infinity, 3]) {
          const found = stepsOf(dnsCandidateSteps(doc.contents, context, perStep)).value.map((l) => l.value);
          assert.deepEqual(found, recursive(doc.contents));
          compared++;
        }
      }
    }
    assert.ok(compared > 100, `${compared} documents compared`);
  });
});
