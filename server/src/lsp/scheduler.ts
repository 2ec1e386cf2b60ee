import { performance } from 'node:perf_hooks';
import { LSPErrorCodes, Message, type ConnectionStrategy } from 'vscode-languageserver/node';
import { SMALL_PENDING_TEXT, type FileChange, type PendingUpdate, type Workspace } from '../core';
import { mark, round } from './timing';

/**
 * A request cancelled (`$/cancelRequest`) while it still waits for its turn is answered
 * at once with RequestCancelled, and its handler never runs. (The JSON-RPC library's
 * default runs it anyway.) A request already running sees its token cancelled.
 */
export const CANCEL_UNDISPATCHED: ConnectionStrategy = {
  cancelUndispatched: (message) => (Message.isRequest(message)
    ? { jsonrpc: '2.0', id: message.id, error: { code: LSPErrorCodes.RequestCancelled, message: 'The request was cancelled before it ran.' } }
    : undefined),
};

/**
 * The server's own work: parsing new texts of open documents and re-analysing files.
 * It runs in slices of at most {@link SLICE_MS}, with `setImmediate` between slices;
 * the JSON-RPC connection handles one message per turn of the event loop, so a hover
 * or a `$/cancelRequest` that arrives while a 10 MB file is being parsed waits for one
 * slice, not for the whole parse. Parses come first (analyses must see the newest
 * texts); then files are analysed one at a time, each in steps too. An analysis in
 * progress finishes before the next parse commits, so it sees one workspace.
 *
 * A file is analysed only after its own parse is done, so the diagnostics published
 * for a document version are always about that version's text.
 *
 * Other changes (a document closed, files on disk indexed or deleted) are made by message
 * handlers, so between two steps of an analysis: {@link Scheduler.changed} re-checks the
 * file under analysis too when the change touched what it had looked up so far.
 */
export const SLICE_MS = 4;

/**
 * While new texts keep arriving (one per message: 5,000 incremental edits in a burst),
 * the scheduler waits for them to stop before parsing, for at most this long (ms): each
 * slice spent parsing a text the next message abandons would delay every message queued
 * behind the burst by a slice. A single edit waits one event-loop turn.
 */
export const MAX_COALESCE_MS = 50;

/**
 * What one step of the scheduler did, for {@link Scheduler.stats} and the timing log: a
 * slice is as long as its longest step, so these say which step to split next.
 * `commit` is a step that puts a parsed text in the index (a large one's in steps:
 * core/workspace/steppedCommit.ts, else the parse's last); `analysis-end` an
 * analysis's last step (diagnostics written and sent: what it looked up is recorded and
 * suppressions applied in steps before it, analyze.ts; a file of fewer than 100 objects is
 * checked in this step too); `kustomize` a step of
 * a kustomize refresh (reading the effects, or applying them: its last).
 */
export type StepKind = 'parse' | 'commit' | 'settings' | 'analysis' | 'analysis-end' | 'kustomize';

/** Steps longer than this (ms) are written to the timing log (timing.ts), with their kind and file. */
const LOGGED_STEP_MS = 20;

