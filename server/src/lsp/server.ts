import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, type Connection, type ConnectionOptions, TextDocuments, TextDocumentSyncKind,
  type FileEvent, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFileSteps, CONFIG_FILE_NAME, EDITOR_DEFAULTS, layerSettings, readSettings, renderChart, RULE_IDS, withKnownRulesOnly, Workspace } from '../core';
import { loadConfig } from '../node/config';
import { uriToPath } from '../node/indexer';
import type { ServerContext } from './context';
import { cappedMessage, setRuleDocBase, toDiagnostics } from './convert';
import { largestDocumentChars, tooLargeMessage } from './documentSize';
import { FEATURES } from './features';
import { FramingGuard } from './framing';
import { Lifecycle } from './lifecycle';
import { CANCEL_UNDISPATCHED, Scheduler } from './scheduler';
import { SettingsWarnings } from './settingsWarnings';
import { registerTestHooks } from './testHooks';
import { epochNow, mark, round, timedStrategy } from './timing';

/**
 * The LSP adapter: documents in, diagnostics out, plus the features in ./features.
 * All analysis is in ../core; this layer only moves text and findings between the
 * protocol and the core.
 *
 * Start it with `node dist/server.js --stdio` (any LSP client) or `--node-ipc` (VS Code).
 */
const lifecycle = new Lifecycle();
const connection = connect({ connectionStrategy: CANCEL_UNDISPATCHED, messageStrategy: timedStrategy(lifecycle) });
lifecycle.register(connection);

/**
 * The connection the command line asks for. Over `--stdio`, stdin goes through a
 * FramingGuard first (framing.ts: a header without a valid Content-Length would leave the
 * library deaf), so the streams are given to the library instead of the flag, and the
 * console is sent to the client's log as the library does for `--stdio` (stdout is the
 * protocol's). IPC (VS Code) and sockets keep the library's own set-up.
 */
function connect(options: ConnectionOptions): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(options);
  const input = process.stdin.pipe(new FramingGuard((reason) => {
    process.stderr.write(`Stateful Manifests: the client sent ${reason}; the message stream cannot be read on, so the server exits (code 1).\n`);
    process.exit(1);
  }));
  const created = createConnection(input, process.stdout, options);
  for (const [name, level] of [['log', 'log'], ['info', 'info'], ['debug', 'log'], ['warn', 'warn'], ['error', 'error']] as const) {
    console[name] = (...args: unknown[]) => created.console[level](args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  }
  return created;
}
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace({ renderChart, onKustomizationLimit: kustomizationOverLimit });
const settingsWarnings = new SettingsWarnings(connection);
let hasConfigurationCapability = false;
let initializeParams: InitializeParams | undefined;
/** False while a feature delivers diagnostics by the pull model instead (see features/workspaceDiagnostics.ts). */
let pushDiagnostics = true;
const invalidateListeners: ((uris: string[]) => void)[] = [];
const settingsListeners: ((raw: unknown) => void)[] = [];
const initializedListeners: (() => void)[] = [];
const watchedFilesListeners: ((changes: FileEvent[]) => void)[] = [];
/** The last `statefulManifests` settings the editor sent, laid over the config file's. */
let editorSettings: unknown;
/** The settings of `.stateful-manifests.yaml` at the first workspace folder's root (valid ones only). */
let projectSettings: Record<string, unknown> = {};

// ------------------------------------------------------------------ diagnostics

/** Parsing and analysis, in slices between messages (see scheduler.ts). */
const scheduler = new Scheduler(workspace, (uri) => !!documents.get(uri), publish, schedule, (message) => connection.console.error(message));

function schedule(uris: Iterable<string>): void {
  const list = [...uris];
  for (const listener of invalidateListeners) listener(list);
  scheduler.schedule(list);
}

function scheduleAll(): void {
  schedule(documents.keys());
}

