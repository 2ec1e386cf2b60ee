import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DidChangeWatchedFilesNotification, FileChangeType, WatchKind,
  type FileEvent, type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { DEFAULT_WORKSPACE_SETTINGS, isInside, readWorkspaceSettings, type FileChange, type Steps } from '../../core';
import { IndexCache, loadIndexCache, saveIndexCache } from '../../node/indexCache';
import { fileUri, IndexFilter, indexFile, IndexRun, INDEXED_FILE_GLOBS, removeInside, uriToPath } from '../../node/indexer';
import { appendAll } from '../../core/arrays';
import { requestsInSteps, type Feature, type ServerContext } from '../context';

/**
 * Indexes every YAML file of the workspace folders in the background and keeps the index
 * current from file events, so a StatefulSet's Service is found when only its file on
 * disk has it. Open documents still override their files (Workspace layers).
 *
 * File events: the server registers `workspace/didChangeWatchedFiles` itself (dynamic
 * registration), so the VS Code client needs no `synchronize.fileEvents` and any LSP
 * client that supports dynamic registration gets the same behaviour. Besides YAML files
 * it watches creations and deletions of anything, because a folder moved or deleted in
 * one go is reported as one event for the folder, not one per file inside.
 */

/**
 * Longest stretch of indexing work before the event loop gets a turn (ms). A message
 * takes several event-loop turns through vscode-jsonrpc, each of which may run a slice,
 * so a keystroke waits a few slices: on one (busy, 2-CPU) machine scripts/bench-index.mjs
 * measured a median keystroke round trip during indexing of ~85 ms with 16 ms slices,
 * ~47 with 8 and ~29 with 4, for about the same total indexing time.
 */
const SLICE_MS = 4;
/** How long to wait for the settings (exclude globs) before indexing without them (ms). */
const SETTINGS_TIMEOUT_MS = 3000;
/** Progress notifications at most this often (ms). */
const PROGRESS_EVERY_MS = 100;

interface Pass {
  cancelled: boolean;
  run?: IndexRun;
}

/**
 * Set by a test hook (lsp/testHooks.ts, `statefulManifests/test/holdIndexing`): index
 * passes and the stepped reads of large files from events wait on it after each slice
 * or step, so a test can ask a request while indexing is
 * certainly not done, without timing anything.
 */
export const indexingHold: { until?: Promise<void> } = {};

/**
 * Between two steps of indexing (a pass's, or a large file's from an event): messages are
 * let in, requests being answered in steps end first (context.ts `requestsInSteps`), and the
 * test hook may hold it there.
 */
async function betweenIndexSteps(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await requestsInSteps.none();
  if (indexingHold.until) await indexingHold.until;
}

class WorkspaceIndexer {
  private roots: string[] = [];
  private filter = new IndexFilter(DEFAULT_WORKSPACE_SETTINGS);
  /** The filter settings of the index that ran or runs, so that the first settings, equal to the defaults, do not index again. */
  private filterKey = filterKeyOf(DEFAULT_WORKSPACE_SETTINGS);
  /** URIs this indexer put in the workspace's disk layer. */
  private readonly known = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  /** The reads of large files from events, one after another (see {@link readInSteps}). */
  private eventReads: Promise<void> = Promise.resolve();
  private current?: Pass;
  /** A walk limit was shown as a notification: once per server run. */
  private limitShown = false;
  private initialized = false;
  private started = false;

  constructor(private readonly ctx: ServerContext) {
    ctx.onInitialized(() => this.onInitialized());
    ctx.onSettings((raw) => this.onSettings(raw));
    ctx.onWatchedFiles((changes) => this.guard('File events', () => this.onFileEvents(changes)));
    // After server.ts has closed it: the disk text written while it was open counts now.
    ctx.documents.onDidClose((e) => this.guard('File events', () => this.readSavedWhileOpen(e.document.uri)));
  }

  /**
   * Files created or changed on disk while open in the editor, not read yet. The editor's
   * text is what counts while a file is open (Workspace: the open layer over the disk one),
   * and an editor that saves after every pause (code-server's default `files.autoSave`)
   * sends an event per keystroke: reading and parsing a 1 MB file then, and re-analysing it
   * for nothing, held up the squiggles of the next keystroke by 50 ms to 3 s. Read on close.
   */
  private readonly savedWhileOpen = new Set<string>();

