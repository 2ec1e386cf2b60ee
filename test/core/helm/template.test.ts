import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_HELM_RELEASE, renderChart, UNKNOWN_OPEN, type RenderedTemplate } from '../../../server/src/core/helm/index';
import { lex } from '../../../server/src/core/helm/template/lexer';
import { parseTemplate, TemplateSyntaxError } from '../../../server/src/core/helm/template/parser';
import { sprintf } from '../../../server/src/core/helm/template/fmt';
import { formatFloat } from '../../../server/src/core/helm/template/print';
import { CHART_YAML, memoryChart } from '../../support/memoryChart';

/** Renders one template (templates/t.yaml) with optional helpers and values. */
function render(template: string, values = '', extra: Record<string, string> = {}): RenderedTemplate {
  const r = renderChart(memoryChart({ 'Chart.yaml': CHART_YAML, 'values.yaml': values, 'templates/t.yaml': template, ...extra }), DEFAULT_HELM_RELEASE);
  const t = r.templates.find((x) => x.path === 'templates/t.yaml');
  assert.ok(t, 'templates/t.yaml rendered');
  return t;
}

function syntaxError(text: string): TemplateSyntaxError {
  try {
    parseTemplate(text);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
  assert.fail(`expected a syntax error in ${JSON.stringify(text)}`);
}

describe('lexer and parser', () => {
  it('trims white space only with a dash next to a space', () => {
    const tokens = lex('a  {{- 1 -}}  b {{-1}} c');
    assert.deepEqual(tokens.filter((t) => t.type === 'text').map((t) => t.value), ['a', 'b ', ' c']);
    assert.deepEqual(tokens.filter((t) => t.type === 'number').map((t) => t.value), ['1', '-1']);
  });

  it('keeps the offsets of trimmed text', () => {
    const text = 'x:\n  {{- " y" }}\n';
    const [first] = lex(text);
    assert.equal(first.value, 'x:');
    assert.equal(text.slice(first.start, first.end), 'x:');
  });

  it('reports errors at the offending characters', () => {
    const cases: [string, string, string][] = [
      ['a {{ if .x }} b', 'unexpected EOF', ''],
      ['{{ end }}', 'unexpected {{end}}', '{{ end'],
      ['{{ .a | }}', 'missing command', '}}'],
      ['{{ $x }}', 'undefined variable "$x"', '$x'],
      ['{{ "abc }}', 'unterminated quoted string', '"abc }}'],
      ['{{ 3x }}', 'bad number syntax', '3x'],
      ['{{ (1 }}', 'unclosed left paren', ''],
      ['{{ break }}', '{{break}} outside {{range}}', 'break'],
      ['{{ include "x }}', 'unterminated quoted string', '"x }}'],
      ['{{ 1', 'unclosed action', '{{ 1'],
    ];
    for (const [text, message, at] of cases) {
      const e = syntaxError(text);
      assert.ok(e.message.includes(message), `${text}: ${e.message}`);
      if (at) assert.equal(text.slice(e.start, e.end), at, `${text}: range of '${e.message}'`);
    }
  });

  it('parses else-if chains, range declarations and defines', () => {
    const parsed = parseTemplate('{{ define "a" }}A{{ end }}{{ if .x }}1{{ else if .y }}2{{ else }}3{{ end }}{{ range $i, $v := .l }}{{ $i }}{{ end }}');
    assert.deepEqual(parsed.defines.map((d) => d.name), ['a']);
    assert.deepEqual(parsed.root.nodes.map((n) => n.type), ['if', 'range']);
  });
});

describe('fmt', () => {
  it('formats floats as strconv does', () => {
    const cases: [number, string][] = [[1e6, '1e+06'], [123456, '123456'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1.5, '1.5'], [-2, '-2'], [1e21, '1e+21'], [100, '100']];
    for (const [f, s] of cases) assert.equal(formatFloat(f, 'g', -1), s, String(f));
  });

  it('printf verbs, widths and wrong types as Go prints them', () => {
    assert.equal(sprintf('%05.1f|%-4d|%4s|%x', [3.14159, 7n, 'ab', 'hi']), '003.1|7   |  ab|6869');
    assert.equal(sprintf('%d %s', [1.5, null]), '%!d(float64=1.5) %!s(<nil>)');
    assert.equal(sprintf('%v', [[1n, 'a', null]]), '[1 a <nil>]');
  });
});

describe('evaluation', () => {
  it('maps literal text to itself and action output to its action, through include', () => {
    const template = 'name: {{ include "n" . }}\nreplicas: {{ .Values.r }}\n';
    const t = render(template, 'r: 3\n', { 'templates/_h.tpl': '{{ define "n" }}{{ .Release.Name }}-db{{ end }}' });
    assert.equal(t.text, 'name: release-name-db\nreplicas: 3\n');
    const at = (s: string): ReturnType<typeof t.map.origin> => t.map.origin(t.text.indexOf(s));
    const include = at('release-name-db');
    assert.equal(include?.kind, 'action');
    assert.equal(template.slice(include!.start, include!.end), '{{ include "n" . }}');
    assert.deepEqual(include?.reads, ['.Release.Name']);
    assert.equal(include?.output, 'release-name-db');
    const replicas = at('3');
    assert.deepEqual(replicas?.reads, ['.Values.r']);
    const text = at('replicas');
    assert.equal(text?.kind, 'text');
    assert.equal(template.slice(text!.start, text!.end), '\nreplicas: ');
    assert.equal(t.map.origin(t.text.length), undefined);
  });

  it('names reads made through with and variables', () => {
    const template = '{{ with .Values.image }}{{ .tag }}{{ end }} {{ $db := .Values.db }}{{ $db.port }}';
    const t = render(template, 'image: {tag: v1}\ndb: {port: 5432}\n');
    assert.equal(t.text, 'v1 5432');
    const reads = t.map.spans().flatMap((s) => s.span.reads ?? []);
    assert.deepEqual(reads, ['.Values.image.tag', '.Values.db', '.Values.db.port']);
  });

  it('maps trimmed text to the characters that remain', () => {
    const template = 'a:\n  {{- if true }}\n  b: 1\n  {{- end }}\n';
    const t = render(template);
    assert.equal(t.text, 'a:\n  b: 1\n');
    for (const s of t.map.spans()) {
      if (s.span.kind === 'text') assert.equal(template.slice(s.span.start, s.span.end), t.text.slice(s.renderedStart, s.renderedEnd));
    }
  });

  it('prints the same unknown for the same expression and inputs, and marks unknown branches uncertain', () => {
    const chartYaml = `${CHART_YAML}dependencies:\n  - name: common\n    version: 1.x.x\n`;
    const r = renderChart(memoryChart({
      'Chart.yaml': chartYaml,
      'templates/a.yaml': 'a: {{ include "common.names.fullname" . }}\nb: {{ include "common.names.fullname" . }}-x\nc: {{ include "common.names.fullname" (dict "x" 1) }}\n',
      'templates/b.yaml': 'before\n{{ if lookup "v1" "Secret" "ns" "n" }}inside{{ end }}\nafter\n',
    }), DEFAULT_HELM_RELEASE);
    const a = r.templates.find((t) => t.path === 'templates/a.yaml')!;
    const [, first, second, third] = /^a: (\S+)\nb: (\S+)-x\nc: (\S+)\n$/.exec(a.text) ?? [];
    assert.ok(first.startsWith(UNKNOWN_OPEN));
    assert.equal(first, second, 'same expression and inputs');
    assert.notEqual(first, third, 'other inputs');
    const b = r.templates.find((t) => t.path === 'templates/b.yaml')!;
    assert.equal(b.text, 'before\n\nafter\n');
    assert.deepEqual(b.uncertain, [{ start: 7, end: 7 }]);
  });

  it('keeps what rendered before a problem, and never throws on junk', () => {
    const t = render('ok: 1\n{{ fail "stop here" }}\nnot: reached\n');
    assert.equal(t.text, 'ok: 1\n');
    assert.equal(t.problem?.message, 'stop here');
    for (const junk of ['{{', '}}{{', '{{ {{ }}', '{{ .Values. }}', '{{ index }}', '{{ len 3 }}', '{{ template }}', '\u0000{{"\\x"}}', '{{ (((( }}', '{{ define "x" }}']) {
      const r = render(junk);
      assert.ok(typeof r.text === 'string');
    }
  });

  it('stops runaway templates with a problem', () => {
    const loop = render('{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}');
    assert.match(loop.problem?.message ?? '', /evaluation steps/);
    const big = render('{{ range until 1000 }}{{ repeat 10000 "x" }}{{ end }}');
    assert.match(big.problem?.message ?? '', /output larger than/);
  });
});
