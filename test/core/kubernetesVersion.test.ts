import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, quickFixes, readSettings, RULE_IDS, Workspace } from '../../server/src/core';

describe('statefulManifests.kubernetesVersion', () => {
  it('reads 1.30, v1.30 and 1.30.2 as 1.30; defaults to 1.33', () => {
    for (const text of ['1.30', 'v1.30', '1.30.2']) {
      assert.deepEqual(readSettings({ kubernetesVersion: text }, RULE_IDS).settings.kubernetesVersion, { major: 1, minor: 30 });
    }
    assert.deepEqual(readSettings({}, RULE_IDS).settings.kubernetesVersion, { major: 1, minor: 33 });
  });

  it('names a bad value and what to write, and keeps the default', () => {
    for (const bad of ['latest', 1.3, '2.0', '1.x']) {
      const { settings, problems } = readSettings({ kubernetesVersion: bad }, RULE_IDS);
      assert.deepEqual(settings.kubernetesVersion, { major: 1, minor: 33 });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^statefulManifests\.kubernetesVersion must be a Kubernetes version such as "1\.33", not .+; using "1\.33"\.$/);
    }
  });
});

describe('removed-api-version quick fix', () => {
  const noSelector = 'apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata:\n  name: zk\nspec:\n  serviceName: zk\n  template:\n    metadata:\n      labels: { app: zk }\n    spec:\n      containers: [{ name: zk, image: zookeeper:3.9 }]\n';
  it('is not offered when more than the apiVersion must change (apps/v1 needs a selector)', () => {
    const ws = new Workspace();
    ws.setOpen('file:///zk.yaml', noSelector);
    const finding = analyzeFile(ws, 'file:///zk.yaml').find((f) => f.ruleId === 'removed-api-version');
    assert.ok(finding);
    assert.match(finding.message, /apps\/v1 also requires spec\.selector/);
    assert.deepEqual(quickFixes(ws, 'file:///zk.yaml', finding), []);
  });

  it('is offered for a policy/v1beta1 PodDisruptionBudget with a selector, and rewrites only the apiVersion', () => {
    const pdb = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: zk\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: { app: zk }\n';
    const ws = new Workspace();
    ws.setOpen('file:///pdb.yaml', pdb);
    const finding = analyzeFile(ws, 'file:///pdb.yaml').find((f) => f.ruleId === 'removed-api-version');
    assert.ok(finding);
    assert.equal(finding.message, 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; use policy/v1.');
    const fixes = quickFixes(ws, 'file:///pdb.yaml', finding);
    assert.deepEqual(fixes.map((f) => f.title), ['Change apiVersion to policy/v1']);
    assert.deepEqual(Object.values(fixes[0].changes)[0].map((e) => e.newText), ['policy/v1']);
  });
});
