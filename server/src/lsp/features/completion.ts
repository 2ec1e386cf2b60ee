import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver/node';
import { completionsAt, type CompletionEntry } from '../../core';
import { guarded, type Feature } from '../context';

const ITEM_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  'service': CompletionItemKind.Reference,
  'label-key': CompletionItemKind.Property,
  'label-value': CompletionItemKind.Value,
  'values-key': CompletionItemKind.Field,
  'template-name': CompletionItemKind.Function,
};

/** serviceName and selector completions (core/completion.ts), on the document's current text. */
export const completionFeature: Feature = {
  name: 'completion',
  // '.' and '"' for chart templates: `.Values.` keys, `include "` template names.
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', '.', '"'] } }),
  register(context) {
    context.connection.onCompletion(guarded(context, 'completion', null, (params: CompletionParams): CompletionItem[] | null => {
      const document = context.documents.get(params.textDocument.uri);
      if (!document) return null;
      const entries = completionsAt(context.workspace, document.uri, document.getText(), params.position);
      return entries.map((e) => ({
        label: e.label,
        kind: ITEM_KIND[e.kind],
        detail: e.detail,
        documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
        sortText: e.sortText,
        filterText: e.label,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: e.range, newText: e.newText },
      }));
    }));
  },
};
