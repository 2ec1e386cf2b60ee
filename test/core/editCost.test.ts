import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, filesAnalysedSoFar, renderChart, Workspace, type Finding } from '../../server/src/core';
import { resourcesSearchedForDependents } from '../../server/src/core/rules/followsFrom';
import { seededRandom } from '../support/seededRandom';

/**
 * An edit costs the size of the change, not of the workspace (ARCHITECTURE.md, "An edit
 * costs the size of the change"; workspace/dependencies.ts): with every file analysed
 * once, a keystroke in one StatefulSet re-analyses that file and the few that name what
 * it changed, whatever the number of files around it; and the findings after any
 * sequence of edits are those of a fresh analysis of the same texts.
 */

/** One application in three files, as in scripts/bench-inputs.mjs: the StatefulSet and a client, its headless Service, a ConfigMap naming its pods. */
function application(i: number, namespace = 'default'): [string, string][] {
  const name = `app-${i}`;
  return [
    [`file:///ws/${namespace}/${name}.yaml`, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  serviceName: ${name}-headless
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: data
    spec:
      containers:
        - name: main
          image: nginx
          ports:
            - name: peer
              containerPort: 7000
          env:
            - name: PEERS
              value: "${name}-0.${name}-headless.${namespace}.svc.cluster.local:7000"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-web
  namespace: ${namespace}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}-web
  template:
    metadata:
      labels:
        app: ${name}-web
    spec:
      containers:
        - name: web
          image: nginx
          env:
            - name: BACKEND
              value: "${name}-headless.${namespace}.svc.cluster.local"
`],
    [`file:///ws/${namespace}/${name}-svc.yaml`, `apiVersion: v1
kind: Service
metadata:
  name: ${name}-headless
  namespace: ${namespace}
spec:
  clusterIP: None
  selector:
    app: ${name}
  ports:
    - name: peer
      port: 7000
      targetPort: peer
`],
    [`file:///ws/${namespace}/${name}-config.yaml`, `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${namespace}
data:
  seeds: "${name}-1.${name}-headless:7000"
`],
  ];
}

function workspaceOf(files: Map<string, string>): Workspace {
  const ws = new Workspace({ renderChart });
  ws.batch(() => {
    for (const [uri, text] of files) ws.setDisk(uri, text);
  });
  return ws;
}

/** A keystroke: the file's new text, then the file and its dependents re-analysed, as the server does with every file analysed. */
function edit(ws: Workspace, findings: Map<string, Finding[]>, uri: string, text: string): void {
  const change = ws.setOpen(uri, text);
  for (const other of [uri, ...ws.dependents(change)]) findings.set(other, analyzeFile(ws, other));
}

describe('an edit re-analyses what it changed, not the workspace', () => {
  /** Files and resources searched per keystroke, over a typed character and its deletion, in a workspace of `apps` applications. */
  function keystrokeCost(apps: number): { files: number; searched: number } {
    const files = new Map(Array.from({ length: apps }, (_, i) => application(i)).flat());
    const ws = workspaceOf(files);
    const findings = new Map<string, Finding[]>();
    for (const uri of files.keys()) findings.set(uri, analyzeFile(ws, uri));
    const uri = 'file:///ws/default/app-0.yaml';
    const text = files.get(uri)!;
    const typed = text.replace('serviceName: app-0-headless', 'serviceName: app-0-headlessz');
    const files0 = filesAnalysedSoFar();
    const searched0 = resourcesSearchedForDependents();
    edit(ws, findings, uri, typed);
    assert.ok(findings.get(uri)!.some((f) => f.ruleId === 'service-not-found'), 'the typed character makes the Service missing');
    edit(ws, findings, uri, text);
    return { files: filesAnalysedSoFar() - files0, searched: resourcesSearchedForDependents() - searched0 };
  }

  it('files re-analysed and resources searched do not grow with the namespace', () => {
    const small = keystrokeCost(10);
    const large = keystrokeCost(200);
    // Each keystroke: the edited file, the Service whose selector names its pods' label, the ConfigMap naming its pods.
    assert.equal(large.files, small.files, `${small.files} files re-analysed with 10 applications, ${large.files} with 200`);
    assert.ok(large.files <= 6, `${large.files} files re-analysed for two keystrokes`);
    assert.equal(large.searched, small.searched, `${small.searched} resources searched for dependent names with 10 applications, ${large.searched} with 200`);
  });
});

/**
 * Edits that change what other files look up: a serviceName, a Service's name (to another,
 * to one a template decides: a name the core cannot be sure of), pod labels, a selector, a
 * DNS name in a string, a namespace, a whole file emptied.
 */
const EDITS: ((text: string, pick: () => number) => string)[] = [
  (text, pick) => text.replace(/serviceName: \S+/, `serviceName: app-${pick()}-headless`),
  (text) => text.replace(/serviceName: (\S+)/, 'serviceName: $1z'),
  (text, pick) => text.replace(/(kind: Service\nmetadata:\n {2}name: )\S+/, `$1app-${pick()}-headless`),
  (text) => text.replace(/(kind: Service\nmetadata:\n {2}name: )\S+/, '$1"{{ .Values.serviceName }}"'),
  (text, pick) => text.replace(/( {8}app: )app-\d+$/m, `$1app-${pick()}`),
  (text, pick) => text.replace(/(selector:\n {4}app: )\S+/, `$1app-${pick()}`),
  (text, pick) => text.replace(/value: "app-\d+-0\.app-\d+-headless/, `value: "app-${pick()}-0.app-${pick()}-headless`),
  (text, pick) => text.replace(/seeds: "\S+"/, `seeds: "app-${pick()}-1.app-${pick()}-headless:7000"`),
  (text) => text.replace(/namespace: default/g, 'namespace: other'),
  () => '',
];

/**
 * What decides names and labels elsewhere: a kustomization over the namespace `other`
 * (a namespace, a name prefix that makes its Service's name uncertain, labels it adds to
 * selectors and templates) and a Helm chart whose Service's name comes from its values.
 */
const KUSTOMIZATION = 'file:///ws/other/kustomization.yaml';
const CHART_VALUES = 'file:///ws/chart/values.yaml';
function decidingFiles(): [string, string][] {
  return [
    [KUSTOMIZATION, 'resources:\n  - app-0.yaml\n  - app-0-svc.yaml\n  - app-0-config.yaml\n'],
    ['file:///ws/chart/Chart.yaml', 'apiVersion: v2\nname: db\nversion: 0.1.0\n'],
    [CHART_VALUES, 'serviceName: app-9-headless\n'],
    ['file:///ws/chart/templates/service.yaml', `apiVersion: v1
kind: Service
metadata:
  name: {{ .Values.serviceName }}
  namespace: default
spec:
  clusterIP: None
  selector:
    app: app-1
  ports:
    - name: peer
      port: 7000
`],
  ];
}
const DECIDING_EDITS: Record<string, ((text: string, pick: () => number) => string)[]> = {
  [KUSTOMIZATION]: [
    (text) => `${text}namePrefix: pre-\n`,
    (text) => `${text}namespace: default\n`,
    (text) => `${text}commonLabels:\n  team: a\n`,
    () => 'resources:\n  - app-0.yaml\n  - app-0-svc.yaml\n  - app-0-config.yaml\n',
  ],
  [CHART_VALUES]: [(_, pick) => `serviceName: app-${pick()}-headless\n`, () => 'serviceName: app-9-headless\n'],
};

describe('findings after random edits are those of a fresh analysis', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: 20 edits`, () => {
      const apps = 6;
      const files = new Map([...Array.from({ length: apps }, (_, i) => application(i)).flat(), ...application(0, 'other'), ...decidingFiles()]);
      const ws = workspaceOf(files);
      const findings = new Map<string, Finding[]>();
      for (const uri of files.keys()) findings.set(uri, analyzeFile(ws, uri));
      const next = seededRandom(seed);
      const uris = [...files.keys()];
      for (let step = 0; step < 20; step++) {
        // Every fourth edit is of the kustomization or the chart's values, which move names and labels of other files.
        const among = step % 4 === 3 ? Object.keys(DECIDING_EDITS) : uris;
        const uri = among[Math.floor(next() * among.length)];
        const edits = DECIDING_EDITS[uri] ?? (uri.startsWith('file:///ws/chart/') ? [(text: string) => text] : EDITS);
        const change = edits[Math.floor(next() * edits.length)];
        const text = change(files.get(uri)!, () => Math.floor(next() * apps));
        files.set(uri, text);
        edit(ws, findings, uri, text);
        const fresh = workspaceOf(files);
        for (const other of uris) {
          assert.deepEqual(findings.get(other), analyzeFile(fresh, other), `step ${step + 1}, ${other} after editing ${uri}`);
        }
      }
    });
  }
});
