// The real language server (dist/server.js) over stdio, as the benchmarks drive it:
// open, edit and close documents and wait for the diagnostics of each version. One class
// for scripts/bench.mjs and scripts/bench-helm.mjs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
/** How the VS Code client starts the server (node flags, environment): the bench measures what users run. */
const SERVER_PROCESS = JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'src', 'serverProcess.json'), 'utf8'));
export const SERVER_NODE_FLAGS = SERVER_PROCESS.execArgv;
export const SERVER_ENV = { ...process.env, ...SERVER_PROCESS.env };

/** Starts dist/server.js --stdio and tracks published diagnostics by document version. */
export class Server {
  constructor() {
    // --expose-gc and --test-hooks: the statefulManifests/test/heap request collects
    // garbage and reports the heap, so the memory kept for a file can be measured.
    this.process = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--expose-gc', SERVER, '--stdio', '--test-hooks'], { stdio: ['pipe', 'pipe', 'pipe'], env: SERVER_ENV });
    this.process.stderr.on('data', () => undefined);
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.waiters = [];
    this.versions = new Map();
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    // The end of indexing: the progress ends, or the server logs it (no progress token).
    this.indexed = new Promise((resolve) => { this.indexingDone = resolve; });
    this.connection.onNotification('window/logMessage', (p) => { if (/^Indexed \d+ YAML/.test(p.message)) this.indexingDone(); });
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p) => { if (p.value?.kind === 'end') this.indexingDone(); });
    this.connection.listen();
  }

  get pid() {
    return this.process.pid;
  }

  async initialize(rootUri = null) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } }, window: { workDoneProgress: true } },
    });
    await this.connection.sendNotification('initialized', {});
    this.capabilities = result.capabilities;
    return result;
  }

  /** Resolves with the diagnostics published for `uri` at `version` (undefined: any). */
  diagnostics(uri, version, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (d) => { clearTimeout(timer); resolve(d); } });
    });
  }

  async open(uri, text) {
    this.versions.set(uri, 1);
    const published = this.diagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return published;
  }

  async edit(uri, range, text) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const published = this.diagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return published;
  }

  async close(uri) {
    const published = this.diagnostics(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await published;
  }

  /** Heap used after a full garbage collection, in bytes. */
  async heap() {
    const usage = await this.connection.sendRequest('statefulManifests/test/heap', {});
    if (!usage?.collected) throw new Error('the server could not collect garbage (no --expose-gc?)');
    return usage.heapUsed;
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}