  private readSavedWhileOpen(uri: string): void {
    if (!this.savedWhileOpen.delete(uri)) return;
    this.onFileEvents([{ uri, type: FileChangeType.Changed }]);
  }

  private onInitialized(): void {
    const params = this.ctx.initializeParams;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    this.roots = folderPaths(folders);
    this.initialized = true;
    this.watchFiles();
    if (params.capabilities.workspace?.workspaceFolders) {
      this.ctx.connection.workspace.onDidChangeWorkspaceFolders((event) => this.guard('Workspace folders', () => {
        const added = folderPaths(event.added);
        const removed = folderPaths(event.removed);
        this.roots = [...this.roots.filter((r) => !removed.includes(r)), ...added];
        // A folder nested in another (or holding one) that stays: its files stay indexed.
        const heldByAnother = (uri: string) => this.roots.some((r) => { const root = fileUri(r); return uri === root || isInside(uri, root); });
        this.ctx.changed(removed.flatMap((r) => removeInside(this.ctx.workspace, this.known, fileUri(r), heldByAnother)));
        if (added.length > 0) this.enqueue(added, false);
      }));
    }
    // Without workspace/configuration there will be no settings to wait for; with it, the
    // first settings start the index, or this timer if the client never answers.
    if (!params.capabilities.workspace?.configuration) this.start();
    else setTimeout(() => this.started || this.start(), SETTINGS_TIMEOUT_MS).unref();
  }

  private onSettings(raw: unknown): void {
    const { settings, problems } = readWorkspaceSettings(raw);
    this.ctx.warnSettings('workspace', problems);
    const key = filterKeyOf(settings);
    const changed = key !== this.filterKey;
    this.filterKey = key;
    this.filter = new IndexFilter(settings);
    if (!this.initialized) return;
    if (!this.started) this.start();
    else if (changed) {
      // Other globs or size: read everything again; files now excluded are dropped at the end.
      if (this.current) this.current.cancelled = true;
      this.enqueue(this.roots, true);
    }
  }

  private start(): void {
    this.started = true;
    this.enqueue(this.roots, true);
  }

