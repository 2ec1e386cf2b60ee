import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * The editor asks for the outline (breadcrumbs) right after each edit. On a large file the
 * outline costs more than analysing a one-character change, so the server answers it only
 * once the edit's diagnostics are published: the squiggles come first.
 */
describe('outline requests wait for the diagnostics of the edit', () => {
  const client = new TestClient();
  after(() => client.shutdown());

  it('publishes the diagnostics of the new version before answering documentSymbol', async () => {
    await client.initialize();
    const uri = 'file:///outline/large.yaml';
    const apps = Array.from({ length: 300 }, (_, i) => `${serviceYaml({ name: `app-${i}`, clusterIP: 'None', selector: { app: `app-${i}` } })}---\n${statefulSetYaml({ name: `app-${i}`, serviceName: `app-${i}` })}`);
    const text = apps.join('---\n');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri);
    for (let i = 0; i < 5; i++) {
      await client.change(uri, text.replace('serviceName: app-150', `serviceName: app-150x${i}`));
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(symbols.length, 600);
      assert.equal(client.publishedVersion(uri), client.sentVersion(uri), `edit ${i}: the diagnostics of the edit were published before the outline`);
    }
  });
});
