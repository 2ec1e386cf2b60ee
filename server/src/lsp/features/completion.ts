import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
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

/**
 * At most this many completions in one answer (issue 16): a namespace of 12,000 Services
 * made a 5 MB list of serviceName completions for each keystroke. Past it, the list says it
 * is incomplete and holds the best of those that match what is typed so far (its letters in
 * order, as the editor's own filter matches), so the editor asks again as typing narrows it.
 */
export const MAX_COMPLETION_ITEMS = 1_000;

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
    context.connection.onCompletion(answeredInSteps(context, 'completion', null, (params: CompletionParams) => params.textDocument.uri, (params): CompletionItem[] | CompletionList | null => {
      const document = context.documents.get(params.textDocument.uri);
      if (!document) return null;
      const text = document.getText();
      const all = completionsAt(context.workspace, document.uri, text, params.position);
      const entries = all.length > MAX_COMPLETION_ITEMS ? bestMatching(all, typedSoFar(document, all[0].range, params.position)) : all;
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
      const range = all.length === 0 && snippetSupport ? documentSnippetRange(text, params.position) : undefined;
      if (range) items.push(...snippetItems(range));
      return entries.length < all.length ? { isIncomplete: true, items } : items;
    }));
  },
};

/** What is typed of the word being completed: from the start of the range it replaces to the cursor, on its line. */
function typedSoFar(document: TextDocument, range: Range, position: Position): string {
  if (range.start.line !== position.line || range.start.character >= position.character) return '';
  // A word longer than any name matches nothing anyway: not copied.
  if (position.character - range.start.character > 1_000) return '\u0000';
  return document.getText({ start: range.start, end: position });
}

/** The first {@link MAX_COMPLETION_ITEMS} by sort text of the entries whose label has the typed letters in order. */
function bestMatching(entries: CompletionEntry[], typed: string): CompletionEntry[] {
  const wanted = typed.toLowerCase();
  const matches = (label: string) => {
    let at = 0;
    const lower = label.toLowerCase();
    for (const c of wanted) {
      at = lower.indexOf(c, at);
      if (at < 0) return false;
      at++;
    }
    return true;
  };
  return entries.filter((e) => matches(e.label)).sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0)).slice(0, MAX_COMPLETION_ITEMS);
}

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
