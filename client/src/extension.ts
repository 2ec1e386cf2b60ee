import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './selector';

/**
 * The VS Code client: starts the bundled language server for YAML files and gives it
 * the `statefulManifests` settings. Everything else happens in the server.
 */
let client: LanguageClient | undefined;
const SETTINGS_WARNINGS_NOTIFICATION = 'statefulManifests/settingsWarningsShown';
const SETTINGS_WARNINGS_KEY = 'statefulManifests.settingsWarningsShown';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Stateful Manifests', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Errors go to the output channel; the server is restarted by the client when it dies.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // The settings problems already shown, so a restart does not show them again (server/src/lsp/settingsWarnings.ts).
    initializationOptions: () => ({ settingsWarningsShown: context.workspaceState.get(SETTINGS_WARNINGS_KEY) }),
  };
  client = new LanguageClient('statefulManifests', 'Stateful Manifests', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('statefulManifests.restartServer', async () => {
      output.appendLine('Restarting the Stateful Manifests server.');
      await client?.restart();
    }),
  );
  context.subscriptions.push(client.onNotification(SETTINGS_WARNINGS_NOTIFICATION, (shown: unknown) => {
    void context.workspaceState.update(SETTINGS_WARNINGS_KEY, shown);
  }));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
