// Renders real charts with the real helm and with renderChart and compares them the way
// test/core/helm/differential.test.ts does, to find where the renderer differs. Usage, after
// `npm run compile-tests`:   node scripts/helm-real-charts.mjs CHARTS_DIR...
// Each CHARTS_DIR holds chart folders (e.g. a checkout's charts/ or bitnami/). Dependencies
// are vendored from sibling folders of the same name when present (helm needs them vendored).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { renderChart, isUnknownText } = require('../out/server/src/core/helm/index.js');
const { chartFromDisk, documents, helmTemplate, releaseOptions } = require('../out/test/support/helmCharts.js');
const { parse } = require('yaml');

const charts = new Map();
for (const root of process.argv.slice(2)) {
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (e.isDirectory() && fs.existsSync(path.join(root, e.name, 'Chart.yaml'))) charts.set(e.name, path.join(root, e.name));
  }
}

function vendor(dir, tmp) {
  fs.cpSync(dir, tmp, { recursive: true });
  let chartYaml;
  try { chartYaml = parse(fs.readFileSync(path.join(tmp, 'Chart.yaml'), 'utf8')) ?? {}; } catch { return false; }
  for (const dep of chartYaml.dependencies ?? []) {
    const target = path.join(tmp, 'charts', dep.name);
    if (fs.existsSync(target)) continue;
    const source = charts.get(dep.name);
    if (!source) return false;
    fs.mkdirSync(path.join(tmp, 'charts'), { recursive: true });
    if (!vendor(source, target)) return false;
    // The vendored copy must satisfy the version constraint: pin it.
    const sub = path.join(target, 'Chart.yaml');
    const subYaml = fs.readFileSync(sub, 'utf8');
    dep.version = parse(subYaml).version;
  }
  fs.writeFileSync(path.join(tmp, 'Chart.yaml'), JSON.stringify(chartYaml));
  fs.rmSync(path.join(tmp, 'Chart.lock'), { force: true });
  return true;
}

const totals = { charts: 0, skipped: 0, helmFailed: 0, equal: 0, differ: 0, incomplete: 0, problems: 0, oursOnlyProblems: 0 };
const differences = [];
let ms = 0;
for (const [name, dir] of [...charts].sort()) {
  if (process.env.ONLY && !process.env.ONLY.split(',').includes(name)) continue;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-real-'));
  try {
    if (!vendor(dir, tmp)) { totals.skipped++; continue; }
    totals.charts++;
    const variant = { name: 'defaults' };
    const helm = helmTemplate(tmp, variant);
    const start = performance.now();
    const ours = renderChart(chartFromDisk(tmp), releaseOptions(tmp, variant));
    ms += performance.now() - start;
    if (!helm.ok) totals.helmFailed++;
    for (const t of ours.templates) {
      if (t.problem) {
        totals.problems++;
        if (helm.ok) { totals.oursOnlyProblems++; differences.push(`${name} ${t.path}: problem where helm renders: ${t.problem.message}`); }
        continue;
      }
      if (isUnknownText(t.text) || t.uncertain.length) { totals.incomplete++; continue; }
      if (!helm.ok) continue;
      let same;
      try { same = JSON.stringify(documents([t.text])) === JSON.stringify(documents(helm.sources.get(t.sourceName) ?? [])); } catch (e) { same = false; }
      if (same) totals.equal++;
      else {
        totals.differ++;
        differences.push(`${name} ${t.path}: differs from helm`);
        if (process.env.SHOW) {
          fs.writeFileSync(`/tmp/show-${name}-ours.yaml`, t.text);
          fs.writeFileSync(`/tmp/show-${name}-helm.yaml`, (helm.sources.get(t.sourceName) ?? []).join('---\n'));
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(JSON.stringify(totals));
console.log(`renderChart total ${ms.toFixed(0)} ms for ${totals.charts} charts`);
for (const d of differences) console.log(d);
