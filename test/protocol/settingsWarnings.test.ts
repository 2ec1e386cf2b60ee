import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';

/**
 * Settings problems reach a person once: one notification for one reading of the
 * settings (however many unknown rule ids it holds), nothing new when the settings are
 * read again unchanged, nothing after a restart that hands back what was shown.
 */
const shown = (client: TestClient) => client.logs.filter((l) => l.startsWith('showMessage: '));

const pulls = new WeakMap<TestClient, () => void>();

/** Answers the server's workspace/configuration requests as TestClient does, and tells {@link settingsChanged} when one was answered. */
function watchPulls(client: TestClient): void {
  client.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    setImmediate(() => pulls.get(client)?.());
    return p.items.map((item) => (item.section === 'statefulManifests' ? client.settings : null));
  });
}

/** Sends a configuration change and resolves once the server has read and applied the settings. */
async function settingsChanged(client: TestClient): Promise<void> {
  const pulled = new Promise<void>((resolve) => pulls.set(client, resolve));
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await pulled;
  // A request after the answer to the pull is handled after the settings were applied.
  await client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.yaml' } });
}

describe('settings warnings', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const client of clients) await client.shutdown();
  });

  async function start(settings: Record<string, unknown>, initializationOptions?: unknown): Promise<{ client: TestClient; persisted: unknown[] }> {
    const client = new TestClient();
    clients.push(client);
    client.settings = settings;
    const persisted: unknown[] = [];
    watchPulls(client);
    client.connection.onNotification('statefulManifests/settingsWarningsShown', (state: unknown) => { persisted.push(state); });
    await client.initialize({ initializationOptions });
    await settingsChanged(client);
    return { client, persisted };
  }

  it('shows 2,000 unknown rule ids as one notification, once, and again only when they change', async () => {
    const rules = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`no-rule-${i}`, 'off']));
    const { client, persisted } = await start({ rules });
    assert.equal(shown(client).length, 1, shown(client).join('\n'));
    assert.match(shown(client)[0], /there are no rules "no-rule-0", "no-rule-1", "no-rule-2" and 1997 more/);

    await settingsChanged(client);
    await settingsChanged(client);
    assert.equal(shown(client).length, 1, 'unchanged settings are not warned about again');

    client.settings = { rules, maxFileSizeKB: -1 };
    await settingsChanged(client);
    assert.equal(shown(client).length, 2, 'a new problem is shown');
    assert.match(shown(client)[1], /maxFileSizeKB/);

    // A restart handing back what was shown: the same problems are not shown again.
    const { client: restarted } = await start({ rules, maxFileSizeKB: -1 }, { settingsWarningsShown: persisted[persisted.length - 1] });
    assert.deepEqual(shown(restarted), []);
    assert.ok(restarted.logs.every((l) => !l.includes('there are no rules')), 'not logged again either');
  });

  it('shows a fixed problem again when it comes back', async () => {
    const { client } = await start({ defaultNamespace: 'Bad' });
    assert.equal(shown(client).length, 1);
    client.settings = {};
    await settingsChanged(client);
    client.settings = { defaultNamespace: 'Bad' };
    await settingsChanged(client);
    assert.equal(shown(client).length, 2);
  });
});
