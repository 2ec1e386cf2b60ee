// The attacks of issue #16 at full size, one child process each (time limit, memory
// figures), against the compiled core (out/, `npm run compile-tests`) and the built
// CLI (dist/, `npm run build`). `npm run stress` builds both first and runs this after
// scripts/stress.mjs (the server-side attacks).
//
//   node scripts/stress-core.mjs            every attack
//   node scripts/stress-core.mjs env-bomb   the attacks whose name contains "env-bomb"
//
// Prints one line per attack: wall time, peak RSS, and what came out. The small versions
// of the same attacks are the regression tests in test/robustness/attacks.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { writeKustomizeWorkspace } from './bench-inputs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const TIME_LIMIT_MS = Number(process.env.STRESS_TIME_LIMIT_MS ?? 120_000);

function core() {
  return require(path.join(ROOT, 'out', 'server', 'src', 'core', 'index.js'));
}
function nodeIndexer() {
  return require(path.join(ROOT, 'out', 'server', 'src', 'node', 'indexer.js'));
}

/** Position of the first occurrence of `needle` in `text` (LSP line/character). */
function positionOf(text, needle, delta = 0) {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function statefulSetWithEnv(envEntries) {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: main
          image: nginx
          env:
${envEntries.map(([name, value]) => `            - name: ${name}\n              value: "${value}"\n`).join('')}`;
}

function withTemp(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-manifests-stress-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function cli(args, input) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', input, maxBuffer: 1 << 30 });
  return { status: run.status, stderr: run.stderr.trim().split('\n').slice(-1)[0]?.slice(0, 160) ?? '', findings: run.stdout.split('\n').filter(Boolean).length };
}

/** A file of StatefulSets that each miss their Service (the input of stress.mjs `manyFindings`), analysed by the core. */
function manyFindings(megabytes) {
  const { Workspace, analyzeFile } = core();
  const { statefulSet } = require(path.join(ROOT, 'out', 'test', 'robustness', 'manifests.js'));
  const count = Math.round((megabytes * 1024 * 1024) / (statefulSet('web-0', 'nowhere').length + 4));
  const ws = new Workspace();
  ws.setOpen('file:///stress/many-findings.yaml', Array.from({ length: count }, (_, i) => statefulSet(`web-${i}`, 'nowhere')).join('---\n'));
  return `${count} StatefulSets, ${analyzeFile(ws, 'file:///stress/many-findings.yaml').length} findings`;
}

/** Each attack: builds its input, runs, and returns a short description of the outcome. */
const ATTACKS = {
  'env-bomb-doubling-22'() {
    const { Workspace, hoverAt } = core();
    const entries = [['A0', 'web-0.web ']];
    for (let i = 1; i <= 22; i++) entries.push([`A${i}`, `$(A${i - 1})$(A${i - 1})`]);
    const text = statefulSetWithEnv(entries);
    const ws = new Workspace();
    ws.setOpen('file:///stress/env.yaml', text);
    const hover = hoverAt(ws, 'file:///stress/env.yaml', positionOf(text, '$(A21)$(A21)', 1));
    return `hover ${hover ? hover.markdown.length : 'none'} chars`;
  },
  'env-bomb-1000000-references'() {
    const { Workspace, hoverAt, analyzeFile } = core();
    const text = statefulSetWithEnv([['A', 'web-0.web '], ['B', '$(A)'.repeat(1_000_000)]]);
    const ws = new Workspace();
    ws.setOpen('file:///stress/env.yaml', text);
    const findings = analyzeFile(ws, 'file:///stress/env.yaml').length;
    const hover = hoverAt(ws, 'file:///stress/env.yaml', positionOf(text, '$(A)$(A)', 1));
    return `${findings} findings, hover ${hover ? hover.markdown.length : 'none'} chars`;
  },
  // Item 4: the server attack `manyFindings` (scripts/stress.mjs) on the core alone: StatefulSets
  // that all miss their Service, 5 and 10 MB; the time grows with the size, not its square.
  'many-findings-5MB'() {
    return manyFindings(5);
  },
  'many-findings-10MB'() {
    return manyFindings(10);
  },
  'document-end-markers-130000'() {
    const text = '...\n'.repeat(130_000);
    const { Workspace, analyzeFile } = core();
    const ws = new Workspace();
    ws.setOpen('file:///stress/ends.yaml', text);
    const findings = analyzeFile(ws, 'file:///stress/ends.yaml').length;
    const run = withTemp((dir) => {
      fs.writeFileSync(path.join(dir, 'x.yaml'), text);
      fs.writeFileSync(path.join(dir, 'y.yaml'), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: missing\n');
      return cli(['check', dir]);
    });
    return `core ${findings} findings; CLI exit ${run.status}, ${run.findings} findings, "${run.stderr}"`;
  },
  'subfolders-150000'() {
    return withTemp((dir) => {
      const root = path.join(dir, 'ws');
      fs.mkdirSync(root);
      for (let i = 0; i < 150_000; i++) fs.mkdirSync(path.join(root, `d${i}`));
      fs.writeFileSync(path.join(root, 'd99999', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n');
      const started = performance.now();
      const { Workspace } = core();
      const { IndexRun, IndexFilter } = nodeIndexer();
      const run = new IndexRun(new Workspace(), [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
      while (!run.finished) run.step(50);
      return `walk ${Math.round(performance.now() - started)} ms, ${run.indexed.size} file indexed${run.problems?.length ? `, "${run.problems[0]}"` : ''}`;
    });
  },
  'kustomization-20000-resources-4000-replicas'() {
    return kustomization(20_000, 4_000, 0);
  },
  'kustomization-100000-resources-20000-patches'() {
    return kustomization(100_000, 0, 20_000);
  },
  'kustomization-100000-resources-20000-patches-no-limit'() {
    return kustomization(100_000, 0, 20_000, Infinity);
  },
  'kustomizations-5000-folder'() {
    return withTemp((dir) => kustomizationFolder(path.join(dir, 'ws'), Number(process.env.STRESS_KUSTOMIZATIONS ?? 5000)));
  },
  'name-20MB-single-line'() {
    const { Workspace, hoverAt, analyzeFile } = core();
    const name = 'a'.repeat(20 * 1024 * 1024);
    const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: web\n  replicas: 3\n`;
    const ws = new Workspace();
    ws.setOpen('file:///stress/name.yaml', text);
    const findings = analyzeFile(ws, 'file:///stress/name.yaml');
    const hover = hoverAt(ws, 'file:///stress/name.yaml', { line: 3, character: 10 });
    return `${findings.length} findings (longest message ${Math.max(0, ...findings.map((f) => f.message.length))} chars), hover ${hover ? hover.markdown.length : 'none'} chars`;
  },
};

