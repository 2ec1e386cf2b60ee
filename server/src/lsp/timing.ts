import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Message, MessageStrategy } from 'vscode-languageserver/node';

/**
 * Where the time goes between a keystroke and its squiggle, step by step: with the
 * environment variable `STATEFUL_MANIFESTS_TIMING=<file>`, the server appends one line per
 * step to that file (the VS Code client does the same from client/src/timing.ts), and
 * scripts/bench-editor.mjs lines them up with the keystrokes it times in the page.
 * Unset (always, outside measurements), nothing is written and nothing is measured.
 *
 * A line: `<epoch ms, 3 decimals> <who> <step> <JSON details>`, the step one word (no space:
 * scripts/bench-editor.mjs reads it as one). Epoch times, so the server, the extension host
 * and the browser, all on one machine, share a clock.
 */
const file = process.env.STATEFUL_MANIFESTS_TIMING || undefined;

export const timingEnabled = file !== undefined;

/** Now, in epoch milliseconds with sub-millisecond precision. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function mark(step: string, details?: Record<string, unknown>, at = epochNow()): void {
  if (!file) return;
  try {
    fs.appendFileSync(file, `${at.toFixed(3)} server ${step}${details ? ` ${JSON.stringify(details)}` : ''}\n`);
  } catch {
    // a measurement aid: a file that cannot be written never disturbs the server
  }
}

/**
 * The message strategy `inner`, and when timing is on, a line per message handed to its
 * handler: when (after waiting in the library's queue behind the server's own work) and how
 * long the handler ran before returning (the synchronous part; an async handler goes on after).
 */
export function timedStrategy(inner: MessageStrategy): MessageStrategy {
  if (!timingEnabled) return inner;
  return {
    handleMessage(message: Message, next: Parameters<MessageStrategy['handleMessage']>[1]) {
      const started = epochNow();
      const result = inner.handleMessage(message, next);
      const params = (message as { params?: { textDocument?: { version?: number } } }).params;
      mark('handled', { method: (message as { method?: string }).method, id: (message as { id?: unknown }).id, version: params?.textDocument?.version, ms: round(epochNow() - started) }, started);
      return result;
    },
  };
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
