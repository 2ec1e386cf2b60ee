import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/core';
import { HEADLESS, WEB, workspaceOf } from '../support/workspace';

/**
 * The severities decided on the real-world corpus (docs/rules/service-not-headless.md and
 * service-selects-nothing.md): warning where it is usually a real bug, information where
 * the pattern is intended.
 */
const CLUSTER_IP = HEADLESS.replace('clusterIP: None', 'clusterIP: 10.1.2.3');
const severities = (files: Record<string, string>, file: string, ruleId: string, settings?: unknown) =>
  analyzeFile(workspaceOf(files, settings), `file:///ws/${file}`).filter((f) => f.ruleId === ruleId).map((f) => f.severity);

describe('service-not-headless: how loud', () => {
  const single = WEB.replace('replicas: 3', 'replicas: 1').replace(/ {12}- name: PEER\n.*\n/, '');
  it('one pod and nothing uses a per-pod name (a single-replica database behind its client Service): information', () => {
    assert.deepEqual(severities({ 'sts.yaml': single, 'svc.yaml': CLUSTER_IP }, 'sts.yaml', 'service-not-headless'), ['information']);
  });
  it('several pods: warning', () => {
    assert.deepEqual(severities({ 'sts.yaml': WEB.replace(/ {12}- name: PEER\n.*\n/, ''), 'svc.yaml': CLUSTER_IP }, 'sts.yaml', 'service-not-headless'), ['warning']);
  });
  it('one pod whose own env builds its per-pod name ($(POD_NAME).nginx…): warning', () => {
    assert.deepEqual(severities({ 'sts.yaml': WEB.replace('replicas: 3', 'replicas: 1'), 'svc.yaml': CLUSTER_IP }, 'sts.yaml', 'service-not-headless'), ['warning']);
  });
  it('one pod whose name a ConfigMap of the namespace uses: warning', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  url: web-0.nginx.default.svc.cluster.local\n';
    assert.deepEqual(severities({ 'sts.yaml': single, 'svc.yaml': CLUSTER_IP, 'cm.yaml': cm }, 'sts.yaml', 'service-not-headless'), ['warning']);
  });
  it('a level set by the user applies to every finding of the rule', () => {
    assert.deepEqual(severities({ 'sts.yaml': single, 'svc.yaml': CLUSTER_IP }, 'sts.yaml', 'service-not-headless', { rules: { 'service-not-headless': 'error' } }), ['error']);
  });
});

describe('service-selects-nothing: how loud', () => {
  const service = (selector: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-primary\nspec:\n  selector:\n${selector}  ports:\n    - port: 80\n`;
  it('a typo in a label value: warning', () => {
    assert.deepEqual(severities({ 'sts.yaml': WEB, 'p.yaml': service('    app: wbe\n') }, 'p.yaml', 'service-selects-nothing'), ['warning']);
  });
  it('every other label matches and the missing key is not in the template at all (role: primary set at run time): information', () => {
    const found = analyzeFile(workspaceOf({ 'sts.yaml': WEB, 'p.yaml': service('    app: web\n    role: primary\n') }), 'file:///ws/p.yaml').filter((f) => f.ruleId === 'service-selects-nothing');
    assert.deepEqual(found.map((f) => f.severity), ['information']);
    assert.match(found[0].message, /^This Service selects no pod unless role is set at run time\./);
  });
});
