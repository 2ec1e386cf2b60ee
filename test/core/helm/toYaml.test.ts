import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';
import { DEFAULT_HELM_RELEASE, renderChart } from '../../../server/src/core/helm/index';
import { chartFromDisk } from '../../support/helmCharts';
import { requireOracles } from '../../support/oracles';

/**
 * toYaml must print what Helm prints (sigs.k8s.io/yaml → go-yaml): the text itself, not only
 * the same data, since users read it in the rendered preview and `nindent` depends on it.
 * Values of many shapes go through `toYaml` in a chart rendered by the real helm and by us.
 */
const STRINGS = [
  'plain', 'true', 'True', 'yes', 'y', 'n', 'no', 'on', 'off', 'null', 'Null', '~', '', ' ', 'lead space', ' leading', 'trailing ',
  '1', '1.5', '1e3', '0x1F', '0o17', '012', '+1', '-1', '.5', '1.', '1_000', '1:20', '190:20:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '.inf', '-.Inf', '.nan', '<<', 'a: b', 'a:b', 'a #b', 'a#b', '#c', '-', '- x', '-x', '--- x', '---', '...', '?', '? x', ':', ': x',
  '*', '&a', '!t', '%p', '@at', '`tick', '|', '>', "'single'", '"double"', "it's", 'say "hi"', '[a]', '{a}', 'a,b', 'a[b]', 'a{b}',
  'multi\nline', 'multi\nline\n', 'trailing\n\n', '\nleading newline', ' leading\nspace', 'space \nbreak', 'tab\there', 'bell\u0007',
  'héllo', '日本語', 'emoji 😀', 'nbsp\u00a0x', 'bom\ufeffx', 'back\\slash',
  'a long line of words that goes on and on past the eighty column limit that go-yaml uses to fold plain scalars at spaces',
  'a long "quoted" line of words that goes on and on past the eighty column limit: go-yaml folds double-quoted ones as well',
  "a long line with it's apostrophe and words that goes on and on past the eighty column limit, single quoted here: yes",
  'averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspacesinsideitatall x',
  'line one\nline two is long enough to pass the eighty column limit but literal blocks never fold their lines at all\n',
];

function valuesYaml(): string {
  const lines: string[] = ['strings:'];
  STRINGS.forEach((s, i) => lines.push(`  s${String(i).padStart(3, '0')}: ${JSON.stringify(s)}`));
  lines.push(
    'numbers: {int: 1, neg: -3, float: 1.5, big: 1000000, huge: 1e21, tiny: 0.000001, tinier: 1e-7, long: 12345678901234567890, zero: 0, negzero: -0.0}',
    'keys: {"a10": 1, "a2": 2, "a_b": 3, "A": 4, "b": 5, "1": 6, "10": 7, "2": 8, "a-b": 9, "ab": 10, "a01": 11, "a1": 12, "é": 13, "Z": 14, "true": 15, "": 16, "a b": 17, "x: y": 18}',
    'shapes:',
    '  emptyMap: {}',
    '  emptyList: []',
    '  nullValue: null',
    '  listOfLists: [[1, 2], [], [[3]]]',
    '  listOfMaps: [{a: 1, b: [x, y]}, {}, {c: {d: e}}]',
    '  mapOfLists: {l: [1, {m: n}], e: []}',
    '  bools: [true, false]',
    '  multiInList: ["a\\nb", "c"]',
    '  nested: {deeper: {deepest: {value: "x\\ny\\n"}}}',
  );
  return `${lines.join('\n')}\n`;
}

it('toYaml prints what helm prints, for strings, numbers, keys and shapes', () => {
  const { helm } = requireOracles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-toyaml-'));
  try {
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: toyaml\nversion: 1.0.0\n');
    fs.writeFileSync(path.join(dir, 'values.yaml'), valuesYaml());
    const sections = ['strings', 'numbers', 'keys', 'shapes'];
    // Helm checks that every rendered file is YAML: each output goes in a literal block.
    const blocks = sections.map((s) => `  ${s}: |\n{{ toYaml .Values.${s} | indent 4 }}\n  ${s}InList: |\n{{ toYaml (list .Values.${s}) | indent 4 }}\n  ${s}Nindented: |\n    root:{{ toYaml .Values.${s} | nindent 6 }}\n`);
    fs.writeFileSync(path.join(dir, 'templates', 'out.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: toyaml\ndata:\n${blocks.join('')}`);
    const r = spawnSync(helm, ['template', 'release-name', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const helmText = r.stdout.replace(/^---\n# Source: toyaml\/templates\/out.yaml\n/, '');
    const ours = renderChart(chartFromDisk(dir), DEFAULT_HELM_RELEASE).templates.find((t) => t.path === 'templates/out.yaml');
    assert.ok(ours && !ours.problem, ours?.problem?.message);
    const oursLines = ours.text.split('\n');
    const helmLines = helmText.split('\n');
    // Compare line by line to show the first difference readably.
    for (let i = 0; i < Math.max(oursLines.length, helmLines.length); i++) {
      assert.equal(oursLines[i], helmLines[i], `line ${i + 1} differs`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