/** CPU time (user + system) and wall time of `fn`, as text, and its result. */
function timed(fn) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { result, text: `${Math.round(performance.now() - started)} ms (CPU ${Math.round((used.user + used.system) / 1000)} ms)` };
}

/**
 * One kustomization with `resources` files, `replicas` entries and `patches` patch files
 * (each patch file a strategic-merge patch of its own StatefulSet, so every patch has an
 * effect of its own to look up), indexed in one batch with the first 2,000 resources and
 * every patch file; `maxEntries` lifts the kustomization entry limit (docs/limits.md).
 */
function kustomization(resources, replicas, patches, maxEntries) {
  const { Workspace, analyzeFile } = core();
  const kustomize = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'kustomize', 'index.js'));
  const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:'];
  for (let i = 0; i < resources; i++) lines.push(`  - r${i}.yaml`);
  if (replicas) lines.push('replicas:');
  for (let i = 0; i < replicas; i++) lines.push(`  - name: web-${i}`, `    count: ${i % 5}`);
  if (patches) lines.push('patches:');
  for (let i = 0; i < patches; i++) lines.push(`  - path: p${i}.yaml`);
  const text = `${lines.join('\n')}\n`;
  const files = new Map();
  for (let i = 0; i < Math.min(resources, 2000); i++) {
    files.set(`file:///stress/k/r${i}.yaml`, `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${i}\nspec:\n  serviceName: web-${i}\n  replicas: 1\n`);
  }
  for (let i = 0; i < patches; i++) {
    files.set(`file:///stress/k/p${i}.yaml`, `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n`);
  }
  const notices = [];
  const ws = new Workspace({ maxKustomizationEntries: maxEntries, onKustomizationLimit: (uri, message) => notices.push(message) });
  const indexed = timed(() => ws.batch(() => {
    ws.setDisk('file:///stress/k/kustomization.yaml', text);
    for (const [uri, content] of files) ws.setDisk(uri, content);
  }));
  const read = timed(() => kustomize.readKustomization('file:///stress/k/kustomization.yaml', text, maxEntries));
  const effects = timed(() => kustomize.kustomizeEffects([read.result], (uri) => files.get(uri)));
  const findings = analyzeFile(ws, 'file:///stress/k/r1.yaml').length;
  return `${(text.length / 1024).toFixed(0)} KB kustomization, ${files.size} files: index ${indexed.text}, of which read ${read.text}, effects ${effects.text}; ${findings} findings on r1.yaml${notices.length ? `; "${notices[0]}"` : ''}`;
}

