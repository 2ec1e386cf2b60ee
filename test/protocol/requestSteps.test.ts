import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * A request that must parse many files first is answered in steps, messages answered in
 * between (issue 16: a hover on a Service beside 22,000 StatefulSets known only from the
 * index's scans parsed them all in one turn of 30 s, and every message waited). Nothing
 * is timed: the tests watch the order in which answers arrive.
 */

const FILES = 1_000;
const markdown = (hover: Hover | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';

/** Resolves with the labels in the order their promises settled. */
function settledOrder(requests: Record<string, Promise<unknown>>): Promise<string[]> {
  const order: string[] = [];
  return Promise.all(Object.entries(requests).map(([label, p]) => p.then(() => order.push(label), () => order.push(label)))).then(() => order);
}

describe('a request beside many files known only from their scans', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-req-steps-')));
  const serviceUri = pathToFileURL(path.join(root, 'svc.yaml')).href;
  const serviceText = serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } });
  const nameLine = serviceText.split('\n').findIndex((l) => /^\s+name: web$/.test(l));
  const onName = { textDocument: { uri: serviceUri }, position: { line: nameLine, character: serviceText.split('\n')[nameLine].indexOf('web') + 1 } };
  const onApiVersion = { textDocument: { uri: serviceUri }, position: { line: 0, character: 2 } };
  let client: TestClient;

  before(async () => {
    for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(root, `web-${i}.yaml`), statefulSetYaml({ name: `web-${i}`, serviceName: 'web', replicas: 1, labels: { app: 'web' } }));
    fs.writeFileSync(path.join(root, 'svc.yaml'), serviceText);
    client = new TestClient(['--test-hooks']);
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    await client.waitForProgressEnd();
    // The Service's own analysis would parse the StatefulSets too: it is held after its first step.
    const held = client.request<string>('statefulManifests/test/holdNextAnalysis', null);
    await client.open(serviceUri, serviceText);
    assert.equal(await held, serviceUri);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is answered after a request sent right behind it, and answers in full', async () => {
    const order = await settledOrder({
      beside: client.request<Hover | null>('textDocument/hover', onName).then((hover) => assert.match(markdown(hover), /web-999/)),
      behind: client.request('textDocument/hover', onApiVersion),
    });
    assert.deepEqual(order, ['behind', 'beside'], 'the hover that parses the files was answered in one piece, before the one behind it');
  });

  it('gets ContentModified when its document changes between its steps', async () => {
    // The files are parsed in this server now: a second one, where they are only scanned again.
    await client.request('statefulManifests/test/release', null);
    await client.waitForDiagnostics(serviceUri);
    const second = new TestClient(['--test-hooks']);
    try {
      await second.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
      await second.waitForProgressEnd();
      const held = second.request<string>('statefulManifests/test/holdNextAnalysis', null);
      await second.open(serviceUri, serviceText);
      await held;
      const hover = second.request('textDocument/hover', onName);
      await second.change(serviceUri, `${serviceText}# edited\n`);
      await assert.rejects(hover, (error: { code?: number }) => error.code === -32801);
    } finally {
      await second.shutdown();
    }
  });
});

describe('a request on a large document still being parsed', () => {
  const BIG = 'file:///req-steps/big.yaml';
  const SMALL = 'file:///req-steps/small.yaml';
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('waits for the parse in slices: a hover on a small document sent behind it is answered first', async () => {
    const small = serviceYaml({ name: 'small', clusterIP: 'None', selector: { app: 'small' } });
    await client.open(SMALL, small);
    await client.waitForDiagnostics(SMALL);
    // One step of work per slice: the 2 MB text takes many slices to parse.
    await client.request('statefulManifests/test/sliceBudget', { ms: 0 });
    const big = Array.from({ length: 5_000 }, (_, i) => statefulSetYaml({ name: `web-${i}`, serviceName: 'web', replicas: 1, labels: { app: 'web' } })).join('---\n');
    assert.ok(big.length > 1_000_000, `${big.length} characters: not large`);
    await client.open(BIG, big);
    const order = await settledOrder({
      big: client.request<Hover | null>('textDocument/hover', { textDocument: { uri: BIG }, position: { line: 3, character: 9 } }).then((hover) => assert.match(markdown(hover), /web-0/)),
      small: client.request('textDocument/hover', { textDocument: { uri: SMALL }, position: { line: 0, character: 2 } }),
    });
    assert.deepEqual(order, ['small', 'big'], 'the hover on the large document parsed it in one piece, before the one behind it');
  });
});

describe('a request in steps while the workspace is being indexed', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-req-index-')));
  const COUNT = 5_000;
  let client: TestClient;
  after(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is answered before the index goes on: it parses what was indexed when it came, not all that the index adds meanwhile', async () => {
    // Before, the hover parsed the files of the index entries it read, the index pass kept adding to them
    // between its steps, and it answered only once indexing was over (10.8 s in `npm run stress hugeKustomization`).
    for (let i = 0; i < COUNT; i++) fs.writeFileSync(path.join(root, `web-${i}.yaml`), statefulSetYaml({ name: `web-${i}`, serviceName: 'web', replicas: 1, labels: { app: 'web' } }));
    const serviceText = serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } });
    const uri = pathToFileURL(path.join(root, 'svc.yaml')).href;
    fs.writeFileSync(path.join(root, 'svc.yaml'), serviceText);
    const lines = serviceText.split('\n');
    const nameLine = lines.findIndex((l) => /^\s+name: web$/.test(l));
    const onName = { textDocument: { uri }, position: { line: nameLine, character: lines[nameLine].indexOf('web') + 1 } };
    client = new TestClient(['--test-hooks']);
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    const governed = (hover: Hover | null) => {
      const text = markdown(hover);
      const listed = text.split('\n').filter((l) => l.startsWith('- StatefulSet ')).length;
      return listed + Number(/and (\d+) more StatefulSets/.exec(text)?.[1] ?? 0);
    };
    // Some of the files indexed, not all: the index held there, the hover sent, the index let go.
    while (!/^(\d{3,})\//.test(client.lastProgressMessage ?? '') || Number(/^(\d+)\//.exec(client.lastProgressMessage!)![1]) < 500) {
      assert.equal(client.progressEnded, 0, 'indexing ended before the test could hold it: more files are needed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await client.request('statefulManifests/test/holdIndexing', null);
    // One step a turn (25 files parsed): the index, let go, would add files faster than the hover parses them.
    await client.request('statefulManifests/test/sliceBudget', { ms: 0 });
    await client.open(uri, serviceText);
    const during = client.request<Hover | null>('textDocument/hover', onName);
    await client.request('statefulManifests/test/releaseIndexing', null);
    const first = governed(await during);
    await client.waitForProgressEnd();
    const last = governed(await client.request<Hover | null>('textDocument/hover', onName));
    assert.equal(last, COUNT);
    assert.ok(first > 0 && first < COUNT, `the hover during indexing counted ${first} StatefulSets of ${COUNT}: it waited for the index to end`);
  });
});
