import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isUnknownText, renderChart } from '../../../server/src/core/helm/index';
import { chartFromDisk, documents, helmTemplate, releaseOptions, type Variant } from '../../support/helmCharts';
import { FIXTURES } from '../../support/paths';

/**
 * Differential tests against the real helm (v4, from the dev dependency): every test chart
 * in test/fixtures/helm/charts/, with each values variant listed in `<chart>.expect.json`
 * beside it, is rendered by `helm template` and by `renderChart`. Every template ours renders
 * completely (no problem, no unknown, no uncertain range) must give the same YAML documents
 * as helm's; the templates with problems or unknowns must be exactly the expected ones.
 */
const CHARTS = path.join(FIXTURES, 'helm', 'charts');

function variants(chart: string): Variant[] {
  const file = path.join(CHARTS, `${chart}.expect.json`);
  if (!fs.existsSync(file)) return [{ name: 'defaults' }];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { variants: Variant[] }).variants;
}

const charts = fs.readdirSync(CHARTS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

it('has test charts', () => {
  assert.ok(charts.length >= 1, `charts in ${CHARTS}`);
});

for (const chart of charts) {
  describe(`chart ${chart}`, () => {
    const dir = path.join(CHARTS, chart);
    for (const variant of variants(chart)) {
      it(`${variant.name}: renders as helm template does`, () => {
        const ours = renderChart(chartFromDisk(dir), releaseOptions(dir, variant));
        assert.deepEqual(ours.problems, [], 'chart-level problems');
        const helm = helmTemplate(dir, variant);
        if (variant.helmFails) {
          assert.equal(helm.ok, false, 'helm was expected to fail');
          assert.match(helm.stderr, new RegExp(variant.helmFails));
        } else {
          assert.ok(helm.ok, `helm failed: ${helm.stderr}`);
        }
        const problems: Record<string, string> = {};
        const incomplete: string[] = [];
        let compared = 0;
        for (const t of ours.templates) {
          if (t.problem) {
            problems[t.path] = t.problem.message;
            continue;
          }
          if (isUnknownText(t.text) || t.uncertain.length > 0) {
            incomplete.push(t.path);
            continue;
          }
          if (!helm.ok) continue;
          const expected = documents(helm.sources.get(t.sourceName ?? '') ?? []);
          assert.deepEqual(documents([t.text]), expected, `${t.path} differs from helm's ${t.sourceName}`);
          compared++;
        }
        assert.deepEqual(Object.keys(problems).sort(), Object.keys(variant.problems ?? {}).sort(), `templates with problems: ${JSON.stringify(problems)}`);
        for (const [file, part] of Object.entries(variant.problems ?? {})) assert.ok(problems[file].includes(part), `${file}: '${problems[file]}' should say '${part}'`);
        assert.deepEqual(incomplete.sort(), [...(variant.incomplete ?? [])].sort(), 'templates with unknowns');
        if (helm.ok) {
          // Every source helm printed is one we rendered.
          const ourNames = new Set(ours.templates.map((t) => t.sourceName));
          for (const name of helm.sources.keys()) assert.ok(ourNames.has(name), `helm rendered ${name}, we did not`);
          assert.ok(compared > 0 || ours.templates.length === 0 || incomplete.length + Object.keys(problems).length === ours.templates.length);
        }
      });
    }
  });
}
