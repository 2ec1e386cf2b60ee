import {
  createConnection, DidChangeConfigurationNotification, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFileSteps, readSettings, RULE_IDS, Workspace } from '../core';
import type { ServerContext } from './context';
import { toDiagnostic } from './convert';
import { FEATURES } from './features';
import { Lifecycle } from './lifecycle';
import { CANCEL_UNDISPATCHED, Scheduler } from './scheduler';
import { SettingsWarnings } from './settingsWarnings';
import { registerTestHooks } from './testHooks';

/**
 * The LSP adapter: documents in, diagnostics out, plus the features in ./features.
 * All analysis is in ../core; this layer only moves text and findings between the
 * protocol and the core.
 *
 * Start it with `node dist/server.js --stdio` (any LSP client) or `--node-ipc` (VS Code).
 */
const lifecycle = new Lifecycle();
const connection = createConnection({ connectionStrategy: CANCEL_UNDISPATCHED, messageStrategy: lifecycle });
lifecycle.register(connection);
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace();
const settingsWarnings = new SettingsWarnings(connection);
let hasConfigurationCapability = false;
let initializeParams: InitializeParams | undefined;
/** False while a feature delivers diagnostics by the pull model instead (see features/workspaceDiagnostics.ts). */
let pushDiagnostics = true;
const invalidateListeners: ((uris: string[]) => void)[] = [];
const settingsListeners: ((raw: unknown) => void)[] = [];
const initializedListeners: (() => void)[] = [];

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
  if (!document || !pushDiagnostics) return;
  const version = document.version; // the text analysed; a newer one cancels this analysis
  try {
    const findings = yield* analyzeFileSteps(workspace, uri, (rule, error) => {
      connection.console.error(`Rule ${rule.id} failed on ${uri}: ${(error as Error).stack ?? error}`);
    });
    void connection.sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) });
  } catch (error) {
    connection.console.error(`Analysis of ${uri} failed: ${(error as Error).stack ?? error}`);
  }
}

function update(document: TextDocument): void {
  scheduler.update(document.uri, document.getText());
}

documents.onDidOpen((e) => update(e.document));
documents.onDidChangeContent((e) => update(e.document));
documents.onDidClose((e) => {
  scheduler.forget(e.document.uri);
  const change = workspace.close(e.document.uri);
  workspace.forgetDependencies(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  // The closed file too: its disk version (if any) is back, for the pull diagnostics cache.
  scheduler.changed([change]);
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

function applySettings(raw: unknown): void {
  const { settings, problems } = readSettings(raw, RULE_IDS);
  settingsWarnings.report('analysis', problems);
  workspace.setSettings(settings);
  for (const listener of settingsListeners) listener(raw);
  scheduleAll();
}

// ------------------------------------------------------------------ lifecycle

const context: ServerContext = {
  connection,
  documents,
  workspace,
  schedule,
  changed: (changes) => scheduler.changed(changes),
  warnSettings: (source, problems) => settingsWarnings.report(source, problems),
  scheduleAll,
  onInvalidate: (listener) => invalidateListeners.push(listener),
  onSettings: (listener) => settingsListeners.push(listener),
  onInitialized: (listener) => initializedListeners.push(listener),
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
  hasConfigurationCapability = !!params.capabilities?.workspace?.configuration;
  const options = params.initializationOptions as { settings?: unknown; settingsWarningsShown?: unknown } | undefined;
  settingsWarnings.restore(options?.settingsWarningsShown);
  const initial = options?.settings;
  if (initial !== undefined) applySettings(initial);
  let capabilities: InitializeResult['capabilities'] = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  };
  for (const feature of FEATURES) capabilities = { ...capabilities, ...feature.capabilities?.(params) };
  return { capabilities, serverInfo: { name: 'stateful-manifests', version: '0.1.0' } };
});

connection.onInitialized(() => {
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

for (const feature of FEATURES) feature.register(context);
registerTestHooks(context, scheduler);

documents.listen(connection);
connection.listen();