export class Scheduler {
  private readonly updates = new Map<string, PendingUpdate>();
  private readonly analyses = new Set<string>();
  /** The analysis in progress: it runs to its end before any parse commits under it. */
  private current: { uri: string; steps: Generator<void, void> } | undefined;
  private running = false;
  /**
   * The index keys that changes made outside the scheduler touched while the analysis in
   * progress ran. The analysis records what it looked up only when it ends, so
   * `dependents` could not name its file then: it is checked again at the end.
   */
  private changedDuringAnalysis = new Set<string>();
  /** New settings, applied once every pending text is parsed (see {@link Scheduler.applySettings}). */
  private pendingSettings: (() => Generator<void, void>) | undefined;
  /** New settings being applied, a step at a time (a re-index); analyses wait for it. */
  private settingsInProgress: Generator<void, void> | undefined;
  /** A new text arrived since the last slice: the next slice waits (see {@link MAX_COALESCE_MS}). */
  private arrivedSinceSlice = false;
  /** When the scheduler started waiting for a burst of texts to end. */
  private coalescingSince: number | undefined;
  /**
   * For tests and benchmarks (`statefulManifests/test/schedulerStats`): slices run, slices
   * skipped to coalesce texts, and the longest slice (ms): how long a message can wait;
   * the longest single step of each kind (ms, see {@link StepKind}), what a slice cannot
   * cut: the longest of them is the longest step of all.
   */
  readonly stats = { slices: 0, coalesced: 0, longestSliceMs: 0, longestStepMs: {} as Partial<Record<StepKind, number>> };
  /** The time budget of a slice: {@link SLICE_MS}, smaller in tests (testHooks.ts `sliceBudget`). */
  sliceMs = SLICE_MS;
  /** Test hook ({@link Scheduler.holdNextAnalysis}, {@link Scheduler.holdNextParse}, {@link Scheduler.holdNextSettings}): work stopped half-way on purpose. */
  private hold: { what: 'analysis' | 'parse' | 'settings'; afterSteps: number; notify: (uri: string) => void; holding?: string } | undefined;
  /** Steps run so far by each pending parse, for {@link Scheduler.holdNextParse}. */
  private readonly parseSteps = new WeakMap<PendingUpdate, number>();

  constructor(
    private readonly workspace: Workspace,
    /** Whether diagnostics are shown for this file (it is open in the editor). */
    private readonly isOpen: (uri: string) => boolean,
    /** Analyses one file in steps, then publishes its diagnostics. */
    private readonly publish: (uri: string) => Generator<void, void>,
    /**
     * Files whose findings may have changed: the server tells its listeners (the pull
     * diagnostics cache) and calls {@link Scheduler.schedule} back.
     */
    private readonly invalidate: (uris: string[]) => void,
    private readonly logError: (message: string) => void,
  ) {}

  /** A new text of an open document: parsed in slices, then it and its dependents are re-analysed. */
  update(uri: string, text: string): void {
    this.dropAnalysisOf(uri); // about the old text: it is re-analysed once parsed
    this.dropUpdateOf(uri);
    this.updates.set(uri, this.workspace.beginSetOpen(uri, text));
    this.arrivedSinceSlice = true;
    // At once, not when parsed: a pull for this file must not get its old findings (a
    // read of the file finishes the parse). Its dependents follow when it is parsed.
    this.invalidate([uri]);
    this.wake();
  }

  /**
   * New settings: `apply` starts in a slice once every pending text is parsed, and runs a
   * step at a time (a re-index of 35,000 resources is a few hundred milliseconds: see
   * Workspace.setSettingsSteps) before any analysis starts. Applying them at once would
   * re-index the workspace, which finishes every pending parse synchronously: a 10 MB
   * document opened just before the settings arrived (the usual order at start-up)
   * blocked the server 6-9 s. Until they are applied requests see the previous settings;
   * analyses never run on a mix.
   */
  applySettings(apply: () => Generator<void, void>): void {
    this.pendingSettings = apply;
    this.wake();
  }

  /** Whether texts are still waiting to be parsed (a test hook reads it). */
  get parsing(): number {
    return this.updates.size;
  }

  /**
   * The document was closed: whatever is pending for it is dropped, and the file on disk
   * (if any) takes its place in the index, in slices when the document was large
   * (Workspace.beginClose); then the files that depend on it are re-checked.
   */
  close(uri: string): void {
    this.forget(uri);
    const update = this.workspace.beginClose(uri);
    if (update.done) {
      this.changed([update.change!]);
      return;
    }
    this.updates.set(uri, update);
    // At once, as for a new text: a pull for this file must not get the findings of the closed document.
    this.invalidate([uri]);
    this.wake();
  }

  /** The document was closed (or is no longer read: too large): whatever is pending for it is dropped. */
  forget(uri: string): void {
    this.dropAnalysisOf(uri);
    this.dropUpdateOf(uri);
    this.analyses.delete(uri);
    this.wakeSettled();
  }

  /**
   * Drops the pending update of `uri` for a newer text or a close. A request that read the
   * file may have finished its parse already: then the workspace has changed, and the
   * files that depend on that change are re-checked now, or no one would (the next
   * change of the file is measured from this one).
   */
  private dropUpdateOf(uri: string): void {
    const update = this.updates.get(uri);
    this.updates.delete(uri);
    if (update?.done && update.change) this.changed([update.change]);
  }

