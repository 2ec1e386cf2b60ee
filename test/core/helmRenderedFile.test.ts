import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRenderedTemplate } from '../../server/src/core/helm/renderedFile';
import { LineIndex } from '../../server/src/core/lines';
import type { Range } from '../../server/src/core/types';
import { handRendered } from '../support/handRendered';

const URI = 'file:///charts/db/templates/statefulset.yaml';
const SOURCE = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "db.fullname" . }}
  labels:
    {{- include "db.labels" . | nindent 4 }}
spec:
  serviceName: {{ include "db.fullname" . }}-headless
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres
`;
const OUTPUTS = {
  '{{ include "db.fullname" . }}': 'release-name-db',
  '{{- include "db.labels" . | nindent 4 }}': '\n    app: db\n    release: release-name',
  '{{ .Values.replicaCount }}': '3',
};

/** The source text a range covers. */
function covered(range: Range): string {
  const lines = new LineIndex(SOURCE);
  return SOURCE.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

describe('a rendered template read back into the template file', () => {
  const template = handRendered('templates/statefulset.yaml', SOURCE, OUTPUTS);
  const file = parseRenderedTemplate(URI, SOURCE, { chartRoot: 'file:///charts/db', template, chartUncertain: false });
  const [sts] = file.resources;

  it('reads the rendered values', () => {
    assert.equal(sts.name?.value, 'release-name-db');
    assert.equal(sts.statefulSet?.serviceName?.value, 'release-name-db-headless');
    assert.equal(sts.statefulSet?.replicas?.value, 3);
    assert.deepEqual(sts.labels?.entries.map((e) => `${e.key.value}=${e.value.value}`), ['app=db', 'release=release-name']);
    assert.equal(sts.templated, false);
  });

  it('gives a value printed by an action the range of the whole action', () => {
    assert.equal(covered(sts.name!.range), '{{ include "db.fullname" . }}');
    assert.equal(covered(sts.statefulSet!.replicas!.range), '{{ .Values.replicaCount }}');
  });

  it('gives a value made of an action and literal text the range from the action to the text', () => {
    assert.equal(covered(sts.statefulSet!.serviceName!.range), '{{ include "db.fullname" . }}-headless');
  });

  it('keeps the exact characters of literal text', () => {
    const container = sts.podTemplate!.containers[0];
    assert.equal(covered(container.name!.range), 'db');
    assert.deepEqual(container.name!.range.start, { line: 18, character: 16 });
    assert.equal(covered(sts.kind.range), 'StatefulSet');
  });

  it('maps labels printed by one action to that action', () => {
    const release = sts.labels!.entries.find((e) => e.key.value === 'release')!;
    assert.equal(covered(release.value.range), '{{- include "db.labels" . | nindent 4 }}');
  });

  it('keeps the template text and says where it came from', () => {
    assert.equal(file.text, SOURCE);
    assert.equal(file.helm?.template, template);
  });
});

describe('what an unknown decided stays unread', () => {
  const two = `apiVersion: v1
kind: Service
metadata:
  name: a
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Values.name }}
`;
  it('marks only the documents overlapping an uncertain range', () => {
    const template = handRendered('templates/svc.yaml', two, { '{{ .Values.name }}': 'b' });
    const second = template.text.indexOf('---');
    template.uncertain = [{ start: second + 10, end: second + 20 }];
    const file = parseRenderedTemplate(URI, two, { chartRoot: 'file:///c', template, chartUncertain: true });
    assert.deepEqual(file.resources.map((r) => [r.name?.value, r.templated]), [['a', false], ['b', true]]);
  });

  it('marks every document of a template the renderer could not finish', () => {
    const template = handRendered('templates/svc.yaml', two, { '{{ .Values.name }}': 'b' }, { problem: { message: 'x', file: 'templates/svc.yaml', start: 0, end: 0 } });
    const file = parseRenderedTemplate(URI, two, { chartRoot: 'file:///c', template, chartUncertain: false });
    assert.deepEqual(file.resources.map((r) => r.templated), [true, true]);
  });

  it('reads an unknown placeholder as a templated value', () => {
    const template = handRendered('templates/svc.yaml', two, { '{{ .Values.name }}': '\u27e6v1\u27e7' });
    const file = parseRenderedTemplate(URI, two, { chartRoot: 'file:///c', template, chartUncertain: false });
    // The kind and name extractors drop unknown names: the Service has no readable name.
    assert.equal(file.resources[1].name, undefined);
  });
});
