import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { pair, service, statefulSet } from './manifests';

/**
 * The real server (dist/server.js over stdio) on hostile input: it stays up, answers,
 * and reports nothing false. Timeouts are generous and nothing here asserts a timing:
 * "answers" means "answers at all, within a bound far above normal".
 */
const LONG = 60_000;

function billionLaughs(levels = 12): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  l0: &l0 "lol"'];
  for (let i = 1; i <= levels; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('server robustness', () => {
  let client: TestClient;
  let next = 0;
  const fresh = (name: string) => `file:///robustness/${name}-${next++}.yaml`;

  /** The server still works: a new small file with a known mistake gets its finding. */
  async function assertAlive(): Promise<void> {
    const uri = fresh('alive');
    await client.open(uri, statefulSet('alive', 'missing-service'));
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    assert.deepEqual(codes(ds), ['service-not-found']);
    await client.close(uri);
  }

  /** Opens `text`, waits for its diagnostics, closes it, and checks the server is still up. */
  async function check(name: string, text: string): Promise<string[]> {
    const uri = fresh(name);
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, () => true, LONG);
    await client.close(uri);
    await assertAlive();
    return codes(ds);
  }

  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('reads a billion-laughs alias bomb without expanding it', async () => {
    const text = `${billionLaughs()}---\n${pair('db')}---\n${statefulSet('aliased', 'db').replace('serviceName: db', 'serviceName: &svc db')}`;
    assert.deepEqual(await check('alias-bomb', text), []);
  });

  it('reports what is wrong in a file of 100,000 lines, at the right line', async () => {
    const filler = Array.from({ length: 100_000 }, (_, i) => `    line ${i}`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big.txt: |\n${filler}\n---\n${pair('db')}---\n${statefulSet('web', 'nope')}`;
    const uri = fresh('100k-lines');
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    assert.deepEqual(codes(ds), ['service-not-found']);
    const serviceNameLine = text.split('\n').findIndex((l) => l === '  serviceName: nope');
    assert.ok(serviceNameLine > 100_000);
    assert.equal(ds[0].range.start.line, serviceNameLine);
    await client.close(uri);
    await assertAlive();
  });

  it('handles 10,000 documents in one file and finds the one mistake', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 9_996; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\ndata:\n  k: "${i}"\n`);
    docs.push(service('db'), statefulSet('db', 'db'), statefulSet('web', 'db-typo'), '# an empty document\n');
    const text = docs.join('---\n');
    assert.equal(text.split(/^---$/m).length, 10_000);
    assert.deepEqual(await check('10k-documents', text), ['service-not-found']);
  });

  it('stays calm on binary content', async () => {
    let seed = 7; // a fixed LCG: the same junk every run
    const byte = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23;
    for (let n = 0; n < 3; n++) {
      const bytes = Array.from({ length: 20_000 }, () => String.fromCharCode(byte())).join('');
      assert.deepEqual(await check('binary', bytes), []);
    }
    assert.deepEqual(await check('nul-in-manifest', pair('db').replace('replicas: 2', 'replicas: 2\0\u0001')), []);
  });

  it('gives the same ranges in CRLF and BOM files', async () => {
    const text = `${service('db').replace('clusterIP: None', 'clusterIP: 10.0.0.1')}---\n${statefulSet('web', 'db')}`;
    const lf = await diagnosticsOf(fresh('lf'), text);
    const crlf = await diagnosticsOf(fresh('crlf'), text.replace(/\n/g, '\r\n'));
    const bom = await diagnosticsOf(fresh('bom'), `\ufeff${text.replace(/\n/g, '\r\n')}`);
    assert.deepEqual(codes(lf), ['service-not-headless']);
    const line = text.split('\n').indexOf('  serviceName: db');
    assert.deepEqual(lf[0].range, { start: { line, character: 15 }, end: { line, character: 17 } });
    assert.deepEqual(crlf.map((d) => [d.code, d.range]), lf.map((d) => [d.code, d.range]));
    assert.deepEqual(bom.map((d) => [d.code, d.range]), lf.map((d) => [d.code, d.range]));
    await assertAlive();
  });

  it('says nothing false about tab-indented YAML', async () => {
    // Tabs cannot indent YAML: the document is broken, so rules stay silent about it.
    assert.deepEqual(await check('tabs', statefulSet('web', 'nope').replace(/^ {2}/gm, '\t')), []);
    // Tabs inside values are fine, and the analysis goes on.
    assert.deepEqual(await check('tab-values', pair('db').replace('image: nginx:1.27', 'image: "nginx:1.27\t"')), []);
  });

  it('says nothing about YAML that is not Kubernetes', async () => {
    const compose = 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n  web:\n    depends_on: [db]\n';
    const workflow = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';
    const lookalike = 'kind: StatefulSet\nspec:\n  serviceName: nope\n'; // no apiVersion: not an object
    const scalars = '42\n---\n"just a string"\n---\n- a\n- b\n---\nnull\n';
    for (const text of [compose, workflow, lookalike, scalars]) assert.deepEqual(await check('not-k8s', text), []);
  });

  it('reads JSON manifests', async () => {
    const sts = JSON.parse(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: { serviceName: 'nginx', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    }));
    const pretty = JSON.stringify(sts, null, 2);
    const ds = await diagnosticsOf(fresh('json'), pretty);
    assert.deepEqual(codes(ds), ['service-not-found']);
    const line = pretty.split('\n').findIndex((l) => l.includes('"serviceName"'));
    assert.equal(ds[0].range.start.line, line);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } };
    assert.deepEqual(await check('json-pair', `${JSON.stringify(svc)}\n---\n${JSON.stringify(sts)}\n`), []);
  });

  it('survives a request handler that throws, logging the error and showing no dialog', async () => {
    const result = await client.request('statefulManifests/test/throw', {});
    assert.equal(result, null);
    assert.ok(client.logs.some((l) => l.includes('statefulManifests/test/throw failed') && l.includes('failure forced by a test')), client.logs.join('\n'));
    assert.ok(!client.logs.some((l) => l.startsWith('showMessage:')), 'no dialog shown');
    await assertAlive();
  });

  it('survives malformed notifications', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {});
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.yaml', version: 2 }, contentChanges: [{ text: 'x' }] });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never-opened.yaml' } });
    const uri = fresh('bad-range');
    await client.open(uri, pair('db'));
    await client.waitForDiagnostics(uri, () => true, LONG);
    // an edit whose range lies beyond the end of the document
    await client.edit(uri, { start: { line: 500, character: 3 }, end: { line: 900, character: 0 } }, '\n---\n' + statefulSet('x', 'nope'));
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0, LONG);
    assert.deepEqual(codes(ds), ['service-not-found']);
    await client.close(uri);
    await assertAlive();
  });

  async function diagnosticsOf(uri: string, text: string) {
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, () => true, LONG);
    await client.close(uri);
    return ds;
  }
});
