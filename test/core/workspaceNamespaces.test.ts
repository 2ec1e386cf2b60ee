import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace } from '../../server/src/core';

const STS = (namespace?: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  serviceName: web
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers: [{ name: web, image: nginx }]
`;
const SVC = (namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  clusterIP: None
  selector: { app: web }
  ports: [{ name: http, port: 80 }]
`;
const CLUSTER_ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n';

const DIR = 'file:///repo/app';
const KUST = `${DIR}/kustomization.yaml`;
const ids = (ws: Workspace, uri: string) => analyzeFile(ws, uri).map((f) => f.ruleId);

describe('Workspace with kustomize namespaces', () => {
  it('overrides metadata.namespace of listed files, leaving cluster-scoped kinds alone', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, STS('explicit'));
    ws.setDisk(`${DIR}/role.yaml`, CLUSTER_ROLE);
    ws.setDisk(KUST, 'namespace: db\nresources: [sts.yaml, role.yaml]\n');
    assert.equal(ws.resources(`${DIR}/sts.yaml`)[0].namespace, 'db');
    assert.equal(ws.namespaceForFile(`${DIR}/sts.yaml`), 'db');
    assert.equal(ws.resources(`${DIR}/role.yaml`)[0].namespace, 'default');
  });

  it('puts a StatefulSet and its Service in the kustomization namespace, whatever their files say', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, STS('a'));
    ws.setDisk(`${DIR}/svc.yaml`, SVC('b'));
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), ['service-not-found']);
    ws.setDisk(KUST, 'namespace: db\nresources: [sts.yaml, svc.yaml]\n');
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), []);
  });

  it('reports the files a kustomization change moves, so they are re-checked', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, STS());
    ws.setDisk(`${DIR}/svc.yaml`, SVC());
    ws.setDisk(KUST, 'resources: [sts.yaml, svc.yaml]\n');
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), []);
    // Both files move to 'db'; the StatefulSet is re-checked as a moved file.
    const change = ws.setOpen(KUST, 'resources: [sts.yaml, svc.yaml]\nnamespace: db\n');
    assert.deepEqual(change.affected.sort(), [`${DIR}/sts.yaml`, `${DIR}/svc.yaml`]);
    assert.ok(ws.dependents(change).includes(`${DIR}/sts.yaml`));
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), []);
    assert.equal(ws.resources(`${DIR}/svc.yaml`)[0].namespace, 'db');
  });

  it('uses the open kustomization over the disk one, and the disk one again after closing', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, STS());
    ws.setDisk(KUST, 'namespace: disk\nresources: [sts.yaml]\n');
    ws.setOpen(KUST, 'namespace: editor\nresources: [sts.yaml]\n');
    assert.equal(ws.resources(`${DIR}/sts.yaml`)[0].namespace, 'editor');
    const change = ws.close(KUST);
    assert.deepEqual(change.affected, [`${DIR}/sts.yaml`]);
    assert.equal(ws.resources(`${DIR}/sts.yaml`)[0].namespace, 'disk');
  });

  it('does no namespace work when an edit leaves namespace, resources and labels as they were (commonAnnotations changes none of them)', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, STS());
    ws.setOpen(KUST, 'namespace: db\nresources: [sts.yaml]\n');
    const change = ws.setOpen(KUST, '# a comment\nnamespace: db\nresources: [sts.yaml]\ncommonAnnotations: { a: b }\n');
    assert.deepEqual(change.affected, []);
  });

  it('gives files back their own namespace when the kustomization is deleted', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, STS('mine'));
    ws.setDisk(KUST, 'namespace: db\nresources: [sts.yaml]\n');
    ws.removeDisk(KUST);
    assert.equal(ws.resources(`${DIR}/sts.yaml`)[0].namespace, 'mine');
  });
});

