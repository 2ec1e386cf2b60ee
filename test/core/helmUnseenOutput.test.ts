import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, renderChart, Workspace } from '../../server/src/core';

/**
 * A chart's output that an unknown decided (`{{ if lookup … }}`) may hold objects nobody
 * can see while editing. A rule that searches a namespace for an object by name must not
 * say "none" while such output may hold it: not in the chart, and not outside it either.
 */

const CHART = 'file:///work/charts/shared';
const APP = 'file:///work/app/sts.yaml';

function statefulSet(namespace: string): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: ${namespace}
spec:
  serviceName: shared
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          env:
            - name: PEER
              value: web-0.shared.${namespace}.svc.cluster.local
`;
}

/** A Service named `shared` that exists only when a Secret is found in the cluster. */
const HIDDEN_SERVICE = `{{- if lookup "v1" "Secret" .Release.Namespace "shared-tls" }}
apiVersion: v1
kind: Service
metadata:
  name: shared
{{- if .Values.namespaced }}
  namespace: {{ .Values.namespace }}
{{- end }}
spec:
  clusterIP: None
  selector:
    app: web
{{- end }}
`;

/** The same condition around a ConfigMap: it cannot hide a Service. */
const HIDDEN_CONFIGMAP = `{{- if lookup "v1" "Secret" .Release.Namespace "shared-tls" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: shared
data:
  a: b
{{- end }}
`;

function workspace(template: string, namespace = 'default'): Workspace {
  const ws = new Workspace({ renderChart });
  ws.batch(() => {
    ws.setDisk(`${CHART}/Chart.yaml`, 'apiVersion: v2\nname: shared\nversion: 0.1.0\n');
    ws.setDisk(`${CHART}/values.yaml`, 'namespaced: false\n');
    ws.setDisk(`${CHART}/templates/hidden.yaml`, template);
    ws.setDisk(APP, statefulSet(namespace));
  });
  return ws;
}

const ruleIds = (ws: Workspace, uri: string) => analyzeFile(ws, uri).map((f) => f.ruleId).sort();

describe('output an unknown decided may hold the Service a rule looks for', () => {
  it('service-not-found and dns-name-unresolved stay silent outside the chart, in the release namespace', () => {
    assert.deepEqual(ruleIds(workspace(HIDDEN_SERVICE), APP), []);
  });

  it('a hidden document that cannot be a Service hides nothing: the finding stays', () => {
    assert.deepEqual(ruleIds(workspace(HIDDEN_CONFIGMAP), APP), ['service-not-found']);
  });

  it('a template that sets no namespace hides nothing in another namespace', () => {
    const ws = workspace(HIDDEN_SERVICE.replace(/\{\{- if \.Values\.namespaced \}\}\n.*\n\{\{- end \}\}\n/, ''), 'other');
    assert.deepEqual(ruleIds(ws, APP), ['service-not-found']);
  });

  it('a template that sets a namespace may put the Service in any namespace', () => {
    assert.deepEqual(ruleIds(workspace(HIDDEN_SERVICE, 'other'), APP), []);
  });

  it('the file outside the chart is re-checked when the chart stops hiding its Service', () => {
    const ws = workspace(HIDDEN_SERVICE);
    assert.deepEqual(ruleIds(ws, APP), []);
    const change = ws.setOpen(`${CHART}/templates/hidden.yaml`, HIDDEN_CONFIGMAP);
    assert.ok(ws.dependents(change).includes(APP), JSON.stringify(ws.dependents(change)));
    assert.deepEqual(ruleIds(ws, APP), ['service-not-found']);
  });

  it('hpa-target-not-found stays silent while hidden output may hold the target', () => {
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: cache
  minReplicas: 1
  maxReplicas: 3
`;
    const hiddenStatefulSet = HIDDEN_SERVICE.replace('kind: Service', 'kind: StatefulSet').replace('name: shared', 'name: cache');
    const uri = 'file:///work/app/hpa.yaml';
    for (const [template, expected] of [[hiddenStatefulSet, []], [HIDDEN_CONFIGMAP, ['hpa-target-not-found']]] as const) {
      const ws = workspace(template);
      ws.setDisk(uri, hpa);
      assert.deepEqual(ruleIds(ws, uri), expected);
    }
  });
});
