import { LSPErrorCodes, MarkupKind, ResponseError, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { hoverAt } from '../../core';
import { answeredInSteps, type Feature } from '../context';

/**
 * textDocument/hover: DNS previews from the core (core/hover.ts). The core reads the
 * model of the already-parsed file, so a hover costs a lookup, never a parse.
 *
 * Editors cancel hovers all the time (the mouse moved on). The JSON-RPC library
 * dispatches a request as soon as it is read, one turn of the event loop before it
 * reads the next message, so a `$/cancelRequest` sent right behind the hover would
 * always arrive too late. The handler waits that one turn first, and answers a hover
 * cancelled by then with RequestCancelled instead of computing it.
 */
export const hoverFeature: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(context) {
    // Answered from the last committed state of other files still being parsed (Workspace.answering), in steps (answeredInSteps).
    const hover = answeredInSteps(context, 'hover', null, (params: HoverParams) => params.textDocument.uri, (params): Hover | null => {
      const result = hoverAt(context.workspace, params.textDocument.uri, params.position);
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
    });
    context.connection.onHover(async (params, token: CancellationToken) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The hover was cancelled.');
      return hover(params, token);
    });
  },
};
