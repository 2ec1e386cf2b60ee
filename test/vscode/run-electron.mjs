// Host (a): runs the extension-host suite (test/vscode) in VS Code desktop through @vscode/test-electron.
//   VSCODE_EXECUTABLE=/path/to/code node test/vscode/run-electron.mjs   (any VS Code build)
//   node test/vscode/run-electron.mjs                                    (downloads VS Code: needs the network)
// On a Linux machine without a display, run it under `xvfb-run -a`.
// Prints `N passed, N failed` (from the suite's own results file) and exits non-zero on any failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extensionDevelopmentPath = path.resolve(process.env.SM_EXTENSION_DIR || repoRoot);
const resultsDir = path.resolve(repoRoot, process.env.SM_EDITOR_RESULTS || 'test-results/editor-electron');
fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });

// a fresh workspace holding a copy of examples/ (the tests write their fixtures next to it)
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-electron-ws-'));
fs.cpSync(path.join(extensionDevelopmentPath, 'examples'), path.join(workspace, 'examples'), { recursive: true });

let code = 0;
let error = '';
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    version: process.env.VSCODE_VERSION || undefined,
    extensionDevelopmentPath,
    extensionTestsPath: path.join(repoRoot, 'test/vscode'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: {
      SM_EDITOR_RESULTS: resultsDir, SM_TEST_HOST: 'electron',
      ...(process.env.SM_TEST_GREP ? { SM_TEST_GREP: process.env.SM_TEST_GREP } : {}),
    },
  });
} catch (e) {
  code = 1;
  error = e.message || String(e);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}

const file = path.join(resultsDir, 'exthost-results.json');
let passed = 0;
let failed = 0;
if (fs.existsSync(file)) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const t of r.tests) {
    console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'}  vscode ${r.vscodeVersion} (${r.host}): ${t.title}${t.error ? `\n      ${t.error.split('\n')[0]}` : ''}`);
    if (t.state === 'passed') passed++; else failed++;
  }
  if (code !== 0 && failed === 0) { console.log(`FAIL  VS Code exited with an error: ${error}`); failed++; }
} else {
  console.log(`FAIL  the extension-host suite wrote no results: VS Code or the test runner did not start (${error || 'no error reported'})`);
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