/** Analyses a file in steps (see scheduler.ts) and publishes its diagnostics. */
function* publish(uri: string): Generator<void, void> {
  const document = documents.get(uri);
  // A document over the size limit is not analysed: not even the file on disk under its name.
  if (!document || !pushDiagnostics || document.getText().length > largestDocument) return;
  const version = document.version; // the text analysed; a newer one cancels this analysis
  mark('analysing', { uri, version });
  try {
    const findings = yield* analyzeFileSteps(workspace, uri, (rule, error) => {
      connection.console.error(`Rule ${rule.id} failed on ${uri}: ${(error as Error).stack ?? error}`);
    });
    const analysed = epochNow();
    const diagnostics = toDiagnostics(findings, (total) => tooManyFindings(uri, total));
    void connection.sendDiagnostics({ uri, version, diagnostics });
    mark('published', { uri, version, diagnostics: diagnostics.length, ms: round(epochNow() - analysed) }, analysed);
  } catch (error) {
    connection.console.error(`Analysis of ${uri} failed: ${(error as Error).stack ?? error}`);
  }
}

/** Files already named in a "too many findings" notification: logged every time, shown once. */
const cappedFiles = new Set<string>();

function tooManyFindings(uri: string, total: number): void {
  warnOncePerFile(cappedFiles, uri, cappedMessage(uri, total));
}

/** Kustomizations already named in a "past the entry limit" notification: logged at every read, shown once. */
const kustomizationsOverLimit = new Set<string>();

function kustomizationOverLimit(uri: string, message: string): void {
  warnOncePerFile(kustomizationsOverLimit, uri, message);
}

/** A limit reached by a file: written to the Output channel every time, notified once per file (`shown`) and server run. */
function warnOncePerFile(shown: Set<string>, uri: string, message: string): void {
  connection.console.warn(`${message} (${uri})`);
  if (shown.has(uri)) return;
  shown.add(uri);
  void connection.window.showWarningMessage(`Stateful Manifests: ${message}`);
}

/** Open documents longer than this are neither parsed nor analysed (documentSize.ts). */
const largestDocument = largestDocumentChars();
/** Files already named in a "not analysed" notification: logged every time, shown once. */
const tooLargeFiles = new Set<string>();

function update(document: TextDocument): void {
  const text = document.getText();
  if (text.length <= largestDocument) {
    scheduler.update(document.uri, text);
    return;
  }
  // As if closed: no text of it is read, its previous findings are cleared.
  if (workspace.isOpen(document.uri)) {
    scheduler.close(document.uri);
    workspace.forgetDependencies(document.uri);
  } else scheduler.forget(document.uri);
  const message = tooLargeMessage(document.uri, text.length, largestDocument);
  connection.console.warn(`${message} (${document.uri})`);
  if (!tooLargeFiles.has(document.uri)) {
    tooLargeFiles.add(document.uri);
    void connection.window.showWarningMessage(`Stateful Manifests: ${message}`);
  }
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
}

