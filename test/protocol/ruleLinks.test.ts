import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';

/**
 * Where a finding's rule link points: the shipped page by file: URI, or under the base a
 * client asks for (the VS Code client's read-only scheme that opens the rendered preview).
 */
const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: missing\n';

describe('rule links', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.shutdown())));

  it('are under the ruleDocBase a client asks for', async () => {
    const client = new TestClient();
    clients.push(client);
    await client.initialize({ initializationOptions: { ruleDocBase: 'stateful-manifests-rule:/' } });
    await client.open('file:///ws/sts.yaml', STS);
    const [finding] = await client.waitForDiagnostics('file:///ws/sts.yaml', (ds) => ds.length === 1);
    assert.equal(finding.codeDescription?.href, 'stateful-manifests-rule:/service-not-found.md');
  });

  it('point at the shipped page by file: URI for other clients', async () => {
    const client = new TestClient();
    clients.push(client);
    await client.initialize();
    await client.open('file:///ws/sts.yaml', STS);
    const [finding] = await client.waitForDiagnostics('file:///ws/sts.yaml', (ds) => ds.length === 1);
    assert.match(finding.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/service-not-found\.md$/);
  });
});
