import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';

/**
 * Suppressions, the "Ignore <rule> for this line" quick fix and the shared
 * `.stateful-manifests.yaml`, through the built server as an editor drives it.
 */
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  clusterIP: None\n';

describe('team settings over the protocol', () => {
  const roots: string[] = [];
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  async function start(files: Record<string, string>, settings: Record<string, unknown> = {}): Promise<{ root: string; client: TestClient }> {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-team-')));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
    const client = new TestClient();
    clients.push(client);
    client.settings = settings;
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    return { root, client };
  }

  it('suppression fixtures: the same findings as the core gives (List, multi-document, unused)', async () => {
    const { client } = await start({});
    const dir = path.join(FIXTURES, 'rules', 'unused-suppression');
    const expected: Record<string, string[]> = {
      'valid-document-and-list.yaml': ['invalid-name', 'invalid-name', 'service-not-found'],
      'invalid-unused.yaml': Array(6).fill('unused-suppression'),
    };
    for (const [name, rules] of Object.entries(expected)) {
      const uri = pathToFileURL(path.join(dir, name)).href;
      await client.open(uri, fs.readFileSync(path.join(dir, name), 'utf8'));
      const ds = await client.waitForDiagnostics(uri);
      assert.deepEqual(codes(ds).sort(), rules, name);
      if (name.startsWith('invalid')) assert.ok(ds.every((d) => d.severity === 3), 'information');
    }
  });

  it('the quick fix writes the comment, and the finding goes away', async () => {
    const { root, client } = await start({});
    const uri = pathToFileURL(path.join(root, 'svc.yaml')).href;
    await client.open(uri, SERVICE);
    const [diagnostic] = await client.waitForDiagnostics(uri, (ds) => codes(ds).includes('invalid-name'));
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] },
    }) as { title: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    const ignore = actions.find((a) => a.title === 'Ignore invalid-name for this line');
    assert.ok(ignore, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(ignore.edit.changes[uri], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  # stateful-manifests-disable-next-line invalid-name\n' }]);
    await client.change(uri, SERVICE.replace('  name: Bad_Name', '  # stateful-manifests-disable-next-line invalid-name\n  name: Bad_Name'));
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0);
  });

  it('reads .stateful-manifests.yaml at the workspace root; editor settings override it; a change on disk applies', async () => {
    const config = 'rules:\n  invalid-name: "off"\n';
    const { root, client } = await start({ '.stateful-manifests.yaml': config });
    const uri = pathToFileURL(path.join(root, 'svc.yaml')).href;
    const worker = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: worker\nspec:\n  selector:\n    matchLabels:\n      app: w\n  template:\n    metadata:\n      labels:\n        app: w\n';
    await client.open(uri, `${SERVICE}---\n${worker}`);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 1 && codes(ds)[0] === 'service-name-missing');
    assert.ok(client.registrations.some((r) => JSON.stringify(r.registerOptions ?? '').includes('.stateful-manifests.yaml')), 'the server watches the file');

    // The file changes on disk: invalid-name comes back as a warning.
    const configFile = path.join(root, '.stateful-manifests.yaml');
    fs.writeFileSync(configFile, 'rules:\n  invalid-name: warning\n  service-name-missing: "off"\n');
    await client.filesChanged([{ uri: pathToFileURL(configFile).href, type: 2 }]);
    const ds = await client.waitForDiagnostics(uri, (list) => codes(list).join() === 'invalid-name');
    assert.equal(ds[0].severity, 2);

    // One person's editor setting wins over the file for that rule; the file's other rules stay.
    client.settings = { rules: { 'invalid-name': 'error' }, clusterDomain: 'cluster.local' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const mine = await client.waitForDiagnostics(uri, (list) => list.length === 1 && list[0].severity === 1);
    assert.deepEqual(codes(mine), ['invalid-name']);

    // Invalid content: a warning naming the file and the line; the defaults apply.
    fs.writeFileSync(configFile, 'rules:\n  invalid-name: warning\nclusterDomain: "Not A Domain"\n');
    await client.filesChanged([{ uri: pathToFileURL(configFile).href, type: 2 }]);
    await client.waitForDiagnostics(uri, (list) => codes(list).sort().join() === 'invalid-name,service-name-missing');
    const deadline = Date.now() + 5000;
    while (!client.logs.some((l) => l.includes('showMessage: Stateful Manifests: .stateful-manifests.yaml:3: clusterDomain must be a DNS domain')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(client.logs.some((l) => l.includes('showMessage: Stateful Manifests: .stateful-manifests.yaml:3: clusterDomain must be a DNS domain')), client.logs.join('\n'));
  });
});
