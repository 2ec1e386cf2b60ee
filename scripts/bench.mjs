// `npm run bench`: how fast the real server (dist/server.js over stdio, as an editor uses
// it) is, beside floors measured the same way in the same run. Prints one table: min /
// median / max of the runs, and a target column whose pass or fail uses the median.
// Not part of `npm test`: tests never assert timings; this prints figures.
//
//   node scripts/bench.mjs [--runs N] [--sizes 0.1,1,5,10] [--warm-up-to 1] [--workspaces 100,1000,5000,20000] [--no-helm] [--quick]
//
// How to read it: docs/performance.md. The machine may be shared: the load average is
// printed at the start and the end, and only ratios within one run are compared.
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APPS_PER_MIB, largeFile } from './bench-inputs.mjs';
import { benchLargeFileEdits, benchWorkspaceEdits } from './bench-edits.mjs';
import { benchOpen } from './bench-open.mjs';
import { linearFit, loadAverage, mb, ms, percentile, times } from './bench-stats.mjs';
import { createTable } from './bench-table.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(option('--runs', quick ? 3 : 5));
/** File sizes of the open measure, in MiB of generated manifests. */
const SIZES = option('--sizes', quick ? '0.1,1' : '0.1,1,5,10').split(',').map(Number);
/** Numbers of other files in the workspace, for edits as the workspace grows. */
const WORKSPACES = option('--workspaces', quick ? '100,1000' : '100,1000,5000,20000').split(',').map(Number);
const EDITS = quick ? 20 : 50;
/** Warm figures (a second parse, a second open) up to this size: above, they double a run that takes minutes on a loaded machine. */
const WARM_UP_TO_MIB = Number(option('--warm-up-to', 1));

/** The open target of issue 15: a fresh server's first diagnostics within this many bare parses. */
const OPEN_RATIO_TARGET = 1.2;
/** RSS growth from opening the 1 MiB file, in multiples of the text (issue 15). */
const RSS_TARGET = 15;
/** "Flat": the median edit with the largest workspace within this many times the smallest's. */
const FLAT_TARGET = 2;

const { section, row, notes, print: printTable } = createTable();

const log = (line) => process.stderr.write(`${line}\n`);

async function measureOpen() {
  const results = [];
  for (const size of SIZES) {
    const text = largeFile(Math.max(1, Math.round(size * APPS_PER_MIB)));
    const bytes = Buffer.byteLength(text);
    log(`open, ${mb(bytes)}:`);
    results.push({ size, bytes, ...(await benchOpen(text, RUNS, { warm: size <= WARM_UP_TO_MIB, log })) });
  }
  section('open → first diagnostics: fresh process, first parse or first open');
  for (const r of results) {
    const ratios = r.serverCold.map((v, i) => v / r.floorCold[i]);
    const label = mb(r.bytes);
    row(`floor: fresh process, first yaml parse, ${label}`, r.floorCold, ms);
    row(`server: fresh, open → first diagnostics, ${label} (${r.findings} findings)`, r.serverCold, ms);
    row(`  ratio server / floor (paired per run), ${label}`, ratios, times, `≤ ${OPEN_RATIO_TARGET}x`, percentile(ratios, 50) <= OPEN_RATIO_TARGET);
  }
  if (results.length >= 2) {
    const mib = results.map((r) => r.bytes / 1048576);
    const server = linearFit(mib, results.map((r) => percentile(r.serverCold, 50)));
    const floor = linearFit(mib, results.map((r) => percentile(r.floorCold, 50)));
    row('slope, server (linear fit of the medians)', server.slope, (v) => `${v.toFixed(0)} ms/MiB`, `info: r² ${server.r2.toFixed(3)}, intercept ${ms(server.intercept)}`);
    row('slope, floor (linear fit of the medians)', floor.slope, (v) => `${v.toFixed(0)} ms/MiB`, `info: r² ${floor.r2.toFixed(3)}, server/floor ${times(server.slope / floor.slope)}`);
  }
  section('warm: the same process, a second parse or a second open (another URI)');
  for (const r of results.filter((x) => x.size <= WARM_UP_TO_MIB)) {
    const ratios = r.serverWarm.map((v, i) => v / r.floorWarm[i]);
    row(`floor: second parse, ${mb(r.bytes)}`, r.floorWarm, ms);
    row(`server: second open, ${mb(r.bytes)}`, r.serverWarm, ms);
    row(`  ratio server / floor, ${mb(r.bytes)}`, ratios, times, 'info');
  }
  section('memory after the first open (RSS before any forced GC; heap after a forced GC)');
  for (const r of results) {
    const growth = r.rssGrowth.map((v) => v / r.bytes);
    const isTargetSize = Math.abs(r.size - 1) < 1e-9;
    row(`server RSS growth, ${mb(r.bytes)} (× text)`, growth, (v) => `${v.toFixed(1)}x`, isTargetSize ? `≤ ${RSS_TARGET}x` : 'info', isTargetSize ? percentile(growth, 50) <= RSS_TARGET : undefined);
    row(`  in MB`, r.rssGrowth, mb, `info: peak RSS ${mb(percentile(r.peakRss, 50))}`);
    row(`  server heap kept for the open file after GC (× text, text included)`, r.heapKept.map((v) => v / r.bytes), (v) => `${v.toFixed(1)}x`, 'info');
    row(`  floor RSS growth from its first parse (× text)`, r.floorRss.map((v) => v / r.bytes), (v) => `${v.toFixed(1)}x`, 'info');
  }
  return results;
}

