import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, completionsAt, definitionAt, hoverAt, readSettings, renderChart, RULE_IDS, Workspace } from '../../server/src/core';
import { renderedManifest } from '../../server/src/core/helm/renderedManifest';
import { LineIndex } from '../../server/src/core/lines';
import type { Range } from '../../server/src/core/types';
import { FIXTURES } from '../support/paths';

/**
 * Issue #11's "What a user sees", bullet by bullet, on a database chart in the style of the
 * public ones (test/fixtures/helm/charts/db-walk: `_helpers.tpl` with fullname and
 * selectorLabels, a headless Service named `<fullname>-headless`, a StatefulSet whose
 * serviceName forgets the suffix and whose pod labels miss the instance label). The
 * differential test renders the same chart with the real helm.
 */
const DIR = path.join(FIXTURES, 'helm', 'charts', 'db-walk');
const ROOT = 'file:///work/charts/db';
const FILES = ['Chart.yaml', 'values.yaml', 'ci/values-prod.yaml', 'templates/_helpers.tpl', 'templates/statefulset.yaml', 'templates/svc-headless.yaml', 'templates/pdb.yaml'];
const STS = `${ROOT}/templates/statefulset.yaml`;
const text = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');

function workspace(settings: Record<string, unknown> = {}): Workspace {
  const ws = new Workspace({ renderChart });
  ws.setSettings(readSettings(settings, RULE_IDS).settings);
  ws.batch(() => {
    for (const file of FILES) ws.setDisk(`${ROOT}/${file}`, text(file));
  });
  return ws;
}

function covered(file: string, range: Range): string {
  const source = text(file);
  const lines = new LineIndex(source);
  return source.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** The position of the first `needle` on the line holding `line`, in the StatefulSet template. */
function at(line: string, needle: string): { line: number; character: number } {
  const lines = text('templates/statefulset.yaml').split('\n');
  const index = lines.findIndex((l) => l.includes(line));
  return { line: index, character: lines[index].indexOf(needle) + 1 };
}

describe('a chart author sees (issue #11)', () => {
  it('service-not-found at the action that printed serviceName, rendered value in the message, related at the Service name', () => {
    const [finding] = analyzeFile(workspace(), STS).filter((f) => f.ruleId === 'service-not-found');
    assert.equal(covered('templates/statefulset.yaml', finding.range), '{{ include "db.fullname" . }}');
    assert.equal(finding.range.start.line, 5);
    assert.match(finding.message, /^No Service named 'release-name-db' in namespace 'default'\./);
    assert.deepEqual(finding.related.map((r) => [r.uri, covered('templates/svc-headless.yaml', r.range)]), [
      [`${ROOT}/templates/svc-headless.yaml`, '{{ include "db.fullname" . }}-headless'],
    ]);
  });

  it('a selector from an nindented include compared with the pod labels, the labels named as rendered', () => {
    const [finding] = analyzeFile(workspace(), STS).filter((f) => f.ruleId === 'selector-template-mismatch');
    assert.equal(covered('templates/statefulset.yaml', finding.range), '{{- include "db.selectorLabels" . | nindent 6 }}');
    assert.match(finding.message, /no 'app\.kubernetes\.io\/instance' label\. StatefulSet 'release-name-db' selects app\.kubernetes\.io\/instance: release-name/);
  });

  it('hovers on the name, serviceName and replicas show the DNS names as rendered, and what made them', () => {
    const ws = workspace({ helm: { releaseName: 'prod', namespace: 'data', valuesFiles: ['ci/values-prod.yaml'] } });
    for (const position of [at('  name: {{', 'name'), at('serviceName:', 'serviceName'), at('replicas:', 'replicas')]) {
      const markdown = hoverAt(ws, STS, position)?.markdown ?? '';
      assert.match(markdown, /`prod-db-0\.prod-db\.data\.svc\.cluster\.local`/, JSON.stringify(position));
      assert.match(markdown, /`prod-db-4`: `prod-db-<ordinal>\.prod-db\.data\.svc\.cluster\.local`/, JSON.stringify(position));
      assert.match(markdown, /\*\*Rendered\*\* for release `prod` in namespace `data`:/, JSON.stringify(position));
    }
    const replicas = hoverAt(ws, STS, at('replicas:', 'replicas'))?.markdown ?? '';
    assert.match(replicas, /`\.Values\.replicaCount` = `5`, from ci\/values-prod\.yaml line 1/);
  });

  it('Go to Definition: include name → its define in _helpers.tpl; .Values.replicaCount → values.yaml', () => {
    const ws = workspace();
    const include = definitionAt(ws, STS, at('  name: {{', 'db.fullname'));
    assert.deepEqual(include.map((t) => [t.uri, t.range.start.line]), [[`${ROOT}/templates/_helpers.tpl`, 4]]);
    const values = definitionAt(ws, STS, at('replicas:', 'replicaCount'));
    assert.deepEqual(values.map((t) => [t.uri, t.range.start.line]), [[`${ROOT}/values.yaml`, 0]]);
  });

  it('completion offers .Values keys and the defined template names', () => {
    const ws = workspace();
    const source = text('templates/statefulset.yaml');
    const typed = source.replace('replicas: {{ .Values.replicaCount }}', 'replicas: {{ .Values.');
    const keys = completionsAt(ws, STS, typed, { line: 6, character: '  replicas: {{ .Values.'.length });
    assert.deepEqual(keys.map((c) => c.label), ['replicaCount', 'nameOverride', 'fullnameOverride', 'image', 'service']);
    const include = source.replace('  name: {{ include "db.fullname" . }}', '  name: {{ include "db.');
    const names = completionsAt(ws, STS, include, { line: 3, character: '  name: {{ include "db.'.length });
    assert.deepEqual(names.map((c) => c.label), ['db.name', 'db.fullname', 'db.selectorLabels']);
  });

  it('the rendered manifest of the template, for the release of the settings', () => {
    const rendered = renderedManifest(workspace({ helm: { releaseName: 'prod' } }), STS);
    assert.ok('text' in rendered);
    assert.match(rendered.text, /serviceName: prod-db\n/);
    assert.match(rendered.text, /replicas: 3\n/);
  });

  it('the Kubernetes version of the settings is .Capabilities.KubeVersion', () => {
    const pdb = `${ROOT}/templates/pdb.yaml`;
    const now = renderedManifest(workspace(), pdb);
    const old = renderedManifest(workspace({ kubernetesVersion: '1.20' }), pdb);
    assert.ok('text' in now && 'text' in old);
    assert.match(now.text, /apiVersion: policy\/v1\n/);
    assert.match(old.text, /apiVersion: policy\/v1beta1\n/);
  });
});
