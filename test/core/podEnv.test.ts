import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Container, EnvVar } from '../../server/src/core/model';
import { expandEnvForPod } from '../../server/src/core/podEnv';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const value = (name: string, v: string): EnvVar => ({ name: { value: name, range: R }, value: { value: v, range: R }, hasValueFrom: false, range: R });
const field = (name: string, path: string): EnvVar => ({ name: { value: name, range: R }, fieldPath: { value: path, range: R }, hasValueFrom: true, range: R });
const secret = (name: string): EnvVar => ({ name: { value: name, range: R }, hasValueFrom: true, range: R });
const container = (env: EnvVar[]): Container => ({ range: R, ports: [], volumeMounts: [], volumeMountsExact: true, portReferences: [], env, hasEnvFrom: false, envExact: true, command: [], args: [], init: false });

it('expands with the pod identity, earlier values (already expanded) and leaves the rest as written', () => {
  const c = container([
    field('POD', 'metadata.name'),
    field('NS', 'metadata.namespace'),
    field('INDEX', "metadata.labels['apps.kubernetes.io/pod-index']"),
    field('NODE', 'spec.nodeName'),
    secret('PASSWORD'),
    value('HOST', '$(POD).db.$(NS).svc'),
    value('HOST', '$(HOST).cluster.local'),
    value('ALL', '$(HOST) #$(INDEX) $(NODE) $(PASSWORD) $(LATER) $$(POD)'),
    value('LATER', 'x'),
  ]);
  const r = expandEnvForPod(c, 7, { name: 'db-2', namespace: 'shop', ordinal: 2 });
  assert.equal(r.value, 'db-2.db.shop.svc.cluster.local #2 $(NODE) $(PASSWORD) $(LATER) $(POD)');
  assert.deepEqual(r.runtime, ['NODE', 'PASSWORD']);
  assert.deepEqual(r.notDefined, ['LATER']);
});

it('a pod without a known name (Deployment) keeps $(POD) as a run-time value', () => {
  const c = container([field('POD', 'metadata.name'), value('X', '$(POD)')]);
  const r = expandEnvForPod(c, 1, { namespace: 'default' });
  assert.equal(r.value, '$(POD)');
  assert.deepEqual(r.runtime, ['POD']);
});
