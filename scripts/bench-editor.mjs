// The end-to-end measure in a real editor: the PACKAGED extension in code-server, driven
// through headless Chromium like a person, on the 1 MB file of scripts/bench.mjs.
//   open → first squiggle:      Ctrl+P, Enter on the file, then Ctrl+G to a line with a finding;
//                               until that squiggle is drawn.
//   keystroke → squiggle:       a character typed at the end of a correct `serviceName` (the
//                               Service is then missing) until the squiggles on screen change, and
//                               Backspace until they change back. Timed inside the page, from the
//                               keydown event to the animation frame that shows the change.
// Each keystroke is then followed through the timing log of client and server
// (STATEFUL_MANIFESTS_TIMING, server/src/lsp/timing.ts): where its time went, step by step.
// Prints figures; asserts nothing. Needs the editor tools (bash test/editor/setup.sh); without
// them it says so and exits 0. Run by `npm run bench` after scripts/bench.mjs.
//   node scripts/bench-editor.mjs [--edits N] [--skip-package] [--vsix other.vsix] [--settings JSON]
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
const { goTo: goToGesture } = await import('../test/editor/lib/gestures.mjs');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const ms = (v) => (v === undefined ? 'n/a' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`);

// --vsix: another build (another commit's, to compare before and after in the same conditions).
const vsixArg = args.indexOf('--vsix');
const vsix = vsixArg >= 0 ? path.resolve(args[vsixArg + 1]) : path.join(ROOT, 'stateful-manifests.vsix');
if (vsixArg < 0 && (!args.includes('--skip-package') || !fs.existsSync(vsix))) {
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

const timingFile = path.join(runDir, 'timing.log');
let cs;
let browser;
try {
  installVsix(tools, runDir, vsix);
  cs = await startCodeServer(tools, runDir, { env: { STATEFUL_MANIFESTS_TIMING: timingFile } });
  const userSettings = path.join(runDir, 'user-data/User/settings.json');
  fs.writeFileSync(userSettings, JSON.stringify({ ...JSON.parse(fs.readFileSync(userSettings, 'utf8')), ...extraSettings }, null, 2));
  browser = await launchBrowser(tools);
  const { page } = browser;
  // The workbench loads in 2-5 s on an idle machine; at a load average of 20, more than the 30 s default.
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  await page.locator('.monaco-workbench .part.editor').click({ position: { x: 300, y: 300 } }).catch(() => {});
  await page.evaluate(() => {
    window.__keyAt = 0;
    document.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
    window.__epoch = (t) => performance.timeOrigin + t;
  });
  const squiggles = () => page.evaluate(() => document.querySelectorAll('.editor-instance [class*="squiggly-"]').length);
  /**
   * ms from the last keydown until the number of squiggles on screen differs from `before`,
   * and both moments in epoch ms (for the timing log); undefined when they never change.
   */
  const untilSquigglesChange = (before, timeoutMs = 20000) => page.evaluate(([n, limit]) => new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const now = document.querySelectorAll('.editor-instance [class*="squiggly-"]').length;
      if (now !== n) resolve({ ms: performance.now() - window.__keyAt, key: window.__epoch(window.__keyAt), painted: window.__epoch(performance.now()) });
      else if (performance.now() - started > limit) resolve(undefined);
      else requestAnimationFrame(check);
    };
    check();
  }), [before, timeoutMs]);
  const goTo = (line, col) => goToGesture(page, line, col);

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
  const edits = [...typed, ...erased].filter((v) => v !== undefined);
  const all = edits.map((e) => e.ms);
  const missed = typed.length + erased.length - all.length;
  console.log('');
  console.log(`In code-server ${path.basename(path.dirname(path.dirname(tools.codeServer)))} (headless Chromium), the packaged extension, a 1 MB file of ${lines.length} lines:`);
  console.log('| measure | median | p95 |');
  console.log('| --- | --- | --- |');
  console.log(`| open → first squiggle (Ctrl+P Enter, then Ctrl+G to a finding) | ${ms(firstSquiggle)} | |`);
  console.log(`| keystroke → squiggles updated (${all.length} edits${missed ? `, ${missed} never updated` : ''}) | ${ms(percentile(all, 50))} | ${ms(percentile(all, 95))} |`);
  if (Object.keys(extraSettings).length) console.log(`settings: ${JSON.stringify(extraSettings)}`);
  console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (1, 5, 15 min; ${os.cpus().length} cores)`);
  printSteps(edits, fs.existsSync(timingFile) ? fs.readFileSync(timingFile, 'utf8') : '');
} finally {
  await browser?.close();
  await cs?.stop();
  if (process.env.SM_BENCH_KEEP) console.log(`run folder kept: ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true });
}

/**
 * Each timed keystroke followed through the timing log: the client sending the edit, the
 * server handing it to its handler, parsing, analysing and publishing that version, the
 * client receiving the diagnostics, the squiggles painted; and what else the server did in
 * between (outline, code actions). Medians and p95 per step.
 */
function printSteps(edits, log) {
  const events = log.split('\n').filter(Boolean).map((line) => {
    const m = /^(\S+) (client|server) (\S+)(?: (.*))?$/.exec(line);
    return m && { at: Number(m[1]), who: m[2], step: m[3], ...(m[4] ? JSON.parse(m[4]) : {}) };
  }).filter(Boolean).sort((a, b) => a.at - b.at); // two processes append to the file: in time order
  if (events.length === 0) {
    console.log('no timing log: the steps of a keystroke are not shown');
    return;
  }
  const isLarge = (e) => typeof e.uri === 'string' && e.uri.endsWith('large.yaml');
  const steps = { 'keydown → client sends didChange': [], 'client sends → server handles didChange': [], 'handled → parsed': [], 'parsed → analysis starts': [],
    'analysis → published': [], 'published → client hands diagnostics to VS Code': [], 'client → squiggles painted': [] };
  const others = { documentSymbol: [], codeAction: [] };
  let complete = 0;
  for (const edit of edits) {
    const sent = events.find((e) => e.who === 'client' && e.step === 'didChange' && isLarge(e) && e.at >= edit.key - 1);
    if (!sent || sent.at > edit.painted) continue;
    const find = (pred, after) => events.find((e) => e.at >= after - 0.01 && pred(e));
    const handled = find((e) => e.step === 'handled' && e.method === 'textDocument/didChange' && e.version === sent.version, sent.at);
    const published = find((e) => e.step === 'published' && isLarge(e) && e.version >= sent.version, handled?.at ?? sent.at);
    if (!handled || !published) continue;
    const parsed = find((e) => e.step === 'parsed' && isLarge(e), handled.at);
    const analysing = find((e) => e.step === 'analysing' && isLarge(e) && e.version === published.version, handled.at);
    const received = find((e) => e.who === 'client' && e.step === 'diagnostics' && isLarge(e), published.at);
    if (!parsed || !analysing || !received || received.at > edit.painted + 1) continue;
    complete++;
    const chain = [edit.key, sent.at, handled.at, parsed.at, analysing.at, published.at + published.ms, received.at + received.ms, edit.painted];
    Object.values(steps).forEach((list, i) => list.push(chain[i + 1] - chain[i]));
    for (const e of events) if (e.who === 'client' && e.step in others && e.at >= edit.key && e.at < edit.painted) others[e.step].push(e.ms);
  }
  console.log(`Where the time of a keystroke went (${complete} of ${edits.length} edits followed through the timing log):`);
  console.log('| step | median | p95 |');
  console.log('| --- | --- | --- |');
  for (const [name, values] of Object.entries(steps)) console.log(`| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} |`);
  for (const [name, values] of Object.entries(others)) console.log(`| ${name} requests started before the squiggles changed: ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} |`);
}
