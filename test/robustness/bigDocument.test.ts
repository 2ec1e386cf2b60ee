import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { pair, statefulSet } from './manifests';

/**
 * A big document and what arrives while it is read: new settings must not parse it in
 * one go (they wait for the sliced parse), and a file with more findings than the
 * server publishes gets the first ones and one message.
 */
const LONG = 180_000;

describe('a big document', () => {
  let client: TestClient;
  let pulled: (() => void) | undefined;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    client.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      setImmediate(() => pulled?.());
      return p.items.map((item) => (item.section === 'statefulManifests' ? client.settings : null));
    });
    await client.initialize();
  });
  after(() => client.shutdown());

  it('is still parsed in slices when new settings arrive right after it opened', async () => {
    // About 4 MB in 16,000 documents: many slices of parsing.
    const big = 'file:///big/settings-race.yaml';
    const text = `${Array.from({ length: 8_000 }, (_, i) => pair(`db-${i}`)).join('---\n')}---\n${statefulSet('web', 'nope')}`;
    await client.open(big, text);
    const settingsRead = new Promise<void>((resolve) => { pulled = resolve; });
    client.settings = { defaultNamespace: 'other' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await settingsRead;
    // Handled after the settings were read and applied (or queued): before the fix,
    // applying them had parsed the whole file synchronously, so nothing was left to parse.
    const stats = await client.request<{ parsing: number }>('statefulManifests/test/schedulerStats', null);
    assert.ok(stats.parsing > 0, 'the settings finished the parse of the big file synchronously');
    const ds = await client.waitForDiagnostics(big, (d) => d.length > 0, LONG);
    assert.deepEqual(codes(ds), ['service-not-found']);
    await client.close(big);
  });

  it('publishes at most 1,000 findings of a file, and says so once', async () => {
    const uri = 'file:///big/many-findings.yaml';
    const text = Array.from({ length: 1_200 }, (_, i) => statefulSet(`web-${i}`, 'nowhere')).join('---\n');
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    assert.equal(ds.length, 1_000);
    const shown = () => client.logs.filter((l) => l.startsWith('showMessage: ') && l.includes('many-findings.yaml has 1200 findings'));
    assert.equal(shown().length, 1, client.logs.join('\n'));
    // Another analysis of the same file: logged again, not shown again.
    client.resetDiagnostics(uri);
    await client.change(uri, `${text}\n# edited\n`);
    await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    assert.equal(shown().length, 1);
    await client.close(uri);
  });
});
