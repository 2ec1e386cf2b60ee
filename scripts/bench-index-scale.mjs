// `npm run bench` (third table): the workspace index at scale, through the real server
// (dist/server.js over stdio), against the floor of one thread reading and parsing the
// same files with `yaml` in a fresh process, in the same run (issue 15, part 1).
//
//   node scripts/bench-index-scale.mjs [--files 20000] [--runs 3] [--huge 200000] [--no-huge] [--cpu-prof DIR]
//
// --cpu-prof DIR: the reopening servers write a V8 CPU profile each into DIR (node --cpu-prof).
//
// Rows: initialize -> indexing done (cold: no index cache), reopening the same workspace
// (the on-disk index cache of the first run), RSS growth per indexed file (VmRSS from
// /proc, not heap after GC), and with --huge a workspace of that many files plus a
// symbolic link to a node_modules outside it: the time and peak RSS of the bounded walk,
// the message the server gives, and whether a hover in an open file was answered before
// indexing ended. Figures are printed, never asserted: the pass/fail column uses the median.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeWorkspace } from './bench-inputs.mjs';
import { cpuMsOf, memoryOf } from './bench-stats.mjs';
import { SERVER_ENV, SERVER_NODE_FLAGS } from './bench-server.mjs';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_SERVER: another build of the server (an older dist/ copied aside), for before/after figures.
const SERVER = process.env.BENCH_SERVER ? path.resolve(process.env.BENCH_SERVER) : path.join(ROOT, 'dist', 'server.js');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const FILES = option('--files', 20_000);
const RUNS = option('--runs', 3);
const HUGE = args.includes('--no-huge') ? 0 : option('--huge', 200_000);
const CPU_PROF_DIR = args.includes('--cpu-prof') ? path.resolve(args[args.indexOf('--cpu-prof') + 1]) : undefined;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (values, unit = 'ms') => `${Math.round(median(values))} ${unit} (min ${Math.round(Math.min(...values))}, max ${Math.round(Math.max(...values))})`;


/** Every indexed file name under `dir` (the floor reads the same list the server indexes). */
function yamlFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const folder = stack.pop();
    for (const e of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') stack.push(full);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(full);
    }
  }
  return out;
}

