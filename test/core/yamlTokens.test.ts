import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { shortenLongRuns, yamlTokens, yamlTokenStream, type Token } from '../../server/src/core/yamlTokens';
import { corpusFiles } from '../corpus/sweep';
import { FIXTURES, ROOT } from '../support/paths';
import { seededRandom } from '../support/seededRandom';

/** The tokens as the lexer gives them for the whole text, nothing shortened: the reference. */
const unshortened = (text: string): Token[] => [...yamlTokenStream(text, Infinity)];
/** Runs of 33 name characters and more cut (16 kept at each end): every such run of the inputs. */
const cutEverywhere = (text: string): Token[] => [...yamlTokenStream(text, 1)];

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

const NAME_CHARACTERS = 'ABCXYZabcxyz0123456789+/=_.-';
const next = seededRandom(16);
const randomRun = (length: number) => Array.from({ length }, () => NAME_CHARACTERS[Math.floor(next() * NAME_CHARACTERS.length)]).join('');
/** Runs whose every character the lexer might read with a meaning of its own: signs, digits, dots, dashes. */
const RUNS = [randomRun(40), randomRun(200), '-'.repeat(60), '.'.repeat(60), '9'.repeat(60), '+'.repeat(60), `2${'-'.repeat(50)}+`, `${'a'.repeat(30)}-${'1'.repeat(30)}`];

/** Places a run can stand in a YAML text (`R`): every kind of token the lexer makes around one. */
const PLACES = [
  'name: R\n', 'R: value\n', 'R\n', '-R\n', '- R\n', '- - R\n', '? R\n: R\n', 'a: "R"\n', "a: 'R'\n", 'a: "x\\"R\\\\"\n',
  'a: x\n  R\n  y\n', 'a: "x\n  R"\n', 'a: |\n  R\n  x\nb: 1\n', 'a: >-\n  R\n\n  R\n', 'a: |R\n  x\n', 'a: >R\n  x\n', 'a: |2R\n   x\n',
  '# R\na: 1\n', 'a: 1 # R\n', 'a: x#R\n', 'a: &R v\nb: *R\n', 'a: !R v\n', 'a: !!R v\n', 'a: {R: R, b: [R, R]}\n', '[R, {R}]\n',
  '---R\n', '--- R\n', '...R\n', 'R---\n', '%YAML 1.2R\n---\na: 1\n', '%TAG !e! tag:R,2000:\n---\na: !e!x 1\n',
  'a:R\n', 'a: R:\n', 'a: R: b\n', 'a: b:R\n', 'a:\n- R\n- R: R\n', 'a: "R\n\n R"\n', 'a: \'R\n  R\'\n', 'key R: x\n',
  '\tR: 1\n', 'a: R\r\nb: R\r\n', 'a: R\rb: 1\r', 'R', '"R', "'R", '|\nR', 'a: {R\n', 'a: [R\n', '{R: [R, R}\n',
];

describe('yamlTokenStream over long runs of name characters', () => {
  it('gives the tokens of the text as written, with every run longer than 32 characters cut for the lexer', (t) => {
    const corpus = corpusFiles();
    if (corpus.length === 0) t.diagnostic('no corpus found (../shared/corpus): fixtures, examples and crafted texts only');
    const files = [...yamlFiles(FIXTURES), ...yamlFiles(path.join(ROOT, 'examples')), ...corpus];
    const texts = [
      ...PLACES.flatMap((place) => RUNS.map((run) => place.replaceAll('R', run))),
      PLACES.map((place, i) => place.replaceAll('R', RUNS[i % RUNS.length])).join('---\n'),
      ...files.map((file) => fs.readFileSync(file, 'utf8')),
    ];
    let cutTexts = 0;
    for (const text of texts) {
      if (shortenLongRuns(text, 1).text.length < text.length) cutTexts++;
      assert.deepEqual(cutEverywhere(text), unshortened(text), JSON.stringify(text.slice(0, 120)));
    }
    // Not a comparison of texts left whole: most are cut somewhere.
    assert.ok(cutTexts > PLACES.length * RUNS.length * 0.9 && cutTexts > 300, `${cutTexts} of ${texts.length} texts were cut`);
  });

  it('lexes a 20 MB name as its two ends, and gives it back as one token at its place', () => {
    const name = 'a'.repeat(20 * 1024 * 1024); // one regular expression over it overflowed V8's stack
    const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: web\n`;
    assert.ok(shortenLongRuns(text).text.length < 200, 'the lexer reads the name whole');
    const tokens = yamlTokens(text);
    const nameToken = tokens.find((token) => token.text.length > 1000);
    assert.deepEqual(nameToken, { text: name, offset: text.indexOf(name), scalar: true, block: false });
    assert.deepEqual(tokens.filter((token) => token.scalar).map((token) => token.text.slice(0, 20)), ['apiVersion', 'apps/v1', 'kind', 'StatefulSet', 'metadata', 'name', name.slice(0, 20), 'spec', 'serviceName', 'web']);
  });

  it('never cuts a block scalar header, whose last digit and signs the lexer reads', () => {
    for (const header of ['|', '>']) {
      const text = `a: ${header}${'-'.repeat(5000)}2\n   x\n`;
      assert.equal(shortenLongRuns(text).text, text);
    }
  });
});
