import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { definitionAt } from '../../server/src/core/definition';
import { hoverAt } from '../../server/src/core/hover';
import { ROOT } from '../support/paths';
import { HEADLESS, positionOf, WEB, workspaceOf } from '../support/workspace';

const CLIENTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: clients
data:
  primary: "jdbc:postgresql://web-0.nginx.default.svc.cluster.local:5432/app"
  short: web-1.nginx
  srv: _http._tcp.nginx.default.svc.cluster.local
  config: |
    first=web-2.nginx.default.svc.cluster.local
    second=web-0.nginx
`;

const STS = 'file:///ws/sts.yaml';
const SVC = 'file:///ws/svc.yaml';
const CM = 'file:///ws/cm.yaml';

function hover(files: Record<string, string>, file: string, needle: string, delta = 0, settings?: unknown) {
  const ws = workspaceOf(files, settings);
  return hoverAt(ws, `file:///ws/${file}`, positionOf(files[file], needle, delta));
}

describe('hover', () => {
  const files = { 'svc.yaml': HEADLESS, 'sts.yaml': WEB, 'cm.yaml': CLIENTS };

  it('on a Helm template: says what is not known instead of showing the template placeholders', () => {
    const chart = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "db.fullname" . }}
spec:
  serviceName: db
  replicas: 2
  template:
    spec:
      containers:
        - name: db
          env:
            - name: DATA
              value: {{ .Values.dataDir | quote }}
            - name: URL
              value: $(DATA)/x
`;
    const all = { ...files, 'chart.yaml': chart };
    const sts = hover(all, 'chart.yaml', 'replicas: 2', 10);
    assert.match(sts?.markdown ?? '', /known only once this is rendered.*metadata\.name/s);
    assert.doesNotMatch(sts?.markdown ?? '', /will not resolve|\?-0/);
    const env = hover(all, 'chart.yaml', 'value: $(DATA)', 8);
    assert.match(env?.markdown ?? '', /known only once the template is rendered/);
    assert.ok(!env?.markdown.includes('\u27e6'), env?.markdown);
  });

  it('on serviceName: every pod FQDN, short forms, the Service record and SRV records with target ports', () => {
    const h = hover(files, 'sts.yaml', 'serviceName: nginx', 14);
    assert.ok(h);
    for (const name of ['web-0.nginx.default.svc.cluster.local', 'web-1.nginx.default.svc.cluster.local', 'web-2.nginx.default.svc.cluster.local']) {
      assert.ok(h.markdown.includes(`\`${name}\``), `${name} in\n${h.markdown}`);
    }
    assert.ok(!h.markdown.includes('web-3'));
    assert.match(h.markdown, /`web-0\.nginx` from namespace `default`, `web-0\.nginx\.default` from any namespace/);
    assert.match(h.markdown, /Service record `nginx\.default\.svc\.cluster\.local` → the IPs of all ready pods/);
    assert.match(h.markdown, /`_http\._tcp\.nginx\.default\.svc\.cluster\.local` → port 8080 on/);
    assert.match(h.markdown, /`_metrics\._udp\.nginx\.default\.svc\.cluster\.local` → port 9100/);
    assert.ok(!h.markdown.includes('will not resolve'));
    assert.deepEqual(h.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 20 } });
  });

  it('on the key of metadata.name and on replicas too; many pods are cut with the pattern', () => {
    const big = { ...files, 'sts.yaml': WEB.replace('replicas: 3', 'replicas: 40') };
    const h = hover(big, 'sts.yaml', 'name: web', 1);
    assert.ok(h);
    assert.match(h.markdown, /`web-9\.nginx\.default\.svc\.cluster\.local`\n- … 30 more: `web-<ordinal>\.nginx\.default\.svc\.cluster\.local \(ordinal 0…39\)`/);
    assert.ok(hover(big, 'sts.yaml', 'replicas: 40', 11)?.markdown.includes('40 pods'));
  });

  it('uses the cluster domain setting', () => {
    const h = hover(files, 'sts.yaml', 'serviceName: nginx', 14, { clusterDomain: 'corp.internal' });
    assert.ok(h?.markdown.includes('`web-0.nginx.default.svc.corp.internal`'));
  });

  it('says first when the names will not resolve, and why', () => {
    const h = hover({ 'sts.yaml': WEB, 'svc.yaml': HEADLESS.replace('clusterIP: None', 'clusterIP: 10.1.2.3') }, 'sts.yaml', 'serviceName: nginx', 14);
    assert.ok(h);
    const warning = h.markdown.indexOf('These names will not resolve');
    assert.ok(warning > 0 && warning < h.markdown.indexOf('web-0.nginx'), h.markdown);
    assert.match(h.markdown, /Service `nginx` is not headless: its clusterIP is 10\.1\.2\.3/);
  });

  it('on a headless Service: the StatefulSets it governs and their pods', () => {
    const h = hover(files, 'svc.yaml', 'name: nginx', 7);
    assert.match(h?.markdown ?? '', /\*\*Headless Service `nginx`\*\*/);
    assert.ok(h?.markdown.includes('`web-2.nginx.default.svc.cluster.local`'));
  });

  it('on a ClusterIP Service: the single record and why there are no per-pod names', () => {
    const h = hover({ 'svc.yaml': HEADLESS.replace('clusterIP: None', 'clusterIP: 10.1.2.3') }, 'svc.yaml', 'clusterIP', 2);
    assert.match(h?.markdown ?? '', /→ its cluster IP \(one record\)/);
    assert.match(h?.markdown ?? '', /No per-pod names: its clusterIP is 10\.1\.2\.3, not None/);
  });

  it('on a DNS name in a string: the pod and StatefulSet it resolves to; short forms expanded', () => {
    let h = hover(files, 'cm.yaml', 'web-0.nginx.default', 3);
    assert.match(h?.markdown ?? '', /Pod `web-0` of StatefulSet `web` \(ordinal 0\)/);
    assert.deepEqual(h?.range, { start: { line: 5, character: 30 }, end: { line: 5, character: 67 } });
    h = hover(files, 'cm.yaml', 'web-1.nginx');
    assert.match(h?.markdown ?? '', /→ `web-1\.nginx\.default\.svc\.cluster\.local` \(through the search path of namespace `default`\)/);
    h = hover(files, 'cm.yaml', '_http');
    assert.match(h?.markdown ?? '', /SRV records of port `http` of headless Service `nginx`/);
    h = hover(files, 'cm.yaml', 'second=', 8);
    assert.match(h?.markdown ?? '', /Pod `web-0`/);
  });

  it('on a DNS name that will not resolve: why', () => {
    const h = hover({ ...files, 'cm.yaml': CLIENTS.replace('web-1.nginx', 'web-5.nginx') }, 'cm.yaml', 'web-5');
    assert.match(h?.markdown ?? '', /will not resolve[\s\S]*there is no `web-5`/);
  });

  it('on an env value with $(VAR): the expanded value for the first pods, and what it resolves to', () => {
    const h = hover(files, 'sts.yaml', '$(POD_NAME)', 2);
    assert.ok(h);
    assert.match(h.markdown, /- web-0: `web-0\.nginx\.default\.svc\.cluster\.local`\n- web-1: `web-1\.nginx\.default\.svc\.cluster\.local`\n- web-2: `web-2\./);
    assert.match(h.markdown, /Pod `web-0` of StatefulSet `web`/);
  });

  it('shows runtime and undefined variables as written', () => {
    const sts = WEB.replace('fieldRef:\n                  fieldPath: metadata.name', 'secretKeyRef:\n                  name: s\n                  key: k')
      .replace('"$(POD_NAME).nginx', '"$(POD_NAME)-$(LATER).nginx');
    const h = hover({ 'sts.yaml': sts }, 'sts.yaml', '$(POD_NAME)', 2);
    assert.match(h?.markdown ?? '', /- web-0: `\$\(POD_NAME\)-\$\(LATER\)\.nginx/);
    assert.match(h?.markdown ?? '', /Known only at run time, shown unexpanded: `POD_NAME`/);
    assert.match(h?.markdown ?? '', /Not defined before this entry, so left as written: `\$\(LATER\)`/);
  });

  it('answers nothing outside resources and on broken or templated YAML without throwing', () => {
    assert.equal(hover({ 'x.yaml': 'foo: [unclosed\n' }, 'x.yaml', 'foo'), undefined);
    const templated = WEB.replace('replicas: 3', 'replicas: {{ .Values.replicas }}');
    assert.ok(hover({ 'sts.yaml': templated }, 'sts.yaml', 'serviceName: nginx', 14)?.markdown.includes('web-0.nginx'));
  });
});

