// `npm run stress`: the attacks of issue 16 at full size, against the real server over
// stdio (dist/server.js, through the test client in out/test). Prints figures (time,
// memory, longest wait of a ping); asserts nothing. The small versions that fail when a
// defect comes back are the tests in test/robustness/ and test/protocol/.
//
//   node scripts/stress.mjs [--full] [attack ...]
//
// --full uses the issue's sizes (a 50 MB file with ~200,000 findings); the default is
// smaller so the script finishes in a few minutes on a shared 2-core machine.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.join(ROOT, 'out');
if (!fs.existsSync(path.join(OUT, 'test', 'support', 'lspClient.js'))) {
  console.error('No compiled test client in out/: run `npm run compile-tests` first (npm run stress does).');
  process.exit(1);
}
const { TestClient } = require(path.join(OUT, 'test', 'support', 'lspClient.js'));
const { pair, statefulSet, service } = require(path.join(OUT, 'test', 'robustness', 'manifests.js'));
const { IndexFilter } = require(path.join(OUT, 'server', 'src', 'node', 'indexer.js'));
const picomatch = require('picomatch');
const { parseAllDocuments } = require('yaml');

const args = process.argv.slice(2);
const FULL = args.includes('--full');
const only = args.filter((a) => !a.startsWith('--'));

const ms = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
/** The longest step of each kind the scheduler ran (scheduler.ts, StepKind): which one made the longest slice. */
const steps = (stats) => Object.entries(stats.longestStepMs ?? {}).sort((a, b) => b[1] - a[1]).map(([kind, v]) => `${kind} ${ms(v)}`).join(', ');
/** The load average now, beside each figure: on a shared machine it says how far to trust milliseconds. */
const load = () => os.loadavg().map((v) => v.toFixed(1)).join(' ');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const temporaries = [];
function tempFolder(prefix) {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temporaries.push(folder);
  return folder;
}

async function startServer(options = {}) {
  const client = new TestClient(['--test-hooks']);
  client.settings = options.settings ?? {};
  await client.initialize(options);
  return client;
}

/**
 * Pings every `everyMs` until `done` resolves; the longest round trip. The ping is a hover
 * on a small open file: answered from what is committed, it waits only for the slice in
 * progress (the outline would wait until that file is parsed and analysed, behind the big
 * text: `Scheduler.settled`). Also the longest wait for a turn (`longestTurn`, below).
 */
