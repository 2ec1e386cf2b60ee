import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { chartSymbols } from '../../../server/src/core/helm/index';
import { CHART_YAML, memoryChart } from '../../support/memoryChart';

it('lists defines, include/template names and .Values chains with their offsets, also in files that do not parse', () => {
  const helpers = '{{- define "db.fullname" -}}{{ .Values.fullnameOverride }}{{- end }}{{ block "db.extra" . }}{{ end }}';
  const sts = 'name: {{ include "db.fullname" . }}\nreplicas: {{ $.Values.replica.count }}\n{{ template "db.extra" . }}{{ (.Values.a).b }}{{ .Values.image.tag | quote }}';
  const broken = 'x: {{ include "db.fullname" . }}\n{{ if .Values.enabled }}';
  const symbols = chartSymbols(memoryChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': 'a: 1\n', 'templates/_helpers.tpl': helpers, 'templates/sts.yaml': sts, 'templates/broken.yaml': broken }));
  const text = (file: string): string => ({ 'templates/_helpers.tpl': helpers, 'templates/sts.yaml': sts, 'templates/broken.yaml': broken })[file] ?? '';
  const seen = symbols.map((s) => `${s.file} ${s.kind} ${s.name} '${text(s.file).slice(s.start, s.end)}'`);
  assert.deepEqual(seen.sort(), [
    "templates/_helpers.tpl define db.extra 'db.extra'",
    "templates/_helpers.tpl define db.fullname 'db.fullname'",
    "templates/_helpers.tpl values fullnameOverride '.fullnameOverride'",
    "templates/broken.yaml include db.fullname 'db.fullname'",
    "templates/broken.yaml values enabled '.enabled'",
    "templates/sts.yaml include db.extra 'db.extra'",
    "templates/sts.yaml include db.fullname 'db.fullname'",
    "templates/sts.yaml values a '.a'",
    "templates/sts.yaml values image.tag '.image.tag'",
    "templates/sts.yaml values replica.count '.replica.count'",
  ].sort());
});
