import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type Location, type ReferenceParams, type SymbolInformation } from 'vscode-languageserver/node';
import { documentSymbols, MAX_OUTLINE_OBJECTS, objectsLeftOutOfOutline, referencesAt, type OutlineSymbol, type SymbolKindName } from '../../core';
import { answeredInSteps, guarded, type Feature } from '../context';
import { epochNow, mark, round } from '../timing';

const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  workload: SymbolKind.Class,
  service: SymbolKind.Interface,
  object: SymbolKind.Object,
  container: SymbolKind.Module,
  port: SymbolKind.Property,
};

function toDocumentSymbol(s: OutlineSymbol): DocumentSymbol {
  return { name: s.name, detail: s.detail, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange, children: s.children.map(toDocumentSymbol) };
}

/**
 * Find references from a Service to the StatefulSets it governs, and the outline
 * (one symbol per Kubernetes object). Go to definition belongs to the hover feature.
 */
export const navigationFeature: Feature = {
  name: 'navigation',
  capabilities: () => ({ referencesProvider: true, documentSymbolProvider: { label: 'Kubernetes objects' } }),
  register(context) {
    context.connection.onReferences(answeredInSteps(context, 'references', [], (params: ReferenceParams) => params.textDocument.uri, (params): Location[] =>
      referencesAt(context.workspace, params.textDocument.uri, params.position, params.context.includeDeclaration)));
    // The editor asks for the outline (breadcrumbs) after every edit; on a large file it costs
    // far more than analysing the edit, so it waits until the edit's diagnostics are out, and
    // is not computed at all when the editor has cancelled it meanwhile (the next keystroke).
    const toldOutlineCut = new Set<string>();
    const outline = guarded(context, 'documentSymbol', [], (params: DocumentSymbolParams): DocumentSymbol[] | SymbolInformation[] => {
      const uri = params.textDocument.uri;
      const symbols = documentSymbols(context.workspace, uri);
      const leftOut = objectsLeftOutOfOutline(context.workspace, uri);
      if (leftOut > 0 && !toldOutlineCut.has(uri)) {
        // Once per file, in the Output channel: the outline is asked after every pause in typing.
        toldOutlineCut.add(uri);
        context.connection.console.info(`The outline lists the first ${MAX_OUTLINE_OBJECTS.toLocaleString('en')} objects of ${uri}; ${leftOut.toLocaleString('en')} more ${leftOut === 1 ? 'is' : 'are'} left out (docs/limits.md).`);
      }
      if (context.initializeParams.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport) return symbols.map(toDocumentSymbol);
      // A client without the hierarchy gets a flat list, children naming their container.
      const flat: SymbolInformation[] = [];
      const walk = (s: OutlineSymbol, containerName?: string): void => {
        flat.push({ name: s.name, kind: SYMBOL_KIND[s.kind], location: { uri, range: s.range }, containerName });
        for (const child of s.children) walk(child, s.name);
      };
      for (const s of symbols) walk(s);
      return flat;
    });
    context.connection.onDocumentSymbol(async (params, token) => {
      await context.settled(params.textDocument.uri);
      if (token.isCancellationRequested) return null;
      const started = epochNow();
      const symbols = outline(params);
      mark('outline', { uri: params.textDocument.uri, symbols: symbols.length, ms: round(epochNow() - started) }, started);
      return symbols;
    });
  },
};
