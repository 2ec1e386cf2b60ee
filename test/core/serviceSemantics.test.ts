import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, type Workspace } from '../../server/src/core';
import { statefulSetDns } from '../../server/src/core/dns';
import { PLAIN } from '../../server/src/core/markdown';
import { hoverAt } from '../../server/src/core/hover';
import { headlessness } from '../../server/src/core/rules/serviceLookup';
import { HEADLESS, positionOf, WEB, workspaceOf } from '../support/workspace';

/**
 * The hovers (through statefulSetDns) and the rules read the same Service facts —
 * headless or not, selects the pods or not — and must not disagree about them.
 */

const STS = 'file:///ws/sts.yaml';

function stsOf(ws: Workspace) {
  const sts = ws.resources(STS).find((r) => r.kind.value === 'StatefulSet');
  assert.ok(sts);
  return sts;
}

function blockersWith(service: string, sts = WEB): { blockers: string[]; rules: string[]; ws: Workspace } {
  const ws = workspaceOf({ 'svc.yaml': service, 'sts.yaml': sts });
  return {
    ws,
    blockers: statefulSetDns(stsOf(ws), ws.view()).blockers.map((b) => b(PLAIN)),
    rules: analyzeFile(ws, STS).map((f) => `${f.ruleId}: ${f.message}`),
  };
}

function serviceHover(service: string, needle: string, delta = 0) {
  const ws = workspaceOf({ 'svc.yaml': service, 'sts.yaml': WEB });
  return hoverAt(ws, 'file:///ws/svc.yaml', positionOf(service, needle, delta))?.markdown ?? '';
}

const withSpec = (lines: string) => HEADLESS.replace('  clusterIP: None\n', lines);

/** Neither the rules nor the StatefulSet's DNS blockers call the Service not headless; its hover text, which must not either. */
function notJudged(service: string): string {
  const { blockers, rules } = blockersWith(service);
  assert.deepEqual(rules, []);
  assert.doesNotMatch(blockers.join('\n'), /not headless/);
  const h = serviceHover(service, 'name: nginx', 7);
  assert.doesNotMatch(h, /Headless Service|cluster IP \(one record\)|No per-pod names|not headless/, h);
  return h;
}

describe('headlessness, as hovers and rules see it', () => {
  it('a templated clusterIP: not known, so no "not headless" from the hover, the StatefulSet hover or the rule', () => {
    assert.match(notJudged(withSpec('  clusterIP: {{ .Values.clusterIP }}\n')), /headless or not is known only once .*rendered/i);
  });

  it('clusterIPs: [None] without clusterIP: the API server rejects it, so it is neither called headless nor not headless', () => {
    assert.match(notJudged(withSpec('  clusterIPs: ["None"]\n')), /must be empty when `clusterIP` is not specified/);
  });

  it('clusterIP None with the same clusterIPs is headless; a different first clusterIPs entry is rejected, so unknown', () => {
    const same = blockersWith(withSpec('  clusterIP: None\n  clusterIPs: [None]\n'));
    assert.deepEqual([same.blockers, same.rules], [[], []]);
    assert.match(serviceHover(withSpec('  clusterIP: None\n  clusterIPs: [None]\n'), 'name: nginx', 7), /\*\*Headless Service `nginx`\*\*/);
    assert.match(notJudged(withSpec('  clusterIP: None\n  clusterIPs: ["10.0.0.9"]\n')), /first value must match `clusterIP`/);
  });

  it('a dual-stack ClusterIP Service (clusterIP and clusterIPs) is not headless, by hover and rule alike', () => {
    const { blockers, rules } = blockersWith(withSpec('  clusterIP: 10.0.0.9\n  clusterIPs: [10.0.0.9, "fd00::9"]\n'));
    assert.match(blockers.join('\n'), /not headless \(clusterIP 10\.0\.0\.9\)/);
    assert.equal(rules.length, 1);
    assert.match(rules[0], /^service-not-headless: .*Its clusterIP is 10\.0\.0\.9/);
  });

  it('a clusterIP that cannot be read (an alias of a map) is not known, not "absent"', () => {
    assert.match(notJudged(`x: &ip {a: b}\n${withSpec('  clusterIP: *ip\n')}`), /`clusterIP` cannot be read/);
  });

  it('clusterIP None on a NodePort Service is rejected by the API server: not called headless', () => {
    assert.match(notJudged(withSpec('  type: NodePort\n  clusterIP: None\n')), /may not be set to 'None' for NodePort services/);
  });

  it('absent clusterIP in a templated document: the template may set it, so not known', () => {
    assert.match(notJudged(withSpec('  {{- include "svc.clusterIP" . | nindent 2 }}\n')), /template .* may set it/);
  });
});