  private watchFiles(): void {
    const capabilities = this.ctx.initializeParams.capabilities.workspace?.didChangeWatchedFiles;
    if (!capabilities?.dynamicRegistration) {
      this.ctx.connection.console.info('The client cannot register file watchers for the server: the index follows files on disk only if the client sends workspace/didChangeWatchedFiles by itself.');
      return;
    }
    void this.ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        ...INDEXED_FILE_GLOBS.map((globPattern) => ({ globPattern })),
        { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
      ],
    });
  }

  /** Runs index passes one after another; `full` passes also drop known files no longer found. */
  private enqueue(roots: string[], full: boolean): void {
    this.queue = this.queue.then(() => this.indexPass(roots, full)).catch((error: unknown) => {
      this.ctx.connection.console.error(`Indexing failed: ${(error as Error).stack ?? error}`);
    });
  }

  private async indexPass(roots: string[], full: boolean): Promise<void> {
    if (roots.length === 0) return;
    const pass: Pass = { cancelled: false };
    this.current = pass;
    const started = performance.now();
    const cache = full ? this.loadCache() : undefined;
    const run = new IndexRun(this.ctx.workspace, roots, this.filter, undefined, cache);
    pass.run = run;
    const progress = this.beginProgress();
    let reported = 0;
    try {
      while (!run.finished && !pass.cancelled) {
        const changes = run.step(SLICE_MS);
        for (const uri of run.takeNewlyIndexed()) this.known.add(uri);
        this.ctx.changed(changes);
        if (progress && performance.now() - reported > PROGRESS_EVERY_MS) {
          reported = performance.now();
          const { done, found, listing } = run.progress;
          progress.report(listing ? 0 : Math.floor((100 * done) / Math.max(found, 1)), listing ? `listing files (${found})` : `${done}/${found} files`);
        }
        await betweenIndexSteps();
      }
      if (pass.cancelled) return;
      if (full) this.dropMissing(roots, run.indexed);
      const ms = Math.round(performance.now() - started);
      const cached = run.fromCache > 0 ? ` (${run.fromCache} unchanged since the index cache)` : '';
      this.ctx.connection.console.info(`Indexed ${run.indexed.size} YAML ${run.indexed.size === 1 ? 'file' : 'files'} in ${ms} ms${cached}.`);
      this.reportWalkNotices(run.notices, progress);
    } finally {
      run.stopStatAhead();
      progress?.done();
      if (this.current === pass) this.current = undefined;
    }
    // After the progress ended: the index is ready, nobody waits for the cache.
    if (cache) this.saveCache(run);
  }

  /**
   * The index cache of the extension's storage folder (`initializationOptions.storagePath`,
   * from the VS Code client's `context.storageUri`): undefined without a folder, else its
   * entries (empty when there is none or it cannot be trusted, which is logged).
   */
  private loadCache(): IndexCache | undefined {
    const folder = this.storageFolder();
    if (!folder) return undefined;
    const { cache, problem } = loadIndexCache(folder, this.cacheVersion());
    if (problem) this.ctx.connection.console.info(`${problem}.`);
    return cache ?? IndexCache.empty();
  }

  /**
   * Writes the cache of a full pass over every workspace folder (a pass over some folders
   * would drop the others'), unless it would be the one on disk (an unchanged reopen).
   */
  private saveCache(run: IndexRun): void {
    const folder = this.storageFolder();
    if (!folder || !run.nextCacheDiffers) return;
    const problem = saveIndexCache(folder, this.cacheVersion(), run.cacheEntries());
    if (problem) this.ctx.connection.console.warn(`${problem}.`);
  }

  private storageFolder(): string | undefined {
    const folder = (this.ctx.initializeParams.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
    return typeof folder === 'string' && folder.length > 0 ? folder : undefined;
  }

  /** The extension's version (the client passes it), so a new version never reads an older one's cache. */
  private cacheVersion(): string {
    const version = (this.ctx.initializeParams.initializationOptions as { extensionVersion?: unknown } | undefined)?.extensionVersion;
    return typeof version === 'string' ? version : 'unknown';
  }

  /** After a full pass: files indexed before under these roots but not found now (excluded, deleted, too large). */
  private dropMissing(roots: string[], indexed: Set<string>): void {
    const rootUris = roots.map(fileUri);
    const changes: FileChange[] = [];
    for (const uri of [...this.known]) {
      if (indexed.has(uri) || !rootUris.some((r) => uri.startsWith(`${r}/`))) continue;
      this.known.delete(uri);
      changes.push(this.ctx.workspace.removeDisk(uri));
    }
    this.ctx.changed(changes);
  }

  /**
   * A progress in the status bar, if the client supports them. Never awaited: a client
   * that does not answer `window/workDoneProgress/create` (or answers late) must not hold
   * the index back; reports start once the token exists (LSP 3.17, "Work Done Progress":
   * the server may use the token only after the client answered the create request).
   */
  /**
   * What the walk passed over (docs/limits.md): links that lead outside the folder, and a
   * folder past the depth or entry limit. Each in the Output channel; a limit also once
   * as a notification, since files past it get no findings and nothing else says why.
   */
  private reportWalkNotices(notices: readonly { kind: string; message: string }[], progress: IndexingProgress | undefined): void {
    for (const notice of notices) this.ctx.connection.console.warn(notice.message);
    const limit = notices.find((n) => n.kind === 'limit');
    // In the status bar too, where the progress of the index is: its last message.
    if (limit) progress?.report(100, limit.message);
    if (limit && !this.limitShown) {
      this.limitShown = true;
      void this.ctx.connection.window.showWarningMessage(`Stateful Manifests: ${limit.message}`);
    }
  }

  private beginProgress(): IndexingProgress | undefined {
    if (!this.ctx.initializeParams.capabilities.window?.workDoneProgress) return undefined;
    return new IndexingProgress(this.ctx.connection.window.createWorkDoneProgress());
  }

  private onFileEvents(events: FileEvent[]): void {
    // The files of the pass under way are statted when reached, not as a worker saw them before these events.
    this.current?.run?.stopStatAhead();
    const changes: FileChange[] = [];
    // A kustomization or patch file changed on disk: the scheduler reads its effects in steps.
    this.ctx.workspace.batch(() => this.readFileEvents(events, changes), { deferKustomize: 'steps' });
    this.ctx.changed(changes);
  }

  /** Reads the files of `events` into the workspace (see {@link onFileEvents}), adding their changes to `changes`. */
  private readFileEvents(events: FileEvent[], changes: FileChange[]): void {
    for (const event of events) {
      const file = uriToPath(event.uri);
      if (!file) continue;
      if (event.type === FileChangeType.Deleted) {
        appendAll(changes, removeInside(this.ctx.workspace, this.known, fileUri(file)));
        continue;
      }
      const root = this.roots.find((r) => file.startsWith(r + path.sep));
      if (!root) continue;
      if (this.ctx.documents.get(event.uri)) {
        this.savedWhileOpen.add(event.uri);
        continue;
      }
      if (!reachedWithoutLinks(root, file)) {
        // Gone, or reached through a symbolic link (which the walk never follows either): not
        // read, and dropped if it was indexed before a link took its place.
        appendAll(changes, removeInside(this.ctx.workspace, this.known, fileUri(file)));
        continue;
      }
      if (this.filter.accepts(root, file, 'file')) {
        const result = indexFile(this.ctx.workspace, file, this.filter.maxBytes, { noFollow: true }, (_, steps) => this.readInSteps(steps));
        if (result.indexed) this.known.add(result.uri);
        else this.known.delete(result.uri);
        if (result.change) changes.push(result.change);
      } else if (event.type === FileChangeType.Created && this.filter.accepts(root, file, 'folder') && isFolder(file)) {
        this.enqueue([file], false); // a folder moved or copied in: its files come with no events of their own
      }
    }
  }

  /**
   * A large file an event reports (Workspace.setDiskSteps: over 64 KiB) is put in place a
   * step at a time between messages, as an index pass reads it, one file after another: a
   * kustomization of 100,000 entries changed on disk while not open held the server about
   * 2.5 s of CPU in one piece (issue 16). A newer write of the file meanwhile wins (the
   * read then commits nothing).
   */
  private readInSteps(steps: Steps<FileChange>): void {
    this.eventReads = this.eventReads.then(async () => {
      for (;;) {
        await betweenIndexSteps();
        let change: FileChange | undefined;
        let finished = true; // a step that throws (logged by guard) ends the read
        this.guard('File events', () => this.ctx.workspace.batch(() => {
          const next = steps.next();
          finished = next.done === true;
          if (next.done) change = next.value;
        }, { deferKustomize: 'steps' }));
        if (change) this.ctx.changed([change]);
        if (finished) return;
      }
    });
  }

  private guard(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.ctx.connection.console.error(`${what} failed: ${(error as Error).stack ?? error}`);
    }
  }
}

