import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * The editor never waits on the workspace index (issue #15): a hover in an open file is
 * answered while indexing is held after a slice (test hook), so before indexing ends,
 * with nothing timed. Then indexing goes on and ends.
 */
describe('a hover while the workspace is being indexed', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-hold-')));
  let client: TestClient | undefined;
  after(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is answered before indexing ends, and the index then ends', async () => {
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(root, `svc-${i}.yaml`), serviceYaml({ name: `svc-${i}` }));
    const sts = statefulSetYaml({});
    fs.writeFileSync(path.join(root, 'sts.yaml'), sts);
    client = new TestClient(['--test-hooks']);
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    // Sent before the client answers the settings request that starts the index.
    await hoverWhileIndexingIsHeld(client, root, sts);
    assert.match(client.logs.join('\n'), /Indexed 51 YAML files/);
  });
});

/**
 * The same on reopening from the index cache, with enough files (1,000, the indexer's
 * STAT_AHEAD_MIN_FILES) that a worker thread stats them while the main thread indexes.
 */
describe('a hover while the workspace is reopened from the index cache', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-hold-cache-')));
  const storage = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-hold-store-')));
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('is answered before indexing ends, and every file then comes from the cache', async () => {
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(root, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`);
    fs.writeFileSync(path.join(root, 'svc.yaml'), serviceYaml({ name: 'web' }));
    const sts = statefulSetYaml({});
    fs.writeFileSync(path.join(root, 'sts.yaml'), sts);
    const options = { workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }], initializationOptions: { storagePath: storage, extensionVersion: '1.0.0' } };
    const first = new TestClient();
    clients.push(first);
    await first.initialize(options);
    await first.waitForProgressEnd();
    await first.shutdown();
    clients.pop();
    const client = new TestClient(['--test-hooks']);
    clients.push(client);
    await client.initialize(options);
    await hoverWhileIndexingIsHeld(client, root, sts);
    assert.match(client.logs.join('\n'), /Indexed 1002 YAML files in \d+ ms \(1002 unchanged since the index cache\)/);
  });
});

/**
 * Holds indexing after its next slice (test hook), opens `sts.yaml` of `root` and hovers its
 * `serviceName`: the hover must be answered, with the pods' names, before indexing ends.
 * Then releases indexing and waits for it to end.
 */
async function hoverWhileIndexingIsHeld(client: TestClient, root: string, sts: string): Promise<void> {
  await client.request('statefulManifests/test/holdIndexing', null);
  const uri = pathToFileURL(path.join(root, 'sts.yaml')).href;
  await client.open(uri, sts);
  const line = sts.split('\n').findIndex((l) => l.includes('serviceName:'));
  const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 18 } });
  assert.equal(client.progressEnded, 0, 'indexing ended before the hover was answered');
  assert.ok(hover && JSON.stringify(hover.contents).includes('web-0'), `a hover with the pods' names: ${JSON.stringify(hover)}`);
  await client.request('statefulManifests/test/releaseIndexing', null);
  await client.waitForProgressEnd();
}
