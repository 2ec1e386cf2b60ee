import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver/node';
import { completionsAt, documentSnippetRange, type CompletionEntry, type Range } from '../../core';
import snippetFile from '../../../../snippets/statefulset.json';
import { answeredInSteps, type Feature } from '../context';

const ITEM_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  'service': CompletionItemKind.Reference,
  'label-key': CompletionItemKind.Property,
  'label-value': CompletionItemKind.Value,
  'values-key': CompletionItemKind.Field,
  'template-name': CompletionItemKind.Function,
};

interface Snippet { prefix: string; description?: string; body: string | string[] }

/**
 * serviceName and selector completions (core/completion.ts), on the document's current
 * text, and the snippets of snippets/statefulset.json where a new document starts
 * (core/documentSnippets.ts says where; VS Code would offer package.json snippets in
 * every scalar value too). Snippets go only to clients that support snippet syntax.
 */
export const completionFeature: Feature = {
  name: 'completion',
  // '.' and '"' for chart templates: `.Values.` keys, `include "` template names.
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', '.', '"'] } }),
  register(context) {
    context.connection.onCompletion(answeredInSteps(context, 'completion', null, (params: CompletionParams) => params.textDocument.uri, (params): CompletionItem[] | null => {
      const document = context.documents.get(params.textDocument.uri);
      if (!document) return null;
      const text = document.getText();
      const entries = completionsAt(context.workspace, document.uri, text, params.position);
      const items: CompletionItem[] = entries.map((e) => ({
        label: e.label,
        kind: ITEM_KIND[e.kind],
        detail: e.detail,
        documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
        sortText: e.sortText,
        filterText: e.label,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: e.range, newText: e.newText },
      }));
      const snippetSupport = !!context.initializeParams.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
      const range = entries.length === 0 && snippetSupport ? documentSnippetRange(text, params.position) : undefined;
      if (range) items.push(...snippetItems(range));
      return items;
    }));
  },
};

function snippetItems(range: Range): CompletionItem[] {
  return Object.entries(snippetFile as Record<string, Snippet>).map(([name, s]) => ({
    label: s.prefix,
    kind: CompletionItemKind.Snippet,
    detail: name,
    documentation: s.description,
    sortText: `snippet-${s.prefix}`,
    filterText: s.prefix,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: Array.isArray(s.body) ? s.body.join('\n') : s.body },
  }));
}