  /**
   * The workspace changed outside the scheduler (a document closed, files on disk indexed,
   * changed or deleted): the changed files and those that depend on them are re-checked.
   */
  changed(changes: Iterable<FileChange>): void {
    const uris = new Set<string>();
    for (const change of changes) {
      uris.add(change.uri);
      for (const uri of this.workspace.dependents(change)) uris.add(uri);
      if (this.current) for (const key of change.keys) this.changedDuringAnalysis.add(key);
    }
    if (uris.size > 0) this.invalidate([...uris]);
  }

  /** Re-analyse these files (those open in the editor) and publish their diagnostics. */
  schedule(uris: Iterable<string>): void {
    for (const uri of uris) if (this.isOpen(uri)) this.analyses.add(uri);
    this.wake();
  }

  /**
   * Test hook (testHooks.ts, `--test-hooks` only): the next analysis that takes more than
   * one step stops after its first step, and all of the scheduler's work with it, until
   * {@link Scheduler.release}. Resolves with the file's URI once it has stopped, so a test
   * can change the workspace at exactly the moment a slice boundary would allow.
   */
  holdNextAnalysis(): Promise<string> {
    return new Promise((resolve) => {
      this.hold = { what: 'analysis', afterSteps: 1, notify: resolve };
    });
  }

  /**
   * Test hook, as {@link holdNextAnalysis} for a parse: the next text that takes more
   * than `afterSteps` steps to parse stops after that many (a 10 MB text half-way), and
   * all of the scheduler's work with it, until {@link Scheduler.release}.
   */
  holdNextParse(afterSteps = 1): Promise<string> {
    return new Promise((resolve) => {
      this.hold = { what: 'parse', afterSteps, notify: resolve };
    });
  }

  /**
   * Test hook, as {@link holdNextAnalysis} for new settings: the next settings that take
   * more than one step to apply (a re-index) stop after their first step, and all of the
   * scheduler's work with them, until {@link Scheduler.release}. Resolves with 'settings'.
   */
  holdNextSettings(): Promise<string> {
    return new Promise((resolve) => {
      this.hold = { what: 'settings', afterSteps: 1, notify: resolve };
    });
  }

