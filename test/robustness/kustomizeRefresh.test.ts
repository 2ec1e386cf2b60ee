import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';

/**
 * Issue 16: the effects of one large kustomization (100,000 resources, 20,000 patches)
 * took 1.9 s of CPU in one piece at the end of the scheduler's batch, and no message was
 * answered meanwhile. They are now read in steps between messages. Here a kustomization of
 * 4,000 resources, with the slice budget set to 0 (one step of work per slice) so the
 * refresh spans many slices on any machine: a request is answered while it is under way.
 */
const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  namespace: a\nspec:\n  serviceName: web\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: web, image: nginx }] }\n';
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: b\nspec:\n  clusterIP: None\n  selector: { app: web }\n  ports: [{ name: http, port: 80 }]\n';

/**
 * Sends requests one after another until `uri`'s findings are cleared (the refresh applied);
 * how many were answered while the refresh was under way. Puts the slice budget back after.
 */
async function requestsAnsweredUntilCleared(client: TestClient, uri: string): Promise<number> {
  let applied = false;
  const cleared = client.waitForDiagnostics(uri, (d) => d.length === 0, 120_000).then(() => { applied = true; });
  let answeredDuring = 0;
  while (!applied) {
    const stats = await client.request<{ kustomizeRefreshing?: boolean }>('statefulManifests/test/schedulerStats', null);
    if (stats.kustomizeRefreshing) answeredDuring++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await cleared;
  await client.request('statefulManifests/test/sliceBudget', { ms: 4 });
  return answeredDuring;
}

describe('a large kustomization opened (issue 16)', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('answers requests while its effects are read, then applies them', async () => {
    const sts = 'file:///kz/sts.yaml';
    await client.open(sts, STS);
    await client.open('file:///kz/svc.yaml', SVC);
    assert.deepEqual(codes(await client.waitForDiagnostics(sts, (d) => d.length > 0)), ['service-not-found'], 'web is in namespace b, the StatefulSet in a');
    await client.request('statefulManifests/test/sliceBudget', { ms: 0 });
    const others = Array.from({ length: 4_000 }, (_, i) => `  - r${i}.yaml`).join('\n');
    // The namespace puts both in prod: the finding goes once the effects apply.
    await client.open('file:///kz/kustomization.yaml', `namespace: prod\nresources:\n  - sts.yaml\n  - svc.yaml\n${others}\n`);
    const answeredDuring = await requestsAnsweredUntilCleared(client, sts);
    // Before: the refresh ran in one piece, so no request was ever answered while it was under way.
    assert.ok(answeredDuring > 0, 'no request was answered while the kustomize effects were read');
  });

  it('moves more resources than a step moves in steps, and their findings follow', async () => {
    // 600 StatefulSets in one open file, their Service in another: all in namespace default, then prod.
    const big = 'file:///kz2/big.yaml';
    const stsText = Array.from({ length: 600 }, (_, i) => STS.replace('name: web\n  namespace: a', `name: web-${i}`)).join('---\n');
    await client.open(big, stsText);
    await client.open('file:///kz2/svc.yaml', SVC.replace('  namespace: b\n', '  namespace: prod\n'));
    assert.ok(codes(await client.waitForDiagnostics(big, (d) => d.length > 0)).every((code) => code === 'service-not-found'));
    await client.request('statefulManifests/test/sliceBudget', { ms: 0 });
    await client.open('file:///kz2/kustomization.yaml', 'namespace: prod\nresources:\n  - big.yaml\n  - svc.yaml\n');
    const answeredDuring = await requestsAnsweredUntilCleared(client, big);
    assert.ok(answeredDuring > 0, 'no request was answered while the resources moved');
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: big }, position: { line: 3, character: 9 } });
    assert.match(hover?.contents.value ?? '', /web-0-0\.web\.prod\.svc/);
  });
});
