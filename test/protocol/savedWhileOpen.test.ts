import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * An open document saved to disk (code-server saves 1 s after each edit by default, so
 * every keystroke brings a file event): while it is open the editor's text is what counts,
 * so the server neither reads the file again nor re-analyses it then; once it is closed,
 * what is on disk counts again, as last written.
 */
describe('a document saved while open', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-saved-')));
  const client = new TestClient();
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const service = path.join(root, 'service.yaml');
  const serviceUri = pathToFileURL(service).href;
  const stsUri = pathToFileURL(path.join(root, 'statefulset.yaml')).href;
  const STS = statefulSetYaml({ serviceName: 'db' });
  fs.writeFileSync(service, serviceYaml({ name: 'db', clusterIP: 'None' }));
  fs.writeFileSync(path.join(root, 'statefulset.yaml'), STS);

  it('is not read again nor re-analysed while open, and its disk text counts once it is closed', async () => {
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    await client.open(stsUri, STS);
    await client.waitForProgressEnd();
    await client.open(serviceUri, serviceYaml({ name: 'db', clusterIP: 'None' }));
    await client.waitForDiagnostics(serviceUri);
    assert.deepEqual(codes(await client.waitForDiagnostics(stsUri, (d) => d.length === 0)), []);

    // Saved to disk as another Service while the editor still has 'db'.
    fs.writeFileSync(service, serviceYaml({ name: 'other', clusterIP: 'None' }));
    client.resetDiagnostics(serviceUri);
    await client.filesChanged([{ uri: serviceUri, type: 2 }]);
    // A change of the other document, analysed after anything the file event queued.
    await client.change(stsUri, `${STS}\n`);
    const version = client.sentVersion(stsUri);
    await client.waitForDiagnostics(stsUri, () => client.publishedVersion(stsUri) === version);
    assert.deepEqual(codes(client.lastDiagnostics(stsUri)!), [], "the open text still has Service 'db'");
    assert.equal(client.lastDiagnostics(serviceUri), undefined, 'the open document was analysed again for a file event about it');

    await client.close(serviceUri);
    const found = await client.waitForDiagnostics(stsUri, (d) => codes(d).includes('service-not-found'));
    assert.ok(codes(found).includes('service-not-found'), "closed, the file on disk names Service 'other': 'db' is missing");
  });
});