/** Reports of one indexing pass, sent once (if ever) the client has created the progress token. */
class IndexingProgress {
  private reporter: WorkDoneProgressServerReporter | undefined;
  private last: [number, string] | undefined;
  private ended = false;

  constructor(created: Promise<WorkDoneProgressServerReporter>) {
    created.then((reporter) => {
      this.reporter = reporter;
      reporter.begin('Stateful Manifests: indexing YAML', 0, 'listing files', false);
      if (this.ended) reporter.done();
      else if (this.last) reporter.report(...this.last);
    }, () => undefined); // the client refused a progress token: index without one
  }

  report(percentage: number, message: string): void {
    this.last = [percentage, message];
    this.reporter?.report(percentage, message);
  }

  done(): void {
    this.ended = true;
    this.reporter?.done();
  }
}

/** Paths of the workspace folders that are on disk (`file:` URIs). */
function folderPaths(folders: { uri: string }[]): string[] {
  return folders.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
}

/** A folder itself, not a link to one (lstat): a link to `/` is never walked. */
function isFolder(target: string): boolean {
  try {
    return fs.lstatSync(target).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether `target`, a path under the workspace folder `root`, names a file or folder
 * reached without following any symbolic link: its real path is the root's real path
 * joined with the same relative path. The initial walk never follows links (Dirent
 * types), so file events must not either, or one event for `ws/slash -> /` or
 * `ws/svc.yaml -> /elsewhere/svc.yaml` would read outside the workspace. Links to files
 * inside the workspace are not followed either: their target is indexed under its own
 * path. The workspace folder itself may be reached through links (its real path is
 * compared). Missing files answer false.
 */
function reachedWithoutLinks(root: string, target: string): boolean {
  try {
    return fs.realpathSync.native(target) === path.join(fs.realpathSync.native(root), path.relative(root, target));
  } catch {
    return false;
  }
}

export const workspaceIndex: Feature = {
  name: 'workspace-index',
  capabilities: () => ({ workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }),
  register(context) {
    new WorkspaceIndexer(context);
  },
};

function filterKeyOf(settings: { exclude: readonly string[]; maxFileSizeKB: number }): string {
  return JSON.stringify([settings.exclude, settings.maxFileSizeKB]);
}
