import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from './paths';

/**
 * A minimal LSP client for protocol tests: starts the built server
 * (`node dist/server.js --stdio`) and speaks JSON-RPC to it over stdio, like an editor.
 */
export class TestClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; predicate: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  readonly logs: string[] = [];
  /** Settings answered to workspace/configuration requests. */
  settings: Record<string, unknown> = {};
  private versions = new Map<string, number>();
  /** Capabilities the server registered dynamically (client/registerCapability). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** How many work-done progresses the server ended. */
  progressEnded = 0;
  /** The message of the last work-done progress report (indexing: `n/N files`). */
  lastProgressMessage: string | undefined;
  /** How many `workspace/inlayHint/refresh` requests the server sent (with `initialize({ inlayHintRefresh: true })`). */
  inlayHintRefreshes = 0;
  private progressWaiters: (() => void)[] = [];

  constructor(serverArgs: string[] = []) {
    this.process = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio', ...serverArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (d: Buffer) => this.logs.push(d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const w of [...this.waiters]) {
        if (w.uri === params.uri && w.predicate(params.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(params.diagnostics);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.logs.push(`showMessage: ${p.message}`);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((item) => (item.section === 'statefulManifests' ? this.settings : null)));
    this.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.logs.push(`showMessage: ${p.message}`);
      return null;
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: { value?: { kind?: string; message?: string } }) => {
      if (p.value?.kind === 'report' && p.value.message !== undefined) this.lastProgressMessage = p.value.message;
      if (p.value?.kind !== 'end') return;
      this.progressEnded++;
      for (const wake of this.progressWaiters.splice(0)) wake();
    });
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Resolves with the server's exit code once it has exited (null if killed by a signal), or rejects after `timeoutMs`. */
  exited(timeoutMs = 10_000): Promise<number | null> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return Promise.resolve(this.process.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not exit within ${timeoutMs} ms`)), timeoutMs);
      this.process.once('exit', (code) => { clearTimeout(timer); resolve(code); });
    });
  }

  /** Writes raw bytes to the server's stdin (framing attacks). */
  writeRaw(bytes: string | Buffer): void {
    this.process.stdin!.write(bytes);
  }

  /** `workspaceEdit`, `rename` and `inlayHintRefresh` add those client capabilities (rename tests ask with and without them). */
  async initialize(options: {
    rootUri?: string | null; workspaceFolders?: { uri: string; name: string }[] | null; initializationOptions?: unknown; pullDiagnostics?: boolean;
    workspaceEdit?: Record<string, unknown>; rename?: Record<string, unknown>; inlayHintRefresh?: boolean;
  } = {}): Promise<unknown> {
    const pull = options.pullDiagnostics ? { diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false } } : {};
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true },
          ...(options.pullDiagnostics ? { diagnostics: { refreshSupport: true } } : {}),
          ...(options.workspaceEdit ? { workspaceEdit: options.workspaceEdit } : {}),
          ...(options.inlayHintRefresh ? { inlayHint: { refreshSupport: true } } : {}),
        },
        textDocument: {
          ...pull,
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          ...(options.rename ? { rename: options.rename } : {}),
        },
        window: { workDoneProgress: true },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Applies one incremental edit to an open document. */
  async edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves when the server has ended `count` work-done progresses (e.g. indexing). */
  async waitForProgressEnd(count = 1, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.progressEnded < count) {
      if (Date.now() > deadline) throw new Error(`the server ended ${this.progressEnded} of ${count} progresses within ${timeoutMs} ms\nserver log:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.progressWaiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Tells the server that files changed on disk (type 1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** The document version the last published diagnostics for `uri` were computed for. */
  publishedVersion(uri: string): number | undefined {
    return this.diagnostics.get(uri)?.version;
  }

  /** The version of `uri` this client last sent. */
  sentVersion(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  lastDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri)?.diagnostics;
  }

  /** Resolves with the first published diagnostics for `uri` that satisfy `predicate` (the current ones included). */
  waitForDiagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (current && predicate(current.diagnostics)) return Promise.resolve(current.diagnostics);
    return new Promise((resolve, reject) => {
      const waiter = { uri, predicate, resolve: (d: Diagnostic[]) => { clearTimeout(timer); resolve(d); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri)?.diagnostics.map((d) => d.code))}\nserver log:\n${this.logs.join('\n')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Forgets what was published for `uri`, so the next wait sees only new diagnostics. */
  resetDiagnostics(uri: string): void {
    this.diagnostics.delete(uri);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    try {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => { timer = setTimeout(r, 2000); })]);
      clearTimeout(timer);
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}
