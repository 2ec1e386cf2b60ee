import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

const SERVICE = (clusterIP: string) => serviceYaml({ clusterIP });
const STATEFULSET = statefulSetYaml({ replicas: 2 });

describe('diagnostics over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  it('publishes service-not-found with its range, source, code and doc link', async () => {
    const uri = 'file:///ws/sts.yaml';
    await client.open(uri, STATEFULSET);
    const [d] = await client.waitForDiagnostics(uri, (ds) => ds.length > 0);
    assert.equal(d.code, 'service-not-found');
    assert.equal(d.source, 'stateful-manifests');
    assert.deepEqual(d.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 20 } });
    assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*docs\/rules\/service-not-found\.md$/);
  });

  it('re-checks the StatefulSet when a Service opens and changes in another file', async () => {
    const sts = 'file:///ws/sts.yaml';
    const svc = 'file:///ws/svc.yaml';
    await client.open(svc, SERVICE('10.0.0.1'));
    const afterOpen = await client.waitForDiagnostics(sts, (ds) => codes(ds).includes('service-not-headless'));
    assert.deepEqual(codes(afterOpen), ['service-not-headless']);
    assert.equal(afterOpen[0].relatedInformation?.[0]?.location.uri, svc);
    await client.change(svc, SERVICE('None'));
    await client.waitForDiagnostics(sts, (ds) => ds.length === 0);
    await client.close(svc);
    const afterClose = await client.waitForDiagnostics(sts, (ds) => ds.length > 0);
    assert.deepEqual(codes(afterClose), ['service-not-found']);
  });

  it('applies rule severity settings without a restart', async () => {
    const sts = 'file:///ws/sts.yaml';
    client.settings = { rules: { 'service-not-found': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(sts, (ds) => ds.length === 0);
    client.settings = { rules: { 'service-not-found': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const ds = await client.waitForDiagnostics(sts, (list) => list.length === 1 && list[0].severity === 1);
    assert.equal(ds[0].code, 'service-not-found');
  });

  it('says what is wrong with a bad setting and keeps working', async () => {
    client.settings = { rules: { 'service-not-fund': 'warning' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const sts = 'file:///ws/sts.yaml';
    await client.waitForDiagnostics(sts, (ds) => ds.length === 1 && ds[0].severity === 2);
    assert.ok(client.logs.some((l) => l.includes('there is no rule "service-not-fund"')), client.logs.join('\n'));
  });
});
