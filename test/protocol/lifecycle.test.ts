import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';

/**
 * The LSP lifecycle (specification 3.17, Initialize, Shutdown and Exit): requests before
 * `initialize` are refused with ServerNotInitialized (-32002), requests after `shutdown`
 * with InvalidRequest (-32600); `exit` exits 0 after `shutdown`, 1 without it.
 */
const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;

async function errorCode(promise: Promise<unknown>): Promise<number | 'answered'> {
  try {
    await promise;
    return 'answered';
  } catch (error) {
    return (error as { code: number }).code;
  }
}

const HOVER = { textDocument: { uri: 'file:///lifecycle/a.yaml' }, position: { line: 0, character: 0 } };

describe('lifecycle', () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });

  it('refuses requests before initialize with ServerNotInitialized, then initializes normally', async () => {
    client = new TestClient();
    assert.equal(await errorCode(client.request('textDocument/hover', HOVER)), SERVER_NOT_INITIALIZED);
    assert.equal(await errorCode(client.request('shutdown', null)), SERVER_NOT_INITIALIZED);
    // A notification before initialize is dropped: the document is not open afterwards.
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: HOVER.textDocument.uri, languageId: 'yaml', version: 1, text: 'kind: Service\n' } });
    const result = await client.initialize() as { capabilities: object };
    assert.ok(result.capabilities);
    assert.equal(await errorCode(client.request('textDocument/hover', HOVER)), 'answered');
    assert.equal(await errorCode(client.request('initialize', { processId: null, rootUri: null, capabilities: {} })), INVALID_REQUEST);
  });

  it('refuses requests after shutdown with InvalidRequest, and exits 0 on exit', async () => {
    client = new TestClient();
    await client.initialize();
    await client.request('shutdown', null);
    assert.equal(await errorCode(client.request('textDocument/hover', HOVER)), INVALID_REQUEST);
    assert.equal(await errorCode(client.request('shutdown', null)), INVALID_REQUEST);
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited(), 0);
  });

  it('exits 1 on exit without shutdown', async () => {
    client = new TestClient();
    await client.initialize();
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited(), 1);
  });

  it('exits 1 on exit before initialize', async () => {
    client = new TestClient();
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited(), 1);
  });
});
