import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { parseChunkSteps, parseFileSteps, runToEnd } from '../../server/src/core/parse';
import { extractResources, extractResourcesSteps } from '../../server/src/core/extract';
import { splitDocuments } from '../../server/src/core/split';
import { LEXEMES_PER_STEP, parseDocumentSteps } from '../../server/src/core/yamlSteps';
import { COMPOSED_CHARS_PER_STEP } from '../../server/src/core/yamlCompose';
import { findCorpus } from '../corpus/sweep';
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

function corpusFiles(): string[] {
  const { dir } = findCorpus();
  if (!dir) return [];
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

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
});
