import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

const STATEFULSET = (namespace?: string) => statefulSetYaml({ namespace, replicas: 2 });
const SERVICE = (clusterIP = 'None') => serviceYaml({ clusterIP });

/** A temporary workspace folder with these files (relative path → text). */
function makeFolder(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ws-')));
  for (const [file, text] of Object.entries(files)) writeFile(root, file, text);
  return root;
}

function writeFile(root: string, file: string, text: string): string {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return uriOf(root, file);
}

const uriOf = (root: string, file: string) => pathToFileURL(path.join(root, file)).href;

async function startIn(root: string, settings: Record<string, unknown> = {}, pullDiagnostics = false): Promise<TestClient> {
  const client = new TestClient();
  client.settings = settings;
  await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }], pullDiagnostics });
  return client;
}

describe('workspace index over the protocol', () => {
  const roots: string[] = [];
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  async function workspace(files: Record<string, string>, settings?: Record<string, unknown>, pull?: boolean): Promise<{ root: string; client: TestClient }> {
    const root = makeFolder(files);
    roots.push(root);
    const client = await startIn(root, settings, pull);
    clients.push(client);
    return { root, client };
  }

  describe('a StatefulSet whose Service is only on disk', () => {
    let root: string;
    let client: TestClient;
    let sts: string;
    before(async () => {
      ({ root, client } = await workspace({ 'db/statefulset.yaml': STATEFULSET(), 'db/service.yaml': SERVICE() }));
      sts = uriOf(root, 'db/statefulset.yaml');
      await client.open(sts, STATEFULSET());
      await client.waitForProgressEnd();
    });

    it('finds the Service in its file on disk (no service-not-found)', async () => {
      await client.waitForDiagnostics(sts, (ds) => ds.length === 0);
      assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'the server registers its file watchers');
    });

    it('points at the file on disk through relatedInformation', async () => {
      const svc = writeFile(root, 'db/service.yaml', SERVICE('10.0.0.9'));
      await client.filesChanged([{ uri: svc, type: 2 }]);
      const ds = await client.waitForDiagnostics(sts, (list) => codes(list).includes('service-not-headless'));
      const related = ds.find((d) => d.code === 'service-not-headless')?.relatedInformation ?? [];
      assert.equal(related[0]?.location.uri, svc);
      const line = SERVICE('10.0.0.9').split('\n')[related[0].location.range.start.line];
      assert.match(line, /clusterIP: 10\.0\.0\.9/, 'the related range is in the Service file on disk');
    });

    it('brings service-not-found when the Service file is deleted, and clears it when the file is moved back in', async () => {
      const svc = uriOf(root, 'db/service.yaml');
      fs.rmSync(path.join(root, 'db/service.yaml'));
      await client.filesChanged([{ uri: svc, type: 3 }]);
      const ds = await client.waitForDiagnostics(sts, (list) => codes(list).includes('service-not-found'));
      assert.deepEqual(codes(ds), ['service-not-found']);
      // A rename is a delete plus a create, here of a whole folder (one event for the folder).
      writeFile(root, 'moved/svc/service.yaml', SERVICE());
      await client.filesChanged([{ uri: uriOf(root, 'moved'), type: 1 }]);
      await client.waitForDiagnostics(sts, (list) => list.length === 0);
      fs.rmSync(path.join(root, 'moved'), { recursive: true });
      await client.filesChanged([{ uri: uriOf(root, 'moved'), type: 3 }]);
      await client.waitForDiagnostics(sts, (list) => codes(list).includes('service-not-found'));
    });
  });

  it('indexes every workspace folder (multi-root), and folders added later', async () => {
    const apps = makeFolder({ 'sts.yaml': STATEFULSET() });
    const infra = makeFolder({ 'service.yaml': SERVICE() });
    const later = makeFolder({ 'svc.yaml': SERVICE().replace('name: nginx', 'name: later') });
    roots.push(apps, infra, later);
    const client = new TestClient();
    clients.push(client);
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(apps).href, name: 'apps' }, { uri: pathToFileURL(infra).href, name: 'infra' }] });
    const sts = uriOf(apps, 'sts.yaml');
    await client.open(sts, STATEFULSET());
    await client.waitForProgressEnd();
    await client.waitForDiagnostics(sts, (ds) => ds.length === 0);
    // Removing the folder that holds the Service takes it out of the index.
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(later).href, name: 'later' }], removed: [{ uri: pathToFileURL(infra).href, name: 'infra' }] },
    });
    const ds = await client.waitForDiagnostics(sts, (list) => list.length > 0);
    assert.deepEqual(codes(ds), ['service-not-found']);
    // The added folder is indexed: its Service is found.
    await client.waitForProgressEnd(2);
    await client.change(sts, STATEFULSET().replace('serviceName: nginx', 'serviceName: later'));
    await client.waitForDiagnostics(sts, (list) => list.length === 0);
  });

  it('does not index files matched by statefulManifests.exclude', async () => {
    const { root, client } = await workspace(
      { 'app/sts.yaml': STATEFULSET(), 'vendor/lib/service.yaml': SERVICE() },
      { exclude: ['vendor/**'] },
    );
    const sts = uriOf(root, 'app/sts.yaml');
    await client.open(sts, STATEFULSET());
    await client.waitForProgressEnd();
    // Another edit after indexing, so the wait below sees the final state.
    await client.change(sts, `${STATEFULSET()}# edited\n`);
    const ds = await client.waitForDiagnostics(sts, (list) => list.length > 0);
    assert.deepEqual(codes(ds), ['service-not-found']);
  });

  it("puts the files of a kustomization with namespace: in that namespace, and follows the kustomization's edits", async () => {
    const { root, client } = await workspace({
      'app/kustomization.yaml': 'namespace: db\nresources:\n  - statefulset.yaml\n  - service.yaml\n',
      'app/statefulset.yaml': STATEFULSET('team-a'),
      'app/service.yaml': SERVICE(),
    });
    const sts = uriOf(root, 'app/statefulset.yaml');
    await client.open(sts, STATEFULSET('team-a'));
    await client.waitForProgressEnd();
    await client.waitForDiagnostics(sts, (ds) => ds.length === 0);
    // Editing the kustomization (unsaved) takes the StatefulSet out: back to its own namespace.
    const kustomization = uriOf(root, 'app/kustomization.yaml');
    await client.open(kustomization, 'namespace: db\nresources:\n  - service.yaml\n');
    const ds = await client.waitForDiagnostics(sts, (list) => list.length > 0);
    assert.deepEqual(codes(ds), ['service-not-found']);
    assert.match(String(ds[0].message), /namespace 'db', not 'team-a'/);
  });

  it("follows a kustomization's replicas: for the pod names used in open files", async () => {
    const clients = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clients\ndata:\n  last: web-3.nginx:80\n';
    const { root, client } = await workspace({
      'app/kustomization.yaml': 'resources:\n  - statefulset.yaml\n  - service.yaml\n  - clients.yaml\n',
      'app/statefulset.yaml': STATEFULSET(),
      'app/service.yaml': SERVICE(),
      'app/clients.yaml': clients,
    });
    const cm = uriOf(root, 'app/clients.yaml');
    await client.open(cm, clients);
    await client.waitForProgressEnd();
    let ds = await client.waitForDiagnostics(cm, (list) => list.length > 0);
    assert.deepEqual(codes(ds), ['dns-name-unresolved']);
    assert.match(String(ds[0].message), /There is no pod 'web-3'\. .*\(replicas 2/);
    // Scaling the StatefulSet to 4 in the kustomization (unsaved) makes web-3 exist.
    const kustomization = uriOf(root, 'app/kustomization.yaml');
    await client.open(kustomization, 'resources:\n  - statefulset.yaml\n  - service.yaml\n  - clients.yaml\nreplicas:\n  - name: web\n    count: 4\n');
    ds = await client.waitForDiagnostics(cm, (list) => list.length === 0);
    assert.deepEqual(ds, []);
  });

  it('follows the edits of a kustomize patch file that starts or stops writing the replicas', async () => {
    const clients = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clients\ndata:\n  last: web-3.nginx:80\n';
    const patch = (spec: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n${spec}`;
    const { root, client } = await workspace({
      'app/kustomization.yaml': 'resources:\n  - statefulset.yaml\n  - service.yaml\n  - clients.yaml\npatches:\n  - path: scale.yaml\n',
      'app/statefulset.yaml': STATEFULSET(),
      'app/service.yaml': SERVICE(),
      'app/clients.yaml': clients,
      'app/scale.yaml': patch('  annotations: { team: db }\n'),
    });
    const cm = uriOf(root, 'app/clients.yaml');
    await client.open(cm, clients);
    await client.waitForProgressEnd();
    let ds = await client.waitForDiagnostics(cm, (list) => list.length > 0);
    assert.deepEqual(codes(ds), ['dns-name-unresolved'], 'a patch that writes no replicas keeps the count written');
    // The patch (unsaved) now sets the replicas: the count as built is not known here.
    const scale = uriOf(root, 'app/scale.yaml');
    await client.open(scale, patch('spec:\n  replicas: 4\n'));
    ds = await client.waitForDiagnostics(cm, (list) => list.length === 0);
    assert.deepEqual(ds, []);
  });

  it("follows a kustomization's commonLabels: labels it adds to selectors and templates silence the label comparisons", async () => {
    const service = serviceYaml({ clusterIP: 'None', selector: { tier: 'db' } });
    const { root, client } = await workspace({
      'app/kustomization.yaml': 'resources:\n  - statefulset.yaml\n  - service.yaml\n',
      'app/statefulset.yaml': STATEFULSET(),
      'app/service.yaml': service,
    });
    const sts = uriOf(root, 'app/statefulset.yaml');
    await client.open(sts, STATEFULSET());
    await client.waitForProgressEnd();
    let ds = await client.waitForDiagnostics(sts, (list) => list.length > 0);
    assert.deepEqual(codes(ds), ['service-selector-mismatch']);
    // commonLabels (unsaved) adds tier: db to the Service selector and the pod template as built.
    const kustomization = uriOf(root, 'app/kustomization.yaml');
    await client.open(kustomization, 'resources:\n  - statefulset.yaml\n  - service.yaml\ncommonLabels:\n  tier: db\n');
    ds = await client.waitForDiagnostics(sts, (list) => list.length === 0);
    assert.deepEqual(ds, []);
  });

  describe('with statefulManifests.diagnostics.scope = workspace', () => {
    let root: string;
    let client: TestClient;
    before(async () => {
      ({ root, client } = await workspace({
        'db/statefulset.yaml': STATEFULSET(),
        'gone/statefulset.yaml': STATEFULSET('gone'),
        'ok/statefulset.yaml': STATEFULSET('ok'),
        'ok/service.yaml': SERVICE().replace('name: nginx', 'name: nginx\n  namespace: ok'),
        'chart/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
        'chart/templates/statefulset.yaml': STATEFULSET('chart'),
      }, { diagnostics: { scope: 'workspace' } }, true));
      await client.waitForProgressEnd();
    });

    it('registers the pull model and reports a file that is not open', async () => {
      assert.ok(client.registrations.some((r) => r.method === 'textDocument/diagnostic' && (r.registerOptions as { workspaceDiagnostics?: boolean }).workspaceDiagnostics));
      const report = await client.request<{ items: { uri: string; kind: string; items: { code: string }[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
      const byUri = new Map(report.items.map((i) => [i.uri, i.items.map((d) => d.code)]));
      assert.deepEqual(byUri.get(uriOf(root, 'db/statefulset.yaml')), ['service-not-found']);
      assert.equal(byUri.get(uriOf(root, 'ok/statefulset.yaml')), undefined, 'files without findings are left out');
      assert.equal(byUri.get(uriOf(root, 'chart/templates/statefulset.yaml')), undefined, 'Helm chart templates get no findings');
    });

    it('answers textDocument/diagnostic for an open file and pushes nothing, so no finding is shown twice', async () => {
      const sts = uriOf(root, 'db/statefulset.yaml');
      await client.open(sts, STATEFULSET());
      const report = await client.request<{ kind: string; resultId: string; items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri: sts } });
      assert.deepEqual(report.items.map((d) => d.code), ['service-not-found']);
      const again = await client.request<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri: sts }, previousResultId: report.resultId });
      assert.equal(again.kind, 'unchanged');
      // Pushes are sent within a tick of the change; give them ample time to show up.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(client.lastDiagnostics(sts) ?? [], []);
    });

    it('sends only what changed, and a cleared report when a file with findings is deleted', async () => {
      const first = await client.request<{ items: { uri: string; resultId: string }[] }>('workspace/diagnostic', { previousResultIds: [] });
      const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: i.resultId }));
      const pending = client.request<{ items: { uri: string; items: unknown[] }[] }>('workspace/diagnostic', { previousResultIds });
      const sts = uriOf(root, 'gone/statefulset.yaml');
      assert.ok(previousResultIds.some((p) => p.uri === sts));
      fs.rmSync(path.join(root, 'gone/statefulset.yaml'));
      await client.filesChanged([{ uri: sts, type: 3 }]);
      const next = await pending;
      assert.deepEqual(next.items.map((i) => i.uri), [sts], 'only the deleted file is reported');
      assert.deepEqual(next.items[0].items, []);
    });

    it('pushes again for open files when the scope goes back to openFiles', async () => {
      const sts = uriOf(root, 'db/statefulset.yaml');
      client.settings = { diagnostics: { scope: 'openFiles' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const ds = await client.waitForDiagnostics(sts, (list) => list.length > 0);
      assert.deepEqual(codes(ds), ['service-not-found']);
      assert.ok(client.registrations.some((r) => r.method === 'textDocument/diagnostic'));
    });
  });
});
