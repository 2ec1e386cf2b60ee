import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, completionsAt, definitionAt, hoverAt, quickFixes, readSettings, renderChart, RULE_IDS, Workspace } from '../../server/src/core';
import { LineIndex } from '../../server/src/core/lines';
import type { Finding } from '../../server/src/core/types';
import { handRenderer } from '../support/handRendered';

const ROOT = 'file:///work/charts/db';
const STS_URI = `${ROOT}/templates/statefulset.yaml`;
const SVC_URI = `${ROOT}/templates/svc-headless.yaml`;

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "db.fullname" . }}
spec:
  serviceName: {{ include "db.fullname" . }}
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
const SVC = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "db.fullname" . }}-headless
spec:
  clusterIP: None
  selector:
    app: db
`;

/** What the hand renderer prints: the release name from the options, the replica count from values.yaml. */
function renderer() {
  return handRenderer((files, options) => ({
    '{{ include "db.fullname" . }}': { output: `${options.releaseName}-db`, reads: ['.Release.Name'] },
    '{{ .Values.replicaCount }}': { output: /replicaCount: (\d+)/.exec(String(files.get('values.yaml')))?.[1] ?? '1', reads: ['.Values.replicaCount'] },
  }), { replicaCount: 3 });
}

function chartWorkspace(render = renderer()): Workspace {
  const ws = new Workspace({ renderChart: render });
  ws.batch(() => {
    ws.setDisk(`${ROOT}/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 0.1.0\n');
    ws.setDisk(`${ROOT}/values.yaml`, 'replicaCount: 3\n');
    ws.setDisk(`${ROOT}/templates/_helpers.tpl`, '{{- define "db.fullname" -}}{{ .Release.Name }}-db{{- end }}\n');
    ws.setDisk(STS_URI, STS);
    ws.setDisk(SVC_URI, SVC);
  });
  return ws;
}

function covered(text: string, f: Finding): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end));
}

