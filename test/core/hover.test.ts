import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { definitionAt } from '../../server/src/core/definition';
import { hoverAt } from '../../server/src/core/hover';
import { LISTED_STATEFULSETS } from '../../server/src/core/hover/service';
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

  it('on serviceName: the pod names first, then the governing Service and its SRV records; the short forms on metadata.name', () => {
    const h = hover(files, 'sts.yaml', 'serviceName: nginx', 14);
    assert.ok(h);
    const lines = h.markdown.split('\n');
    assert.equal(lines[0], '**StatefulSet `web`**: 3 pods in namespace `default`');
    assert.deepEqual(lines.slice(2, 5), [
      '- `web-0.nginx.default.svc.cluster.local`',
      '- `web-1.nginx.default.svc.cluster.local`',
      '- `web-2.nginx.default.svc.cluster.local`',
    ]);
    assert.ok(!h.markdown.includes('web-3'));
    assert.doesNotMatch(h.markdown, /Short forms/);
    assert.match(hover(files, 'sts.yaml', 'name: web', 7)!.markdown, /Short forms:\n- `web-0\.nginx` in namespace `default`\n- `web-0\.nginx\.default` from any namespace/);
    assert.match(h.markdown, /Governing headless Service `nginx`: `nginx\.default\.svc\.cluster\.local` → the IP of each ready pod it selects\./);
    assert.match(h.markdown, /- `_http\._tcp\.nginx\.default\.svc\.cluster\.local` → port 8080\/TCP, one answer per pod \(ready ones\), target `web-0\.nginx\.default\.svc\.cluster\.local`, …/);
    assert.match(h.markdown, /- `_metrics\._udp\.nginx\.default\.svc\.cluster\.local` → port 9100\/UDP/);
    assert.ok(!h.markdown.includes('will not resolve'));
    assert.deepEqual(h.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 20 } });
  });

  it('folds a long pod list after 3 with the pattern and the ordinals left, never as a two-name range', () => {
    const big = { ...files, 'sts.yaml': WEB.replace('replicas: 3', 'replicas: 40') };
    const h = hover(big, 'sts.yaml', 'name: web', 1);
    assert.ok(h);
    assert.match(h.markdown, /`web-2\.nginx\.default\.svc\.cluster\.local`\n- … 37 more, `web-3` to `web-39`: `web-<ordinal>\.nginx\.default\.svc\.cluster\.local`/);
    assert.ok(!h.markdown.includes('web-3.nginx'));
  });

  it('each field gets what is about it: name the names, replicas the pods, serviceName the wiring, a port its SRV record', () => {
    const name = hover(files, 'sts.yaml', 'name: web', 7)!.markdown;
    const replicas = hover(files, 'sts.yaml', 'replicas: 3', 11)!.markdown;
    const wiring = hover(files, 'sts.yaml', 'serviceName: nginx', 14)!.markdown;
    assert.doesNotMatch(name, /SRV|Governing/);
    assert.match(replicas, /^\*\*3 pods\*\* of StatefulSet `web` \(replicas 3\), in namespace `default`/);
    assert.doesNotMatch(replicas, /SRV|Short forms/);
    assert.match(wiring, /Governing headless Service/);
    const port = hover(files, 'svc.yaml', 'name: http', 8)!.markdown;
    assert.equal(port.split('\n')[0], '**SRV record of port `http`** of Service `nginx`');
    assert.match(port, /`_http\._tcp\.nginx\.default\.svc\.cluster\.local` → port 8080\/TCP/);
    assert.doesNotMatch(port, /_metrics|web-1/);
    const unnamed = hover({ 'svc.yaml': HEADLESS.replace('- name: http\n      port: 80', '- port: 80') }, 'svc.yaml', 'port: 80', 7)!.markdown;
    assert.match(unnamed, /has no name, so no SRV record/);
  });

  it('uses the cluster domain setting', () => {
    const h = hover(files, 'sts.yaml', 'serviceName: nginx', 14, { clusterDomain: 'corp.internal' });
    assert.ok(h?.markdown.includes('`web-0.nginx.default.svc.corp.internal`'));
  });

  it('a ClusterIP governing Service: its record is the cluster IP and its SRV target the Service name, on every hover', () => {
    const clusterIP = { 'sts.yaml': WEB, 'svc.yaml': HEADLESS.replace('clusterIP: None', 'clusterIP: 10.1.2.3'), 'cm.yaml': CLIENTS };
    const sts = hover(clusterIP, 'sts.yaml', 'serviceName: nginx', 14)!.markdown;
    const svc = hover(clusterIP, 'svc.yaml', 'name: nginx', 7)!.markdown;
    const name = hover(clusterIP, 'cm.yaml', '_http')!.markdown;
    for (const h of [sts, svc]) {
      assert.match(h, /`nginx\.default\.svc\.cluster\.local` → the Service's cluster IP/, h);
      assert.match(h, /`_http\._tcp\.nginx\.default\.svc\.cluster\.local` → port 80\/TCP, target `nginx\.default\.svc\.cluster\.local`/, h);
      assert.doesNotMatch(h, /IPs? of (each|all|the) (ready )?pods?|one answer per pod/, h);
    }
    assert.match(name, /→ port 80\/TCP, target `nginx\.default\.svc\.cluster\.local`/);
    const warning = sts.indexOf('These names will not resolve');
    assert.ok(warning > 0 && warning < sts.indexOf('web-0.nginx'), sts);
    assert.match(sts, /Service `nginx` is not headless \(clusterIP 10\.1\.2\.3\)/);
  });

  it('publishNotReadyAddresses: one thing said, ready or not, everywhere', () => {
    const all = { ...files, 'svc.yaml': HEADLESS.replace('app: web', 'app: web\n  publishNotReadyAddresses: true') };
    for (const h of [hover(all, 'sts.yaml', 'serviceName: nginx', 14)!.markdown, hover(all, 'svc.yaml', 'name: nginx', 7)!.markdown]) {
      assert.match(h, /the IP of every pod it selects, ready or not \(publishNotReadyAddresses\)/, h);
      assert.doesNotMatch(h, /ready pods?|ready ones|each ready/, h);
    }
  });

  it('"This name" for one pod, "These names" for several', () => {
    const missing = { 'sts.yaml': WEB.replace('replicas: 3', 'replicas: 1') };
    assert.match(hover(missing, 'sts.yaml', 'serviceName: nginx', 14)!.markdown, /This name will not resolve:\*\* No Service `nginx` is known in namespace `default`/);
    assert.match(hover({ 'sts.yaml': WEB }, 'sts.yaml', 'serviceName: nginx', 14)!.markdown, /These names will not resolve/);
  });

  it('says where the namespace and the replica count come from when a kustomization sets them', () => {
    const ws = {
      'base/sts.yaml': WEB, 'base/svc.yaml': HEADLESS, 'base/kustomization.yaml': 'resources: [sts.yaml, svc.yaml]\n',
      'overlays/prod/kustomization.yaml': 'namespace: shop\nresources: [../../base]\nreplicas: [{name: web, count: 5}]\n',
    };
    const h = hover(ws, 'base/sts.yaml', 'replicas: 3', 11)!.markdown;
    assert.match(h, /^\*\*5 pods\*\* of StatefulSet `web` \(replicas 5 from the kustomization in `\.\.\/overlays\/prod`\), in namespace `shop` \(from the kustomization in `\.\.\/overlays\/prod`\)/);
  });

  it('escapes every value from a file: a backtick gets a longer fence; links, command links and HTML stay text', () => {
    const evil = 'w`b[x](command:workbench.action.quit)<img src=x>';
    const h = hover({ 'sts.yaml': WEB.replace('name: web\n', `name: "${evil}"\n`), 'svc.yaml': HEADLESS }, 'sts.yaml', 'serviceName: nginx', 14)!.markdown;
    assert.ok(h.includes(`**StatefulSet \`\`${evil}\`\`**`), h);
    // Outside code spans nothing of the name is left to render as Markdown.
    const outside = h.replace(/(`+)[^`]*?(?:`(?!\1)[^`]*?)*\1/g, '');
    assert.doesNotMatch(outside, /command:|<img|\[x\]/, outside);
    const env = hover({ 'sts.yaml': WEB.replace('name: PEER', 'name: "P`E<b>R"') }, 'sts.yaml', '$(POD_NAME)', 2)!.markdown;
    assert.ok(env.startsWith('**``P`E<b>R``** as the kubelet expands it'), env);
  });

  it('on a headless Service: its record, then one line per StatefulSet that names its pods under it', () => {
    const h = hover(files, 'svc.yaml', 'name: nginx', 7)!.markdown;
    assert.equal(h.split('\n')[0], '**Headless Service `nginx`** in namespace `default`');
    assert.match(h, /- StatefulSet `web`: `web-0\.nginx\.default\.svc\.cluster\.local`, … \(3 pods: `web-<ordinal>\.nginx\.default\.svc\.cluster\.local`\)/);
  });

  it(`on a Service of many StatefulSets: the first ${LISTED_STATEFULSETS}, then how many more`, () => {
    const many: Record<string, string> = { 'svc.yaml': HEADLESS };
    for (let i = 0; i < LISTED_STATEFULSETS + 5; i++) many[`sts-${i}.yaml`] = WEB.replace(/name: web$/m, `name: web-${i}`);
    const h = hover(many, 'svc.yaml', 'name: nginx', 7)!.markdown;
    assert.equal(h.split('\n').filter((line) => line.startsWith('- StatefulSet ')).length, LISTED_STATEFULSETS, h);
    assert.match(h, /^- and 5 more StatefulSets with serviceName `nginx` \(Find All References lists them all\)$/m, h);
  });

  it('on a ClusterIP Service: the single record and why there are no per-pod names', () => {
    const h = hover({ 'svc.yaml': HEADLESS.replace('clusterIP: None', 'clusterIP: 10.1.2.3'), 'sts.yaml': WEB }, 'svc.yaml', 'clusterIP', 2)!.markdown;
    assert.match(h, /→ the Service's cluster IP \(one address; no per-pod answers\)/);
    assert.match(h, /Per-pod names `<pod>\.nginx\.default\.svc\.cluster\.local` are guaranteed only for a headless Service/);
  });

  it('on a DNS name in a string: the pod and StatefulSet it resolves to; short forms expanded', () => {
    let h = hover(files, 'cm.yaml', 'web-0.nginx.default', 3);
    assert.match(h?.markdown ?? '', /Pod `web-0` of StatefulSet `web` \(ordinal 0\): its IP, while it is ready\./);
    assert.deepEqual(h?.range, { start: { line: 5, character: 30 }, end: { line: 5, character: 67 } });
    h = hover(files, 'cm.yaml', 'web-1.nginx');
    assert.match(h?.markdown ?? '', /→ `web-1\.nginx\.default\.svc\.cluster\.local` \(through the search path of namespace `default`\)/);
    h = hover(files, 'cm.yaml', '_http');
    assert.match(h?.markdown ?? '', /SRV record of port `http` of Service `nginx` → port 8080\/TCP, one answer per pod \(ready ones\), target `web-0\.nginx\.default\.svc\.cluster\.local`/);
    h = hover(files, 'cm.yaml', 'second=', 8);
    assert.match(h?.markdown ?? '', /Pod `web-0`/);
  });

  it('on a name of a pod that does not exist: warns, and never describes it as a pod', () => {
    const h = hover({ ...files, 'cm.yaml': CLIENTS.replace('web-1.nginx', 'web-3.nginx') }, 'cm.yaml', 'web-3')!.markdown;
    assert.match(h, /⚠️ \*\*This name will not resolve:\*\* There is no pod `web-3`\. StatefulSet `web` has 3 pods, `web-0`, `web-1` and `web-2` \(replicas 3\)\./);
    assert.doesNotMatch(h, /Pod `web-3` of|These names|…/);
    const two = hover({ ...files, 'sts.yaml': WEB.replace('replicas: 3', 'replicas: 2'), 'cm.yaml': CLIENTS.replace('web-1.nginx', 'web-2.nginx') }, 'cm.yaml', 'web-2.nginx')!.markdown;
    assert.match(two, /has 2 pods, `web-0` and `web-1`/);
  });

  it('on an env value with $(VAR): the expanded value for the first pods, and what it resolves to', () => {
    const h = hover(files, 'sts.yaml', '$(POD_NAME)', 2);
    assert.ok(h);
    assert.match(h.markdown, /- `web-0`: `web-0\.nginx\.default\.svc\.cluster\.local`\n- `web-1`: `web-1\.nginx\.default\.svc\.cluster\.local`\n- `web-2`: `web-2\./);
    assert.match(h.markdown, /Pod `web-0` of StatefulSet `web`/);
  });

  it('shows runtime and undefined variables as written', () => {
    const sts = WEB.replace('fieldRef:\n                  fieldPath: metadata.name', 'secretKeyRef:\n                  name: s\n                  key: k')
      .replace('"$(POD_NAME).nginx', '"$(POD_NAME)-$(LATER).nginx');
    const h = hover({ 'sts.yaml': sts }, 'sts.yaml', '$(POD_NAME)', 2);
    assert.match(h?.markdown ?? '', /- `web-0`: `\$\(POD_NAME\)-\$\(LATER\)\.nginx/);
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
