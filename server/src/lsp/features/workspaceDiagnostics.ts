import {
  DocumentDiagnosticReportKind, DocumentDiagnosticRequest,
  type CancellationToken, type Diagnostic, type Disposable, type DocumentDiagnosticReport,
  type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { analyzeFile, readWorkspaceSettings, type DiagnosticsScope } from '../../core';
import type { Feature, ServerContext } from '../context';
import { cappedMessage, toDiagnostics } from '../convert';
import { EXTRA_FILE_GLOBS } from '../../node/indexer';

/**
 * `statefulManifests.diagnostics.scope`:
 * - `openFiles` (default): the push model of server.ts, `publishDiagnostics` for open files.
 * - `workspace`: the pull model, for every indexed file. The server registers
 *   `textDocument/diagnostic` with `workspaceDiagnostics: true` dynamically and turns
 *   pushing off (clearing what it pushed). VS Code keeps pushed and pulled diagnostics in
 *   separate collections, so using both at once would show every finding twice; with one
 *   model at a time a finding is shown once. Open files come from `textDocument/diagnostic`
 *   (VS Code prefers those over workspace reports), the rest from `workspace/diagnostic`.
 *
 * `workspace/diagnostic` is answered with the files whose findings differ from the
 * client's `previousResultIds` (files without findings the client never saw are left
 * out); when nothing differs the request is held until something changes (the VS Code
 * client re-sends it 2 s after each answer, so answering "nothing" would poll).
 * Findings are cached per file and dropped when the file or what it depends on changes.
 */

/** Longest stretch of analysis in one go while answering workspace/diagnostic (ms). */
const SLICE_MS = 8;
/** resultId of the empty report sent once for a file that left the workspace. */
const REMOVED = 'removed';

/** A workspace/diagnostic request in progress: what was invalidated since it last looked. */
export interface WorkspaceRequest {
  all: boolean;
  dirty: Set<string>;
  wake?: () => void;
}

/**
 * Resolves when something wakes the held request, or when it is cancelled. The
 * cancellation listener is removed either way: a held request waits again after every
 * change that leaves the client's findings as they are (most keystrokes), and its token
 * lives as long as the request, so listeners left behind would pile up.
 */
export async function wokenOrCancelled(request: WorkspaceRequest, token: CancellationToken): Promise<void> {
  let listener: Disposable | undefined;
  try {
    await new Promise<void>((resolve) => {
      request.wake = resolve;
      listener = token.onCancellationRequested(() => resolve());
    });
  } finally {
    listener?.dispose();
    request.wake = undefined;
  }
}

interface CachedReport {
  resultId: string;
  items: Diagnostic[];
}

class PullDiagnostics {
  private readonly cache = new Map<string, CachedReport>();
  /** Unique per server process, so a client's old resultIds never match after a restart. */
  private readonly instance = Date.now().toString(36);
  private nextId = 1;
  /** workspace/diagnostic requests being answered or held. */
  private readonly requests = new Set<WorkspaceRequest>();
  private scope: DiagnosticsScope = 'openFiles';
  private active = false;
  private initialized = false;
  private registration?: Promise<Disposable>;
  private refreshTimer?: NodeJS.Timeout;

  constructor(private readonly ctx: ServerContext) {
    ctx.onInitialized(() => {
      this.initialized = true;
      this.applyScope();
    });
    ctx.onSettings((raw) => {
      this.scope = readWorkspaceSettings(raw).settings.diagnosticsScope;
      this.invalidateAll(); // severities may have changed
      this.applyScope();
    });
    // Closing a file, which brings its disk version back, invalidates it too (server.ts).
    ctx.onInvalidate((uris) => this.invalidate(uris));
    ctx.connection.languages.diagnostics.on((params) => this.guard(() => this.documentReport(params.textDocument.uri, params.previousResultId), { kind: DocumentDiagnosticReportKind.Full, items: [] }));
    ctx.connection.languages.diagnostics.onWorkspace(async (params, token) => {
      try {
        return await this.workspaceReport(new Map(params.previousResultIds.map((p) => [p.uri, p.value])), token);
      } catch (error) {
        ctx.connection.console.error(`workspace/diagnostic failed: ${(error as Error).stack ?? error}`);
        return { items: [] };
      }
    });
  }

  private get supported(): boolean {
    return !!this.ctx.initializeParams.capabilities.textDocument?.diagnostic?.dynamicRegistration;
  }

  /** Registers or unregisters the pull model to match the scope setting. */
  private applyScope(): void {
    if (!this.initialized) return;
    const want = this.scope === 'workspace';
    if (want && !this.supported) {
      this.ctx.connection.console.warn('statefulManifests.diagnostics.scope is "workspace", but the client does not support pull diagnostics (textDocument/diagnostic with dynamic registration): showing findings of open files only.');
      return;
    }
    if (want === this.active) return;
    this.active = want;
    if (want) {
      this.registration = this.ctx.connection.client.register(DocumentDiagnosticRequest.type, {
        // What the workspace index reads: YAML, and extensionless `Kustomization` files
        // (an editor gives those no YAML language unless told to).
        documentSelector: [{ language: 'yaml' }, ...EXTRA_FILE_GLOBS.map((pattern) => ({ scheme: 'file', pattern }))],
        identifier: 'stateful-manifests',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      });
      this.ctx.setPushDiagnostics(false);
    } else {
      void this.registration?.then((d) => d.dispose());
      this.registration = undefined;
      this.invalidateAll();
      this.ctx.setPushDiagnostics(true);
    }
  }

  private invalidate(uris: Iterable<string>): void {
    const set = new Set(uris);
    for (const uri of set) this.cache.delete(uri);
    if (set.size > 0) this.changed(set);
  }

  private invalidateAll(): void {
    this.cache.clear();
    this.changed(undefined);
  }

  /** Wakes held workspace requests and asks the client to pull open files again (debounced). */
  private changed(uris: Set<string> | undefined): void {
    for (const request of this.requests) {
      if (uris) for (const uri of uris) request.dirty.add(uri);
      else request.all = true;
      request.wake?.();
    }
    if (!this.active || !this.ctx.initializeParams.capabilities.workspace?.diagnostics?.refreshSupport || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.active) void this.ctx.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, 200);
  }

  private report(uri: string): CachedReport {
    let cached = this.cache.get(uri);
    if (!cached) {
      const findings = analyzeFile(this.ctx.workspace, uri, (rule, error) => {
        this.ctx.connection.console.error(`Rule ${rule.id} failed on ${uri}: ${(error as Error).stack ?? error}`);
      });
      const items = toDiagnostics(findings, (total) => this.ctx.connection.console.warn(`${cappedMessage(uri, total)} (${uri})`));
      cached = { resultId: `${this.instance}-${this.nextId++}`, items };
      this.cache.set(uri, cached);
    }
    return cached;
  }

  private documentReport(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const { resultId, items } = this.report(uri);
    if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  }

  private async workspaceReport(previous: Map<string, string>, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    // First every file, then, while held, only the files invalidated meanwhile: the work
    // after a keystroke is that of the files it touched, not of the workspace.
    const request: WorkspaceRequest = { all: true, dirty: new Set() };
    this.requests.add(request);
    try {
      for (;;) {
        const candidates = request.all ? new Set([...this.ctx.workspace.uris(), ...previous.keys()]) : request.dirty;
        request.all = false;
        request.dirty = new Set();
        const items = await this.differences(candidates, previous, token);
        if (items.length > 0 || token.isCancellationRequested) return { items };
        if (!request.all && request.dirty.size === 0) await wokenOrCancelled(request, token);
      }
    } finally {
      this.requests.delete(request);
    }
  }

  /** Reports of those files whose findings the client does not have yet, analysed a slice at a time. */
  private async differences(uris: Iterable<string>, previous: Map<string, string>, token: CancellationToken): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    let deadline = performance.now() + SLICE_MS;
    for (const uri of uris) {
      if (token.isCancellationRequested) return items;
      const known = previous.get(uri);
      if (!this.ctx.workspace.has(uri)) {
        // Left the workspace (deleted on disk): clear what the client shows, once.
        if (known !== undefined && known !== REMOVED) items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: REMOVED, items: [] });
        continue;
      }
      const { resultId, items: diagnostics } = this.report(uri);
      if (known !== resultId && (known !== undefined || diagnostics.length > 0)) {
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: this.ctx.documents.get(uri)?.version ?? null, resultId, items: diagnostics });
      }
      if (performance.now() > deadline) {
        await new Promise((resolve) => setImmediate(resolve));
        deadline = performance.now() + SLICE_MS;
      }
    }
    return items;
  }

  private guard<T>(action: () => T, fallback: T): T {
    try {
      return action();
    } catch (error) {
      this.ctx.connection.console.error(`textDocument/diagnostic failed: ${(error as Error).stack ?? error}`);
      return fallback;
    }
  }
}

export const workspaceDiagnostics: Feature = {
  name: 'workspace-diagnostics',
  register(context: ServerContext) {
    new PullDiagnostics(context);
  },
};
