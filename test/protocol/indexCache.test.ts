import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * The workspace index cache through the server (initializationOptions.storagePath, as
 * the VS Code client passes its storage folder): the second start reads the cache, and
 * an open file's diagnostics are those of the first start.
 */
describe('the workspace index cache of the server', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cache-ws-')));
  const storage = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cache-st-')));
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  async function start(): Promise<{ client: TestClient; diagnostics: string }> {
    const client = new TestClient();
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }], initializationOptions: { storagePath: storage, extensionVersion: '9.9.9' } });
    await client.waitForProgressEnd();
    const uri = pathToFileURL(path.join(root, 'sts.yaml')).href;
    await client.open(uri, fs.readFileSync(path.join(root, 'sts.yaml'), 'utf8'));
    const diagnostics = JSON.stringify(await client.waitForDiagnostics(uri));
    return { client, diagnostics };
  }

  it('is written after indexing and read at the next start, with the same diagnostics', async () => {
    fs.writeFileSync(path.join(root, 'sts.yaml'), statefulSetYaml({ name: 'web', serviceName: 'web' }));
    fs.writeFileSync(path.join(root, 'svc.yaml'), serviceYaml({ name: 'web', clusterIP: '10.1.1.1', selector: { app: 'web' } }));
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(root, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`);
    const first = await start();
    await first.client.shutdown();
    assert.deepEqual(fs.readdirSync(storage), ['workspace-index.json']);
    assert.match(first.diagnostics, /cluster IP|headless/i, 'a finding that needs the Service on disk');
    const second = await start();
    await second.client.shutdown();
    const fromCache = Number(second.client.logs.join('\n').match(/Indexed 22 YAML files in \d+ ms \((\d+) unchanged since the index cache\)/)?.[1]);
    assert.ok(fromCache >= 20, `files taken from the cache: ${fromCache}\n${second.client.logs.join('\n')}`);
    assert.equal(second.diagnostics, first.diagnostics);
  });

  it('is not written again after a reopen where nothing changed, and is after a change', async () => {
    const cacheFile = path.join(storage, 'workspace-index.json');
    // The cache is written to a new file then renamed over the old one: a write is a new inode.
    const identity = () => { const s = fs.statSync(cacheFile); return `${s.ino}/${s.mtimeMs}`; };
    const written = identity();
    const unchanged = await start();
    await unchanged.client.shutdown();
    assert.match(unchanged.client.logs.join('\n'), /\(22 unchanged since the index cache\)/);
    assert.equal(identity(), written, 'an unchanged reopen left the cache as it was');
    fs.writeFileSync(path.join(root, 'cm-new.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-new\n');
    const changed = await start();
    await changed.client.shutdown();
    assert.notEqual(identity(), written, 'a new file: the cache is written again');
  });
});
