// The end-to-end measure in a real editor: the PACKAGED extension in code-server, driven
// through headless Chromium like a person, on the 1 MB file of scripts/bench.mjs.
//   open → first squiggle:      Ctrl+P, Enter on the file, then Ctrl+G to a line with a finding;
//                               until that squiggle is drawn.
//   keystroke → squiggle:       a character typed at the end of a correct `serviceName` (the
//                               Service is then missing) until the squiggles on screen change, and
//                               Backspace until they change back. Timed inside the page, from the
//                               keydown event to the animation frame that shows the change.
// Prints figures; asserts nothing. Needs the editor tools (bash test/editor/setup.sh); without
// them it says so and exits 0. Run by `npm run bench` after scripts/bench.mjs.
//   node scripts/bench-editor.mjs [--edits N] [--skip-package]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeFile } from './bench-inputs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const EDITS = Number(args[args.indexOf('--edits') + 1]) || 15;
const settingsArg = args.indexOf('--settings');
const extraSettings = settingsArg >= 0 ? JSON.parse(args[settingsArg + 1]) : {};

let tools;
try {
  const { toolsFromEnv } = await import('../test/editor/lib/browser.mjs');
  tools = toolsFromEnv();
} catch (e) {
  console.log(`bench-editor: not measured (${e.message.split('\n')[0]}); the editor tools install with: bash test/editor/setup.sh`);
  process.exit(0);
}
const { launchBrowser } = await import('../test/editor/lib/browser.mjs');
const { installVsix, startCodeServer } = await import('../test/editor/lib/codeserver.mjs');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const ms = (v) => (v === undefined ? 'n/a' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`);

const vsix = path.join(ROOT, 'stateful-manifests.vsix');
if (!args.includes('--skip-package') || !fs.existsSync(vsix)) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-editor-'));
const workspace = path.join(runDir, 'ws');
fs.mkdirSync(workspace);
const text = largeFile();
fs.writeFileSync(path.join(workspace, 'large.yaml'), text);
const lines = text.split('\n');
// A correct serviceName well inside the file (typing after it makes the Service missing),
// and, for "open", the first line below the middle with a finding (the CLI says which).
const serviceLine = lines.findIndex((l, i) => i > lines.length / 2 && /^ {2}serviceName: \S+$/.test(l));
const check = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', path.join(workspace, 'large.yaml')], { encoding: 'utf8', maxBuffer: 1 << 26 });
const findingLines = [...check.stdout.matchAll(/^[^\n]*large\.yaml:(\d+):(\d+) (error|warning|information)/gm)].map((m) => Number(m[1]));
const findingLine = findingLines.find((l) => l > lines.length / 2);
if (!findingLine) throw new Error(`the CLI reports no finding in the second half of the file:\n${check.stdout.slice(0, 500)}${check.stderr}`);

let cs;
let browser;
try {
  installVsix(tools, runDir, vsix);
  cs = await startCodeServer(tools, runDir);
  const userSettings = path.join(runDir, 'user-data/User/settings.json');
  fs.writeFileSync(userSettings, JSON.stringify({ ...JSON.parse(fs.readFileSync(userSettings, 'utf8')), ...extraSettings }, null, 2));
  browser = await launchBrowser(tools);
  const { page } = browser;
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  await page.locator('.monaco-workbench .part.editor').click({ position: { x: 300, y: 300 } }).catch(() => {});
  await page.evaluate(() => {
    window.__keyAt = 0;
    document.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
  });
  const squiggles = () => page.evaluate(() => document.querySelectorAll('.editor-instance [class*="squiggly-"]').length);
  /** ms from the last keydown until the number of squiggles on screen differs from `before`. */
  const untilSquigglesChange = (before, timeoutMs = 20000) => page.evaluate(([n, limit]) => new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const now = document.querySelectorAll('.editor-instance [class*="squiggly-"]').length;
      if (now !== n) resolve(performance.now() - window.__keyAt);
      else if (performance.now() - started > limit) resolve(undefined);
      else requestAnimationFrame(check);
    };
    check();
  }), [before, timeoutMs]);
  const goTo = async (line, col) => {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(`${line}:${col}`);
    await page.keyboard.press('Enter');
  };

  // open → first squiggle: right after opening, the editor goes to a line with a finding.
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('large.yaml');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="large.yaml"]', { timeout: 20000 });
  await page.keyboard.press('Enter');
  const openedAt = await page.evaluate(() => window.__keyAt);
  await page.waitForSelector('.tab.active[aria-label*="large.yaml"]', { timeout: 20000 });
  await goTo(findingLine, 1);
  const firstSquiggle = await page.evaluate(([since, limit]) => new Promise((resolve) => {
    const check = () => {
      if (document.querySelector('.editor-instance [class*="squiggly-"]')) resolve(performance.now() - since);
      else if (performance.now() - since > limit) resolve(undefined);
      else requestAnimationFrame(check);
    };
    check();
  }), [openedAt, 60000]);
  await page.waitForTimeout(1500); // the rest of the file's analysis settles
  await goTo(serviceLine + 1, lines[serviceLine].length + 1);
  await page.waitForTimeout(500);

  const typed = [];
  const erased = [];
  for (let i = 0; i < EDITS; i++) {
    const before = await squiggles();
    await page.keyboard.press('x');
    typed.push(await untilSquigglesChange(before));
    await page.waitForTimeout(300);
    const after = await squiggles();
    await page.keyboard.press('Backspace');
    erased.push(await untilSquigglesChange(after));
    await page.waitForTimeout(300);
  }
  const all = [...typed, ...erased].filter((v) => v !== undefined);
  const missed = typed.length + erased.length - all.length;
  console.log('');
  console.log(`In code-server ${path.basename(path.dirname(path.dirname(tools.codeServer)))} (headless Chromium), the packaged extension, a 1 MB file of ${lines.length} lines:`);
  console.log('| measure | median | p95 |');
  console.log('| --- | --- | --- |');
  console.log(`| open → first squiggle (Ctrl+P Enter, then Ctrl+G to a finding) | ${ms(firstSquiggle)} | |`);
  console.log(`| keystroke → squiggles updated (${all.length} edits${missed ? `, ${missed} never updated` : ''}) | ${ms(percentile(all, 50))} | ${ms(percentile(all, 95))} |`);
  if (Object.keys(extraSettings).length) console.log(`settings: ${JSON.stringify(extraSettings)}`);
} finally {
  await browser?.close();
  await cs?.stop();
  if (process.env.SM_BENCH_KEEP) console.log(`run folder kept: ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true });
}