describe('the governing Service selects the pods: hover and rule agree', () => {
  const selectorBlocker = (blockers: string[]) => blockers.filter((b) => /selects|no selector/.test(b));
  const selectorRule = (rules: string[]) => rules.filter((r) => r.startsWith('service-selector-mismatch'));

  it('a wrong value: both say so, naming the same label', () => {
    const { blockers, rules } = blockersWith(HEADLESS.replace('app: web', 'app: db'));
    assert.equal(selectorBlocker(blockers).length, 1);
    assert.equal(selectorRule(rules).length, 1);
    for (const text of [selectorBlocker(blockers)[0], selectorRule(rules)[0]]) assert.match(text, /app: db.*app: web/);
  });

  it('an ExternalName Service ignores its selector: neither compares it; both say it is not headless', () => {
    const service = HEADLESS.replace('  clusterIP: None\n', '  type: ExternalName\n  externalName: db.example.com\n').replace('app: web', 'app: db');
    const { blockers, rules } = blockersWith(service);
    assert.deepEqual(selectorBlocker(blockers), []);
    assert.deepEqual(selectorRule(rules), []);
    assert.match(blockers.join('\n'), /ExternalName/);
    assert.ok(rules.some((r) => /^service-not-headless: .*ExternalName/.test(r)), rules.join('\n'));
  });

  it('a selector on a label the controller adds to every pod is not a difference for either', () => {
    const service = HEADLESS.replace('    app: web\n', '    app: web\n    controller-revision-hash: web-7d9f\n');
    const { blockers, rules } = blockersWith(service);
    assert.deepEqual(selectorBlocker(blockers), []);
    assert.deepEqual(selectorRule(rules), []);
  });

  it('hover on serviceName shows the same reason the rule gives', () => {
    const ws = workspaceOf({ 'svc.yaml': HEADLESS.replace('app: web', 'app: db'), 'sts.yaml': WEB });
    const h = hoverAt(ws, STS, positionOf(WEB, 'serviceName: nginx', 14))?.markdown ?? '';
    assert.match(h, /will not resolve[\s\S]*Service `nginx` selects `app: db` but the pods have `app: web`/);
    assert.match(analyzeFile(ws, STS).map((f) => f.message).join('\n'), /Service 'nginx' does not select these pods\. It selects app: db, but the pod template .* has app: web/);
  });

  it('neither says the Service is missing when a kustomization renames one to the name written', () => {
    const files = { 'base/kustomization.yaml': 'namePrefix: dev-\nresources: [svc.yaml]\n', 'base/svc.yaml': HEADLESS, 'sts.yaml': WEB.replace('serviceName: nginx', 'serviceName: dev-nginx') };
    const sts = files['sts.yaml'];
    const hoverOf = (ws: ReturnType<typeof workspaceOf>) => hoverAt(ws, STS, positionOf(sts, 'serviceName: dev-nginx', 14))?.markdown ?? '';
    const renamed = workspaceOf(files);
    assert.doesNotMatch(hoverOf(renamed), /No Service `dev-nginx`/);
    assert.deepEqual(analyzeFile(renamed, STS).map((f) => f.ruleId), []);
    const plain = workspaceOf({ ...files, 'base/kustomization.yaml': 'resources: [svc.yaml]\n' });
    assert.match(hoverOf(plain), /No Service `dev-nginx` is known in namespace `default`/);
    assert.deepEqual(analyzeFile(plain, STS).map((f) => f.ruleId), ['service-not-found']);
  });
});

describe('Service hover', () => {
  it('only for core v1 Services: a Knative Service is not one', () => {
    const knative = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
`;
    const ws = workspaceOf({ 'kn.yaml': knative });
    assert.equal(hoverAt(ws, 'file:///ws/kn.yaml', positionOf(knative, 'name: hello', 7)), undefined);
    const core = workspaceOf({ 'svc.yaml': HEADLESS });
    assert.ok(hoverAt(core, 'file:///ws/svc.yaml', positionOf(HEADLESS, 'name: nginx', 7)));
  });
});

describe('headlessness(service)', () => {
  const of = (spec: string, wrap = (t: string) => t) => {
    const text = wrap(withSpec(spec));
    const service = workspaceOf({ 'svc.yaml': text }).resources('file:///ws/svc.yaml').find((r) => r.kind.value === 'Service');
    assert.ok(service);
    const h = headlessness(service);
    return h.state === 'not-headless' ? `${h.state} ${h.reason}` : h.state;
  };
  const cases: [string, string][] = [
    ['  clusterIP: None\n', 'headless'],
    ['  clusterIP: None\n  clusterIPs: [None]\n', 'headless'],
    ['  type: ClusterIP\n  clusterIP: None\n', 'headless'],
    ['', 'not-headless cluster-ip-absent'],
    ['  clusterIP: ""\n', 'not-headless cluster-ip-absent'],
    ['  clusterIP: 10.0.0.9\n', 'not-headless cluster-ip-set'],
    ['  clusterIP: 10.0.0.9\n  clusterIPs: [10.0.0.9, "fd00::9"]\n', 'not-headless cluster-ip-set'],
    ['  type: ExternalName\n  externalName: db.example.com\n', 'not-headless external-name'],
    ['  clusterIPs: [None]\n', 'unknown'],
    ['  clusterIPs: [10.0.0.9]\n', 'unknown'],
    ['  clusterIP: None\n  clusterIPs: [10.0.0.9]\n', 'unknown'],
    ['  clusterIPs: {{ .Values.ips }}\n', 'unknown'],
    ['  clusterIP: {{ .Values.ip }}\n', 'unknown'],
    ['  type: {{ .Values.type }}\n  clusterIP: None\n', 'unknown'],
    ['  type: LoadBalancer\n  clusterIP: None\n', 'unknown'],
    ['  clusterIP: [None]\n', 'unknown'],
    // Behind a merge key: clusterIP or type may come from the merged map.
    ['  <<: {clusterIP: None}\n', 'unknown'],
    ['  <<: {type: ExternalName}\n  clusterIP: None\n', 'unknown'],
    ['  clusterIP: 10.0.0.9\n  <<: {clusterIP: None}\n', 'unknown'],
  ];
  for (const [spec, expected] of cases) {
    it(`${JSON.stringify(spec.trim()) || '(no clusterIP)'} -> ${expected}`, () => assert.equal(of(spec), expected));
  }
  it('absent clusterIP is "absent" in a plain document, unknown in a templated one', () => {
    assert.equal(of(''), 'not-headless cluster-ip-absent');
    assert.equal(of('', (t) => t.replace('metadata:', 'metadata:\n  labels: {{ include "labels" . | nindent 4 }}')), 'unknown');
  });
});