describe('a chart in the workspace', () => {
  it('checks the rendered templates and reports at the action that printed the value', () => {
    const ws = chartWorkspace();
    const findings = analyzeFile(ws, STS_URI).filter((f) => f.ruleId === 'service-not-found');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /No Service named 'release-name-db' in namespace 'default'/);
    assert.equal(covered(STS, findings[0]), '{{ include "db.fullname" . }}');
    assert.equal(findings[0].range.start.line, 5);
  });

  it('offers no quick fix in a template (it would write rendered YAML into it)', () => {
    const ws = chartWorkspace();
    const [finding] = analyzeFile(ws, STS_URI).filter((f) => f.ruleId === 'service-not-found');
    assert.deepEqual(quickFixes(ws, STS_URI, finding), []);
  });

  it('renders a chart once for all the files a batch reads', () => {
    const render = renderer();
    chartWorkspace(render);
    assert.equal(render.renders, 1);
  });

  it('a keystroke in a template re-renders its chart and re-checks the templates that depend on it', () => {
    const ws = chartWorkspace();
    analyzeFile(ws, STS_URI);
    analyzeFile(ws, SVC_URI);
    const fixed = SVC.replace('}}-headless', '}}');
    const change = ws.setOpen(SVC_URI, fixed);
    assert.ok(ws.dependents(change).includes(STS_URI), 'the StatefulSet looked the Service up');
    assert.deepEqual(analyzeFile(ws, STS_URI).filter((f) => f.ruleId === 'service-not-found'), []);
  });

  it('a helper or values change re-renders and marks the templates whose output changed', () => {
    const ws = chartWorkspace();
    const change = ws.setOpen(`${ROOT}/values.yaml`, 'replicaCount: 5\n');
    assert.deepEqual(change.affected, [STS_URI]);
    assert.equal(ws.resources(STS_URI)[0].statefulSet?.replicas?.value, 5);
  });

  it('uses the release name and namespace from the settings', () => {
    const ws = chartWorkspace();
    ws.setSettings(readSettings({ defaultNamespace: 'apps', helm: { releaseName: 'prod' } }, RULE_IDS).settings);
    const [finding] = analyzeFile(ws, STS_URI).filter((f) => f.ruleId === 'service-not-found');
    assert.match(finding.message, /No Service named 'prod-db' in namespace 'apps'/);
    ws.setSettings(readSettings({ helm: { namespace: 'data' } }, RULE_IDS).settings);
    assert.equal(ws.resources(STS_URI)[0].namespace, 'data');
  });

  it('without its Chart.yaml the folder is no chart: templates are only indexed again', () => {
    const ws = chartWorkspace();
    const change = ws.removeDisk(`${ROOT}/Chart.yaml`);
    assert.ok(change.affected.includes(STS_URI));
    assert.equal(ws.isIndexOnly(STS_URI), false, 'no Chart.yaml: a plain file again');
    assert.equal(ws.resources(STS_URI)[0].templated, true, 'read from its own text, templated');
  });

  it('says once, as information, why a template could not be rendered, and nothing else about it', () => {
    const ws = chartWorkspace();
    ws.setOpen(SVC_URI, SVC.replace('{{ include "db.fullname" . }}-headless', '{{ include "db.fullnam" . }}'));
    const findings = analyzeFile(ws, SVC_URI);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['helm-template-not-rendered', 'information']]);
    assert.match(findings[0].message, /^Not rendered, so not checked: no output given for/);
  });

  it('hovers show the rendered DNS names and the values that made them, with their sources', () => {
    const ws = chartWorkspace();
    ws.setSettings(readSettings({ helm: { releaseName: 'prod' } }, RULE_IDS).settings);
    const hover = hoverAt(ws, STS_URI, { line: 6, character: 14 });
    assert.ok(hover);
    assert.equal(covered(STS, { range: hover.range } as Finding), '{{ .Values.replicaCount }}');
    assert.match(hover.markdown, /of StatefulSet `prod-db`/);
    assert.match(hover.markdown, /`prod-db-0\.prod-db\.default\.svc\.cluster\.local`/);
    assert.match(hover.markdown, /\*\*Rendered\*\* for release `prod` in namespace `default`:/);
    assert.match(hover.markdown, /- `\{\{ include "db.fullname" \. \}\}` → `prod-db`\n  - `\.Release\.Name` = `prod`, from the setting statefulManifests\.helm\.releaseName\n/);
    assert.match(hover.markdown, /- `\{\{ \.Values\.replicaCount \}\}` → `3`\n  - `\.Values\.replicaCount` = `3`, from values\.yaml line 1/);
  });

  it('a values file of the settings missing from the chart: the chart is not rendered, and Chart.yaml says why', () => {
    const ws = chartWorkspace();
    ws.setSettings(readSettings({ helm: { valuesFiles: ['ci/values-prod.yaml'] } }, RULE_IDS).settings);
    assert.equal(ws.isIndexOnly(STS_URI), true);
    assert.deepEqual(analyzeFile(ws, STS_URI), []);
    const [finding, ...more] = analyzeFile(ws, `${ROOT}/Chart.yaml`);
    assert.deepEqual(more, []);
    assert.equal(finding.message, "Not rendered, so not checked: The values file 'ci/values-prod.yaml' (statefulManifests.helm.valuesFiles) is not found (paths are relative to the chart's folder), so the chart is not rendered.");
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } });
  });

  it('a values file over 1 MiB: the chart is not rendered (every render reads it), and values.yaml says why', () => {
    const render = renderer();
    const ws = chartWorkspace(render);
    const huge = `replicaCount: 3\nblob: ${'x'.repeat(1_100_000)}\n`;
    ws.setOpen(`${ROOT}/values.yaml`, huge);
    assert.equal(render.renders, 1, 'not rendered again');
    assert.equal(ws.isIndexOnly(STS_URI), true);
    const findings = analyzeFile(ws, `${ROOT}/values.yaml`);
    assert.deepEqual(findings.map((f) => f.message), ['Not rendered, so not checked: values.yaml is larger than 1 MiB: the chart is not rendered, so edits stay fast.']);
  });

  it('a workspace without a renderer keeps chart templates index-only', () => {
    const ws = new Workspace();
    ws.setDisk(`${ROOT}/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 0.1.0\n');
    ws.setDisk(STS_URI, STS);
    assert.equal(ws.isIndexOnly(STS_URI), true);
    assert.deepEqual(analyzeFile(ws, STS_URI), []);
  });
});

describe('navigation and completion in a real chart', () => {
  const CHART = 'file:///work/charts/pg';
  const HELPERS = `{{- define "pg.fullname" -}}
{{- printf "%s-pg" .Release.Name }}
{{- end }}

{{- define "pg.selectorLabels" -}}
app: pg
{{- end }}
`;
  const VALUES = `replicaCount: 3
image:
  repository: postgres
  tag: "16"
persistence:
  size: 8Gi
`;
  const TEMPLATE = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "pg.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - image: {{ .Values.image.tag }}
`;
  function workspace(): Workspace {
    const ws = new Workspace({ renderChart });
    ws.batch(() => {
      ws.setDisk(`${CHART}/Chart.yaml`, 'apiVersion: v2\nname: pg\nversion: 0.1.0\n');
      ws.setDisk(`${CHART}/values.yaml`, VALUES);
      ws.setDisk(`${CHART}/templates/_helpers.tpl`, HELPERS);
      ws.setDisk(`${CHART}/templates/sts.yaml`, TEMPLATE);
    });
    return ws;
  }

  it('Go to Definition on an include name opens its define in _helpers.tpl', () => {
    const targets = definitionAt(workspace(), `${CHART}/templates/sts.yaml`, { line: 3, character: 22 });
    assert.deepEqual(targets, [{ uri: `${CHART}/templates/_helpers.tpl`, range: { start: { line: 0, character: 12 }, end: { line: 0, character: 23 } } }]);
  });

  it('Go to Definition on .Values.image.tag opens values.yaml at that key', () => {
    const targets = definitionAt(workspace(), `${CHART}/templates/sts.yaml`, { line: 9, character: 30 });
    assert.deepEqual(targets, [{ uri: `${CHART}/values.yaml`, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 5 } } }]);
  });

  it('completes .Values keys, nested, from values.yaml', () => {
    const ws = workspace();
    const top = 'replicas: {{ .Values.';
    const text = TEMPLATE.replace('replicas: {{ .Values.replicaCount }}', top);
    const at = { line: 5, character: 2 + top.length };
    assert.deepEqual(completionsAt(ws, `${CHART}/templates/sts.yaml`, text, at).map((c) => c.label), ['replicaCount', 'image', 'persistence']);
    const nested = TEMPLATE.replace('replicas: {{ .Values.replicaCount }}', 'replicas: {{ .Values.image.re');
    const entries = completionsAt(ws, `${CHART}/templates/sts.yaml`, nested, { line: 5, character: 2 + 'replicas: {{ .Values.image.re'.length });
    assert.deepEqual(entries.map((c) => [c.label, c.detail]), [['repository', 'values.yaml: "postgres"'], ['tag', 'values.yaml: "16"']]);
    assert.deepEqual(entries[0].range.start, { line: 5, character: 2 + 'replicas: {{ .Values.image.'.length });
  });

  it('completes template names after include "', () => {
    const typed = '  name: {{ include "pg.';
    const text = TEMPLATE.replace('  name: {{ include "pg.fullname" . }}', typed);
    const entries = completionsAt(workspace(), `${CHART}/templates/sts.yaml`, text, { line: 3, character: typed.length });
    assert.deepEqual(entries.map((c) => c.label), ['pg.fullname', 'pg.selectorLabels']);
    assert.deepEqual(entries[0].range.start, { line: 3, character: typed.length - 3 });
  });

  it('offers nothing outside an action', () => {
    assert.deepEqual(completionsAt(workspace(), `${CHART}/templates/sts.yaml`, TEMPLATE + '# .Values.', { line: 10, character: 10 }), []);
  });
});

