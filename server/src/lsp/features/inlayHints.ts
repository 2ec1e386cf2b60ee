import { InlayHint, InlayHintLabelPart, type InlayHintParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { selectionHintSteps, type SelectionHint } from '../../core';
import { answerMadeInSteps, type Feature, type ServerContext } from '../context';

/**
 * Inlay hints of what selects what (core/selection/inlayHints.ts), at the end of the line
 * of each selector and pod template's labels, each name a part that links to its object.
 * `statefulManifests.inlayHints.enabled: false` turns them off. When other files change
 * (what a selector selects may live elsewhere), the client is asked to refresh them.
 */
export const inlayHintsFeature: Feature = {
  name: 'inlayHints',
  capabilities: () => ({ inlayHintProvider: { resolveProvider: false } }),
  register(context) {
    let enabled = true;
    const refresh = refresher(context);
    context.onSettings((raw) => {
      const setting = (raw as { inlayHints?: { enabled?: unknown } } | undefined)?.inlayHints?.enabled;
      const next = setting !== false;
      if (next !== enabled) {
        enabled = next;
        refresh();
      }
    });
    // While off, the editor shows none: nothing to refresh until they are turned on again.
    context.onInvalidate(() => enabled && refresh());
    context.connection.languages.inlayHint.on(answerMadeInSteps(context, 'inlayHint', [], (params: InlayHintParams) => params.textDocument.uri, function* (params): Generator<void, InlayHint[]> {
      const document = context.documents.get(params.textDocument.uri);
      if (!enabled || !document) return [];
      const hints = yield* selectionHintSteps(context.workspace, document.uri, params.range);
      return hints.map((hint) => toInlayHint(hint, document));
    }));
  },
};

function toInlayHint(hint: SelectionHint, document: TextDocument): InlayHint {
  const label = hint.parts.map((part) => {
    const label = InlayHintLabelPart.create(part.text);
    if (part.target) label.location = part.target;
    return label;
  });
  return { position: lineEnd(document, hint.line), label, paddingLeft: true, tooltip: hint.tooltip };
}

/**
 * The end of a line, before its line break: where VS Code shows a hint after the text.
 * Only the line's last two characters are read: a selector written on one line may be
 * megabytes long, and copying it for each hint made a request cost its length.
 */
function lineEnd(document: TextDocument, line: number) {
  const start = document.offsetAt({ line, character: 0 });
  const next = document.offsetAt({ line: line + 1, character: 0 });
  const tail = document.getText({ start: document.positionAt(Math.max(start, next - 2)), end: document.positionAt(next) });
  const breakLength = tail.endsWith('\r\n') ? 2 : tail.endsWith('\n') || tail.endsWith('\r') ? 1 : 0;
  return { line, character: next - breakLength - start };
}

/**
 * `workspace/inlayHint/refresh`, when the client supports it, at most once per 300 ms:
 * every analysis of an edit invalidates, and the editor asks again for the visible ranges.
 */
function refresher(context: ServerContext): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (!context.initializeParams.capabilities.workspace?.inlayHint?.refreshSupport || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      context.connection.languages.inlayHint.refresh().catch(() => undefined);
    }, 300);
  };
}
