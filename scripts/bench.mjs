// `npm run bench`: how fast the real server is on large inputs, against the floor of
// parsing the same text with `yaml`. Prints a table with the targets of issue 7.
// Not part of `npm test`: tests never assert timings; this prints figures.
//
//   node scripts/bench.mjs [--runs N] [--quick]
//
// Everything is measured through dist/server.js over stdio, like an editor would use it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { largeFile, writeWorkspace } from './bench-inputs.mjs';
import { Server } from './bench-server.mjs';
import { memoryOf } from './bench-memory.mjs';

const require = createRequire(import.meta.url);

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const RUNS = Number(args[args.indexOf('--runs') + 1]) || (quick ? 3 : 5);
const EDITS = quick ? 20 : 60;
const HOVERS = quick ? 200 : 1000;

// ------------------------------------------------------------------ statistics

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (values) => percentile(values, 50);
const ms = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;


// ------------------------------------------------------------------ a minimal LSP client


// ------------------------------------------------------------------ measurements

const TEXT = largeFile();
const BYTES = Buffer.byteLength(TEXT);
const LINES = TEXT.split('\n');
const rows = [];
const notes = [];

function row(what, value, target = '', pass = undefined) {
  rows.push({ what, value, target, verdict: pass === undefined ? '' : pass ? 'PASS' : 'MISS' });
}

/**
 * The floor: `yaml` parseAllDocuments of the same text, in this process. Sampled next
 * to each server measurement (the machine may be shared: a floor measured minutes
 * apart from the figure it is compared with says little).
 */
const floorSamples = [];
function sampleParseFloor() {
  const t0 = performance.now();
  parseAllDocuments(TEXT);
  floorSamples.push(performance.now() - t0);
}

/** Positions (line, character) of every `serviceName:` value in the large file. */
function serviceNamePositions() {
  const out = [];
  LINES.forEach((line, i) => {
    const m = /^(\s+serviceName: )(\S+)/.exec(line);
    if (m) out.push({ line: i, character: m[1].length + 2 });
  });
  return out;
}

