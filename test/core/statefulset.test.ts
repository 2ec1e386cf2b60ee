import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, ordinalExists, podCount, Workspace, type Resource } from '../../server/src/core';
import { PLAIN } from '../../server/src/core/markdown';
import { hoverAt } from '../../server/src/core/hover';
import { positionOf, workspaceOf } from '../support/workspace';

const sts = (spec: string, name = 'kafka') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: kafka-headless
${spec}  selector:
    matchLabels: { app: kafka }
  template:
    metadata:
      labels: { app: kafka }
    spec:
      containers: [{ name: kafka, image: apache/kafka:3.8.0 }]
`;
const HEADLESS = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kafka-headless\nspec:\n  clusterIP: None\n  selector: { app: kafka }\n  ports: [{ name: broker, port: 9092 }]\n';
const HPA = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: kafka\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: StatefulSet, name: kafka }\n  maxReplicas: 9\n';

function statefulSetIn(ws: Workspace, name = 'kafka'): Resource {
  const found = [...ws.allResources()].find((r) => r.kind.value === 'StatefulSet' && r.name?.value === name);
  assert.ok(found);
  return found;
}

/** Which of the ordinals 0..n-1 exist: true, false, or undefined (unknown). */
function existence(ws: Workspace, n = 6): (boolean | undefined)[] {
  const pods = podCount(statefulSetIn(ws), ws.view());
  return Array.from({ length: n }, (_, i) => ordinalExists(pods, i));
}

describe('podCount and ordinalExists', () => {
  it('pods from ordinals.start for replicas pods', () => {
    const ws = workspaceOf({ 'sts.yaml': sts('  replicas: 3\n  ordinals:\n    start: 1\n') });
    assert.deepEqual(existence(ws), [false, true, true, true, false, false]);
    assert.equal(podCount(statefulSetIn(ws), ws.view()).source(PLAIN), 'replicas 3');
  });

  it('unwritten replicas: 1 pod to list, whether any pod exists unknown', () => {
    const ws = workspaceOf({ 'sts.yaml': sts('') });
    const pods = podCount(statefulSetIn(ws), ws.view());
    assert.equal(pods.count, 1);
    assert.match(pods.unknown?.(PLAIN) ?? '', /not written/);
    assert.deepEqual(existence(ws, 3), [undefined, undefined, undefined]);
  });

  it('an autoscaler in the namespace makes the upper end unknown, not the lower one', () => {
    const ws = workspaceOf({ 'sts.yaml': sts('  replicas: 3\n  ordinals:\n    start: 1\n'), 'hpa.yaml': HPA });
    assert.deepEqual(existence(ws, 5), [false, undefined, undefined, undefined, undefined]);
    assert.match(podCount(statefulSetIn(ws), ws.view()).unknown?.(PLAIN) ?? '', /HorizontalPodAutoscaler 'kafka'/);
  });

  it('an autoscaler of another workload leaves the count known', () => {
    const other = HPA.replace('kind: StatefulSet, name: kafka', 'kind: Deployment, name: kafka-ui').replace('name: kafka\nspec', 'name: kafka-ui\nspec');
    const ws = workspaceOf({ 'sts.yaml': sts('  replicas: 3\n'), 'hpa.yaml': other });
    assert.deepEqual(existence(ws, 4), [true, true, true, false]);
    assert.equal(podCount(statefulSetIn(ws), ws.view()).unknown, undefined);
  });

  it('an autoscaler whose scaleTargetRef cannot be read may scale it', () => {
    const templated = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: x\nspec:\n  scaleTargetRef: *target\n';
    const ws = workspaceOf({ 'sts.yaml': sts('  replicas: 3\n'), 'hpa.yaml': templated });
    assert.deepEqual(existence(ws, 4), [undefined, undefined, undefined, undefined]);
  });

  it('uses the count every kustomization building the file sets, even over unwritten replicas', () => {
    const ws = workspaceOf({
      'base/sts.yaml': sts(''),
      'base/kustomization.yaml': 'resources: [sts.yaml]\nreplicas: [{ name: kafka, count: 2 }]\n',
    });
    assert.deepEqual(existence(ws, 4), [true, true, false, false]);
    assert.equal(podCount(statefulSetIn(ws), ws.view()).source(PLAIN), 'replicas 2 from the kustomization in this folder');
  });

  it('does not know the count when overlays of a shared base build it with different counts', () => {
    const ws = workspaceOf({
      'base/sts.yaml': sts('  replicas: 3\n'),
      'base/kustomization.yaml': 'resources: [sts.yaml]\n',
      'dev/kustomization.yaml': 'resources: [../base]\nreplicas: [{ name: kafka, count: 1 }]\n',
      'prod/kustomization.yaml': 'resources: [../base]\n',
    });
    assert.deepEqual(existence(ws, 4), [undefined, undefined, undefined, undefined]);
    assert.match(podCount(statefulSetIn(ws), ws.view()).unknown?.(PLAIN) ?? '', /1 in '\.\.\/dev', 3 as written/);
  });
});

describe('dns-name-unresolved and service-selects-nothing agree on which pods exist', () => {
  /** For each ordinal: [the DNS name is reported, the per-pod Service is reported]. */
  function reported(extra: Record<string, string>): [boolean, boolean][] {
    const ordinals = [0, 1, 2, 3, 4, 5];
    const services = ordinals.map((i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: kafka-${i}\nspec:\n  selector:\n    statefulset.kubernetes.io/pod-name: kafka-${i}\n`).join('---\n');
    const names = ordinals.map((i) => `  pod${i}: kafka-${i}.kafka-headless:9092\n`).join('');
    const ws = workspaceOf({ 'sts.yaml': sts('  replicas: 3\n'), 'svc.yaml': HEADLESS, 'per-pod.yaml': services, 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clients\ndata:\n${names}`, ...extra });
    const dns = analyzeFile(ws, 'file:///ws/cm.yaml').filter((f) => f.ruleId === 'dns-name-unresolved');
    const selects = analyzeFile(ws, 'file:///ws/per-pod.yaml').filter((f) => f.ruleId === 'service-selects-nothing');
    return ordinals.map((i) => [dns.some((f) => f.message.startsWith(`There is no pod 'kafka-${i}'.`)), selects.some((f) => f.message.includes(`pod-name: kafka-${i}.`))]);
  }

  it('replicas 3: both report kafka-3 to kafka-5 and nothing else', () => {
    assert.deepEqual(reported({}), [[false, false], [false, false], [false, false], [true, true], [true, true], [true, true]]);
  });

  it('with an autoscaler in the namespace: neither reports any (they disagreed before)', () => {
    assert.deepEqual(reported({ 'hpa.yaml': HPA }), Array.from({ length: 6 }, () => [false, false]));
  });

  it('with a kustomization scaling it to 5: both report kafka-5 only', () => {
    const kustomization = 'resources: [sts.yaml, svc.yaml, per-pod.yaml, cm.yaml]\nreplicas: [{ name: kafka, count: 5 }]\n';
    assert.deepEqual(reported({ 'kustomization.yaml': kustomization }), [[false, false], [false, false], [false, false], [false, false], [false, false], [true, true]]);
  });
});

describe('Workspace with kustomize replicas', () => {
  it('re-checks the files that name pods when a kustomization changes the count, not when it keeps it', () => {
    const ws = new Workspace();
    const dir = 'file:///repo/app';
    ws.setDisk(`${dir}/sts.yaml`, sts('  replicas: 3\n'));
    ws.setDisk(`${dir}/svc.yaml`, HEADLESS);
    ws.setDisk(`${dir}/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clients\ndata:\n  last: kafka-4.kafka-headless:9092\n');
    ws.setDisk(`${dir}/kustomization.yaml`, 'resources: [sts.yaml, svc.yaml, cm.yaml]\n');
    const dns = () => analyzeFile(ws, `${dir}/cm.yaml`).filter((f) => f.ruleId === 'dns-name-unresolved').length;
    assert.equal(dns(), 1);
    let change = ws.setOpen(`${dir}/kustomization.yaml`, 'resources: [sts.yaml, svc.yaml, cm.yaml]\nreplicas: [{ name: kafka, count: 5 }]\n');
    assert.deepEqual(change.affected, [`${dir}/sts.yaml`]);
    assert.ok(ws.dependents(change).includes(`${dir}/cm.yaml`));
    assert.equal(dns(), 0);
    change = ws.setOpen(`${dir}/kustomization.yaml`, '# scaled\nresources: [sts.yaml, svc.yaml, cm.yaml]\nreplicas: [{ name: kafka, count: 5 }]\n');
    assert.deepEqual(change.affected, []);
  });

  it('re-checks the files that name pods when a patch file starts or stops writing the replicas, not on other edits', () => {
    const ws = new Workspace();
    const dir = 'file:///repo/app';
    const patch = (body: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kafka\n${body}`;
    ws.setDisk(`${dir}/sts.yaml`, sts('  replicas: 3\n'));
    ws.setDisk(`${dir}/svc.yaml`, HEADLESS);
    ws.setDisk(`${dir}/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clients\ndata:\n  last: kafka-4.kafka-headless:9092\n');
    ws.setDisk(`${dir}/scale.yaml`, patch('  annotations: { a: b }\n'));
    ws.setDisk(`${dir}/kustomization.yaml`, 'resources: [sts.yaml, svc.yaml, cm.yaml]\npatches: [{ path: scale.yaml }]\n');
    const dns = () => analyzeFile(ws, `${dir}/cm.yaml`).filter((f) => f.ruleId === 'dns-name-unresolved').length;
    assert.equal(dns(), 1, 'a patch that does not write the replicas keeps the count written');
    let change = ws.setOpen(`${dir}/scale.yaml`, patch('spec:\n  replicas: 5\n'));
    assert.deepEqual(change.affected, [`${dir}/sts.yaml`]);
    assert.ok(ws.dependents(change).includes(`${dir}/cm.yaml`));
    assert.equal(dns(), 0, 'the count as built is not known here');
    change = ws.setOpen(`${dir}/scale.yaml`, patch('spec:\n  replicas: 6\n'));
    assert.deepEqual(change.affected, [], 'another count: still unknown, nothing moves');
    change = ws.close(`${dir}/scale.yaml`);
    assert.deepEqual(change.affected, [`${dir}/sts.yaml`]);
    assert.equal(dns(), 1);
  });
});

describe('hover on a StatefulSet uses the same count', () => {
  const hover = (files: Record<string, string>) => hoverAt(workspaceOf(files), 'file:///ws/app/sts.yaml', positionOf(files['app/sts.yaml'], 'name: kafka', 6))?.markdown ?? '';

  it('lists the pods a kustomization scales it to', () => {
    const md = hover({ 'app/sts.yaml': sts('  replicas: 1\n'), 'app/svc.yaml': HEADLESS, 'app/kustomization.yaml': 'resources: [sts.yaml, svc.yaml]\nreplicas: [{ name: kafka, count: 4 }]\n' });
    assert.match(md, /4 pods/);
    assert.match(md, /`kafka-3\.kafka-headless\.default\.svc\.cluster\.local`/);
    assert.doesNotMatch(md, /not known here/);
  });

  it('says when an autoscaler makes the number of pods unknown', () => {
    const md = hover({ 'app/sts.yaml': sts('  replicas: 2\n'), 'app/svc.yaml': HEADLESS, 'app/hpa.yaml': HPA });
    assert.match(md, /The number of pods at run time is not known here: HorizontalPodAutoscaler `kafka` in namespace `default` may scale it/);
    assert.match(md, /`kafka-1\.kafka-headless/);
  });
});
