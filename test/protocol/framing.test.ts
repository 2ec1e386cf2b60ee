import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';

/**
 * Broken JSON-RPC framing over stdio. vscode-jsonrpc reads on after a header without a
 * valid Content-Length from the middle of the body and never finds a message again; the
 * server must not stay alive but deaf: it exits with code 1 and says why on stderr (the
 * client restarts it). Well-formed messages split anywhere still work.
 */
function frame(body: string): Buffer {
  const length = Buffer.byteLength(body, 'utf8');
  return Buffer.from(`Content-Length: ${length}\r\n\r\n${body}`, 'utf8');
}

describe('JSON-RPC framing over stdio', () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });

  const broken: [string, string][] = [
    ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n'],
    ['a Content-Length that is not a number', 'Content-Length: lots\r\n\r\n'],
  ];
  for (const [name, header] of broken) {
    it(`exits with code 1 and a logged reason on ${name}`, async () => {
      client = new TestClient();
      await client.initialize();
      client.writeRaw(`${header}{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{}}`);
      client.writeRaw(frame('{"jsonrpc":"2.0","id":100,"method":"shutdown"}'));
      assert.equal(await client.exited(), 1);
      assert.match(client.logs.join(''), /Stateful Manifests: the client sent .*(Content-Length).*the server exits/);
    });
  }

  it('reads well-formed messages split at any byte, with multi-byte characters in the body', async () => {
    client = new TestClient();
    // No capabilities: the server sends no requests, so the client writes nothing that
    // could fall between two pieces of a message written here.
    await client.request('initialize', { processId: null, rootUri: null, capabilities: {} });
    await client.connection.sendNotification('initialized', {});
    const uri = 'file:///framing/é.yaml';
    const open = frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: café-ü\n' } } }));
    for (const cut of [1, 7, 15, 19, 20, 40, open.length - 1]) {
      // Each piece written in its own turn, so the server reads them as separate chunks.
      client.writeRaw(open.subarray(0, cut));
      await new Promise((resolve) => setTimeout(resolve, 20));
      client.writeRaw(open.subarray(cut));
    }
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } }).catch((error: Error) => { throw new Error(`${error.message}\n${client?.logs.join('')}`); });
    assert.ok(Array.isArray(symbols) && symbols.length === 1, JSON.stringify(symbols));
  });
});