/** Lines inside ConfigMap data values: a one-character edit there touches one small document. */
function configValueLines() {
  const out = [];
  LINES.forEach((line, i) => {
    if (/^ {2}key-3\.properties: "/.test(line)) out.push(i);
  });
  return out;
}

async function main() {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const docs = TEXT.split(/^---$/m).length;
  console.log(`Stateful Manifests benchmark — node ${process.version}, ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''}`);
  console.log(`Large file: ${mb(BYTES)}, ${LINES.length} lines, ${docs} documents, ${(TEXT.match(/^kind: /gm) ?? []).length} resources. Runs: ${RUNS}.\n`);

  parseAllDocuments(TEXT); // warm up the parser's code paths
  sampleParseFloor();

  // --- open -> first diagnostics: a fresh server each run (cold), then a warm re-open.
  const cold = [];
  const warm = [];
  const memory = [];
  for (let run = 0; run < RUNS; run++) {
    const server = new Server();
    await server.initialize();
    await new Promise((r) => setTimeout(r, 100));
    const idleHeap = await server.heap();
    const idle = memoryOf(server.pid);
    const uri = `file:///bench/large-${run}.yaml`;
    let t0 = performance.now();
    const first = await server.open(uri, TEXT);
    cold.push(performance.now() - t0);
    const opened = memoryOf(server.pid);
    const kept = (await server.heap()) - idleHeap;
    memory.push({ idle: idle.rss, open: opened.rss, delta: opened.rss - idle.rss, peak: opened.peak, kept });
    if (run === 0) notes.push(`The large file has ${first.length} findings (deliberate mistakes in 1 app of 6).`);
    // warm: close it and open the same text under another name in the same process
    await server.close(uri);
    const uri2 = `file:///bench/large-${run}-again.yaml`;
    t0 = performance.now();
    await server.open(uri2, TEXT);
    warm.push(performance.now() - t0);
    await server.stop();
    sampleParseFloor();
  }
  const parse = median(floorSamples);
  row('floor: yaml parseAllDocuments (1 MB)', ms(parse), `info: ${floorSamples.length} samples, between the runs`);
  const warmOpen = median(warm);
  row('open 1 MB file -> first diagnostics (fresh server)', ms(median(cold)), `info: ${(median(cold) / parse).toFixed(2)}x parse`);
  row('open 1 MB file -> first diagnostics (warm server)', ms(warmOpen), `< 2x parse (${ms(2 * parse)})`, warmOpen < 2 * parse);
  row('ratio analysis / parse (warm)', `${(warmOpen / parse).toFixed(2)}x`, '< 2x', warmOpen / parse < 2);

  // --- edits, hovers, memory: one server with the file open
  const server = new Server();
  await server.initialize();
  const uri = 'file:///bench/large.yaml';
  const heapBefore = await server.heap();
  await server.open(uri, TEXT);
  const heapOpened = await server.heap();

  const targets = configValueLines();
  const small = [];
  for (let i = 0; i < EDITS; i++) {
    // type one character, then delete it again, in a different ConfigMap each time
    const line = targets[(i * 37) % targets.length];
    const character = LINES[line].length - 2;
    const t0 = performance.now();
    await server.edit(uri, { start: { line, character }, end: { line, character } }, 'z');
    small.push(performance.now() - t0);
    const t1 = performance.now();
    await server.edit(uri, { start: { line, character }, end: { line, character: character + 1 } }, '');
    small.push(performance.now() - t1);
  }
  const editP50 = percentile(small, 50);
  const editP95 = percentile(small, 95);
  row('one-character edit -> updated diagnostics p50', ms(editP50), `<< parse: < ${ms(parse / 4)}`, editP50 < parse / 4);
  row('one-character edit -> updated diagnostics p95', ms(editP95), `<< parse: < ${ms(parse / 4)}`, editP95 < parse / 4);

  // a new line near the top moves every later document (their ranges shift in place)
  const moved = [];
  for (let i = 0; i < Math.min(10, EDITS); i++) {
    const t0 = performance.now();
    await server.edit(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, '  # moved\n');
    moved.push(performance.now() - t0);
    const t1 = performance.now();
    await server.edit(uri, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, '');
    moved.push(performance.now() - t1);
  }
  row('insert/remove a line at the top (all documents move) p50', ms(percentile(moved, 50)), `info: ${(percentile(moved, 50) / parse).toFixed(2)}x parse`);

  // hover over serviceName values
  const positions = serviceNamePositions();
  const hasHover = !!server.capabilities?.hoverProvider;
  const hovers = [];
  let answered = 0;
  for (let i = 0; i < HOVERS; i++) {
    const position = positions[(i * 13) % positions.length];
    const t0 = performance.now();
    try {
      const result = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      if (result) answered++;
    } catch {
      // no hover provider: the server answers MethodNotFound, still a full round trip
    }
    hovers.push(performance.now() - t0);
  }
  const hoverWhat = hasHover
    ? `hover on serviceName (${answered}/${HOVERS} with content)`
    : 'textDocument/hover round trip (NO hover provider yet: MethodNotFound)';
  row(`${hoverWhat} p50`, ms(percentile(hovers, 50)));
  row(`${hoverWhat} p99`, ms(percentile(hovers, 99)), '< 10 ms', percentile(hovers, 99) < 10);

  // hover right after an edit, while the server re-parses and re-analyses the file
  const busy = [];
  for (let i = 0; i < Math.min(50, EDITS); i++) {
    const line = targets[(i * 53) % targets.length];
    const character = LINES[line].length - 2;
    for (const [end, text] of [[character, 'y'], [character + 1, '']]) { // type, then undo
      const published = server.edit(uri, { start: { line, character }, end: { line, character: end } }, text);
      const t0 = performance.now();
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positions[(i * 7) % positions.length] }).catch(() => null);
      busy.push(performance.now() - t0);
      await published;
    }
  }
  row(`${hoverWhat.replace(/ \(.*\)/, '')} sent right after an edit p99`, ms(percentile(busy, 99)), `info: p50 ${ms(percentile(busy, 50))}`);

  const settled = memoryOf(server.pid);
  const heapSettled = await server.heap();
  await server.stop();
  const retained = await measureRetainedModel();
  const kept = median(memory.map((x) => x.kept));
  row('heap the server keeps for the open file (after GC)', `${mb(kept)} = ${(kept / BYTES).toFixed(1)}x text`, `< 10x text (${mb(10 * BYTES)})`, kept < 10 * BYTES);
  row('  of which the core\'s model, without the text (in-process)', `${mb(retained)} = ${(retained / BYTES).toFixed(1)}x text`, 'info: the text adds 1x; the server holds it anyway');
  row(`  after ${2 * EDITS + 20} edits and ${HOVERS} hovers`, `${mb(heapSettled - heapBefore)}`, `info: ${mb(heapOpened - heapBefore)} right after open`);
  row('server RSS idle (before open)', mb(median(memory.map((x) => x.idle))));
  row('server RSS after open', mb(median(memory.map((x) => x.open))), `info: peak ${mb(median(memory.map((x) => x.peak)))}`);
  row('server RSS growth from opening the file', mb(median(memory.map((x) => x.delta))), 'info: includes parse garbage V8 has not returned');
  row(`server RSS after ${2 * EDITS + 20} edits and ${HOVERS} hovers`, mb(settled.rss), `info: peak ${mb(settled.peak)}`);

  await measureWorkspace();
  await measureHelm();
  await measureYamlLanguageServer();
  printTable();
}

/**
 * Heap the core keeps for the large file once the parse's garbage is collected: the
 * core is bundled from source and run in this process, measured with a forced GC
 * (RSS cannot say this: V8 keeps the pages a parse used for a while). The text itself
 * is not counted: it is made before the first measure, and the core keeps that very
 * string, no copy (documents keep no text of their own since 491440a), just as in the
 * server the core and the open TextDocument share one string.
 */
