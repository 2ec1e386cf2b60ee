import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/**
 * "Stateful Manifests: Show Rendered Manifest": the rendered output of the current Helm
 * chart template, read only, in a virtual document of the `stateful-manifests-rendered:`
 * scheme. The server renders (request `statefulManifests/renderedManifest`); the document
 * is asked for again while the template, a helper or a values file is edited.
 */
export const RENDERED_SCHEME = 'stateful-manifests-rendered';
const REQUEST = 'statefulManifests/renderedManifest';
/** Edits come in bursts: one refresh after a pause, like the diagnostics. */
const REFRESH_DELAY_MS = 150;

export function registerRenderedManifest(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const open = new Set<string>(); // rendered-view URIs shown
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const source = uri.query;
      const answer = await client()?.sendRequest<{ text?: string; unavailable?: string }>(REQUEST, { uri: source });
      if (!answer) return '# The Stateful Manifests server is not running.';
      return answer.text ?? `# ${answer.unavailable ?? 'Nothing to show.'}`;
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      for (const shown of open) changed.fire(vscode.Uri.parse(shown));
    }, REFRESH_DELAY_MS);
  };
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(RENDERED_SCHEME, provider),
    vscode.workspace.onDidOpenTextDocument((d) => { if (d.uri.scheme === RENDERED_SCHEME) open.add(d.uri.toString()); }),
    vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === RENDERED_SCHEME) open.delete(d.uri.toString()); }),
    // Any edit of a file can change a chart's render (a helper, values.yaml): the views ask again.
    vscode.workspace.onDidChangeTextDocument((e) => { if (open.size > 0 && e.document.uri.scheme === 'file') refresh(); }),
    vscode.workspace.onDidSaveTextDocument(() => { if (open.size > 0) refresh(); }),
    vscode.commands.registerCommand('statefulManifests.showRenderedManifest', async (target?: vscode.Uri) => {
      const source = target ?? vscode.window.activeTextEditor?.document.uri;
      if (!source) {
        void vscode.window.showInformationMessage('Open a Helm chart template to see its rendered manifest.');
        return;
      }
      const name = source.path.split('/').pop() ?? 'template';
      const view = vscode.Uri.from({ scheme: RENDERED_SCHEME, path: `/${name} (rendered)`, query: source.toString() });
      const document = await vscode.workspace.openTextDocument(view);
      await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
    }),
  );
}