  /**
   * Resolves once nothing is pending for `uri`: its new text parsed, its analysis run and
   * its diagnostics published. A request that is not urgent (the outline, which the editor
   * asks for after every edit and which costs far more than the analysis of a one-character
   * change on a large file) waits for this, so the squiggles of an edit come first. Work
   * that waits behind another file's (its parse, or its analysis, behind the analysis of
   * a 10 MB file; its analysis behind other parses or new settings) is not waited for:
   * the squiggles would not come first, only later.
   */
  settled(uri: string): Promise<void> {
    // Held by a test hook, nothing runs until it is released: do not wait for it.
    if (!this.isPending(uri) || this.hold?.holding) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push({ uri, resolve }));
  }

  private readonly settleWaiters: { uri: string; resolve: () => void }[] = [];

  /**
   * Resolves once no text of more than {@link SMALL_PENDING_TEXT} characters is still
   * waiting to be parsed for `uri` (undefined: for any document). A request reads the
   * pending text of its own document at once, and a rename every pending text
   * (Workspace.answering): a 2 MB text would be parsed in one piece inside the request,
   * seconds without answering anything. Waiting lets the slices parse it between messages;
   * smaller texts are parsed at once as before. Held by a test hook, nothing is waited for.
   */
  largeTextsParsed(uri?: string): Promise<void> {
    if (!this.parsingLargeText(uri) || this.hold?.holding) return Promise.resolve();
    return new Promise((resolve) => this.largeTextWaiters.push({ uri, resolve }));
  }

  private readonly largeTextWaiters: { uri: string | undefined; resolve: () => void }[] = [];

  private parsingLargeText(uri: string | undefined): boolean {
    if (uri !== undefined) return (this.updates.get(uri)?.size ?? 0) > SMALL_PENDING_TEXT;
    for (const update of this.updates.values()) if (update.size > SMALL_PENDING_TEXT) return true;
    return false;
  }

  private isPending(uri: string): boolean {
    if (this.current?.uri === uri) return true;
    // Another file's analysis runs to its end first (seconds for a 10 MB file).
    if (this.current) return false;
    if (this.updates.has(uri)) return true;
    // Its analysis waits for every other text to be parsed, new settings and a kustomize refresh to apply.
    return this.analyses.has(uri) && this.updates.size === 0 && !this.pendingSettings && !this.settingsInProgress && !this.kustomizeRefreshDue;
  }

  private wakeSettled(): void {
    for (let i = this.largeTextWaiters.length - 1; i >= 0; i--) {
      const waiter = this.largeTextWaiters[i];
      if (this.parsingLargeText(waiter.uri) && !this.hold?.holding) continue;
      this.largeTextWaiters.splice(i, 1);
      waiter.resolve();
    }
    for (let i = this.settleWaiters.length - 1; i >= 0; i--) {
      const waiter = this.settleWaiters[i];
      if (this.isPending(waiter.uri) && !this.hold?.holding) continue;
      this.settleWaiters.splice(i, 1);
      waiter.resolve();
    }
  }

  /** Test hook: lets the analysis stopped by {@link Scheduler.holdNextAnalysis} go on. */
  release(): void {
    this.hold = undefined;
    this.wake();
  }

  private dropAnalysisOf(uri: string): void {
    if (this.current?.uri === uri) this.endAnalysis(false);
  }

  /**
   * The analysis in progress ended, or was dropped or failed (then it has recorded nothing
   * new). One that completed is queued again if a change made during it touched
   * something it looked up, now that its lookups are recorded.
   */
  private endAnalysis(completed: boolean): void {
    const uri = this.current?.uri;
    const touched = this.changedDuringAnalysis;
    this.current = undefined;
    this.changedDuringAnalysis = new Set();
    if (!completed || uri === undefined || touched.size === 0) return;
    if (this.workspace.lookedAtAny(uri, touched)) this.invalidate([uri]);
  }

  private wake(): void {
    if (this.running || this.hold?.holding || (this.updates.size === 0 && this.analyses.size === 0 && !this.current && !this.pendingSettings && !this.settingsInProgress && !this.kustomizeRefreshDue)) return;
    this.running = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    const now = performance.now();
    if (this.arrivedSinceSlice) {
      this.arrivedSinceSlice = false;
      this.coalescingSince ??= now;
      if (now - this.coalescingSince < MAX_COALESCE_MS) {
        // More texts may be queued right behind this one: let the next message in first.
        this.stats.coalesced++;
        this.running = false;
        this.wake();
        return;
      }
    }
    this.coalescingSince = undefined;
    this.stats.slices++;
    const deadline = now + this.sliceMs;
    try {
      this.slice(deadline);
    } finally {
      this.stats.longestSliceMs = Math.max(this.stats.longestSliceMs, performance.now() - now);
      this.running = false;
      this.wake();
      this.wakeSettled();
    }
  }

  /** A kustomize refresh put off for this scheduler to do in steps (see Workspace.batch); an index pass does its own at its end. */
  private get kustomizeRefreshDue(): boolean {
    return this.workspace.kustomizeRefreshDue === 'steps';
  }

  /** Whether a kustomize refresh is due or under way (a test hook reads it). */
  get kustomizeRefreshing(): boolean {
    return this.workspace.kustomizeRefreshDue !== undefined;
  }

  /**
   * Goes on with the kustomize refresh that is due until it is applied (true; its change
   * re-checks the files it moved) or the deadline passes (false). Analyses wait for it:
   * they would read the effects from before.
   */
  private continueKustomizeRefresh(deadline: number): boolean {
    while (this.kustomizeRefreshDue) {
      const change = this.timed('kustomize', undefined, () => this.workspace.refreshKustomizeStep());
      if (change) this.changed([change]);
      else if (performance.now() >= deadline) return false;
    }
    return true;
  }

  /** Works until `deadline`; whatever is left stays queued for the next slice. */
  private slice(deadline: number): void {
    if (!this.continueAnalysis(deadline) || this.hold?.holding) return;
    // The texts read in one slice form one batch: a Helm chart whose files are opened or
    // edited together renders once, at the end of it (Workspace.batch), not once per file.
    // A kustomization or patch file parsed: its effects are read afresh in steps below, not
    // at the end of the batch, which took 1.9 s for 100,000 resources in one piece (issue 16).
    const done: FileChange[] = [];
    const finished = this.workspace.batch(() => {
      // Small texts first: a file opened beside a 10 MB one is parsed in the next slice, not after it.
      for (const [uri, update] of [...this.updates].sort((a, b) => a[1].size - b[1].size)) {
        try {
          while (!this.timed(() => (update.committing || update.done ? 'commit' : 'parse'), uri, () => update.step())) {
            const steps = (this.parseSteps.get(update) ?? 0) + 1;
            this.parseSteps.set(update, steps);
            if (this.hold?.what === 'parse' && steps >= this.hold.afterSteps) {
              this.hold.holding = uri;
              this.hold.notify(uri);
              return false;
            }
            if (performance.now() >= deadline) return false;
          }
        } catch (error) {
          this.logError(`Reading ${uri} failed: ${(error as Error).stack ?? error}`);
        }
        this.updates.delete(uri);
        mark('parsed', { uri });
        if (update.change) done.push(update.change);
      }
      return true;
    }, { deferKustomize: 'steps' });
    // After the batch: its end adds what the charts' renders moved to the changes.
    for (const change of done) this.invalidate(this.workspace.dependents(change));
    if (!finished || !this.continueKustomizeRefresh(deadline)) return;
    if (!this.continueSettings(deadline)) return;
    for (const uri of this.analyses) {
      this.analyses.delete(uri);
      this.current = { uri, steps: this.publish(uri) };
      if (!this.continueAnalysis(deadline)) return;
    }
  }

  /** Applies pending settings, a step at a time, until they are applied (true) or the deadline passes (false). */
  private continueSettings(deadline: number): boolean {
    if (!this.settingsInProgress && this.pendingSettings) {
      this.settingsInProgress = this.pendingSettings();
      this.pendingSettings = undefined;
    }
    while (this.settingsInProgress) {
      const steps = this.settingsInProgress;
      try {
        if (this.timed('settings', undefined, () => steps.next()).done) this.settingsInProgress = undefined;
      } catch (error) {
        this.settingsInProgress = undefined;
        this.logError(`Applying the settings failed: ${(error as Error).stack ?? error}`);
      }
      if (this.settingsInProgress && this.hold?.what === 'settings') {
        this.hold.holding = 'settings';
        this.hold.notify('settings');
        return false;
      }
      if (performance.now() >= deadline) return false;
    }
    return true;
  }

  /** Runs one step, recording how long it took under its kind (see {@link StepKind}; a function says it once the step is done). */
  private timed<T>(kind: StepKind | (() => StepKind), uri: string | undefined, step: () => T): T {
    const started = performance.now();
    const result = step();
    const ms = performance.now() - started;
    // A step that ended its analysis did the publish.
    const named = typeof kind === 'function' ? kind() : kind;
    const what: StepKind = named === 'analysis' && (result as IteratorResult<void>).done ? 'analysis-end' : named;
    if (ms > (this.stats.longestStepMs[what] ?? 0)) this.stats.longestStepMs[what] = ms;
    if (ms > LOGGED_STEP_MS) mark('long-step', { what, uri, ms: round(ms) });
    return result;
  }

  /** Runs the analysis in progress until it ends (true) or the deadline passes (false). */
  private continueAnalysis(deadline: number): boolean {
    if (this.hold?.holding) return false;
    while (this.current) {
      try {
        const { uri, steps } = this.current;
        if (this.timed('analysis', uri, () => steps.next()).done) this.endAnalysis(true);
      } catch (error) {
        this.logError(`Analysis of ${this.current?.uri} failed: ${(error as Error).stack ?? error}`);
        this.endAnalysis(false);
      }
      if (this.current && this.hold?.what === 'analysis') {
        this.hold.holding = this.current.uri;
        this.hold.notify(this.current.uri);
        return false;
      }
      if (this.current && performance.now() >= deadline) return false;
    }
    return true;
  }
}
