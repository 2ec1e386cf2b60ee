import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CancellationToken, Disposable } from 'vscode-languageserver/node';
import { wokenOrCancelled, type WorkspaceRequest } from '../../server/src/lsp/features/workspaceDiagnostics';

/** A cancellation token that counts the listeners registered on it and not disposed. */
class CountingToken implements CancellationToken {
  isCancellationRequested = false;
  readonly listeners = new Set<(event: unknown) => void>();

  readonly onCancellationRequested = (listener: (event: unknown) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  cancel(): void {
    this.isCancellationRequested = true;
    for (const listener of [...this.listeners]) listener(undefined);
  }
}

describe('a held workspace/diagnostic request waiting for changes', () => {
  it('leaves no cancellation listener behind, however often it is woken', async () => {
    const token = new CountingToken();
    const request: WorkspaceRequest = { all: false, dirty: new Set() };
    for (let i = 0; i < 50; i++) {
      const waiting = wokenOrCancelled(request, token);
      assert.equal(token.listeners.size, 1, 'listening for cancellation while it waits');
      assert.ok(request.wake, 'wakeable while it waits');
      request.wake();
      await waiting;
      assert.equal(token.listeners.size, 0, `no listener left after wait ${i + 1}`);
      assert.equal(request.wake, undefined);
    }
  });

  it('stops waiting when cancelled, and removes its listener', async () => {
    const token = new CountingToken();
    const request: WorkspaceRequest = { all: false, dirty: new Set() };
    const waiting = wokenOrCancelled(request, token);
    token.cancel();
    await waiting;
    assert.equal(token.listeners.size, 0);
    assert.equal(request.wake, undefined);
  });
});