async function measureRetainedModel() {
  const out = path.join(os.tmpdir(), 'stateful-manifests-bench-core.cjs');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'server', 'src', 'core', 'index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
  const { Workspace } = require(out);
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  new Workspace().setOpen('file:///warm-up.yaml', TEXT); // compile the code paths first
  const copy = (' ' + TEXT).slice(1); // a text the core does not share with this script
  const before = heap();
  const workspace = new Workspace();
  workspace.setOpen('file:///bench/large.yaml', copy);
  const after = heap();
  if (workspace.resources('file:///bench/large.yaml').length === 0) throw new Error('the core read no resources');
  return after - before;
}

// ------------------------------------------------------------------ workspace

async function measureWorkspace() {
  const dir = path.join(os.tmpdir(), 'stateful-manifests-bench-ws');
  const { files, bytes } = writeWorkspace(dir, 2000);
  notes.push(`Workspace: ${files} files, ${mb(bytes)}, in ${dir}.`);
  const indexer = path.join(ROOT, 'scripts', 'bench-index.mjs');
  if (fs.existsSync(indexer)) {
    // The workspace index of the server (scripts/bench-index.mjs, by the workspace
    // feature): its own generated workspace of the same size, through the real server.
    const { benchIndex } = await import(pathToFileURL(indexer).href);
    const results = [];
    for (let run = 0; run < RUNS; run++) results.push(await benchIndex({ files: 2000, log: () => undefined }));
    const pick = (key) => median(results.map((r) => r[key]));
    row(`index a ${results[0].files}-file workspace in the server -> ready`, ms(pick('indexMs')), 'info');
    row('keystroke -> diagnostics while indexing (median)', ms(pick('keystrokeMedianMs')), `info: max ${ms(Math.max(...results.map((r) => r.keystrokeMaxMs)))}`);
    row('first workspace/diagnostic after indexing', ms(pick('workspaceDiagnosticsMs')), 'info');
    notes.push(`Workspace indexing measured with scripts/bench-index.mjs (its own generated workspace of ${results[0].files} files, with kustomizations).`);
  } else {
    notes.push('No scripts/bench-index.mjs: the server\'s workspace indexing was not measured.');
  }
  // The CLI reads and checks a folder with the same core: indexing plus one analysis per file.
  const times = [];
  const peaks = [];
  for (let run = 0; run < RUNS; run++) {
    const { elapsed, peak } = await runAndSample(process.execPath, [CLI, 'check', dir]);
    times.push(elapsed);
    peaks.push(peak);
  }
  row(`CLI check of a ${files}-file workspace`, ms(median(times)), 'info: process start included');
  row('CLI peak RSS on the workspace', mb(median(peaks)));
}

/** Runs a command to its end; its wall time and peak RSS (sampled every 10 ms from /proc). */
function runAndSample(command, argv) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'ignore'] });
    let peak = 0;
    const timer = setInterval(() => {
      const m = memoryOf(child.pid);
      if (m.peak > peak) peak = m.peak;
    }, 10);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(timer);
      resolve({ elapsed: performance.now() - t0, peak });
    });
  });
}

// ------------------------------------------------------------------ Helm charts

async function measureHelm() {
  const { benchHelm } = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench-helm.mjs')).href);
  const r = await benchHelm({ edits: EDITS });
  row(`Helm chart of ${r.templates} templates: open -> findings of every file`, ms(r.chart.openMs), `info: ${ms(r.plain.openMs)} for the same manifests rendered`);
  row('Helm chart: keystroke in a template -> findings p50', ms(r.chart.p50), `info: ${ms(r.plain.p50)} rendered`);
  row('Helm chart: keystroke in a template -> findings p95', ms(r.chart.p95), `< 100 ms (${ms(r.plain.p95)} rendered)`, r.chart.p95 < 100);
  notes.push(`Helm chart: scripts/bench-helm.mjs; the CLI finds ${r.findings} findings on it, ${r.sameFindings ? 'the same rules as' : 'NOT the same as'} on its rendered manifests.`);
}

// ------------------------------------------------------------------ yaml-language-server (optional)

async function measureYamlLanguageServer() {
  let entry;
  try {
    entry = require.resolve('yaml-language-server/bin/yaml-language-server');
  } catch {
    notes.push('yaml-language-server: not installed next to the project, skipped (it also needs Node >= 22).');
    return;
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    notes.push(`yaml-language-server: installed, but it needs Node >= 22 and this is ${process.version}: skipped.`);
    return;
  }
  notes.push(`yaml-language-server: found at ${entry}; comparing is not automated yet: skipped.`);
}

// ------------------------------------------------------------------ output

function printTable() {
  const widths = ['what', 'value', 'target', 'verdict'].map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(['measure', 'median', 'target', 'result']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line([r.what, r.value, r.target, r.verdict]));
  console.log('');
  for (const n of notes) console.log(`- ${n}`);
  const missed = rows.filter((r) => r.verdict === 'MISS').length;
  console.log(`\n${rows.filter((r) => r.verdict === 'PASS').length} targets met, ${missed} missed.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
