// `npm run bench` (fourth table): a folder of kustomizations indexed by the real server
// (dist/server.js over stdio, no index cache) at growing sizes, so linearity shows as the
// time per kustomization (issue 15). Figures are printed, never asserted.
//
//   node scripts/bench-kustomize-scale.mjs [--sizes 500,1000,2000,5000]
//
// BENCH_SERVER=<path of another dist/server.js> measures an older build the same way.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKustomizeWorkspace } from './bench-inputs.mjs';
import { indexOnce } from './bench-index-scale.mjs';

const args = process.argv.slice(2);
const SIZES = (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '500,1000,2000,5000').split(',').map(Number);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export async function benchKustomizeScale({ sizes = SIZES, log = console.log } = {}) {
  log(`kustomizations at scale (scripts/bench-inputs.mjs writeKustomizeWorkspace), ${os.cpus().length} cores, load average at start ${load()}`);
  log('kustomizations  files  indexing done (wall)  server CPU   CPU per kustomization  load (1 min)');
  for (const size of sizes) {
    const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-kustomize-scale-')));
    try {
      const dir = path.join(tmp, 'ws');
      const { files, kustomizations } = writeKustomizeWorkspace(dir, size);
      const run = await indexOnce(dir, path.join(tmp, 'storage'));
      log(`${String(kustomizations).padStart(14)}  ${String(files).padStart(5)}  ${`${Math.round(run.ms)} ms`.padStart(20)}  ${`${Math.round(run.cpuMs)} ms`.padStart(10)}  ${`${(run.cpuMs / kustomizations).toFixed(2)} ms`.padStart(21)}  ${os.loadavg()[0].toFixed(2)}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchKustomizeScale();
}
