// One-character edits of a serviceName in a small file of generated workspaces of growing
// size, in process against the compiled core (out/, `npm run compile-tests`): CPU time per
// keystroke and files re-analysed per keystroke (the core's own counter), with no server,
// protocol or event loop in between. scripts/bench.mjs times the same edit through the
// server; this one says where its cost goes and whether it grows with the workspace.
//
//   node scripts/bench-edits-core.mjs [--workspaces 100,1000,5000,20000] [--edits 200] [--modes open,all]
//
// Two ways of being analysed, as the server runs them:
// - open: only the edited file has findings (diagnostics pushed for open files, the default);
// - all: every file was analysed once first (`diagnostics.scope: workspace`, or the CLI), so
//   each edit re-analyses the edited file and every file whose findings may depend on it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeWorkspace } from './bench-inputs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const core = createRequire(import.meta.url)(path.join(ROOT, 'out', 'server', 'src', 'core', 'index.js'));

const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const SIZES = option('--workspaces', '100,1000,5000,20000').split(',').map(Number);
const EDITS = Number(option('--edits', '200'));
const WARM_UP = 20;
const MODES = option('--modes', 'open,all').split(',');
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' / ');

/** The generated workspace in a fresh Workspace, as the indexer reads it (one batch of files from disk). */
function loadWorkspace(dir) {
  const workspace = new core.Workspace();
  const uris = [];
  workspace.batch(() => {
    for (const folder of fs.readdirSync(dir).sort()) {
      for (const name of fs.readdirSync(path.join(dir, folder)).sort()) {
        const file = path.join(dir, folder, name);
        const uri = pathToFileURL(file).href;
        uris.push(uri);
        workspace.setDisk(uri, fs.readFileSync(file, 'utf8'));
      }
    }
  });
  return { workspace, uris };
}

const cpuMs = (usage) => (usage.user + usage.system) / 1000;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Types a character at the end of the file's serviceName and deletes it, `edits` times; per keystroke: CPU ms and files analysed. */
function keystrokes(workspace, uri, text, edits) {
  const at = text.indexOf('\n', text.indexOf('  serviceName: '));
  const typed = `${text.slice(0, at)}z${text.slice(at)}`;
  const cpu = [];
  const analysed = [];
  for (let i = 0; i < edits; i++) {
    for (const next of [typed, text]) {
      const files0 = core.filesAnalysedSoFar();
      const cpu0 = process.cpuUsage();
      const change = workspace.setOpen(uri, next);
      for (const other of [uri, ...workspace.dependents(change)]) core.analyzeFile(workspace, other);
      cpu.push(cpuMs(process.cpuUsage(cpu0)));
      analysed.push(core.filesAnalysedSoFar() - files0);
    }
  }
  return { cpu, analysed };
}

function run(files, mode) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-edits-core-')));
  try {
    writeWorkspace(dir, files);
    const { workspace, uris } = loadWorkspace(dir);
    const file = path.join(dir, 'team-0', 'app-0.yaml');
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    if (mode === 'all') for (const other of uris) core.analyzeFile(workspace, other);
    workspace.setOpen(uri, text);
    core.analyzeFile(workspace, uri);
    keystrokes(workspace, uri, text, WARM_UP);
    const { cpu, analysed } = keystrokes(workspace, uri, text, EDITS);
    return { cpuP50: median(cpu), cpuMean: cpu.reduce((a, b) => a + b, 0) / cpu.length, analysedMean: analysed.reduce((a, b) => a + b, 0) / analysed.length, analysedMax: Math.max(...analysed) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Load average at the start (1 / 5 / 15 min): ${loadAverage()}. ${EDITS} edits (${2 * EDITS} keystrokes) per workspace after ${WARM_UP} to warm up.\n`);
for (const mode of MODES) {
  console.log(`Analysed: ${mode === 'open' ? 'the edited file only (push diagnostics of open files)' : 'every file (workspace diagnostics, the CLI)'}`);
  console.log('| files | CPU ms per keystroke, p50 | mean | files re-analysed per keystroke, mean | max |');
  console.log('| --- | --- | --- | --- | --- |');
  const results = [];
  for (const files of SIZES) {
    const r = run(files, mode);
    results.push(r);
    console.log(`| ${files} | ${r.cpuP50.toFixed(2)} | ${r.cpuMean.toFixed(2)} | ${r.analysedMean.toFixed(1)} | ${r.analysedMax} |`);
  }
  const first = results[0];
  const last = results[results.length - 1];
  console.log(`${SIZES[SIZES.length - 1]} ÷ ${SIZES[0]} files: CPU p50 ${(last.cpuP50 / first.cpuP50).toFixed(2)}×, mean ${(last.cpuMean / first.cpuMean).toFixed(2)}×; files re-analysed ${(last.analysedMean / first.analysedMean).toFixed(2)}× (flat: ≤ 2×)\n`);
}
console.log(`Load average at the end: ${loadAverage()}.`);