async function longestPing(client, done, everyMs = 50) {
  const uri = 'file:///stress/ping.yaml';
  // Answered once the server has read every message before it, the big text included:
  // pings time the server's work, not the transfer of that text over the pipe.
  await client.request('statefulManifests/test/schedulerStats', null);
  await client.open(uri, service('ping'));
  let finished = false;
  void done.then(() => { finished = true; }, () => { finished = true; });
  let longest = 0;
  let longestTurn = 0;
  let pings = 0;
  const timed = async (method, params) => {
    const started = performance.now();
    await client.request(method, params);
    return performance.now() - started;
  };
  // Beside the hovers, a request answered as soon as it is read (a test hook), every 10 ms:
  // how long any message waits for its turn, without the hover's own work (a hover on a
  // Service reads every StatefulSet of its namespace, and parses those known from their scans).
  const turns = (async () => {
    while (!finished) {
      longestTurn = Math.max(longestTurn, await timed('statefulManifests/test/schedulerStats', null));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  while (!finished) {
    longest = Math.max(longest, await timed('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } }));
    pings++;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  await turns;
  await client.close(uri);
  return { longest, longestTurn, pings };
}

/** The floor: a bare `yaml` parse of the same text, in this process, in the same run. */
function floorParse(text) {
  const started = performance.now();
  parseAllDocuments(text);
  return performance.now() - started;
}

/** The longest step of all, from the longest of each kind (a server from before these figures has none). */
function step(stats) {
  const [longest] = Object.entries(stats.longestStepMs ?? {}).sort((a, b) => b[1] - a[1]);
  return longest ? `longest step ${ms(longest[1])} (${longest[0]})` : 'longest step not counted by this server';
}

/** CPU time (user + system, ms) the server process has used, from /proc: the figure a loaded machine stretches least. */
function serverCpuMs(client) {
  const fields = fs.readFileSync(`/proc/${client.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** The scheduler's figures (a server without the newer hooks answers what it has). */
async function schedulerStats(client, reset = false) {
  if (reset) await client.request('statefulManifests/test/resetSchedulerStats', null).catch(() => undefined);
  return client.request('statefulManifests/test/schedulerStats', null);
}

async function serverMemory(client) {
  const heap = await client.request('statefulManifests/test/heap', null);
  return heap.rss;
}

// ------------------------------------------------------------------ attacks (one function each)

/** Item 5: the ReDoS exclude glob against a name of 40 a's (and a 4,000-character one). */
async function redosExclude() {
  const glob = '**/*a*a*a*a*a*a*a*a*a*a*a*a*b';
  const filter = new IndexFilter({ exclude: [glob], maxFileSizeKB: 1 });
  const rows = [];
  for (const length of [40, 4_000]) {
    const name = 'a'.repeat(length);
    const started = performance.now();
    filter.file(`${name}.yaml`, `x/${name}.yaml`);
    rows.push(`glob.ts, 12 x '*a', ${length} a's: ${ms(performance.now() - started)}`);
  }
  // picomatch (the matcher before), at a size that still ends: 8 x '*a' against 26 a's.
  const before = picomatch('**/*a*a*a*a*a*a*a*a*b', { dot: true });
  const started = performance.now();
  before('a'.repeat(26));
  rows.push(`picomatch (before), 8 x '*a', 26 a's: ${ms(performance.now() - started)} (x3-4 per extra a or *a)`);
  return rows;
}

/** Item 4: a big document opened, then new settings: pings keep being answered. */
async function settingsDuringBigParse() {
  const client = await startServer();
  const pairs = FULL ? 40_000 : 20_000;
  const text = `${Array.from({ length: pairs }, (_, i) => pair(`db-${i}`)).join('---\n')}---\n${statefulSet('web', 'nope')}`;
  const uri = 'file:///stress/big-settings.yaml';
  const started = performance.now();
  await client.open(uri, text);
  client.settings = { defaultNamespace: 'other' };
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const diagnostics = client.waitForDiagnostics(uri, (d) => d.length > 0, 600_000);
  const { longest, pings } = await longestPing(client, diagnostics);
  await diagnostics;
  const rss = await serverMemory(client);
  await client.shutdown();
  return [`${(text.length / 1024 / 1024).toFixed(1)} MB document + settings change: diagnostics after ${ms(performance.now() - started)}, ${pings} pings, longest ${ms(longest)}, server RSS ${mb(rss)}`];
}

/**
 * Item 4: files with more findings than the server publishes, at growing sizes: time,
 * CPU, memory and the longest slice; then a settings change that moves every resource to
 * another namespace (the whole index again): time to its diagnostics and longest ping.
 */
async function manyFindings() {
  const rows = [];
  for (const megabytes of FULL ? [5, 10, 20, 50] : [5, 10]) {
    const client = await startServer();
    const one = statefulSet('web-0', 'nowhere').length + 4;
    const count = Math.round((megabytes * 1024 * 1024) / one);
    const text = Array.from({ length: count }, (_, i) => statefulSet(`web-${i}`, 'nowhere')).join('---\n');
    const uri = 'file:///stress/many-findings.yaml';
    const cpuBefore = serverCpuMs(client);
    const started = performance.now();
    await client.open(uri, text);
    const limitMs = FULL ? 900_000 : 300_000;
    const diagnostics = client.waitForDiagnostics(uri, (d) => d.length > 0, limitMs).then((d) => d.length, () => undefined);
    const { longest } = await longestPing(client, diagnostics, 200);
    const published = await diagnostics;
    const waited = performance.now() - started;
    const cpu = serverCpuMs(client) - cpuBefore;
    const heap = await client.request('statefulManifests/test/heap', null);
    const stats = await schedulerStats(client);
    const outcome = published === undefined ? `no diagnostics within ${ms(limitMs)}` : `${published} published after ${ms(waited)}`;
    rows.push(`${megabytes} MB, ${count} findings: ${outcome}, longest ping ${ms(longest)}, longest slice ${ms(stats.longestSliceMs)} (longest steps: ${steps(stats)}), server CPU ${ms(cpu)}, server RSS ${mb(heap.rss)}, load ${load()}; floor (bare yaml parse here) ${ms(floorParse(text))}`);
    if (published !== undefined) rows.push(await settingsChange(client, uri, limitMs));
    await client.shutdown();
  }
  return rows;
}

/** A new default namespace for the file opened by {@link manyFindings}: every resource is indexed again. */
async function settingsChange(client, uri, limitMs) {
  await schedulerStats(client, true);
  const cpuBefore = serverCpuMs(client);
  const started = performance.now();
  client.settings = { defaultNamespace: 'moved' };
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const moved = client.waitForDiagnostics(uri, (d) => d.length > 0 && d[0].message.includes("'moved'"), limitMs).then(() => true, () => false);
  const { longest } = await longestPing(client, moved, 200);
  const waited = performance.now() - started;
  const cpu = serverCpuMs(client) - cpuBefore;
  const heap = await client.request('statefulManifests/test/heap', null);
  const stats = await schedulerStats(client);
  const outcome = (await moved) ? `diagnostics in the new namespace after ${ms(waited)}` : `no diagnostics in the new namespace within ${ms(limitMs)}`;
  return `  then a new defaultNamespace: ${outcome}, longest ping ${ms(longest)}, longest slice ${ms(stats.longestSliceMs)} (longest steps: ${steps(stats)}), server CPU ${ms(cpu)}, server RSS ${mb(heap.rss)}, load ${load()}`;
}

/** Items 2 and 5: a 20 MB single-line name opened in the editor: time to its findings, the longest ping and slice. */
async function longName() {
  const name = 'a'.repeat(20 * 1024 * 1024);
  const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: web\n  replicas: 3\n`;
  return [await longScalar('20 MB name', 'file:///stress/long-name.yaml', text, { line: 3, character: 10 })];
}

/**
 * A ConfigMap holding a 20 MB double-quoted value (a JSON document with its escapes), then a
 * StatefulSet: `yaml` decodes a double-quoted scalar at about 80 ms per MB, in one step
 * before the value was decoded in parts (core/yamlQuoted.ts).
 */
async function longQuotedValue() {
  const line = '{\\"name\\": \\"web-0.web\\", \\"port\\": 5432}\\n';
  const value = line.repeat(Math.ceil((20 * 1024 * 1024) / line.length));
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  config.json: "${value}"\n---\n${statefulSet('db', 'web')}`;
  const statefulSetLine = text.slice(0, text.indexOf('kind: StatefulSet')).split('\n').length - 1;
  return [await longScalar('20 MB quoted value', 'file:///stress/long-quoted.yaml', text, { line: statefulSetLine + 2, character: 10 })];
}

/**
 * A ConfigMap holding a 20 MB literal block value (a script of 260,000 lines), then a
 * StatefulSet: `yaml` joins the lines of a block scalar at about 7.7 ms per MB, in one step
 * before the block was decoded a part of lines at a time (core/yamlBlockScalars.ts).
 */
async function longBlockValue() {
  const value = '    echo "a line of a long script" > /dev/null\n'.repeat(Math.ceil((20 * 1024 * 1024) / 48));
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scripts\ndata:\n  run.sh: |\n${value}---\n${statefulSet('db', 'web')}`;
  const statefulSetLine = text.slice(0, text.indexOf('kind: StatefulSet')).split('\n').length - 1;
  return [await longScalar('20 MB block value', 'file:///stress/long-block.yaml', text, { line: statefulSetLine + 2, character: 10 })];
}

/** Opens `text`, which holds one long scalar, in the editor: time to its findings, the longest ping and slice, a hover at `position`. */
async function longScalar(label, uri, text, position) {
  const client = await startServer();
  const started = performance.now();
  await client.open(uri, text);
  const diagnostics = client.waitForDiagnostics(uri, (d) => d.length > 0, 600_000);
  const { longest } = await longestPing(client, diagnostics, 200);
  const published = (await diagnostics).length;
  const waited = performance.now() - started;
  const hoverStarted = performance.now();
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position });
  const hovered = performance.now() - hoverStarted;
  // The first hover may wait for a re-analysis (the ping file's close); the second is the hover alone.
  const againStarted = performance.now();
  await client.request('textDocument/hover', { textDocument: { uri }, position });
  const again = performance.now() - againStarted;
  const stats = await client.request('statefulManifests/test/schedulerStats', null);
  const rss = await serverMemory(client);
  await client.shutdown();
  return `${label}: ${published} findings after ${ms(waited)}, hover (${hover?.contents?.value?.length ?? 0} chars) in ${ms(hovered)}, again ${ms(again)}, longest ping ${ms(longest)}, longest slice ${ms(stats.longestSliceMs)}, ${step(stats)}, server RSS ${mb(rss)}; floor (bare yaml parse here) ${ms(floorParse(text))}`;
}

/**
 * "Whatever one document holds": one StatefulSet with a 10 MB env list (184,000 entries,
 * a third of the largest document analysed), opened in the editor: time to its diagnostics,
 * the longest ping and slice. Its object was modelled in one step (0.5-1.0 s of CPU at 5 MB);
 * its env list is now read ahead in steps (core/extract/listsAhead.ts).
 */
async function longEnvList() {
  const client = await startServer();
  const entries = [];
  let length = 0;
  for (let i = 0; length < 10 * 1024 * 1024; i++) {
    entries.push(`            - name: VAR_${i}\n              value: "value-${i}"\n`);
    length += entries[i].length;
  }
  const text = statefulSet('db-0', 'db-0', 'web').replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${entries.join('')}`);
  const uri = 'file:///stress/long-env.yaml';
  const started = performance.now();
  await client.open(uri, text);
  const diagnostics = client.waitForDiagnostics(uri, () => true, 600_000);
  const { longest } = await longestPing(client, diagnostics, 100);
  const published = (await diagnostics).length;
  const waited = performance.now() - started;
  const stats = await client.request('statefulManifests/test/schedulerStats', null);
  const rss = await serverMemory(client);
  await client.shutdown();
  return [`${entries.length} env entries (${mb(text.length)}): ${published} findings after ${ms(waited)}, longest ping ${ms(longest)}, longest slice ${ms(stats.longestSliceMs)} (longest steps: ${steps(stats)}), server RSS ${mb(rss)}, load ${load()}`];
}

/** Item 11: 5,000 incremental edits in one burst, then a request. */
async function editBurst() {
  const client = await startServer();
  const uri = 'file:///stress/burst.yaml';
  const text = `# edited\n${pair('db')}`;
  await client.open(uri, text);
  await client.waitForDiagnostics(uri, () => true, 60_000);
  const sends = [];
  for (let i = 0; i < 5_000; i++) sends.push(client.edit(uri, { start: { line: 0, character: 8 + i }, end: { line: 0, character: 8 + i } }, 'x'));
  const started = performance.now();
  const answered = client.request('textDocument/documentSymbol', { textDocument: { uri } });
  await Promise.all(sends);
  await answered;
  const waited = performance.now() - started;
  const stats = await client.request('statefulManifests/test/schedulerStats', null);
  await client.shutdown();
  return [`5,000 edits then a request: answered after ${ms(waited)}; ${stats.slices} slices, ${stats.coalesced} turns coalesced`];
}

/** Item 15: 100,000 unknown rule ids. */
async function settingsFlood() {
  const client = await startServer();
  const rules = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`no-rule-${i}`, 'off']));
  client.settings = { rules };
  const started = performance.now();
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  // Until the warning arrives, then a ping.
  while (!client.logs.some((l) => l.startsWith('showMessage: ') && l.includes('no-rule-0'))) {
    if (performance.now() - started > 120_000) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const warned = performance.now() - started;
  await client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.yaml' } });
  const shown = client.logs.filter((l) => l.startsWith('showMessage: ')).length;
  await client.shutdown();
  return [`100,000 unknown rule ids: ${shown} notification(s), warned after ${ms(warned)}, ping answered after ${ms(performance.now() - started)}`];
}

/** Items 7 and 12: `ln -s / ws/slash`, a link to a file outside and a FIFO, as file events. */
async function linksAndFifo() {
  const ws = tempFolder('stress-links-');
  const client = await startServer({ workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }] });
  await client.waitForProgressEnd();
  fs.symlinkSync('/', path.join(ws, 'slash'));
  fs.symlinkSync('/etc/hostname', path.join(ws, 'outside.yaml'));
  execFileSync('mkfifo', [path.join(ws, 'fifo.yaml')]);
  const probe = pathToFileURL(path.join(ws, 'probe.yaml')).href;
  await client.open(probe, statefulSet('probe', 'sentinel'));
  await client.waitForDiagnostics(probe, (d) => d.length > 0, 60_000);
  const started = performance.now();
  await client.filesChanged(['slash', 'outside.yaml', 'fifo.yaml'].map((name) => ({ uri: pathToFileURL(path.join(ws, name)).href, type: 1 })));
  const real = path.join(ws, 'real');
  fs.mkdirSync(real);
  fs.writeFileSync(path.join(real, 'sentinel.yaml'), service('sentinel'));
  await client.filesChanged([{ uri: pathToFileURL(real).href, type: 1 }]);
  await client.waitForDiagnostics(probe, (d) => d.length === 0, 600_000);
  const waited = performance.now() - started;
  const rss = await serverMemory(client);
  await client.shutdown();
  return [`ln -s / + link outside + FIFO, then a real folder: its Service seen after ${ms(waited)}, server RSS ${mb(rss)}`];
}

/**
 * Issue 16: one kustomization of 100,000 resources and 20,000 patch files (2,000 of the
 * resources on disk), indexed by the server: the longest ping until indexing ends (the
 * effects applied); then the kustomization opened and its namespace edited: the longest
 * ping in the next 10 s (the effects read again). STRESS_TIME_LIMIT_MS bounds the indexing.
 */
async function hugeKustomization() {
  const ws = tempFolder('stress-kustomization-');
  const resources = 100_000;
  const patches = 20_000;
  const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'namespace: prod', 'resources:'];
  for (let i = 0; i < resources; i++) lines.push(`  - r${i}.yaml`);
  lines.push('patches:');
  for (let i = 0; i < patches; i++) lines.push(`  - path: p${i}.yaml`);
  const kustomization = `${lines.join('\n')}\n`;
  fs.writeFileSync(path.join(ws, 'kustomization.yaml'), kustomization);
  for (let i = 0; i < 2_000; i++) fs.writeFileSync(path.join(ws, `r${i}.yaml`), statefulSet(`web-${i}`, `web-${i}`));
  for (let i = 0; i < patches; i++) fs.writeFileSync(path.join(ws, `p${i}.yaml`), `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n`);
  const client = await startServer({ workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }] });
  const limitMs = Number(process.env.STRESS_TIME_LIMIT_MS ?? 300_000);
  const started = performance.now();
  const indexed = client.waitForProgressEnd(1, limitMs).then(() => true, () => false);
  const during = await longestPing(client, indexed, 50);
  const done = await indexed;
  const indexing = performance.now() - started;
  const indexCpu = serverCpuMs(client);
  const rows = [`${(kustomization.length / 1024 / 1024).toFixed(1)} MB kustomization, 22,000 files: ${done ? `indexed in ${ms(indexing)}` : `not indexed within ${ms(limitMs)}`}, server CPU ${ms(indexCpu)}, ${during.pings} pings, longest ${ms(during.longest)} (a hover on a Service of the namespace being indexed: it parses the StatefulSets indexed since the last, in steps), longest wait for a turn ${ms(during.longestTurn)} (load ${load()})`];
  if (done) {
    const uri = pathToFileURL(path.join(ws, 'kustomization.yaml')).href;
    const indexStats = await schedulerStats(client);
    rows.push(`while indexing: longest slice ${ms(indexStats.longestSliceMs)}; longest step per kind: ${steps(indexStats)}`);
    await schedulerStats(client, true);
    await client.open(uri, kustomization);
    await client.change(uri, kustomization.replace('namespace: prod', 'namespace: staging'));
    const edited = await longestPing(client, new Promise((resolve) => setTimeout(resolve, 10_000)), 50);
    const stats = await schedulerStats(client);
    rows.push(`opened and its namespace edited: longest ping in the next 10 s ${ms(edited.longest)} (${edited.pings} pings; turn ${ms(edited.longestTurn)}), longest slice ${ms(stats.longestSliceMs)}; longest step per kind: ${steps(stats)}; server CPU since indexed ${ms(serverCpuMs(client) - indexCpu)} (load ${load()})`);
  }
  rows.push(`server RSS ${mb(await serverMemory(client))}`);
  await client.shutdown();
  return rows;
}