documents.onDidOpen((e) => update(e.document));
documents.onDidChangeContent((e) => update(e.document));
documents.onDidClose((e) => {
  // Its change (the closed file too: its disk version, if any, is back, for the pull
  // diagnostics cache) once the index holds the disk version: in slices for a large one.
  scheduler.close(e.document.uri);
  workspace.forgetDependencies(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ------------------------------------------------------------------ settings

async function pullSettings(): Promise<void> {
  try {
    const [raw] = await connection.workspace.getConfiguration([{ section: 'statefulManifests' }]);
    applySettings(raw);
  } catch (error) {
    connection.console.error(`Could not read the statefulManifests settings: ${(error as Error).message}`);
  }
}

/** The editor's settings over the config file's; problems of the editor's named as before. */
function applySettings(raw: unknown): void {
  editorSettings = raw;
  const { problems } = readSettings(raw, RULE_IDS);
  settingsWarnings.report('analysis', problems);
  const merged = layerSettings(projectSettings, withKnownRulesOnly(raw, RULE_IDS), EDITOR_DEFAULTS);
  const { settings } = readSettings(merged, RULE_IDS);
  for (const listener of settingsListeners) listener(merged);
  // In slices, after pending parses (scheduler.ts): re-indexing finishes them all at once.
  scheduler.applySettings(function* () {
    yield* workspace.setSettingsSteps(settings);
    scheduleAll();
  });
}

// ------------------------------------------------------------------ the shared config file

/** `.stateful-manifests.yaml` in the first workspace folder (a multi-root workspace shares one Settings). */
function configFile(): string | undefined {
  const params = initializeParams;
  const root = params?.workspaceFolders?.[0]?.uri ?? params?.rootUri ?? undefined;
  const rootPath = root ? uriToPath(root) : undefined;
  return rootPath === undefined ? undefined : path.join(rootPath, CONFIG_FILE_NAME);
}

/** Reads the config file (again); its problems are shown once per reading, with their line. */
function loadProjectConfig(): void {
  const file = configFile();
  if (!file || !fs.existsSync(file)) {
    projectSettings = {};
    settingsWarnings.report('config file', []);
    return;
  }
  const { raw, problems } = loadConfig(file, CONFIG_FILE_NAME, false);
  projectSettings = raw;
  settingsWarnings.report('config file', problems);
}

function onWatchedFiles(changes: FileEvent[]): void {
  const file = configFile();
  if (file && changes.some((c) => uriToPath(c.uri) === file)) {
    loadProjectConfig();
    applySettings(editorSettings);
  }
}

// ------------------------------------------------------------------ lifecycle

const context: ServerContext = {
  connection,
  documents,
  workspace,
  schedule,
  changed: (changes) => scheduler.changed(changes),
  settled: (uri) => scheduler.settled(uri),
  largeTextsParsed: (uri) => scheduler.largeTextsParsed(uri),
  warnSettings: (source, problems) => settingsWarnings.report(source, problems),
  scheduleAll,
  onInvalidate: (listener) => invalidateListeners.push(listener),
  onSettings: (listener) => settingsListeners.push(listener),
  onInitialized: (listener) => initializedListeners.push(listener),
  onWatchedFiles: (listener) => watchedFilesListeners.push(listener),
  setPushDiagnostics(enabled: boolean): void {
    if (enabled === pushDiagnostics) return;
    pushDiagnostics = enabled;
    // Clear what was pushed, or push again: a finding is never shown by both models.
    if (!enabled) for (const uri of documents.keys()) void connection.sendDiagnostics({ uri, diagnostics: [] });
    else scheduleAll();
  },
  get initializeParams(): InitializeParams {
    if (!initializeParams) throw new Error('the server is not initialized');
    return initializeParams;
  },
};

connection.onInitialize((params: InitializeParams): InitializeResult => {
  initializeParams = params;
  setRuleDocBase((params.initializationOptions as { ruleDocBase?: unknown } | undefined)?.ruleDocBase);
  hasConfigurationCapability = !!params.capabilities?.workspace?.configuration;
  const options = params.initializationOptions as { settings?: unknown; settingsWarningsShown?: unknown } | undefined;
  settingsWarnings.restore(options?.settingsWarningsShown);
  loadProjectConfig();
  const initial = options?.settings;
  if (initial !== undefined || Object.keys(projectSettings).length > 0) applySettings(initial);
  let capabilities: InitializeResult['capabilities'] = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  };
  for (const feature of FEATURES) capabilities = { ...capabilities, ...feature.capabilities?.(params) };
  return { capabilities, serverInfo: { name: 'stateful-manifests', version: '0.1.0' } };
});

connection.onInitialized(() => {
  if (initializeParams?.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
  }
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'statefulManifests' });
    void pullSettings();
  }
  for (const listener of initializedListeners) listener();
});

connection.onDidChangeConfiguration((change) => {
  if (hasConfigurationCapability) void pullSettings();
  else applySettings((change.settings as { statefulManifests?: unknown } | undefined)?.statefulManifests);
});

connection.onDidChangeWatchedFiles((params) => {
  for (const listener of [onWatchedFiles, ...watchedFilesListeners]) {
    try {
      listener(params.changes);
    } catch (error) {
      connection.console.error(`File events failed: ${(error as Error).stack ?? error}`);
    }
  }
});

for (const feature of FEATURES) feature.register(context);
registerTestHooks(context, scheduler);

documents.listen(connection);
connection.listen();
