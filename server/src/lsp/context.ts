import { performance } from 'node:perf_hooks';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type FileEvent, type InitializeParams, type ServerCapabilities } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileChange, Workspace } from '../core';

/** What a protocol feature gets to work with. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  /** Re-analyse and publish diagnostics for these files (coalesced, after pending messages). */
  schedule(uris: Iterable<string>): void;
  /**
   * After changing the workspace (a file on disk indexed or removed…): re-analyse the
   * changed files and those that depend on them, the analysis in progress included.
   */
  changed(changes: Iterable<FileChange>): void;
  /** Logs and shows the problems of one reading of some settings, those that are new since the last reading (settingsWarnings.ts). */
  warnSettings(source: string, problems: readonly string[]): void;
  /**
   * Resolves once the file's latest text is parsed and its diagnostics published: for
   * requests that should not delay the squiggles of an edit (the outline).
   */
  settled(uri: string): Promise<void>;
  /** Resolves once no large text of `uri` (undefined: of any document) waits to be parsed (Scheduler.largeTextsParsed). */
  largeTextsParsed(uri?: string): Promise<void>;
  /** Re-analyse every file diagnostics are shown for. */
  scheduleAll(): void;
  /** Called with every batch of files whose findings may have changed (open or not). */
  onInvalidate(listener: (uris: string[]) => void): void;
  /** Called with the raw `statefulManifests` settings object each time settings are read. */
  onSettings(listener: (raw: unknown) => void): void;
  /**
   * Called with every `workspace/didChangeWatchedFiles` batch (the protocol allows one
   * handler: the server dispatches to every listener).
   */
  onWatchedFiles(listener: (changes: FileEvent[]) => void): void;
  /** Called once the client sent `initialized` (a feature must not replace the server's own handler). */
  onInitialized(listener: () => void): void;
  /** Turns the push model (`publishDiagnostics` for open files) off while diagnostics are pulled. */
  setPushDiagnostics(enabled: boolean): void;
  /** The client's initialize parameters. */
  readonly initializeParams: InitializeParams;
}

/**
 * One protocol feature (hover, completion, code actions…): the capabilities it
 * announces and the handlers it registers. Features are listed in features/index.ts.
 */
export interface Feature {
  name: string;
  capabilities?(params: InitializeParams): ServerCapabilities;
  register(context: ServerContext): void;
}

/** Runs a request handler so that an exception is logged and answered with `fallback`, never crashing the server. */
export function guarded<P, R>(context: { connection: Connection }, name: string, fallback: R, handler: (params: P) => R): (params: P) => R {
  return (params: P) => {
    try {
      return handler(params);
    } catch (error) {
      context.connection.console.error(`${name} failed: ${(error as Error).stack ?? error}`);
      return fallback;
    }
  };
}


/**
 * How long a request answered in steps works before letting messages in (ms): several core
 * steps (25 scanned files parsed each) when they are quick. One step a turn made a hover
 * beside 22,000 scanned files take 880 turns, each behind a slice of other work.
 */
export const REQUEST_SLICE_MS = 20;

/** The time budget of a request's slice: {@link REQUEST_SLICE_MS}, 0 (one step a turn) in tests (testHooks.ts `sliceBudget`). */
export const requestSlice = { ms: REQUEST_SLICE_MS };

/**
 * The requests being answered in steps ({@link answeredInSteps}), and what waits for there
 * to be none: the workspace index pass. A request's lookups parse the files of the index
 * entries they read; a pass indexing files between its steps kept adding to those entries,
 * so a hover on a Service during the index of 22,000 files parsed until the index ended
 * (10.8 s, `npm run stress hugeKustomization`). Indexing is background work: it waits.
 */
export const requestsInSteps = new class {
  private count = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.count++;
  }

  end(): void {
    if (--this.count > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once no request is being answered in steps. */
  none(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}();

/**
 * A request handler that answers in steps, messages answered between them (see
 * Workspace.answerSteps): it first waits for a large text of its document (with
 * `newestEverywhere`, of any document: a rename reads every file) to be parsed in the
 * scheduler's slices, then runs `answer` as a step; one that would parse more scanned files
 * than a step may goes on in later turns of the event loop. A request cancelled between
 * steps gets RequestCancelled; one whose document changed meanwhile gets ContentModified
 * (its position is about a text that is gone). Any other error is logged and answered
 * with `fallback`, as {@link guarded} does.
 */
export function answeredInSteps<P, R>(
  context: ServerContext,
  name: string,
  fallback: R,
  uriOf: (params: P) => string,
  answer: (params: P) => R,
  options: { newestEverywhere?: boolean } = {},
): (params: P, token: CancellationToken) => Promise<R> {
  return answerMadeInSteps(context, name, fallback, uriOf, function* (params) {
    return answer(params);
  }, options);
}

/**
 * {@link answeredInSteps} for an answer made in steps itself (a rename: every object of the
 * workspace read, a few hundred a step), begun again when the workspace changes between two
 * of its steps (Workspace.answerInSteps).
 */
export function answerMadeInSteps<P, R>(
  context: ServerContext,
  name: string,
  fallback: R,
  uriOf: (params: P) => string,
  answer: (params: P) => Generator<void, R>,
  options: { newestEverywhere?: boolean } = {},
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    const uri = uriOf(params);
    await context.largeTextsParsed(options.newestEverywhere ? undefined : uri);
    const version = context.documents.get(uri)?.version;
    const steps = context.workspace.answerInSteps(options.newestEverywhere ? undefined : uri, () => answer(params));
    let inSteps = false;
    try {
      let step = steps.next();
      while (!step.done) {
        if (!inSteps) requestsInSteps.begin();
        inSteps = true;
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `The ${name} request was cancelled.`);
        if (context.documents.get(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, `The document changed while the ${name} request was answered.`);
        const deadline = performance.now() + requestSlice.ms;
        do step = steps.next(); while (!step.done && performance.now() < deadline);
      }
      return step.value;
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      context.connection.console.error(`${name} failed: ${(error as Error).stack ?? error}`);
      return fallback;
    } finally {
      steps.return(fallback);
      if (inSteps) requestsInSteps.end();
    }
  };
}