/**
 * A request that reads 22,000 StatefulSets of its Service's namespace known only from the
 * index's scans (a hover on the Service, its references, its rename): each request on a
 * fresh server, the Service's own analysis held (test hook) so that the files are still
 * only scanned when the request comes. Before, the request parsed them all in one turn
 * and every message waited; now it parses 25 a step (Workspace.answerSteps).
 */
async function requestsBesideScanned() {
  const ws = tempFolder('stress-scanned-');
  const count = 22_000;
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(ws, `web-${i}.yaml`), statefulSet(`web-${i}`, 'web').replace(/^metadata:$/m, 'metadata:\n  namespace: db'));
  const serviceText = service('web').replace(/^metadata:$/m, 'metadata:\n  namespace: db');
  fs.writeFileSync(path.join(ws, 'svc.yaml'), serviceText);
  const uri = pathToFileURL(path.join(ws, 'svc.yaml')).href;
  const lines = serviceText.split('\n');
  const nameLine = lines.findIndex((l) => /^\s+name: web$/.test(l));
  const onName = { textDocument: { uri }, position: { line: nameLine, character: lines[nameLine].indexOf('web') + 1 } };
  const requests = [
    ['hover', 'textDocument/hover', onName],
    ['references', 'textDocument/references', { ...onName, context: { includeDeclaration: true } }],
    ['rename', 'textDocument/rename', { ...onName, newName: 'cache' }],
  ];
  const rows = [];
  for (const [name, method, params] of requests) {
    const client = await startServer({ workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }] });
    await client.waitForProgressEnd(1, 600_000);
    const held = client.request('statefulManifests/test/holdNextAnalysis', null);
    await client.open(uri, serviceText);
    await held;
    const cpu = serverCpuMs(client);
    const started = performance.now();
    const answered = client.request(method, params).then(() => performance.now() - started);
    const behind = client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } }).then(() => performance.now() - started);
    const during = await longestPing(client, answered, 50);
    rows.push(`${name} beside ${count.toLocaleString('en')} scanned StatefulSets: answered after ${ms(await answered)}, a request sent right behind it answered after ${ms(await behind)}; ${during.pings} pings during it, longest ${ms(during.longest)}, longest wait for a turn ${ms(during.longestTurn)}; server CPU ${ms(serverCpuMs(client) - cpu)} (load ${load()})`);
    await client.shutdown();
  }
  return rows;
}

