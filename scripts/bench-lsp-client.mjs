// A language server started as a child process and driven over stdio, as the benchmarks
// drive one: initialize, open, edit and close documents, and wait for the diagnostics of
// each version. One class for our server (scripts/bench-server.mjs) and the peers that
// scripts/bench-peers.mjs measures beside it (yaml-language-server), so both are timed by
// the same client code.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export class LspClient {
  /**
   * `command` and `args` start the server with `--stdio` (or its equivalent) among them.
   * `configuration(item)`: the value answered for one `workspace/configuration` item
   * (null: the server's defaults). `versioned: false` for a server whose diagnostics carry
   * no document version (yaml-language-server): any publish for the document then answers
   * the change awaited, which holds because the benchmarks send a change only once the
   * previous one is answered.
   */
  constructor(command, args, { env = process.env, configuration = () => null, versioned = true } = {}) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.process.stderr.on('data', () => undefined);
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.waiters = [];
    this.versions = new Map();
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && (w.version === undefined || !versioned || p.version === w.version)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(configuration));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  get pid() {
    return this.process.pid;
  }

  /** `capabilities`: client capabilities added to the ones every benchmark sends. */
  async initialize(rootUri = null, capabilities = {}) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } }, window: { workDoneProgress: true }, ...capabilities },
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
