import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lspClient';

/**
 * A bad setting is shown once per server, however often the settings are read again;
 * a client that shows settings problems itself (the VS Code client, which remembers them
 * across restarts) gets them as a notification instead of window/showMessage; and a
 * client may choose where rule links point (ruleDocBase).
 */
const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: missing\n';
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('settings problems and rule links', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.shutdown())));

  it('warns about a mistyped rule id once, not on every settings change', async () => {
    const client = new TestClient();
    clients.push(client);
    client.settings = { rules: { 'service-not-fund': 'warning' } };
    await client.initialize();
    for (let i = 0; i < 3; i++) await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open('file:///ws/sts.yaml', STS);
    await client.waitForDiagnostics('file:///ws/sts.yaml', (ds) => ds.length === 1);
    await settle();
    const shown = client.logs.filter((l) => l.startsWith('showMessage:') && l.includes('service-not-fund'));
    assert.equal(shown.length, 1, client.logs.join('\n'));
  });

  it('sends the problem as a notification to a client that asks, and links rules under its ruleDocBase', async () => {
    const client = new TestClient();
    clients.push(client);
    const notified: string[] = [];
    client.connection.onNotification('statefulManifests/settingsProblem', (p: { message: string }) => { notified.push(p.message); });
    client.settings = { rules: { 'service-not-fund': 'warning' } };
    await client.initialize({ initializationOptions: { settingsProblems: 'notification', ruleDocBase: 'stateful-manifests-rule:/' } });
    await client.open('file:///ws/sts.yaml', STS);
    const [finding] = await client.waitForDiagnostics('file:///ws/sts.yaml', (ds) => ds.length === 1) as Diagnostic[];
    assert.equal(finding.codeDescription?.href, 'stateful-manifests-rule:/service-not-found.md');
    await settle();
    assert.equal(notified.filter((m) => m.includes('service-not-fund')).length, 1);
    assert.ok(!client.logs.some((l) => l.startsWith('showMessage:')), client.logs.join('\n'));
  });

  it('links rules to the shipped page by file: URI for other clients', async () => {
    const client = new TestClient();
    clients.push(client);
    await client.initialize();
    await client.open('file:///ws/sts.yaml', STS);
    const [finding] = await client.waitForDiagnostics('file:///ws/sts.yaml', (ds) => ds.length === 1);
    assert.match(finding.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/service-not-found\.md$/);
  });
});
