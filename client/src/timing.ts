import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'vscode-languageclient/node';

/**
 * The client's half of the timing log of server/src/lsp/timing.ts: with
 * `STATEFUL_MANIFESTS_TIMING=<file>` in the extension host's environment, a line when an
 * edit is sent to the server, when diagnostics arrive and are handed to VS Code, and how
 * long each outline and code action request took. Without it: no middleware at all.
 */
export function timingMiddleware(file = process.env.STATEFUL_MANIFESTS_TIMING): Middleware {
  if (!file) return {};
  const mark = (step: string, details: Record<string, unknown>, at = performance.timeOrigin + performance.now()) => {
    try {
      fs.appendFileSync(file, `${at.toFixed(3)} client ${step} ${JSON.stringify(details)}\n`);
    } catch {
      // a measurement aid: never disturbs the editor
    }
  };
  const now = () => performance.timeOrigin + performance.now();
  /** Marks a request's start and its end (the result converted for VS Code). */
  const timed = async <T>(step: string, uri: string, run: () => Thenable<T> | T): Promise<T> => {
    const started = now();
    try {
      return await run();
    } finally {
      mark(step, { uri, ms: Math.round((now() - started) * 100) / 100 }, started);
    }
  };
  return {
    didChange: async (event, next) => {
      mark('didChange', { uri: event.document.uri.toString(), version: event.document.version });
      await next(event);
    },
    handleDiagnostics: (uri, diagnostics, next) => {
      const received = now();
      next(uri, diagnostics);
      mark('diagnostics', { uri: uri.toString(), diagnostics: diagnostics.length, ms: Math.round((now() - received) * 100) / 100 }, received);
    },
    provideDocumentSymbols: (document, token, next) => timed('documentSymbol', document.uri.toString(), () => next(document, token)),
    provideCodeActions: (document, range, context, token, next) => timed('codeAction', document.uri.toString(), () => next(document, range, context, token)),
  };
}
