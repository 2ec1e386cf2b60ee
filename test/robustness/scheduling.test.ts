import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { codes, TestClient } from '../support/lspClient';
import { pair } from './manifests';

/**
 * The server's own work (parsing, analysis) never keeps a request waiting for long:
 * it runs in slices between messages. Nothing here measures time: the tests look at
 * the ORDER in which answers arrive.
 */
const LONG = 120_000;
const REQUEST_CANCELLED = -32800;

const PAIR = (i: number) => pair(`db-${i}`);

/** Where `serviceName`'s value is in PAIR. */
const SERVICE_NAME = { line: PAIR(1).split('\n').indexOf('  serviceName: db-1'), character: 16 };

/** About 2 MB, 8,000 documents, and one mistake at the end: its analysis takes a while. */
function largeFile(): string {
  const pairs = Array.from({ length: 4_000 }, (_, i) => PAIR(i));
  return `${pairs.join('---\n')}---\n${PAIR(99_999).replace('serviceName: db-99999', 'serviceName: nope')}`;
}

/** Resolves with the answer or the error of a request, whichever comes. */
async function settle(promise: Promise<unknown>): Promise<{ result?: unknown; code?: number }> {
  try {
    return { result: await promise };
  } catch (error) {
    return { code: (error as { code?: number }).code };
  }
}

describe('scheduling', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('answers a hover while a large file is still being parsed and analysed', async () => {
    const small = 'file:///scheduling/small.yaml';
    await client.open(small, PAIR(1));
    await client.waitForDiagnostics(small, () => true, LONG);

    const big = 'file:///scheduling/big.yaml';
    const order: string[] = [];
    const diagnostics = client.waitForDiagnostics(big, (d) => d.length > 0, LONG).then((d) => {
      order.push('diagnostics of the large file');
      return d;
    });
    await client.open(big, largeFile());
    // A hover on the small file (serviceName), sent right after the large file opened.
    const hover = settle(client.request('textDocument/hover', { textDocument: { uri: small }, position: SERVICE_NAME }))
      .then((answer) => {
        order.push('hover');
        return answer;
      });
    const [ds, answer] = await Promise.all([diagnostics, hover]);
    assert.deepEqual(codes(ds), ['service-not-found']);
    assert.match(JSON.stringify(answer.result), /db-1-0\.db-1\.default\.svc/, 'the hover previews the pod DNS names');
    assert.deepEqual(order, ['hover', 'diagnostics of the large file']);
    await client.close(big);
  });

  it('answers a hover on a file still being parsed from its newest text', async () => {
    const uri = 'file:///scheduling/hover-big.yaml';
    const text = largeFile();
    await client.open(uri, text);
    // the last StatefulSet's name, at the end of the file: not parsed yet when this arrives
    const line = text.split('\n').lastIndexOf('  name: db-99999');
    const answer = await client.request<{ range?: { start: { line: number } } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 10 } });
    assert.ok(answer, 'a hover, not nothing: reading the file finished its parse');
    assert.equal(answer.range?.start.line, line);
    await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    await client.close(uri);
  });

  it('keeps only the newest text when edits arrive during a long parse', async () => {
    const uri = 'file:///scheduling/typing.yaml';
    const text = largeFile();
    await client.open(uri, text);
    // three quick edits at the end, each a new version, while version 1 is parsed
    const lastLine = text.split('\n').length - 1;
    for (const name of ['nope-1', 'nope-2', 'db-99999']) {
      await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: lastLine, character: 0 } }, text.replace('serviceName: nope', `serviceName: ${name}`));
    }
    // The last version has no mistake (db-99999 exists), and no stale version's
    // findings are left over.
    await client.waitForDiagnostics(uri, (d) => d.length === 0, LONG);
    await client.close(uri);
  });
});

describe('cancellation', () => {
  // A server of its own: the 2 MB texts the tests above send and receive must not be
  // in flight on this connection, or the client may write its cancel late.
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('answers a hover cancelled right behind it with RequestCancelled', async () => {
    const small = 'file:///scheduling/cancel.yaml';
    await client.open(small, PAIR(2));
    await client.waitForDiagnostics(small, () => true, LONG);
    // The server is busy for a moment; the hover and its cancellation queue up behind.
    const cancelSource = new CancellationTokenSource();
    // Long enough that the client's cancel is surely written while the server is still
    // busy, so the hover and its cancel are read one right after the other.
    const block = client.request('statefulManifests/test/block', { ms: 1000 });
    const hover = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: SERVICE_NAME }, cancelSource.token);
    cancelSource.cancel();
    assert.deepEqual(await settle(hover), { code: REQUEST_CANCELLED });
    await block;
  });
});
