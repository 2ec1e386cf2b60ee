import { DocumentHighlightKind, type DocumentHighlight, type DocumentHighlightParams } from 'vscode-languageserver/node';
import { labelHighlightsAt } from '../../core';
import { answeredInSteps, type Feature } from '../context';

/**
 * Document highlights of labels and selectors (core/selection/labelLinks.ts): on a pod
 * template label, the selector entries of the file that select it; on a selector entry,
 * the labels it selects. A label is what is written (Write), a selector entry reads it (Read).
 */
export const documentHighlightFeature: Feature = {
  name: 'documentHighlight',
  capabilities: () => ({ documentHighlightProvider: true }),
  register(context) {
    context.connection.onDocumentHighlight(answeredInSteps(context, 'documentHighlight', [], (params: DocumentHighlightParams) => params.textDocument.uri, (params): DocumentHighlight[] =>
      labelHighlightsAt(context.workspace, params.textDocument.uri, params.position).map((link) => ({
        range: link.range,
        kind: link.role === 'label' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }))));
  },
};
