import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lspClient';
import { HEADLESS, positionOf, WEB } from '../support/workspace';

const SVC = 'file:///ws/proto/svc.yaml';
const STS = 'file:///ws/proto/sts.yaml';
const CM = 'file:///ws/proto/cm.yaml';
const CLIENTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: clients
data:
  url: "http://web-1.nginx.default.svc.cluster.local:8080/"
`;

describe('hover and definition over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    const init = (await client.initialize()) as { capabilities: { hoverProvider?: boolean; definitionProvider?: boolean } };
    assert.equal(init.capabilities.hoverProvider, true);
    assert.equal(init.capabilities.definitionProvider, true);
    await client.open(SVC, HEADLESS);
    await client.open(STS, WEB);
    await client.open(CM, CLIENTS);
  });
  after(() => client.shutdown());

  const hover = (uri: string, text: string, needle: string, delta = 0) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, delta) });
  /** Hover text, asked again until it has `expected` (settings arrive asynchronously), at most ~5 s. */
  async function hoverUntil(uri: string, text: string, needle: string, delta: number, expected: string): Promise<string> {
    let value = '';
    for (let i = 0; i < 250 && !value.includes(expected); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
      value = ((await hover(uri, text, needle, delta))?.contents as MarkupContent | undefined)?.value ?? '';
    }
    return value;
  }

  it('hover on serviceName lists every pod FQDN as Markdown', async () => {
    const h = await hover(STS, WEB, 'serviceName: nginx', 14);
    assert.ok(h);
    const contents = h.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    for (const name of ['web-0.nginx.default.svc.cluster.local', 'web-1.nginx.default.svc.cluster.local', 'web-2.nginx.default.svc.cluster.local']) {
      assert.ok(contents.value.includes(name), contents.value);
    }
    assert.deepEqual(h.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 20 } });
  });

  it('hover follows edits and the clusterDomain setting', async () => {
    client.settings = { clusterDomain: 'corp.internal' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const edited = WEB.replace('replicas: 3', 'replicas: 1');
    await client.change(STS, edited);
    const value = await hoverUntil(STS, edited, 'serviceName: nginx', 14, 'svc.corp.internal');
    assert.ok(value.includes('`web-0.nginx.default.svc.corp.internal`'), value);
    assert.ok(!value.includes('web-1.nginx'), value);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.change(STS, WEB);
    assert.ok((await hoverUntil(STS, WEB, 'serviceName: nginx', 14, 'svc.cluster.local')).includes('web-2.nginx.default.svc.cluster.local'));
  });

  it('hover on a DNS name in another file says which pod it is', async () => {
    const value = await hoverUntil(CM, CLIENTS, 'web-1', 0, 'Pod');
    assert.match(value, /Pod `web-1` of StatefulSet `web` \(ordinal 1\)/);
  });

  it('hover on a Service: none for a Knative Service; "not known" for clusterIPs without clusterIP', async () => {
    const knative = 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  template:\n    spec:\n      containers:\n        - image: hello\n';
    const rejected = HEADLESS.replace('name: nginx', 'name: cass').replace('  clusterIP: None\n', '  clusterIPs: [None]\n');
    const KN = 'file:///ws/proto/kn.yaml';
    const CASS = 'file:///ws/proto/cass.yaml';
    await client.open(KN, knative);
    await client.open(CASS, rejected);
    assert.match(await hoverUntil(CASS, rejected, 'name: cass', 7, 'clusterIPs'), /must be empty when `clusterIP` is not specified/);
    assert.equal(await hover(KN, knative, 'name: hello', 7), null);
  });

  it('hover on nothing in particular answers null', async () => {
    assert.equal(await hover(STS, WEB, 'apiVersion'), null);
  });

  it('definition from serviceName to the Service and from a DNS name to the StatefulSet', async () => {
    const toService = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: STS }, position: positionOf(WEB, 'serviceName: nginx', 14) });
    assert.deepEqual(toService, [{ uri: SVC, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } } }]);
    const toSts = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: CM }, position: positionOf(CLIENTS, 'web-1') });
    assert.deepEqual(toSts, [{ uri: STS, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
    const none = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: CM }, position: { line: 0, character: 1 } });
    assert.equal(none, null);
  });
});

describe('dns-name-unresolved over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  it('re-checks a DNS name when the StatefulSet it names changes in another file', async () => {
    const cm = 'file:///ws/dns/cm.yaml';
    const sts = 'file:///ws/dns/sts.yaml';
    await client.open('file:///ws/dns/svc.yaml', HEADLESS);
    await client.open(sts, WEB);
    await client.open(cm, CLIENTS.replace('web-1', 'web-3'));
    const [d] = await client.waitForDiagnostics(cm, (ds) => ds.length > 0);
    assert.equal(d.code, 'dns-name-unresolved');
    assert.deepEqual(d.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 52 } });
    await client.change(sts, WEB.replace('replicas: 3', 'replicas: 4'));
    await client.waitForDiagnostics(cm, (ds) => ds.length === 0);
  });
});

describe('several Services of the serviceName over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  it('judges diagnostics and hover against the Service in the StatefulSet\'s file, whatever the open order', async () => {
    const copy = 'file:///ws/gov/copy.yaml';
    const web = 'file:///ws/gov/web.yaml';
    const own = `${HEADLESS.replace('app: web', 'app: db')}---\n${WEB}`;
    const mismatch = (ds: { code?: string | number }[]) => ds.some((d) => d.code === 'service-selector-mismatch');
    await client.open(copy, HEADLESS);
    await client.open(web, own);
    await client.waitForDiagnostics(web, mismatch);
    const hover = async (text: string) => ((await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: web }, position: positionOf(text, 'serviceName: nginx', 14),
    }))?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(await hover(own), /selects `app: db` but the pods have `app: web`/);
    // Opened the other way round: the same answer.
    await client.close(copy);
    await client.close(web);
    await client.open(web, own);
    await client.open(copy, HEADLESS);
    await client.waitForDiagnostics(web, mismatch);
    assert.match(await hover(own), /selects `app: db`/);
    // Without a Service in its own file, the copy that fits stands: nothing to say.
    await client.change(web, WEB);
    await client.waitForDiagnostics(web, (ds) => ds.length === 0);
    assert.doesNotMatch(await hover(WEB), /selects `|not headless/);
  });
});