describe('a keystroke in a template renders that template only', () => {
  const CHART = 'file:///work/charts/kv';
  const files: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: kv\nversion: 0.1.0\n',
    'values.yaml': 'replicas: 2\n',
    'templates/_helpers.tpl': '{{- define "kv.name" -}}{{ .Release.Name }}-kv{{- end }}\n',
    'templates/a.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "kv.name" . }}\nspec:\n  clusterIP: None\n',
    'templates/b.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ include "kv.name" . }}\nspec:\n  serviceName: {{ include "kv.name" . }}\n  replicas: {{ .Values.replicas }}\n',
    'templates/c.yaml': '{{- define "kv.extra" -}}x{{- end }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  };
  function recording() {
    const calls: (readonly string[] | undefined)[] = [];
    const ws = new Workspace({ renderChart: (f, o, r) => { calls.push(r?.only); return renderChart(f, o, r); } });
    ws.batch(() => { for (const [p, t] of Object.entries(files)) ws.setDisk(`${CHART}/${p}`, t); });
    return { ws, calls };
  }

  it('renders only the edited template, and the result is what a full render gives', () => {
    const { ws, calls } = recording();
    const edited = files['templates/b.yaml'].replace('replicas: {{ .Values.replicas }}', 'replicas: {{ add .Values.replicas 1 }}');
    ws.setOpen(`${CHART}/templates/b.yaml`, edited);
    assert.deepEqual(calls, [undefined, ['templates/b.yaml']]);
    const fresh = new Workspace({ renderChart });
    fresh.batch(() => { for (const [p, t] of Object.entries({ ...files, 'templates/b.yaml': edited })) fresh.setDisk(`${CHART}/${p}`, t); });
    for (const p of ['templates/a.yaml', 'templates/b.yaml', 'templates/c.yaml']) {
      assert.equal(ws.effective(`${CHART}/${p}`)?.helm?.template.text, fresh.effective(`${CHART}/${p}`)?.helm?.template.text, p);
    }
    assert.equal(ws.resources(`${CHART}/templates/b.yaml`)[0].statefulSet?.replicas?.value, 3);
  });

  it('renders the whole chart when the edited template defines templates, or a helper or values change', () => {
    const { ws, calls } = recording();
    ws.setOpen(`${CHART}/templates/c.yaml`, files['templates/c.yaml'].replace('name: c', 'name: d'));
    ws.setOpen(`${CHART}/templates/b.yaml`, files['templates/b.yaml'].replace('apiVersion', '{{- define "kv.more" }}y{{ end }}\napiVersion'));
    ws.setOpen(`${CHART}/values.yaml`, 'replicas: 4\n');
    ws.setOpen(`${CHART}/templates/_helpers.tpl`, files['templates/_helpers.tpl'].replace('-kv', '-store'));
    assert.deepEqual(calls, [undefined, undefined, undefined, undefined, undefined]);
    assert.equal(ws.resources(`${CHART}/templates/a.yaml`)[0].name?.value, 'release-name-store');
  });
});

