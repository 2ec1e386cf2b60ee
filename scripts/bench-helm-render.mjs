// Benchmark of the Helm renderer: a generated chart of 40 templates (StatefulSets, headless
// and client Services, ConfigMaps built from _helpers.tpl defines with include, nindent,
// toYaml, range and tpl). Prints the cold render (first call: parsing and JIT), warm full
// renders, and the re-render of one edited template (a changed text, so it is re-parsed),
// as median and p95 over repeated runs. Usage: npm run compile-tests && node scripts/bench-helm-render.mjs
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { renderChart, DEFAULT_HELM_RELEASE } = require('../out/server/src/core/helm/index.js');

const files = new Map();
files.set('Chart.yaml', 'apiVersion: v2\nname: bench\nversion: 1.0.0\nappVersion: "2.0"\n');
const components = Array.from({ length: 10 }, (_, i) => `c${i}`);
files.set('values.yaml', [
  'image: {repository: example/db, tag: "1.0"}',
  'commonLabels: {team: data}',
  'config: |\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}',
  ...components.map((c, i) => `${c}:\n  replicas: ${i + 1}\n  ports: [{name: client, port: ${5000 + i}}, {name: peer, port: ${6000 + i}}]\n  resources: {requests: {cpu: 100m, memory: 128Mi}}\n  labels: {component: ${c}}`),
].join('\n'));
files.set('templates/_helpers.tpl', `
{{- define "b.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "b.fullname" -}}{{ printf "%s-%s" .Release.Name (include "b.name" .) | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "b.labels" -}}
app.kubernetes.io/name: {{ include "b.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
{{- define "b.selector" -}}
app.kubernetes.io/name: {{ include "b.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}`);
const template = (c, kind) => {
  const v = `.Values.${c}`;
  if (kind === 'sts') return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "b.fullname" . }}-${c}
  labels: {{- include "b.labels" . | nindent 4 }}
spec:
  serviceName: {{ include "b.fullname" . }}-${c}-headless
  replicas: {{ ${v}.replicas }}
  selector:
    matchLabels: {{- include "b.selector" . | nindent 6 }}
      {{- toYaml ${v}.labels | nindent 6 }}
  template:
    metadata:
      labels: {{- include "b.selector" . | nindent 8 }}
        {{- toYaml ${v}.labels | nindent 8 }}
    spec:
      containers:
        - name: ${c}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            {{- range ${v}.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          resources: {{- toYaml ${v}.resources | nindent 12 }}
`;
  const headless = kind === 'headless';
  if (kind === 'cm') return `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "b.fullname" . }}-${c}-config
data:
  config.yaml: |
    {{- tpl .Values.config . | nindent 4 }}
  peers: {{ range $i := until (int ${v}.replicas) }}{{ include "b.fullname" $ }}-${c}-{{ $i }},{{ end }}
`;
  return `apiVersion: v1
kind: Service
metadata:
  name: {{ include "b.fullname" . }}-${c}${headless ? '-headless' : ''}
  labels: {{- include "b.labels" . | nindent 4 }}
spec:
  ${headless ? 'clusterIP: None' : 'type: ClusterIP'}
  ports:
    {{- range ${v}.ports }}
    - name: {{ .name }}
      port: {{ .port }}
    {{- end }}
  selector: {{- include "b.selector" . | nindent 4 }}
`;
};
for (const c of components) for (const kind of ['sts', 'headless', 'svc', 'cm']) files.set(`templates/${c}-${kind}.yaml`, template(c, kind));

const chart = { paths: () => [...files.keys()], get: (p) => files.get(p) };
const templates = [...files.keys()].filter((p) => p.startsWith('templates/') && !p.includes('/_'));
const time = (f) => { const s = performance.now(); const r = f(); return [performance.now() - s, r]; };
const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(1)} ms`; };

const [cold, first] = time(() => renderChart(chart, DEFAULT_HELM_RELEASE));
const bad = first.templates.filter((t) => t.problem);
if (first.templates.length !== templates.length || bad.length) throw new Error(`bench chart did not render: ${bad.map((t) => t.problem.message).join('; ')}`);
console.log(`chart: ${templates.length} templates, ${first.templates.reduce((n, t) => n + t.text.length, 0)} characters rendered`);
console.log(`cold render (first call, parse + JIT): ${cold.toFixed(1)} ms`);
const full = Array.from({ length: 30 }, () => time(() => renderChart(chart, DEFAULT_HELM_RELEASE))[0]);
console.log(`warm render of all ${templates.length} templates: ${stats(full)}`);
const edited = 'templates/c3-sts.yaml';
const original = files.get(edited);
const one = Array.from({ length: 60 }, (_, i) => {
  files.set(edited, original.replace('replicas:', `replicas: ${''}`) + `# edit ${i}\n`);
  const [ms, r] = time(() => renderChart(chart, DEFAULT_HELM_RELEASE, { only: [edited] }));
  if (r.templates.length !== 1 || r.templates[0].problem) throw new Error('re-render did not render the edited template');
  return ms;
});
files.set(edited, original);
console.log(`re-render of one edited template (new text, re-parsed): ${stats(one)}`);
const oneFull = Array.from({ length: 30 }, (_, i) => {
  files.set(edited, `${original}# full ${i}\n`);
  return time(() => renderChart(chart, DEFAULT_HELM_RELEASE))[0];
});
console.log(`whole-chart render after an edit: ${stats(oneFull)}`);
