import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, LanguageClient, RevealOutputChannelOn, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { yamlInWorkspace } from './activation';
import { RULE_DOC_SCHEME, ruleDocScheme } from './ruleDocs';
import { registerRenderedManifest } from './renderedManifest';
import { DOCUMENT_SELECTOR } from './selector';
import { serverProcessOptions } from './serverProcess';
import { withSyntaxErrorDefault, YAML_EXTENSION_ID } from './syntaxErrors';
import { timingMiddleware } from './timing';

/**
 * The VS Code client: starts the bundled language server for YAML files and gives it
 * the `statefulManifests` settings. Everything else happens in the server, except what
 * only the editor can do: open rule pages as a rendered preview, choose the default of
 * `reportSyntaxErrors` from the extensions installed.
 */
let client: LanguageClient | undefined;
const SETTINGS_WARNINGS_NOTIFICATION = 'statefulManifests/settingsWarningsShown';
const SETTINGS_WARNINGS_KEY = 'statefulManifests.settingsWarningsShown';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Stateful Manifests', { log: true });
  context.subscriptions.push(output);
  const version = (context.extension.packageJSON as { version?: string }).version ?? 'unknown';
  output.info(`Stateful Manifests ${version} (VS Code ${vscode.version})`);
  context.subscriptions.push(...ruleDocScheme(context));

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // Node flags and environment for memory: serverProcess.ts says which and why.
  const serverProcess = serverProcessOptions(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: serverProcess },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { ...serverProcess, execArgv: [...serverProcess.execArgv, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Errors go to the output channel; the server is restarted by the client when it dies.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // ruleDocBase: rule links open a rendered preview (ruleDocs.ts). settingsWarningsShown: the settings
    // problems already shown, so a restart does not show them again (server/src/lsp/settingsWarnings.ts).
    // storagePath, extensionVersion: the workspace index cache (server/src/node/indexCache.ts), in
    // this workspace's storage folder (none without a workspace), valid for this version only.
    initializationOptions: () => ({
      ruleDocBase: `${RULE_DOC_SCHEME}:/`,
      settingsWarningsShown: context.workspaceState.get(SETTINGS_WARNINGS_KEY),
      storagePath: context.storageUri?.fsPath,
      extensionVersion: String(context.extension.packageJSON.version),
    }),
    middleware: {
      ...timingMiddleware(),
      workspace: {
        // reportSyntaxErrors unset (null) means: on unless the YAML extension reports them already.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          const yamlInstalled = !!vscode.extensions.getExtension(YAML_EXTENSION_ID);
          return result.map((value, i) => (params.items[i]?.section === 'statefulManifests' ? withSyntaxErrorDefault(value, yamlInstalled) : value));
        },
      },
    },
  };
  client = new LanguageClient('statefulManifests', 'Stateful Manifests', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('statefulManifests.restartServer', async () => {
      output.info('Restarting the Stateful Manifests server.');
      await client?.restart();
    }),
    // The YAML extension installed or removed: the default of reportSyntaxErrors changes.
    vscode.extensions.onDidChange(() => {
      if (client?.isRunning()) void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }),
  );
  registerRenderedManifest(context, () => client);
  context.subscriptions.push(client.onNotification(SETTINGS_WARNINGS_NOTIFICATION, (shown: unknown) => {
    void context.workspaceState.update(SETTINGS_WARNINGS_KEY, shown);
  }));
  // Not awaited: activation (onStartupFinished) must not wait for a workspace that may never hold YAML.
  void yamlInWorkspace(context).then(() => client?.start());
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
