// @ts-check
// Entry point of the extension-host tests (extensionTestsPath). VS Code calls run() inside the real
// extension host - under @vscode/test-electron (desktop) or inside code-server (test/editor/exthost-codeserver.mjs).
// Runs every suite/*.vscode-test.js (not *.test.js: those belong to the unit-test runner, which has no `vscode` module) with mocha, prints one line per test, and writes a JSON summary to
// $SM_EDITOR_RESULTS/exthost-results.json so the outer runner can count what passed and failed.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

/** @returns {Promise<void>} rejects when any test failed (the host then exits with code 1) */
function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: Number(process.env.SM_TEST_TIMEOUT_MS || 60000), color: false, reporter: 'spec' });
  const grep = process.env.SM_TEST_GREP;
  if (grep) mocha.grep(grep);
  const dir = path.join(__dirname, 'suite');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.vscode-test.js')).sort()) mocha.addFile(path.join(dir, f));

  /** @type {{title: string, state: string, error?: string, ms?: number}[]} */
  const tests = [];
  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run((failures) => {
        const out = process.env.SM_EDITOR_RESULTS;
        if (out) {
          fs.mkdirSync(out, { recursive: true });
          fs.writeFileSync(path.join(out, 'exthost-results.json'), JSON.stringify({ host: process.env.SM_TEST_HOST || 'unknown', vscodeVersion: require('vscode').version, tests }, null, 2));
        }
        const passed = tests.filter((t) => t.state === 'passed').length;
        console.log(`[exthost] ${passed} passed, ${tests.length - passed} failed`);
        if (failures > 0 || tests.length === 0) reject(new Error(`${failures} extension-host test(s) failed, ${tests.length} ran`));
        else resolve();
      });
    } catch (e) { reject(e); return; }
    runner.on('pass', (t) => { tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }); console.log(`[exthost] PASS ${t.fullTitle()} (${t.duration} ms)`); });
    runner.on('fail', (t, err) => {
      tests.push({ title: t.fullTitle(), state: 'failed', error: String(err && err.message || err) });
      console.log(`[exthost] FAIL ${t.fullTitle()}: ${err && err.message || err}`);
    });
  });
}
module.exports = { run };
