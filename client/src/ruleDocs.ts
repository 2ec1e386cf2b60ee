import * as vscode from 'vscode';

/**
 * Rule pages open rendered and read-only. A diagnostic's `codeDescription.href` cannot
 * be a `command:` URI, and a `file:` URI opens the page as an editable file inside the
 * installed extension. So the server links to `stateful-manifests-rule:/<id>.md` (the
 * client asks for it with the initialization option `ruleDocBase`): VS Code opens that
 * URI as a read-only document from the content provider below, and as soon as its tab
 * appears it is replaced by the Markdown preview of the page shipped in docs/rules/.
 */
export const RULE_DOC_SCHEME = 'stateful-manifests-rule';

export function ruleDocScheme(context: vscode.ExtensionContext): vscode.Disposable[] {
  const pageOf = (uri: vscode.Uri) => {
    const id = uri.path.replace(/^\/+/, '').replace(/\.md$/, '');
    return /^[a-z0-9-]+$/.test(id) ? vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`) : undefined;
  };
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const page = pageOf(uri);
      if (!page) return `No rule page for ${uri.toString()}.`;
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(page));
      } catch {
        return `No rule page for ${uri.toString()}.`;
      }
    },
  };
  const opening = new Set<string>(); // a tab fires "changed" too: one preview per opening
  const showPreview = async (uri: vscode.Uri) => {
    const page = pageOf(uri);
    if (!page || opening.has(uri.toString())) return;
    opening.add(uri.toString());
    try {
      await vscode.commands.executeCommand('markdown.showPreview', page);
      const raw = vscode.window.tabGroups.all.flatMap((group) => group.tabs)
        .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
      if (raw.length > 0) await vscode.window.tabGroups.close(raw, true);
    } finally {
      opening.delete(uri.toString());
    }
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, provider),
    vscode.window.tabGroups.onDidChangeTabs((event) => {
      for (const tab of [...event.opened, ...event.changed]) {
        const input = tab.input;
        if (input instanceof vscode.TabInputText && input.uri.scheme === RULE_DOC_SCHEME) void showPreview(input.uri);
      }
    }),
  ];
}