describe('Workspace with kustomize labels', () => {
  const BARE_STS = STS().replace('  selector:\n    matchLabels: { app: web }\n', '').replace('    metadata:\n      labels: { app: web }\n', '');

  it('silences label comparisons for files a kustomization adds labels to, and re-checks them when that changes', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/sts.yaml`, BARE_STS);
    ws.setDisk(`${DIR}/svc.yaml`, SVC());
    ws.setDisk(KUST, 'resources: [sts.yaml, svc.yaml]\n');
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), ['service-selector-mismatch']);
    // The Service selecting nothing follows from the StatefulSet's mismatch (rules/followsFrom.ts).
    assert.deepEqual(ids(ws, `${DIR}/svc.yaml`), []);
    const change = ws.setOpen(KUST, 'resources: [sts.yaml, svc.yaml]\ncommonLabels: { app: web }\n');
    assert.deepEqual(change.affected.sort(), [`${DIR}/sts.yaml`, `${DIR}/svc.yaml`]);
    assert.equal(ws.resources(`${DIR}/sts.yaml`)[0].kustomizeLabels, true);
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), []);
    assert.deepEqual(ids(ws, `${DIR}/svc.yaml`), []);
    // A Service elsewhere in the namespace that looked at the pod templates is re-checked too.
    ws.setDisk('file:///repo/other/svc.yaml', SVC().replace('name: web', 'name: other').replace('app: web', 'app: other'));
    analyzeFile(ws, 'file:///repo/other/svc.yaml'); // records what it looked up
    const back = ws.close(KUST);
    assert.ok(ws.dependents(back).includes('file:///repo/other/svc.yaml'));
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), ['service-selector-mismatch']);
  });
});

describe('Workspace with kustomize patches', () => {
  it('neither checks a patch file nor lets it answer lookups', () => {
    const ws = new Workspace();
    const overlay = 'file:///repo/overlay';
    ws.setDisk(`${DIR}/sts.yaml`, STS());
    ws.setDisk(`${DIR}/svc.yaml`, SVC());
    // A partial StatefulSet (no selector, a serviceName that exists nowhere) and a partial Service.
    ws.setDisk(`${overlay}/sts-patch.yaml`, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: other\n  replicas: 5\n');
    ws.setDisk(`${overlay}/svc-patch.yaml`, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations: { a: b }\n');
    assert.ok(ids(ws, `${overlay}/sts-patch.yaml`).length > 0, 'without the kustomization the patch is an ordinary (incomplete) object');
    const change = ws.setDisk(`${overlay}/kustomization.yaml`, 'resources: [../app/sts.yaml, ../app/svc.yaml]\npatchesStrategicMerge: [sts-patch.yaml]\npatches:\n  - path: svc-patch.yaml\n');
    // The patched StatefulSet moves too: the patch writes its replicas, which are now unknown.
    assert.deepEqual(change.affected.sort(), [`${DIR}/sts.yaml`, `${overlay}/sts-patch.yaml`, `${overlay}/svc-patch.yaml`]);
    assert.deepEqual(ids(ws, `${overlay}/sts-patch.yaml`), []);
    assert.deepEqual(ws.view().named('Service', 'default', 'web').map((r) => r.uri), [`${DIR}/svc.yaml`]);
    assert.deepEqual(ids(ws, `${DIR}/sts.yaml`), []);
  });
});

describe('Workspace.batch', () => {
  const overlay = 'file:///repo/overlay';
  const files: [string, string][] = [
    [`${overlay}/kustomization.yaml`, 'namespace: db\nresources: [../app/sts.yaml, ../app/svc.yaml]\npatches:\n  - path: sts-patch.yaml\n'],
    [`${DIR}/sts.yaml`, STS()],
    [`${DIR}/svc.yaml`, SVC()],
    [`${overlay}/sts-patch.yaml`, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: other\n  replicas: 5\n'],
  ];
  const state = (ws: Workspace) => ({
    namespaces: ws.resources(`${DIR}/sts.yaml`).map((r) => r.namespace),
    replicas: ws.resources(`${DIR}/sts.yaml`).map((r) => ws.view().kustomizeReplicas(r)),
    patchFindings: ids(ws, `${overlay}/sts-patch.yaml`),
    stsFindings: ids(ws, `${DIR}/sts.yaml`),
  });

  it('ends in the same state as the same changes made one by one', () => {
    const oneByOne = new Workspace();
    for (const [uri, text] of files) oneByOne.setDisk(uri, text);
    const batched = new Workspace();
    batched.batch(() => {
      for (const [uri, text] of files) batched.setDisk(uri, text);
    });
    assert.deepEqual(state(batched), state(oneByOne));
    assert.deepEqual(state(batched).namespaces, ['db'], 'the kustomization reached the files read after it');
    assert.deepEqual(state(batched).patchFindings, [], 'the patch file is known as one');
  });

  it('puts what the end of the batch moved in the change that asked for it, for dependents()', () => {
    const ws = new Workspace();
    for (const [uri, text] of files.slice(1)) ws.setDisk(uri, text);
    const changes = ws.batch(() => files.slice(0, 1).map(([uri, text]) => ws.setDisk(uri, text)));
    assert.deepEqual(changes[0]!.affected.sort(), [`${DIR}/sts.yaml`, `${DIR}/svc.yaml`, `${overlay}/sts-patch.yaml`]);
    assert.ok(ws.dependents(changes[0]!).includes(`${DIR}/sts.yaml`));
  });
});

describe('Workspace with Helm chart templates', () => {
  it('indexes a chart template without findings of its own, and its Service answers lookups', () => {
    const ws = new Workspace();
    const chart = 'file:///repo/chart';
    ws.setDisk(`${chart}/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
    ws.setDisk(`${chart}/templates/sts.yaml`, STS());
    ws.setDisk(`${chart}/templates/svc.yaml`, SVC());
    ws.setDisk('file:///repo/plain/sts.yaml', STS());
    ws.setDisk('file:///repo/other/templates/sts.yaml', STS('elsewhere'));
    assert.deepEqual(ids(ws, `${chart}/templates/sts.yaml`), []);
    assert.deepEqual(ids(ws, 'file:///repo/plain/sts.yaml'), [], "the chart's Service is found from outside the chart");
    ws.removeDisk(`${chart}/templates/svc.yaml`);
    assert.deepEqual(ids(ws, `${chart}/templates/sts.yaml`), [], 'a chart template never gets findings');
    assert.deepEqual(ids(ws, 'file:///repo/other/templates/sts.yaml'), ['service-not-found'], 'templates/ without Chart.yaml is plain YAML');
    // A Chart.yaml appearing makes a folder a chart: its templates are re-checked.
    const change = ws.setDisk('file:///repo/other/Chart.yaml', 'apiVersion: v2\nname: other\nversion: 1.0.0\n');
    assert.deepEqual(change.affected, ['file:///repo/other/templates/sts.yaml']);
    assert.deepEqual(ids(ws, 'file:///repo/other/templates/sts.yaml'), []);
  });
});
