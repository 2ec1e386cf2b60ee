import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { findCorpus, readExpected, sweep } from './sweep';

/**
 * The corpus sweep: the CLI over the shared corpus of real manifests must finish (no
 * crash) with exactly the findings of test/corpus/expected-findings.tsv, each judged in
 * test/corpus/JUDGEMENTS.md. `npm run corpus:update` rewrites the file for review.
 * Without the corpus the test fails, unless SM_SKIP_CORPUS=1 says to skip it, and then
 * it says so.
 */
const { dir, looked } = findCorpus();

if (!dir && process.env.SM_SKIP_CORPUS === '1') {
  it('corpus sweep', { skip: `SKIPPED on request (SM_SKIP_CORPUS=1): no corpus in ${looked.join(', ')}` }, () => {});
  console.log(`corpus sweep SKIPPED: SM_SKIP_CORPUS=1 and no corpus in ${looked.join(', ')}`);
} else {
  it('the CLI over the corpus ends normally with exactly the expected findings', () => {
    assert.ok(dir, `the corpus is missing: looked in ${looked.join(', ')}. Set SM_CORPUS to its folder, or SM_SKIP_CORPUS=1 to skip this test on purpose.`);
    const result = sweep(dir);
    assert.equal(result.crash, undefined, 'the CLI threw');
    assert.ok(result.status === 0 || result.status === 1, `the CLI stopped on bad usage (status ${result.status}):\n${result.stderr}`);
    assert.match(result.stderr, /^\d+ files checked: \d+ findings/m);
    const expected = readExpected();
    const unexpected = result.rows.filter((r) => !expected.includes(r));
    const missing = expected.filter((r) => !result.rows.includes(r));
    assert.deepEqual({ unexpected, missing }, { unexpected: [], missing: [] },
      'findings differ from test/corpus/expected-findings.tsv: run `npm run corpus:update`, review the diff and judge each change in test/corpus/JUDGEMENTS.md');
  });
}
