import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'fflate';
import { createTar } from 'nanotar';
import { analyzeFile, definitionAt, referencesAt, renderChart, Workspace } from '../../server/src/core';

/**
 * Templates inside a packaged subchart (`charts/store-1.0.0.tgz`) have no file an editor
 * shows. Their objects take part in every lookup; what the rules find about them is
 * reported on the parent's Chart.yaml, at the dependency entry naming the subchart, with
 * the archive and the template's path in the message (docs/helm.md).
 */
const ROOT = 'file:///work/charts/app';
const CHART_YAML = `apiVersion: v2
name: app
version: 0.1.0
dependencies:
  - name: other
    version: 2.0.0
  - name: store
    version: 1.0.0
`;

/** A packaged chart `store` with a StatefulSet naming a Service it lacks, and a headless Service the parent uses. */
function storeArchive(): Uint8Array {
  const files = {
    'store/Chart.yaml': 'apiVersion: v2\nname: store\nversion: 1.0.0\n',
    'store/templates/sts.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ .Release.Name }}-store
spec:
  serviceName: {{ .Release.Name }}-store-missing
  selector:
    matchLabels:
      app: store
  template:
    metadata:
      labels:
        app: store
    spec:
      containers:
        - name: store
          image: store
`,
    'store/templates/svc.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-store
spec:
  clusterIP: None
  selector:
    app: client
`,
  };
  return gzipSync(createTar(Object.entries(files).map(([name, data]) => ({ name, data }))));
}

const CLIENT = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: client
spec:
  serviceName: {{ .Release.Name }}-store
  selector:
    matchLabels:
      app: client
  template:
    metadata:
      labels:
        app: client
    spec:
      containers:
        - name: client
          image: client
`;

function workspace(): Workspace {
  const ws = new Workspace({ renderChart });
  ws.batch(() => {
    ws.setDisk(`${ROOT}/Chart.yaml`, CHART_YAML);
    ws.setDisk(`${ROOT}/values.yaml`, '{}\n');
    ws.setDisk(`${ROOT}/charts/store-1.0.0.tgz`, storeArchive());
    ws.setDisk(`${ROOT}/templates/client.yaml`, CLIENT);
  });
  return ws;
}

describe('templates inside a packaged subchart', () => {
  it('their Services are found by the parent\'s StatefulSets', () => {
    assert.deepEqual(analyzeFile(workspace(), `${ROOT}/templates/client.yaml`).map((f) => f.ruleId), []);
  });

  it('a finding about their own objects is shown on the Chart.yaml entry naming the subchart', () => {
    const findings = analyzeFile(workspace(), `${ROOT}/Chart.yaml`);
    assert.deepEqual(findings.map((f) => f.ruleId), ['service-not-found']);
    const [finding] = findings;
    assert.equal(finding.uri, `${ROOT}/Chart.yaml`);
    assert.deepEqual(finding.range, { start: { line: 6, character: 10 }, end: { line: 6, character: 15 } });
    assert.match(finding.message, /^No Service named 'release-name-store-missing' in namespace 'default'\./);
    assert.match(finding.message, /\(In the packaged subchart charts\/store-1\.0\.0\.tgz, templates\/sts\.yaml\.\)$/);
  });

  it('Go to Definition on a serviceName naming one of their Services opens that Chart.yaml entry', () => {
    const targets = definitionAt(workspace(), `${ROOT}/templates/client.yaml`, { line: 5, character: 20 });
    assert.deepEqual(targets, [{ uri: `${ROOT}/Chart.yaml`, range: { start: { line: 6, character: 10 }, end: { line: 6, character: 15 } } }]);
  });

  it('Find References lists their Services at that Chart.yaml entry, never at a file that does not exist', () => {
    const locations = referencesAt(workspace(), `${ROOT}/templates/client.yaml`, { line: 5, character: 20 }, true);
    assert.deepEqual(locations.map((l) => [l.uri, l.range.start.line]), [[`${ROOT}/Chart.yaml`, 6], [`${ROOT}/templates/client.yaml`, 5]]);
  });
});
