#!/usr/bin/env node
// A stand-in for the VS Code executable, so that test/vscode/run-electron.mjs (@vscode/test-electron's
// runTests) can be exercised on a machine that has no VS Code desktop build: it takes the command line
// runTests gives VS Code (workspace folder, --extensionDevelopmentPath=, --extensionTestsPath=) and the
// environment (extensionTestsEnv), runs the same suite in code-server, and exits with its exit code.
// It checks the runner's plumbing; the editor underneath is still code-server, not Electron.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolsFromEnv } from './lib/browser.mjs';
import { startCodeServer } from './lib/codeserver.mjs';
import { runExtensionHostTests } from './exthost-codeserver.mjs';

const args = process.argv.slice(2);
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const folder = args.find((a) => !a.startsWith('-'));
const extensionDir = opt('extensionDevelopmentPath');
const testsDir = opt('extensionTestsPath');
if (!folder || !extensionDir || !testsDir) {
  console.error(`code-server-as-vscode: expected a folder, --extensionDevelopmentPath= and --extensionTestsPath=; got ${JSON.stringify(args)}`);
  process.exit(2);
}
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cs-as-vscode-'));
let cs;
let code = 1;
try {
  const tools = toolsFromEnv();
  cs = await startCodeServer(tools, runDir, { env: { SM_TEST_HOST: 'test-electron runner -> code-server' } });
  const r = await runExtensionHostTests({ tools, url: cs.url, workspace: folder, extensionDir, testsDir,
    log: (...a) => { const s = a.join(' '); if (/^\[exthost\]/.test(s)) console.log(s); } });
  code = r.code === 0 ? 0 : 1;
} catch (e) {
  console.error(`code-server-as-vscode: ${e.stack || e}`);
} finally {
  if (cs) await cs.stop();
  fs.rmSync(runDir, { recursive: true, force: true });
}
process.exit(code);
