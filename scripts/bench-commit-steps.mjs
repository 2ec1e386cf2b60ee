// The commit of the many-findings text of `npm run stress manyFindings` in the core alone,
// a step at a time, as the server's scheduler runs it: how many steps the commit takes, the
// longest in CPU time (process.cpuUsage, what a loaded machine stretches least) and in wall
// time, and the CPU of all of them. Prints figures; asserts nothing.
//
//   node scripts/bench-commit-steps.mjs [megabytes=10] [other checkout, built, for an A/B]
//
// Needs `npm run build && npm run compile-tests` (out/) in each checkout measured.
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const megabytes = Number(process.argv[2] ?? 10);
const roots = [path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'), ...process.argv.slice(3)];

function measure(root) {
  const { Workspace } = require(path.join(root, 'out', 'server', 'src', 'core'));
  const { statefulSet } = require(path.join(root, 'out', 'test', 'robustness', 'manifests.js'));
  const one = statefulSet('web-0', 'nowhere').length + 4;
  const count = Math.round((megabytes * 1024 * 1024) / one);
  const text = Array.from({ length: count }, (_, i) => statefulSet(`web-${i}`, 'nowhere')).join('---\n');
  const update = new Workspace().beginSetOpen('file:///stress/many-findings.yaml', text);
  let steps = 0;
  let longestCpu = 0;
  let longestWall = 0;
  let cpu = 0;
  for (let done = false; !done;) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    done = update.step();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    // A checkout from before the stepped commit has no `committing`: its commit is the parse's last step.
    if (!update.committing && !done) continue;
    const stepCpu = (used.user + used.system) / 1000;
    steps++;
    cpu += stepCpu;
    longestCpu = Math.max(longestCpu, stepCpu);
    longestWall = Math.max(longestWall, wall);
  }
  const load = os.loadavg().map((v) => v.toFixed(1)).join(' ');
  console.log(`${root}: ${megabytes} MB (${count} objects): ${steps} commit step(s), longest ${longestCpu.toFixed(1)} ms CPU / ${longestWall.toFixed(1)} ms wall, all of them ${cpu.toFixed(0)} ms CPU, load ${load}`);
}

for (const root of roots) measure(root);
