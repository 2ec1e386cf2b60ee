import type { Connection, InitializeParams, ServerCapabilities } from 'vscode-languageserver/node';
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
  /** Re-analyse every file diagnostics are shown for. */
  scheduleAll(): void;
  /** Called with every batch of files whose findings may have changed (open or not). */
  onInvalidate(listener: (uris: string[]) => void): void;
  /** Called with the raw `statefulManifests` settings object each time settings are read. */
  onSettings(listener: (raw: unknown) => void): void;
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