describe('definition', () => {
  const files = { 'svc.yaml': HEADLESS, 'sts.yaml': WEB, 'cm.yaml': CLIENTS };
  const ws = workspaceOf(files);
  const at = (file: string, needle: string, delta = 0) => definitionAt(ws, `file:///ws/${file}`, positionOf(files[file as keyof typeof files], needle, delta));

  it('from serviceName to the Service', () => {
    assert.deepEqual(at('sts.yaml', 'serviceName: nginx', 14), [{ uri: SVC, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } } }]);
  });
  it('from a pod name to its StatefulSet, from an SRV name to the named port', () => {
    assert.deepEqual(at('cm.yaml', 'web-0.nginx.default'), [{ uri: STS, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
    assert.deepEqual(at('cm.yaml', '_http'), [{ uri: SVC, range: { start: { line: 9, character: 12 }, end: { line: 9, character: 16 } } }]);
  });
  it('from an env value with $(POD_NAME) to the StatefulSet its first pod names', () => {
    assert.deepEqual(at('sts.yaml', '$(POD_NAME)'), [{ uri: STS, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
  });
  it('nothing for names the workspace does not know', () => {
    assert.deepEqual(definitionAt(workspaceOf({ 'cm.yaml': CLIENTS }), CM, positionOf(CLIENTS, 'web-1')), []);
  });
});

describe('hover and definition never throw', () => {
  const JUNK = [
    'a: &x [1, 2]\nb: *x\n---\n{{ template }}\n---\nkind: StatefulSet\napiVersion: apps/v1\nspec: 3\n',
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: [x]\n  replicas: -4\n  ordinals: {start: "x"}\n  template:\n    spec:\n      containers:\n        - env: [{name: A, value: "$(A"}, {name: B, value: "$$(A)$()$(B"}]\n',
    '\u0000\u0001binary\n\t: [\n',
  ];
  it('at every position of the examples and of broken documents', () => {
    const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
    const texts = [...examples.map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')), ...JUNK];
    const files = Object.fromEntries(texts.map((t, i) => [`f${i}.yaml`, t]));
    const ws = workspaceOf(files);
    let answered = 0;
    texts.forEach((text, i) => {
      text.split('\n').forEach((line, n) => {
        for (let c = 0; c <= line.length; c += 2) {
          const position = { line: n, character: c };
          if (hoverAt(ws, `file:///ws/f${i}.yaml`, position)) answered++;
          definitionAt(ws, `file:///ws/f${i}.yaml`, position);
        }
      });
    });
    assert.ok(answered > 0);
  });
});