async function measureEdits(results) {
  const oneMiB = results.find((r) => Math.abs(r.size - 1) < 1e-9);
  const text = largeFile(APPS_PER_MIB);
  log('edits in the 1 MiB file');
  const { small, moved } = await benchLargeFileEdits(text, EDITS);
  const floorWarm = oneMiB ? percentile(oneMiB.floorWarm, 50) : NaN;
  section(`one-character edits in the 1 MiB file (${small.length} edits, one server)`);
  for (const p of [50, 95, 99]) {
    const value = percentile(small, p);
    const target = p === 50 && Number.isFinite(floorWarm) ? `< ¼ warm parse (${ms(floorWarm / 4)})` : 'info';
    row(`edit → updated diagnostics, p${p}`, value, ms, target, p === 50 && Number.isFinite(floorWarm) ? value < floorWarm / 4 : undefined);
  }
  row('insert/remove a line at the top (every document moves)', moved, ms, 'info');

  section('one-character edits as the workspace grows (a small file whose Service is in another file)');
  const medians = [];
  for (const files of WORKSPACES) {
    log(`workspace of ${files} files`);
    const { latencies, indexMs } = await benchWorkspaceEdits(files, EDITS);
    medians.push(percentile(latencies, 50));
    row(`edit with ${files.toLocaleString('en')} other files: p50 (min / max of ${latencies.length})`, latencies, ms, `info: p95 ${ms(percentile(latencies, 95))}; indexed in ${ms(indexMs)}`);
  }
  if (medians.length >= 2) {
    const ratio = medians.at(-1) / medians[0];
    row(`  p50 at ${WORKSPACES.at(-1).toLocaleString('en')} files / p50 at ${WORKSPACES[0].toLocaleString('en')}`, ratio, times, `≤ ${FLAT_TARGET}x (flat)`, ratio <= FLAT_TARGET);
  }
}

async function measureHelm() {
  const { benchHelm } = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench-helm.mjs')).href);
  log('Helm chart');
  const r = await benchHelm({ edits: EDITS });
  section('Helm chart (scripts/bench-helm.mjs)');
  row(`open a chart of ${r.templates} templates → findings of every file`, r.chart.openMs, ms, `info: ${ms(r.plain.openMs)} for the same manifests rendered`);
  row('keystroke in a template → findings, p95', r.chart.p95, ms, `< 100 ms (${ms(r.plain.p95)} rendered)`, r.chart.p95 < 100);
  notes.push(`Helm: the CLI finds ${r.findings} findings on the chart, ${r.sameFindings ? 'the same rules as' : 'NOT the same as'} on its rendered manifests.`);
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first');
  const started = new Date();
  console.log(`Stateful Manifests benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`);
  console.log(`Load average at the start (1 / 5 / 15 min): ${loadAverage()}. Runs per size: ${RUNS}; sizes ${SIZES.join(', ')} MiB; workspaces ${WORKSPACES.join(', ')} files.\n`);
  const results = await measureOpen();
  await measureEdits(results);
  if (!args.includes('--no-helm')) await measureHelm();
  notes.push(`Load average at the end (1 / 5 / 15 min): ${loadAverage()}; ${Math.round((Date.now() - started.getTime()) / 1000)} s in all.`);
  notes.push('The floor and the server run alternately in each run, in fresh processes; ratios are of the same run. Workspace indexing: scripts/bench-index-scale.mjs (run next by npm run bench).');
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
