// Helm charts in the server: a chart of 40 templates (20 StatefulSets, 20 headless Services,
// names and labels from _helpers.tpl, counts from values.yaml), opened in the editor, against
// the same manifests already rendered (plain YAML, no chart). Measures open -> first findings
// of every template, and a keystroke in one template -> its new findings (p50/p95).
//
//   node scripts/bench-helm.mjs [--edits N]      (npm run bench runs it too)
//
// Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { Server } from './bench-server.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const COMPONENTS = 20;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** The chart's files, chart-relative path -> text. Every fifth StatefulSet names a Service the chart does not make. */
export function benchChart() {
  const files = new Map();
  files.set('Chart.yaml', 'apiVersion: v2\nname: bench\nversion: 1.0.0\nappVersion: "1.0"\n');
  const values = ['ports:', '  - name: client', '    port: 2379', '  - name: peer', '    port: 2380'];
  for (let i = 0; i < COMPONENTS; i++) values.push(`c${i}:`, `  replicas: ${1 + (i % 5)}`, `  image: registry.example/c${i}:1.${i}`);
  files.set('values.yaml', `${values.join('\n')}\n`);
  files.set('templates/_helpers.tpl', `{{- define "bench.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bench.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "bench.labels" -}}
{{ include "bench.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
`);
  for (let i = 0; i < COMPONENTS; i++) {
    const c = `c${i}`;
    files.set(`templates/${c}-headless.yaml`, `apiVersion: v1
kind: Service
metadata:
  name: {{ include "bench.fullname" . }}-${c}-headless
  labels:
    {{- include "bench.labels" . | nindent 4 }}
spec:
  clusterIP: None
  selector:
    {{- include "bench.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/component: ${c}
  ports:
    {{- range .Values.ports }}
    - name: {{ .name }}
      port: {{ .port }}
    {{- end }}
`);
    files.set(`templates/${c}-statefulset.yaml`, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "bench.fullname" . }}-${c}
  labels:
    {{- include "bench.labels" . | nindent 4 }}
spec:
  serviceName: {{ include "bench.fullname" . }}-${c}${i % 5 === 0 ? '-hl' : '-headless'}
  replicas: {{ .Values.${c}.replicas }}
  selector:
    matchLabels:
      {{- include "bench.selectorLabels" . | nindent 6 }}
      app.kubernetes.io/component: ${c}
  template:
    metadata:
      labels:
        {{- include "bench.selectorLabels" . | nindent 8 }}
        app.kubernetes.io/component: ${c}
        tier: "a"
    spec:
      containers:
        - name: ${c}
          image: {{ .Values.${c}.image | quote }}
          ports:
            {{- range .Values.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          env:
            - name: PEERS
              value: "{{ include "bench.fullname" $ }}-${c}-0.{{ include "bench.fullname" $ }}-${c}-headless"
`);
  }
  return files;
}

/** The same chart rendered by the project's renderer: the plain manifests, one file per template. */
async function renderedManifests(files) {
  const out = path.join(os.tmpdir(), 'stateful-manifests-bench-helm-core.cjs');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'server', 'src', 'core', 'index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
  const { renderChart } = require(out);
  const render = renderChart({ paths: () => [...files.keys()], get: (p) => files.get(p) }, { releaseName: 'release-name', namespace: 'default', valuesFiles: [], set: [], kubeVersion: 'v1.33.0' });
  return new Map(render.templates.map((t) => [t.path, t.text]));
}


/** Opens every file; then types in one StatefulSet file (a label value, one character, then back). */
async function measure(files, folder, edits) {
  const server = new Server();
  await server.initialize();
  const uri = (p) => `file:///bench-helm/${folder}/${p}`;
  const t0 = performance.now();
  const opened = [...files].map(([p, text]) => server.open(uri(p), text));
  await Promise.all(opened);
  const openMs = performance.now() - t0;
  const target = [...files.keys()].find((p) => p.endsWith('c7-statefulset.yaml'));
  const lines = files.get(target).split('\n');
  const line = lines.findIndex((l) => l.includes('tier: "a"'));
  const character = lines[line].indexOf('"a"') + 1;
  const keystrokes = [];
  for (let i = 0; i < edits; i++) {
    const t = performance.now();
    await server.edit(uri(target), { start: { line, character }, end: { line, character: character + 1 } }, i % 2 === 0 ? 'b' : 'a');
    keystrokes.push(performance.now() - t);
  }
  await server.stop();
  return { openMs, p50: percentile(keystrokes, 50), p95: percentile(keystrokes, 95) };
}

/** The findings the CLI prints for a folder (rule ids and lines), to check the chart and its rendered manifests agree. */
function cliFindings(files, folder) {
  const dir = path.join(os.tmpdir(), 'stateful-manifests-bench-helm', folder);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [p, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  const out = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', dir], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map((l) => l.split(' ').slice(2, 3).join(' ')).sort();
}

export async function benchHelm({ edits = 60 } = {}) {
  const chart = benchChart();
  const rendered = await renderedManifests(chart);
  const plain = new Map([...rendered].map(([p, text]) => [p.replace(/^templates\//, 'plain/'), text]));
  const chartRun = await measure(chart, 'chart', edits);
  const plainRun = await measure(plain, 'plain', edits);
  const [chartFindings, plainFindings] = [cliFindings(chart, 'chart'), cliFindings(plain, 'plain')];
  return { templates: rendered.size, chart: chartRun, plain: plainRun, findings: chartFindings.length, sameFindings: JSON.stringify(chartFindings) === JSON.stringify(plainFindings) };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const edits = Number(process.argv[process.argv.indexOf('--edits') + 1]) || 60;
  const r = await benchHelm({ edits });
  const f = (v) => `${v.toFixed(1)} ms`;
  console.log(`Helm chart of ${r.templates} templates vs the same manifests rendered, ${edits} keystrokes each:`);
  console.log(`  chart:    open -> findings of every file ${f(r.chart.openMs)}; keystroke -> findings p50 ${f(r.chart.p50)}, p95 ${f(r.chart.p95)}`);
  console.log(`  rendered: open -> findings of every file ${f(r.plain.openMs)}; keystroke -> findings p50 ${f(r.plain.p50)}, p95 ${f(r.plain.p95)}`);
  console.log(`  CLI: ${r.findings} findings on the chart, ${r.sameFindings ? 'the same rules' : 'NOT the same rules'} as on the rendered manifests`);
}
