import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RESOURCES_PER_STAGING_STEP } from '../../server/src/core/workspace/stagedIndex';
import { TestClient } from '../support/lspClient';
import { service, statefulSet } from './manifests';

/**
 * The steps of the server's own work that a many-resource file makes long (issue 16):
 * each is done in slices, so a request is answered in between. The test hooks stop the
 * work after its first step; before the fix the step was the whole work, so it never
 * stopped half-way and the request waited for all of it.
 */
const LONG = 180_000;

describe('long steps of a many-resource file', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('answers the outline of a small file opened beside a big one before the big one is parsed', { timeout: LONG }, async () => {
    const big = 'file:///long-steps/big.yaml';
    const small = 'file:///long-steps/small.yaml';
    await client.open(big, Array.from({ length: 3 * RESOURCES_PER_STAGING_STEP }, (_, i) => statefulSet(`web-${i}`, 'gov')).join('---\n'));
    await client.open(small, service('ping'));
    const outline = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: small } });
    assert.equal(outline.length, 1);
    // Before, the small file was parsed after the big one, and its outline waited for its
    // analysis, which waited for every parse: nothing was left to parse by then.
    const stats = await client.request<{ parsing: number }>('statefulManifests/test/schedulerStats', null);
    assert.equal(stats.parsing, 1, 'the outline waited for the big file to be parsed');
    await client.waitForDiagnostics(big, (d) => d.length > 0, LONG);
    await client.close(big);
    await client.close(small);
  });

  it('answers the outline of a small file while a big one is analysed', { timeout: LONG }, async () => {
    const big = 'file:///long-steps/big-analysis.yaml';
    const small = 'file:///long-steps/small-analysis.yaml';
    await client.open(small, service('ping'));
    await client.waitForDiagnostics(small, () => true, LONG);
    let bigPublished = false;
    const published = client.waitForDiagnostics(big, (d) => d.length > 0, LONG).then(() => { bigPublished = true; });
    await client.open(big, Array.from({ length: 3 * RESOURCES_PER_STAGING_STEP }, (_, i) => statefulSet(`web-${i}`, 'gov')).join('---\n'));
    // Once the big file is parsed, its analysis (30 steps) runs, and the small file's (it
    // looked up the pods the big file adds) waits behind it.
    while ((await client.request<{ parsing: number }>('statefulManifests/test/schedulerStats', null)).parsing > 0);
    const outline = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: small } });
    assert.equal(outline.length, 1);
    assert.equal(bigPublished, false, 'the outline waited for the analysis of the big file');
    await published;
    await client.close(big);
    await client.close(small);
  });

  it('answers a request while new settings re-index the workspace, with the previous settings', { timeout: LONG }, async () => {
    // Three steps of re-indexing: StatefulSets governed by a Service only the namespace 'moved' has.
    const count = 3 * RESOURCES_PER_STAGING_STEP;
    const uri = 'file:///long-steps/many.yaml';
    const gov = 'file:///long-steps/gov.yaml';
    await client.open(gov, service('gov').replace('metadata:\n', 'metadata:\n  namespace: moved\n'));
    await client.open(uri, Array.from({ length: count }, (_, i) => statefulSet(`web-${i}`, 'gov')).join('---\n'));
    await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    const held = client.request<string>('statefulManifests/test/holdNextSettings', null);
    client.settings = { defaultNamespace: 'moved' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // The hold stops re-indexing after its first step; if that step was all of it, the new
    // findings come first (and nothing is held).
    const applied = client.waitForDiagnostics(uri, (d) => d.length === 0, LONG);
    const first = await Promise.race([held, applied.then(() => 'applied in one step')]);
    assert.equal(first, 'settings');
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri }, position: { line: 3, character: 9 },
    });
    assert.match(hover?.contents.value ?? '', /\.default\.svc/, 'answered with the settings in use until the new index is complete');
    await client.request('statefulManifests/test/release', null);
    await applied;
    const after = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri }, position: { line: 3, character: 9 },
    });
    assert.match(after?.contents.value ?? '', /\.moved\.svc/);
    await client.close(uri);
    await client.close(gov);
  });
});
