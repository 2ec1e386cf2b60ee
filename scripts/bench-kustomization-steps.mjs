// Issue 16: the longest step, in CPU time, of each stage of following one kustomization of
// 100,000 `resources` (2,000 of them in the workspace) and 20,000 patch files, in process,
// against the compiled core (out/, `npm run compile-tests`). The server runs these steps
// between messages, so the longest one is how long a message can wait on it.
//
//   node scripts/bench-kustomization-steps.mjs [--root DIR]   (DIR: another checkout's out/ to compare)
//
// Stages: the kustomization read from disk by an index pass (IndexRun, zero budget: one
// unit per step), its effects read and applied at the pass's end, then the same text
// opened and its namespace edited (the parse and commit of the open document, then the
// refresh). CPU time is user + system of this process (process.cpuUsage), which a loaded
// machine stretches least; the load average is printed beside it.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const ROOT = args.includes('--root') ? path.resolve(args[args.indexOf('--root') + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Workspace } = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'index.js'));
const { IndexFilter, IndexRun, fileUri } = require(path.join(ROOT, 'out', 'server', 'src', 'node', 'indexer.js'));

const load = () => os.loadavg().map((v) => v.toFixed(1)).join(' ');
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Runs `step` until it says done, timing each call: the longest (and which: `at`, from 0, and the last), the total, in CPU ms. */
function timedSteps(step) {
  let longest = 0;
  let at = 0;
  let total = 0;
  let steps = 0;
  for (let done = false; !done; steps++) {
    const started = cpuMs();
    done = step();
    const spent = cpuMs() - started;
    if (spent > longest) {
      longest = spent;
      at = steps;
    }
    total += spent;
  }
  return { longest, total, steps, at: at === steps - 1 ? 'the last' : `step ${at}` };
}

const statefulSet = (name) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: ${name}\n  replicas: 1\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: c\n          image: i\n`;
const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'namespace: prod', 'resources:'];
for (let i = 0; i < 100_000; i++) lines.push(`  - r${i}.yaml`);
lines.push('patches:');
for (let i = 0; i < 20_000; i++) lines.push(`  - path: p${i}.yaml`);
const kustomization = `${lines.join('\n')}\n`;

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kustomization-')));
try {
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), kustomization);
  for (let i = 0; i < 2_000; i++) fs.writeFileSync(path.join(dir, `r${i}.yaml`), statefulSet(`web-${i}`));
  for (let i = 0; i < 20_000; i++) fs.writeFileSync(path.join(dir, `p${i}.yaml`), `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n`);
  console.log(`load average at the start: ${load()}; ${ROOT}`);

  const ws = new Workspace();
  const run = new IndexRun(ws, [dir], new IndexFilter({ exclude: [], maxFileSizeKB: 4096 }));
  while (run.progress.listing) run.step(0);
  const uri = fileUri(path.join(dir, 'kustomization.yaml'));
  // Files are read in the order listed: kustomization.yaml comes after p* and before r*.
  const pass = timedSteps(() => { run.step(0); return ws.has(uri); });
  console.log(`index pass, reading kustomization.yaml (and the p*.yaml before it): longest step ${pass.longest.toFixed(0)} ms CPU (${pass.at}), ${pass.steps} steps, ${pass.total.toFixed(0)} ms CPU in all`);
  const rest = timedSteps(() => { run.step(0); return run.finished; });
  console.log(`index pass, the rest and the kustomize effects at its end: longest step ${rest.longest.toFixed(0)} ms CPU (${rest.at}), ${rest.steps} steps, ${rest.total.toFixed(0)} ms CPU in all`);

  const open = ws.beginSetOpen(uri, kustomization.replace('namespace: prod', 'namespace: staging'));
  let parseLongest = 0;
  let parseTotal = 0;
  let commit = 0;
  for (let done = false; !done;) {
    const started = cpuMs();
    done = ws.batch(() => open.step(), { deferKustomize: 'steps' });
    const spent = cpuMs() - started;
    if (done) commit = spent;
    else parseLongest = Math.max(parseLongest, spent);
    parseTotal += spent;
  }
  console.log(`opened with its namespace edited: longest parse step ${parseLongest.toFixed(0)} ms CPU, commit ${commit.toFixed(0)} ms CPU, ${parseTotal.toFixed(0)} ms CPU in all`);
  const refresh = timedSteps(() => ws.refreshKustomizeStep() !== undefined);
  console.log(`its effects read and applied: longest step ${refresh.longest.toFixed(0)} ms CPU (${refresh.at}), ${refresh.steps} steps, ${refresh.total.toFixed(0)} ms CPU in all (namespace of r1.yaml: ${ws.namespaceForFile(fileUri(path.join(dir, 'r1.yaml')))})`);
  console.log(`load average at the end: ${load()}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
