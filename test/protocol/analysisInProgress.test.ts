import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * The workspace changes while the scheduler is half-way through its work: the server
 * analyses in steps and handles messages between them. A file that looked the Service
 * up before the change must be analysed again, or its diagnostics stay those of the old
 * workspace for good.
 *
 * The `--test-hooks` request `holdNextAnalysis` stops the scheduler after the first step
 * of the next multi-step analysis; the test changes the workspace, then releases it.
 * That is the moment any slice boundary of a long analysis offers, without timing.
 */

const SERVICE = serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } });

/**
 * A StatefulSet governed by Service `web`, then enough ConfigMaps (no rule looks at them)
 * that the analysis takes more than one step: it yields every 100 resources.
 */
function statefulSetFile(): string {
  const padding = Array.from({ length: 250 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: padding-${i}\ndata:\n  key: value\n`);
  return [statefulSetYaml({ name: 'web', serviceName: 'web', replicas: 2, labels: { app: 'web' } }), ...padding].join('---\n');
}

const hasServiceNotFound = (d: Parameters<typeof codes>[0]) => codes(d).includes('service-not-found');

describe('a change that arrives while the scheduler is half-way through its work', () => {
  const clients: TestClient[] = [];
  const roots: string[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  async function start(workspaceFolder?: string): Promise<TestClient> {
    const client = new TestClient(['--test-hooks']);
    clients.push(client);
    await client.initialize(workspaceFolder ? { workspaceFolders: [{ uri: pathToFileURL(workspaceFolder).href, name: 'ws' }] } : {});
    return client;
  }

  /** Opens the StatefulSet file and resolves once its analysis has stopped after its first step. */
  async function openAndHold(client: TestClient, uri: string): Promise<void> {
    const held = client.request<string>('statefulManifests/test/holdNextAnalysis', null);
    await client.open(uri, statefulSetFile());
    const heldUri = await held;
    if (heldUri !== uri) throw new Error(`held the analysis of ${heldUri}, not of ${uri}`);
  }

  it('re-checks the file when the document with its Service is closed', async () => {
    const client = await start();
    const service = 'file:///in-progress/service.yaml';
    const sts = 'file:///in-progress/statefulset.yaml';
    await client.open(service, SERVICE);
    await client.waitForDiagnostics(service);

    await openAndHold(client, sts);
    await client.close(service); // handled before the release below: messages are in order
    await client.request('statefulManifests/test/release', null);
    await client.waitForDiagnostics(sts, hasServiceNotFound);
  });

  // A text that a request parsed, then dropped before the scheduler took it up: its
  // change must still re-check the files that depend on it.
  const endings: [string, (client: TestClient, service: string) => Promise<void>][] = [
    ['a newer text replaces it', (client, service) => client.change(service, SERVICE.replace('name: web', 'name: web-3'))],
    ['the document is closed', (client, service) => client.close(service)],
  ];
  for (const [ending, end] of endings) {
    it(`re-checks dependents of a text parsed for a request when ${ending} before the scheduler took it up`, async () => {
      const client = await start();
      const service = 'file:///dropped/service.yaml';
      const sts = 'file:///dropped/statefulset.yaml';
      await client.open(service, SERVICE);
      await client.open(sts, statefulSetYaml({ name: 'web', serviceName: 'web', replicas: 2, labels: { app: 'web' } }));
      await client.waitForDiagnostics(sts, (d) => d.length === 0);

      // Another file's long analysis holds the scheduler, so it takes up no parse meanwhile.
      await openAndHold(client, 'file:///dropped/large.yaml');
      await client.change(service, SERVICE.replace('name: web', 'name: web-2'));
      // A request that reads the Service's file parses the new text at once: the Service
      // named web leaves the index.
      await client.request('textDocument/documentSymbol', { textDocument: { uri: service } });
      await end(client, service);
      await client.request('statefulManifests/test/release', null);
      await client.waitForDiagnostics(sts, hasServiceNotFound);
    });
  }

  it('re-checks the file when the file on disk with its Service is deleted', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-in-progress-')));
    roots.push(root);
    const serviceFile = path.join(root, 'service.yaml');
    fs.writeFileSync(serviceFile, SERVICE);
    const client = await start(root);
    await client.waitForProgressEnd();

    const sts = pathToFileURL(path.join(root, 'statefulset.yaml')).href;
    await openAndHold(client, sts);
    fs.rmSync(serviceFile);
    await client.filesChanged([{ uri: pathToFileURL(serviceFile).href, type: 3 }]);
    await client.request('statefulManifests/test/release', null);
    await client.waitForDiagnostics(sts, hasServiceNotFound);
  });
});