/**
 * A folder of 5,000 kustomizations (STRESS_KUSTOMIZATIONS; scripts/bench-inputs.mjs
 * writeKustomizeWorkspace: bases, overlays of two shared bases, environments of three
 * overlays), indexed from disk as the server does, then one overlay edited as in the editor.
 */
function kustomizationFolder(root, kustomizations) {
  writeKustomizeWorkspace(root, kustomizations);
  const { Workspace, analyzeFile } = core();
  const { IndexRun, IndexFilter } = nodeIndexer();
  const ws = new Workspace();
  const run = new IndexRun(ws, [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
  let steps = 0;
  let longest = 0;
  const indexed = timed(() => {
    while (!run.finished) {
      const started = performance.now();
      run.step(50);
      steps++;
      longest = Math.max(longest, performance.now() - started);
    }
  });
  const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const overlay = `${pathToFileURL(path.join(root, 'overlays', 'o7', 'kustomization.yaml'))}`;
  const text = fs.readFileSync(new URL(overlay), 'utf8');
  const edit = timed(() => ws.setOpen(overlay, text.replace('count: 3', 'count: 2')));
  const findings = analyzeFile(ws, `${pathToFileURL(path.join(root, 'bases', 'b7', 'sts.yaml'))}`).length;
  return `${run.indexed.size} files: index ${indexed.text} in ${steps} steps (longest ${Math.round(longest)} ms), RSS ${rss} MB; one overlay edited: ${edit.text}; ${findings} findings on a base`;
}

function runOne(name) {
  const started = performance.now();
  let outcome;
  try {
    outcome = ATTACKS[name]();
  } catch (error) {
    outcome = `THREW ${error?.constructor?.name}: ${String(error?.message).slice(0, 120)}`;
  }
  const ms = Math.round(performance.now() - started);
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ ms, rss, outcome }));
}

if (process.argv[2] === '--one') {
  runOne(process.argv[3]);
} else {
  if (!fs.existsSync(path.join(ROOT, 'out', 'server', 'src', 'core', 'index.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    console.error('Build first: npm run build && npm run compile-tests (npm run stress does both).');
    process.exit(2);
  }
  const filter = process.argv[2] ?? '';
  console.log(`attack${' '.repeat(40)}time      peak RSS  outcome`);
  for (const name of Object.keys(ATTACKS).filter((n) => n.includes(filter))) {
    const child = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--one', name], { encoding: 'utf8', timeout: TIME_LIMIT_MS, maxBuffer: 1 << 26 });
    let line;
    if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM') line = `> ${TIME_LIMIT_MS / 1000} s   -         killed: no answer within the time limit`;
    else {
      try {
        const r = JSON.parse(child.stdout);
        line = `${`${(r.ms / 1000).toFixed(2)} s`.padEnd(10)}${`${r.rss} MB`.padEnd(10)}${r.outcome}`;
      } catch {
        line = `-         -         crashed (exit ${child.status}, ${child.signal ?? ''}): ${child.stderr.trim().split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 140)}`;
      }
    }
    console.log(`${name.padEnd(46)}${line}`);
  }
}
void pathToFileURL;
