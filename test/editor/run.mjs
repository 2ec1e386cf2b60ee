// Runs every editor test: build + package, code-server with the .vsix installed, the extension-host suite
// inside code-server, the UI checks in headless Chromium, the Neovim LSP check. Prints `N passed, N failed`
// last and exits non-zero on any failure - including when an editor cannot be started at all.
// Normally started by test/editor/run.sh (which runs setup.sh first and exports the tool paths).
//   SM_EDITOR_RESULTS        where screenshots and JSON results go (default test-results/editor)
//   SM_EXTENSION_DIR         extension folder to test (default: the repository)
//   SM_EDITOR_SKIP_BUILD=1   use the existing dist/ and .vsix
//   SM_EDITOR_UPDATE_IMAGES=1  copy hover/problems/snippet screenshots to docs/images/
//   SM_EDITOR_KEEP=1         keep the run folder (code-server logs, workspaces)
//   SM_EDITOR_ONLY=ui,nvim   run only these parts (exthost, ui, electron, nvim); all by default
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolsFromEnv } from './lib/browser.mjs';
import { startCodeServer, installVsix } from './lib/codeserver.mjs';
import { runExtensionHostTests } from './exthost-codeserver.mjs';
import { runUiChecks } from './ui-checks.mjs';
import { runGestureChecks } from './gestures-check.mjs';
import { runNvimChecks } from './nvim-check.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extDir = path.resolve(process.env.SM_EXTENSION_DIR || repoRoot);
const resultsDir = path.resolve(repoRoot, process.env.SM_EDITOR_RESULTS || 'test-results/editor');
const t0 = Date.now();
const lap = (m) => console.log(`[editor ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const results = [];
const record = (name, ok, error) => results.push({ name, ok, error });
const only = process.env.SM_EDITOR_ONLY?.split(',').map((p) => p.trim());
/** Whether this part runs (SM_EDITOR_ONLY); a part left out is said, never counted as passed. */
const runs = (part) => {
  if (!only || only.includes(part)) return true;
  lap(`${part}: not run (SM_EDITOR_ONLY=${only.join(',')})`);
  return false;
};

fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-editor-run-'));
let cs = null;

/** A fresh workspace: a copy of the extension's examples/ (tests write their own fixtures next to it). */
function makeWorkspace(name) {
  const ws = path.join(runDir, name);
  fs.mkdirSync(ws, { recursive: true });
  fs.cpSync(path.join(extDir, 'examples'), path.join(ws, 'examples'), { recursive: true });
  return ws;
}

try {
  const tools = toolsFromEnv();
  const expectations = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/editor/expectations.json'), 'utf8'));

  let vsix = path.join(extDir, 'stateful-manifests.vsix');
  if (!process.env.SM_EDITOR_SKIP_BUILD) {
    lap('npm run package (esbuild bundle + vsce package --no-dependencies)');
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: extDir, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} was not built`);
  lap(`vsix: ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB`);

  lap('install the .vsix into a fresh extensions folder');
  installVsix(tools, runDir, vsix);

  lap('start code-server');
  cs = await startCodeServer(tools, runDir, { env: { SM_EDITOR_RESULTS: resultsDir, SM_TEST_HOST: 'code-server' } });
  lap(`code-server up at ${cs.url} (pid ${cs.pid})`);

  if (runs('exthost')) {
    lap('extension-host tests (mocha inside code-server\'s extension host)');
    const eh = await runExtensionHostTests({ tools, url: cs.url, workspace: makeWorkspace('ws-exthost'), extensionDir: extDir,
      testsDir: path.join(repoRoot, 'test/vscode'), failShot: path.join(resultsDir, 'fail-exthost.png'),
      log: (...a) => { const s = a.join(' '); if (/^\[(exthost|browser|page)/.test(s)) console.log(s); } });
    const ehFile = path.join(resultsDir, 'exthost-results.json');
    if (fs.existsSync(ehFile)) {
      const r = JSON.parse(fs.readFileSync(ehFile, 'utf8'));
      for (const t of r.tests) record(`vscode ${r.vscodeVersion} (code-server): ${t.title}`, t.state === 'passed', t.error);
      if (r.tests.length === 0) record('extension-host tests ran', false, 'no test ran');
      if (eh.code !== 0 && r.tests.every((t) => t.state === 'passed')) record('extension-host run', false, `exit code ${eh.code}`);
    } else {
      record('extension-host tests ran', false, `no results written (exit code ${eh.code} after ${eh.seconds}s): the extension host or the test runner did not start`);
    }
    lap(`extension-host tests: exit code ${eh.code} after ${eh.seconds.toFixed(1)}s`);
  }

  if (runs('ui')) {
    lap('checks of the UI checks\' gestures (test/editor/lib/gestures.mjs)');
    for (const r of await runGestureChecks({ tools, log: console.log })) record(r.name, r.ok, r.error);
    lap('UI checks (packaged extension, headless Chromium)');
    const ws = makeWorkspace('ws-ui');
    fs.mkdirSync(path.join(ws, 'sm-ui'));
    fs.writeFileSync(path.join(ws, 'sm-ui/new.yaml'), '');
    // Findings of files that are not open: the UI checks see them before opening any file.
    fs.mkdirSync(path.join(ws, '.vscode'));
    fs.writeFileSync(path.join(ws, '.vscode/settings.json'), JSON.stringify({ 'statefulManifests.diagnostics.scope': 'workspace' }));
    for (const r of await runUiChecks({ tools, url: cs.url, workspace: ws, shotsDir: resultsDir, expectations, extensionDir: extDir, log: console.log })) record(r.name, r.ok, r.error);
  }

  lap('stop code-server');
  const stopped = await cs.stop(); cs = null;
  lap(`stopped ${stopped.length} processes`);

  // Host (a), @vscode/test-electron's runTests: with VSCODE_EXECUTABLE set, the whole suite in that VS Code;
  // without one (no VS Code desktop build can be had offline), its plumbing with code-server standing in.
  const realElectron = !!process.env.VSCODE_EXECUTABLE;
  if (runs('electron')) {
    lap(realElectron ? `extension-host tests in ${process.env.VSCODE_EXECUTABLE} (@vscode/test-electron)`
      : '@vscode/test-electron runTests with code-server standing in for the VS Code executable (examples tests only)');
    const electronResults = path.join(resultsDir, 'electron');
    const te = spawnSync(process.execPath, [path.join(repoRoot, 'test/vscode/run-electron.mjs')], {
      cwd: repoRoot, encoding: 'utf8', timeout: 300000,
      env: { ...process.env, SM_EDITOR_RESULTS: electronResults, SM_EXTENSION_DIR: extDir,
        ...(realElectron ? {} : { VSCODE_EXECUTABLE: path.join(repoRoot, 'test/editor/code-server-as-vscode.mjs'), SM_TEST_GREP: 'with the right ranges' }) },
    });
    const teFile = path.join(electronResults, 'exthost-results.json');
    if (realElectron && fs.existsSync(teFile)) {
      const r = JSON.parse(fs.readFileSync(teFile, 'utf8'));
      for (const t of r.tests) record(`vscode ${r.vscodeVersion} (test-electron): ${t.title}`, t.state === 'passed', t.error);
      if (te.status !== 0 && r.tests.every((t) => t.state === 'passed')) record('test-electron run', false, `exit ${te.status}`);
    } else {
      const ran = fs.existsSync(teFile) ? JSON.parse(fs.readFileSync(teFile, 'utf8')).tests.length : 0;
      record(realElectron ? 'test-electron run' : `@vscode/test-electron runTests drives the suite (code-server as the executable; ${ran} tests)`,
        te.status === 0 && ran > 0, `exit ${te.status ?? te.signal}, ${ran} tests ran:\n${(te.stdout || '').split('\n').filter((l) => /^(PASS|FAIL| {6})/.test(l)).join('\n')}${(te.stderr || '').slice(-1500)}`);
    }
  }

  if (runs('nvim')) {
    lap('Neovim LSP check (node dist/server.js --stdio)');
    for (const r of runNvimChecks({ tools, repoRoot: extDir, workspace: makeWorkspace('ws-nvim'), expectations,
      vscodeObservedFile: path.join(resultsDir, 'vscode-diagnostics.json'), resultsDir })) record(r.name, r.ok, r.error);
  }

  if (process.env.SM_EDITOR_UPDATE_IMAGES) {
    const dest = path.join(repoRoot, 'docs/images');
    fs.mkdirSync(dest, { recursive: true });
    for (const f of ['hover.png', 'problems.png', 'snippet.png']) if (fs.existsSync(path.join(resultsDir, f))) fs.copyFileSync(path.join(resultsDir, f), path.join(dest, f));
    lap(`screenshots copied to ${dest}`);
  }
} catch (e) {
  record('editor test run', false, e.stack || e.message);
} finally {
  if (cs) await cs.stop().catch((e) => record('stop code-server', false, e.message));
  if (!process.env.SM_EDITOR_KEEP) fs.rmSync(runDir, { recursive: true, force: true }); else lap(`run folder kept: ${runDir}`);
}

console.log('');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ok ? '' : `\n      ${String(r.error).split('\n').join('\n      ')}`}`);
fs.writeFileSync(path.join(resultsDir, 'summary.json'), JSON.stringify({ seconds: (Date.now() - t0) / 1000, results }, null, 2));
const passed = results.filter((r) => r.ok).length, failed = results.length - passed;
lap(`results in ${resultsDir}`);
if (process.env.SM_EDITOR_T0) console.log(`[editor] wall time including setup: ${Math.round(Date.now() / 1000 - Number(process.env.SM_EDITOR_T0))}s`);
console.log(`${passed} passed, ${failed === 0 && passed === 0 ? 1 : failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
