// Runs every test: the fast ones (core, CLI, protocol) under node's test runner, then
// the editor tests when present. Prints one closing line, `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const only = process.argv[2]; // 'unit' runs only the fast tests

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(full);
    return e.name.endsWith('.test.js') ? [full] : [];
  }).sort();
}

const files = findTests(path.join('out', 'test'));
if (files.length === 0) {
  console.error('No compiled tests in out/test: run `npm run compile-tests` first.');
  process.exit(1);
}
const unit = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(unit.stdout);
const count = (name) => Number(/^ℹ (\w+) (\d+)$/m.test(unit.stdout) ? (unit.stdout.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0) : 0);
let passed = count('pass');
let failed = count('fail') + (unit.status !== 0 && count('fail') === 0 ? 1 : 0);

if (only !== 'unit' && fs.existsSync('test/editor/run.sh')) {
  const editor = spawnSync('bash', ['test/editor/run.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(editor.stdout);
  const m = editor.stdout.match(/^(\d+) passed, (\d+) failed$/m);
  passed += m ? Number(m[1]) : 0;
  failed += m ? Number(m[2]) : 0;
  if (editor.status !== 0 && (!m || Number(m[2]) === 0)) failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
