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
  return async (params, token) => {
    const uri = uriOf(params);
    await context.largeTextsParsed(options.newestEverywhere ? undefined : uri);
    const version = context.documents.get(uri)?.version;
    const steps = context.workspace.answerSteps(options.newestEverywhere ? undefined : uri, () => answer(params));
    try {
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) return step.value;
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `The ${name} request was cancelled.`);
        if (context.documents.get(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, `The document changed while the ${name} request was answered.`);
      }
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      context.connection.console.error(`${name} failed: ${(error as Error).stack ?? error}`);
      return fallback;
    } finally {
      steps.return(fallback);
    }
  };
}
