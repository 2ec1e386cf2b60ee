// Times the workspace index through the real language server (dist/server.js over stdio):
// generates a workspace of N YAML files (StatefulSets, Services, kustomizations) in a temp
// folder, starts the server with it as workspace folder and measures
//   - index: from `initialized` to the end of the indexing progress;
//   - keystrokes during indexing: from each didChange of an open file to its diagnostics;
//   - workspace diagnostics: the first full `workspace/diagnostic` answer after indexing.
// With patches=N (> 0), also writes a kustomization with N strategic-merge patch files
// (`patches: - path: pN.yaml`) over one StatefulSet, and the keystrokes go to one of those
// patch files, each changing what it writes (replicas, then another field).
// Usage: npm run build && node scripts/bench-index.mjs [files=2000] [patches=0]
// From another script: `const { benchIndex } = await import('./bench-index.mjs'); await benchIndex({ files: 2000 })`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const sts = (app, ns) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${app}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  serviceName: ${app}
  replicas: 3
  selector:
    matchLabels: { app: ${app} }
  template:
    metadata:
      labels: { app: ${app} }
    spec:
      containers:
        - name: main
          image: example/${app}:1.0
          ports: [{ name: peer, containerPort: 7000 }]
          env:
            - { name: PEERS, value: "${app}-0.${app}.${ns ?? 'default'}.svc.cluster.local" }
`;
const svc = (app, ns) => `apiVersion: v1
kind: Service
metadata:
  name: ${app}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  clusterIP: None
  selector: { app: ${app} }
  ports: [{ name: peer, port: 7000 }]
`;

/** Writes `files` YAML files: team folders with one kustomization each (10 % of folders), the rest plain. */
function generate(dir, files) {
  let written = 0;
  for (let team = 0; written < files; team++) {
    const folder = path.join(dir, `team-${team}`);
    fs.mkdirSync(folder, { recursive: true });
    const names = [];
    for (let i = 0; i < 24 && written < files; i++) {
      const app = `app-${team}-${i}`;
      const file = i % 2 === 0 ? `${app}-sts.yaml` : `${app.replace(/-\d+$/, `-${i - 1}`)}-svc.yaml`;
      const base = i % 2 === 0 ? app : app.replace(/-\d+$/, `-${i - 1}`);
      fs.writeFileSync(path.join(folder, file), i % 2 === 0 ? sts(base, `ns-${team}`) : svc(base, `ns-${team}`));
      names.push(file);
      written++;
    }
    if (team % 10 === 0 && written < files) {
      fs.writeFileSync(path.join(folder, 'kustomization.yaml'), `namespace: ns-${team}\nresources:\n${names.map((n) => `  - ${n}`).join('\n')}\n`);
      written++;
    }
  }
}

/** Writes `patched/base` (one StatefulSet) and `patched/overlay` (a kustomization with `patches` patch files); returns the first patch file. */
function generatePatches(dir, patches) {
  const base = path.join(dir, 'patched', 'base');
  const overlay = path.join(dir, 'patched', 'overlay');
  fs.mkdirSync(base, { recursive: true });
  fs.mkdirSync(overlay, { recursive: true });
  fs.writeFileSync(path.join(base, 'sts.yaml'), sts('web', 'patched'));
  fs.writeFileSync(path.join(base, 'kustomization.yaml'), 'resources:\n  - sts.yaml\n');
  const names = Array.from({ length: patches }, (_, i) => `p${i}.yaml`);
  names.forEach((name, i) => fs.writeFileSync(path.join(overlay, name), patchText(`web${i}`, i % 2 === 0)));
  fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), `resources:\n  - ../base\npatches:\n${names.map((n) => `  - path: ${n}`).join('\n')}\n`);
  return path.join(overlay, names[0]);
}

const patchText = (name, replicas) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  ${replicas ? 'replicas: 2' : 'minReadySeconds: 1'}\n`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}

export async function benchIndex({ files = 2000, patches = 0, log = console.log } = {}) {
  const serverJs = path.join(ROOT, 'dist', 'server.js');
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run `npm run build` first.');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-')));
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  try {
    generate(dir, files);
    const patchFile = patches > 0 ? generatePatches(dir, patches) : undefined;
    let indexed;
    const indexDone = new Promise((resolve) => { indexed = resolve; });
    const latencies = [];
    let indexing = true;
    connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ diagnostics: { scope: 'workspace' } })));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', (p) => { if (p.value?.kind === 'end') indexed(performance.now()); });
    connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, diagnostics: { refreshSupport: true } },
        textDocument: { diagnostic: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
      },
    });
    const start = performance.now();
    await connection.sendNotification('initialized', {});

    // Keystrokes in an open file while the index is built: each answered by a pull.
    const uri = pathToFileURL(patchFile ?? path.join(dir, 'team-0', 'app-0-0-sts.yaml')).href;
    const text = patchFile ? patchText('web0', true) : sts('app-0-0', 'ns-0');
    // In a patch file, each keystroke changes what the patch writes (a kustomize re-read).
    const edited = (version) => (patchFile ? patchText('web0', version % 2 === 0) : `${text}# ${version}\n`);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    let version = 1;
    const keystroke = async () => {
      const t0 = performance.now();
      version++;
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: edited(version) }] });
      await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      const ms = performance.now() - t0;
      await new Promise((r) => setTimeout(r, 10));
      return ms;
    };
    const keystrokes = (async () => {
      while (indexing) latencies.push(await keystroke());
    })();
    const end = await indexDone;
    indexing = false;
    await keystrokes;
    const indexMs = end - start;
    const idle = [];
    for (let i = 0; i < 20; i++) idle.push(await keystroke());

    const t1 = performance.now();
    const report = await connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
    const workspaceDiagnosticsMs = performance.now() - t1;

    const result = {
      files,
      patches,
      indexMs: Math.round(indexMs),
      keystrokesDuringIndex: latencies.length,
      keystrokeMedianMs: Math.round(median(latencies) * 10) / 10,
      keystrokeMaxMs: Math.round(Math.max(...latencies) * 10) / 10,
      keystrokeIdleMedianMs: Math.round(median(idle) * 10) / 10,
      workspaceDiagnosticsMs: Math.round(workspaceDiagnosticsMs),
      filesWithFindings: report.items.length,
    };
    log(`index ${files} files${patches ? ` + ${patches} kustomize patch files (keystrokes in one)` : ''}: ${result.indexMs} ms; ${result.keystrokesDuringIndex} keystrokes meanwhile, answered in ${result.keystrokeMedianMs} ms median, ${result.keystrokeMaxMs} ms max (${result.keystrokeIdleMedianMs} ms median when idle); first workspace/diagnostic: ${result.workspaceDiagnosticsMs} ms (${result.filesWithFindings} files with findings)`);
    return result;
  } finally {
    try {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      await connection.sendNotification('exit');
    } catch { /* already gone */ }
    connection.dispose();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchIndex({ files: Number(process.argv[2] ?? 2000), patches: Number(process.argv[3] ?? 0) });
}
