import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * Issue 16: a large document closed in the editor leaves the index in the scheduler's
 * slices (Workspace.beginClose; test/core/steppedClose.test.ts counts its steps). Over the
 * protocol: the files that named its Services are re-checked once it is gone, its own
 * findings are cleared, and a request sent right behind the close is answered.
 */

const BIG = 'file:///ws/big-services.yaml';
const STS = 'file:///ws/sts.yaml';
/** 700 headless Services with their selectors, `nginx` among them: more objects than a step commits. */
const SERVICES = Array.from({ length: 700 }, (_, i) => serviceYaml({ name: i === 0 ? 'nginx' : `svc-${i}`, clusterIP: 'None', selector: { app: 'web' } })).join('---\n');

describe('closing a large document over the protocol (issue 16)', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  it('re-checks the files that named its Services once it is gone', async () => {
    await client.open(STS, statefulSetYaml({ replicas: 2 }));
    await client.open(BIG, SERVICES);
    await client.waitForDiagnostics(STS, (ds) => ds.length === 0);
    await client.close(BIG);
    // Sent right behind the close: answered, from the workspace with or without the document whole.
    const hover = await client.request('textDocument/hover', { textDocument: { uri: STS }, position: { line: 5, character: 17 } });
    assert.ok(hover, 'the hover on serviceName is answered');
    const afterClose = await client.waitForDiagnostics(STS, (ds) => ds.length > 0, 30_000);
    assert.deepEqual(codes(afterClose), ['service-not-found']);
    assert.deepEqual(await client.waitForDiagnostics(BIG, (ds) => ds.length === 0), []);
  });
});
