import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR } from './selector';

/**
 * The file names the server reads (YAML and extensionless kustomizations), for findFiles.
 * Chart helpers (*.tpl) only matter beside YAML templates, which this finds first.
 */
const WORKSPACE_FILES = '**/{*.yaml,*.yml,Kustomization}';
const SKIPPED_FOLDERS = '**/{node_modules,.git}/**';
/** The client's selector holds string patterns only, which VS Code's own type accepts. */
const SELECTOR = DOCUMENT_SELECTOR as vscode.DocumentSelector;

/**
 * Resolves once the workspace holds something for the server: an open document it takes,
 * or a YAML file or Kustomization in a workspace folder (found now, or created later).
 *
 * Why: the `workspaceContains` activation events give up when VS Code's search of the
 * workspace takes over about 7 s ("Timed out while searching for 'workspaceContains'
 * pattern", seen in code-server on a loaded machine); the extension then waited until a
 * YAML file was opened, and `diagnostics.scope: workspace` showed nothing. The manifest
 * also activates on `onStartupFinished`, and this search, which has no time limit, decides
 * whether the server starts: a workspace without YAML costs one search and no server.
 */
export function yamlInWorkspace(context: vscode.ExtensionContext): Promise<void> {
  if (vscode.workspace.textDocuments.some((d) => vscode.languages.match(SELECTOR, d) > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    let done = false;
    const found = () => {
      if (done) return;
      done = true;
      for (const d of listeners) d.dispose();
      resolve();
    };
    const watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_FILES, false, true, true);
    const listeners = [
      vscode.workspace.onDidOpenTextDocument((d) => { if (vscode.languages.match(SELECTOR, d) > 0) found(); }),
      watcher.onDidCreate(found),
      watcher,
    ];
    context.subscriptions.push(...listeners);
    void vscode.workspace.findFiles(WORKSPACE_FILES, SKIPPED_FOLDERS, 1).then((uris) => { if (uris.length > 0) found(); }, () => undefined);
  });
}