/** The floor: a fresh process reads and parses every file with `yaml` on one thread; its own wall and CPU ms. */
function floor(listFile) {
  const script = `
    const fs = require('fs'); const { parseAllDocuments } = require('yaml');
    const files = fs.readFileSync(${JSON.stringify(listFile)}, 'utf8').split('\\n');
    const t0 = performance.now(); const c0 = process.cpuUsage(); let docs = 0;
    for (const f of files) docs += parseAllDocuments(fs.readFileSync(f, 'utf8')).length;
    const cpu = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, docs }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 }));
}

/**
 * One server on `dir`: initialize, then `initialized` -> the end of the indexing progress.
 * With `hover`, opens a file and asks a hover as soon as indexing starts, noting whether
 * the answer came before indexing ended.
 */
export async function indexOnce(dir, storage, { hover, profileDir } = {}) {
  // With the node flags the VS Code client starts the server with: RSS is measured as users run it.
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: SERVER_ENV });
  child.stderr.on('data', () => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs = [];
  const shown = [];
  let peakDuring = 0;
  try {
    let ended;
    const indexDone = new Promise((resolve) => { ended = resolve; });
    let began = false;
    let begun;
    const indexBegun = new Promise((resolve) => { begun = resolve; });
    connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onNotification('window/showMessage', (p) => shown.push(p.message));
    connection.onNotification('$/progress', (p) => {
      if (p.value?.kind === 'begin' && !began) { began = true; begun(); }
      if (p.value?.kind === 'end') ended(performance.now());
    });
    connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    connection.onNotification('window/logMessage', (p) => logs.push(p.message));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
      initializationOptions: { storagePath: storage },
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true }, window: { workDoneProgress: true } },
    });
    const before = memoryOf(child.pid).rss;
    const cpuBefore = cpuMsOf(child.pid);
    // The main thread's alone: the one that answers requests (a worker thread stats the cached files beside it).
    const mainCpuBefore = cpuMsOf(child.pid, child.pid);
    const sampler = setInterval(() => { peakDuring = Math.max(peakDuring, memoryOf(child.pid).rss); }, 50);
    const start = performance.now();
    await connection.sendNotification('initialized', {});
    let hoverBeforeEnd;
    if (hover) {
      const uri = pathToFileURL(hover.file).href;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(hover.file, 'utf8') } });
      await indexBegun;
      let indexEnded = false;
      void indexDone.then(() => { indexEnded = true; });
      await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: hover.position });
      hoverBeforeEnd = !indexEnded;
    }
    const end = await indexDone;
    const cpuMs = cpuMsOf(child.pid) - cpuBefore;
    const mainCpuMs = cpuMsOf(child.pid, child.pid) - mainCpuBefore;
    clearInterval(sampler);
    const after = memoryOf(child.pid);
    const indexed = Number(logs.map((l) => l.match(/Indexed (\d+) YAML/)?.[1]).find(Boolean) ?? NaN);
    return { ms: end - start, cpuMs, mainCpuMs, rssGrowth: after.rss - before, peak: Math.max(after.peak, peakDuring), indexed, logs, shown, hoverBeforeEnd };
  } finally {
    try {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await connection.sendNotification('exit');
      // Let it exit by itself: a CPU profile is written on exit, not when killed.
      if (child.exitCode === null) await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
    } catch { /* gone */ }
    connection.dispose();
    child.kill();
  }
}

export async function benchIndexScale({ files = FILES, runs = RUNS, huge = HUGE, log = console.log } = {}) {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first.');
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-index-scale-')));
  try {
    const dir = path.join(tmp, 'ws');
    const { bytes } = writeWorkspace(dir, files);
    const listFile = path.join(tmp, 'files.txt');
    const list = yamlFiles(dir);
    fs.writeFileSync(listFile, list.join('\n'));
    log(`index at scale: ${list.length} files, ${(bytes / 1048576).toFixed(1)} MB (scripts/bench-inputs.mjs writeWorkspace), ${os.cpus().length} cores, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const floorRuns = [];
    const coldRuns = [];
    const warmRuns = [];
    const perFile = [];
    for (let run = 0; run < runs; run++) {
      floorRuns.push(floor(listFile));
      const storage = path.join(tmp, `storage-${run}`);
      const first = await indexOnce(dir, storage);
      coldRuns.push(first);
      perFile.push(first.rssGrowth / first.indexed);
      const second = await indexOnce(dir, storage, { profileDir: CPU_PROF_DIR });
      warmRuns.push(second);
      const f = floorRuns[run];
      log(`  run ${run + 1}: floor ${Math.round(f.ms)} ms (CPU ${Math.round(f.cpuMs)}), cold ${Math.round(first.ms)} ms (CPU ${Math.round(first.cpuMs)}; ${first.indexed} files, RSS +${(first.rssGrowth / 1048576).toFixed(1)} MB), reopen ${Math.round(second.ms)} ms (CPU ${Math.round(second.cpuMs)}, main thread ${Math.round(second.mainCpuMs)}; ${second.logs.find((l) => /unchanged since/.test(l)) ?? 'no cache used'}); load ${os.loadavg()[0].toFixed(2)}`);
    }
    const ratios = (runs, key) => runs.map((r, i) => r[key] / floorRuns[i][key]);
    const ratioText = (values) => `${median(values).toFixed(2)}x (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)})`;
    const cold = coldRuns.map((r) => r.ms);
    const warm = warmRuns.map((r) => r.ms);
    const ratio = ratios(coldRuns, 'ms');
    const cpuRatio = ratios(coldRuns, 'cpuMs');
    const rows = [
      ['one thread reads + parses with yaml (floor)', fmt(floorRuns.map((r) => r.ms)), `CPU ${fmt(floorRuns.map((r) => r.cpuMs))}`],
      ['initialize -> indexing done (no cache)', fmt(cold), `<= 4000 ms: ${median(cold) <= 4000 ? 'pass' : 'FAIL'}`],
      ['  ratio to the floor, same run (wall)', ratioText(ratio), `<= 0.65x: ${median(ratio) <= 0.65 ? 'pass' : 'FAIL'}`],
      ['  ratio to the floor, same run (CPU time)', ratioText(cpuRatio), 'info: the server CPU used while indexing'],
      ['reopen -> indexing done (index cache)', fmt(warm), `<= 1000 ms: ${median(warm) <= 1000 ? 'pass' : 'FAIL'}`],
      ['  its CPU time; ratio to the floor (wall)', `${fmt(warmRuns.map((r) => r.cpuMs))}; ${ratioText(ratios(warmRuns, 'ms'))}`, 'info'],
      ['  its main thread\'s CPU time', fmt(warmRuns.map((r) => r.mainCpuMs)), 'info: the thread that answers requests'],
      ['RSS growth per indexed file', fmt(perFile.map((b) => b / 1024), 'KiB'), `<= 5 KiB: ${median(perFile) / 1024 <= 5 ? 'pass' : 'FAIL'}`],
    ];
    if (huge > 0) {
      const big = path.join(tmp, 'huge');
      writeManyFiles(big, huge);
      // node_modules linked from outside: never followed (and node_modules is skipped anyway).
      const modules = path.join(tmp, 'modules');
      writeManyFiles(modules, 1000);
      fs.symlinkSync(modules, path.join(big, 'node_modules'));
      fs.symlinkSync(modules, path.join(big, 'vendored'));
      const open = path.join(big, 'open.yaml');
      fs.writeFileSync(open, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n');
      const result = await indexOnce(big, path.join(tmp, 'storage-huge'), { hover: { file: open, position: { line: 1, character: 7 } } });
      const limit = result.logs.find((l) => /limit/.test(l));
      rows.push([`${huge.toLocaleString('en-US')} files + linked node_modules -> indexing done`, `${Math.round(result.ms)} ms, ${result.indexed} indexed, peak RSS ${(result.peak / 1048576).toFixed(0)} MB`, 'info']);
      rows.push(['  hover in an open file answered before indexing ended', String(result.hoverBeforeEnd), `must be true: ${result.hoverBeforeEnd ? 'pass' : 'FAIL'}`]);
      rows.push(['  limit message (Output channel)', limit ?? '(none)', 'info']);
      fs.rmSync(big, { recursive: true, force: true });
    }
    const width = Math.max(...rows.map((r) => r[0].length));
    const width2 = Math.max(...rows.map((r) => r[1].length));
    for (const [what, value, target] of rows) log(`${what.padEnd(width)}  ${value.padEnd(width2)}  ${target}`);
    return { floor: floorRuns, cold: coldRuns, warm: warmRuns, perFile };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `count` tiny YAML files, 1,000 per folder (a ConfigMap each: cheap to write, real to index). */
function writeManyFiles(dir, count) {
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `f${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `c${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchIndexScale();
}