describe('bad template input: nothing false, at most one information finding', () => {
  const CHART = 'file:///work/charts/bad';
  const BAD = [
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x',
    '{{ if .Values.a }}\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: a\nspec:\n  serviceName: nope\n',
    '{{ define "r" }}{{ include "r" . }}{{ end }}apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "r" . }}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: "{{ range until 100000000 }}x{{ end }}"\n',
    '{{ tpl (.Files.Get "templates/t.yaml") . }}',
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ lookup "v1" "Service" "" "" }}\nspec:\n  serviceName: {{ (lookup "v1" "Service" .Release.Namespace "db").metadata.name }}\n',
    '{{ end }}{{ else }}{{{{',
  ];
  for (const text of BAD) {
    it(JSON.stringify(text).slice(0, 60), () => {
      const ws = new Workspace({ renderChart });
      ws.batch(() => {
        ws.setDisk(`${CHART}/Chart.yaml`, 'apiVersion: v2\nname: bad\nversion: 0.1.0\n');
        ws.setDisk(`${CHART}/values.yaml`, 'a: &x [1, *x]\n');
        ws.setDisk(`${CHART}/templates/t.yaml`, text);
      });
      const findings = analyzeFile(ws, `${CHART}/templates/t.yaml`);
      assert.ok(findings.length <= 1, JSON.stringify(findings));
      for (const f of findings) assert.deepEqual([f.ruleId, f.severity], ['helm-template-not-rendered', 'information']);
    });
  }
});
