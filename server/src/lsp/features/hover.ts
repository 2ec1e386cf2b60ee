import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { hoverAt } from '../../core';
import { guarded, type Feature } from '../context';

/**
 * textDocument/hover: DNS previews from the core (core/hover.ts). The core reads the
 * model of the already-parsed file, so a hover costs a lookup, never a parse.
 */
export const hoverFeature: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(context) {
    context.connection.onHover(guarded(context, 'hover', null, (params): Hover | null => {
      const result = hoverAt(context.workspace, params.textDocument.uri, params.position);
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    }));
  },
};