/**
 * Issue 16: each request an editor sends on one big open document, timed with the size of
 * its answer: (a) a 5 MB file of ~17,000 Services and StatefulSets that all share the label
 * `app: web` (every selector selects every workload; every tenth StatefulSet names a
 * Service that does not exist, so code actions have findings to fix), (b) one StatefulSet
 * with a 1 MB env list (each value names the next entry: 20,000 env-var-order findings),
 * (c) one with a 20 MB name. Requests are sent one at a time; each figure is printed as
 * soon as it is known.
 */
async function requests() {
  const client = await startServer();
  const shared = (i) => `${service(`db-${i}`).replace(`app: db-${i}`, 'app: web')}---\n${statefulSet(`db-${i}`, i % 10 === 0 ? `dbx-${i}` : `db-${i}`, 'web')}`;
  const pairs = Math.round((5 * 1024 * 1024) / shared(0).length);
  const big = Array.from({ length: pairs }, (_, i) => shared(i)).join('---\n');
  await requestsOn(client, 'file:///stress/requests-big.yaml', big, `${(big.length / 1024 / 1024).toFixed(1)} MB, ${pairs * 2} objects`, Math.floor(pairs / 2));
  const env = Array.from({ length: 20_000 }, (_, i) => `            - name: VAR_${i}\n              value: "$(VAR_${i + 1})"\n`).join('');
  const withEnv = statefulSet('db-0', 'db-0', 'web').replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`);
  await requestsOn(client, 'file:///stress/requests-env.yaml', withEnv, `${(env.length / 1024 / 1024).toFixed(1)} MB env list`, 0);
  const longName = statefulSet('a'.repeat(20 * 1024 * 1024), 'db-0', 'web');
  await requestsOn(client, 'file:///stress/requests-name.yaml', longName, '20 MB name', 0);
  const rss = await serverMemory(client);
  await client.shutdown();
  return [`server RSS ${mb(rss)}, load ${load()}`];
}

/**
 * The requests on one open file, at the pair `at` (a Service then its StatefulSet, each
 * written by test/robustness/manifests.ts: the lines below are theirs), once its findings
 * are out; each answer's time and size in characters of JSON, printed.
 */
async function requestsOn(client, uri, text, what, at) {
  const started = performance.now();
  await client.open(uri, text);
  const diagnostics = await client.waitForDiagnostics(uri, () => true, 600_000);
  console.log(`requests: ${what}: ${diagnostics.length} findings published after ${ms(performance.now() - started)}`);
  const lines = text.split('\n');
  const sts = lines.findIndex((line, i) => line === 'kind: StatefulSet' && (at === 0 || lines[i + 2] === `  name: db-${at}`)) - 1;
  const service = sts - 12;
  const document = { uri };
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  const at_ = (line, character) => ({ textDocument: document, position: { line, character } });
  const asked = [
    ['inlayHint, 60 lines', 'textDocument/inlayHint', { textDocument: document, range: { start: { line: Math.max(0, service), character: 0 }, end: { line: Math.max(0, service) + 60, character: 0 } } }],
    ['inlayHint, whole file', 'textDocument/inlayHint', { textDocument: document, range: whole }],
    ['documentSymbol', 'textDocument/documentSymbol', { textDocument: document }],
    ['hover on the name', 'textDocument/hover', at_(sts + 3, 9)],
    ['hover on serviceName', 'textDocument/hover', at_(sts + 5, 16)],
    ['definition of serviceName', 'textDocument/definition', at_(sts + 5, 16)],
    ['references of the Service', 'textDocument/references', { ...at_(Math.max(0, service) + 3, 9), context: { includeDeclaration: true } }],
    ['documentHighlight on a template label', 'textDocument/documentHighlight', at_(sts + 13, 10)],
    ['documentHighlight on a selector entry', 'textDocument/documentHighlight', at_(sts + 9, 8)],
    ['completion of serviceName', 'textDocument/completion', at_(sts + 5, 15)],
    ['completion of a selector value', 'textDocument/completion', at_(sts + 9, 12)],
    ['prepareRename on the name', 'textDocument/prepareRename', at_(sts + 3, 9)],
    ['codeAction, whole file', 'textDocument/codeAction', { textDocument: document, range: whole, context: { diagnostics } }],
  ];
  for (const [name, method, params] of asked) {
    const t = performance.now();
    // One request that does not end must not hide the others' figures: each row is printed when known.
    const answer = await Promise.race([
      client.request(method, params).catch((e) => ({ error: String(e.message ?? e) })),
      new Promise((resolve) => setTimeout(() => resolve({ error: 'no answer within 120 s' }), 120_000)),
    ]);
    const size = JSON.stringify(answer ?? null).length;
    const count = Array.isArray(answer) ? `${answer.length} items, ` : Array.isArray(answer?.items) ? `${answer.items.length} items, ` : '';
    const row = `  ${name}: ${ms(performance.now() - t)}, ${count}${size} chars (load ${load()})`;
    console.log(`requests: ${row}`);
  }
  await client.close(uri);
}

const ATTACKS = { redosExclude, settingsDuringBigParse, manyFindings, longName, longQuotedValue, longBlockValue, longEnvList, editBurst, settingsFlood, linksAndFifo, hugeKustomization, requestsBesideScanned, requests };

console.log(`load average at the start: ${load()}`);
try {
  for (const [name, attack] of Object.entries(ATTACKS)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const rows = await attack();
    for (const row of rows) console.log(`${name}: ${row}`);
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  for (const folder of temporaries) fs.rmSync(folder, { recursive: true, force: true });
}
