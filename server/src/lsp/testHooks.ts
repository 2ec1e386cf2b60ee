import { guarded, requestSlice, type ServerContext } from './context';
import type { Scheduler } from './scheduler';
import { indexingHold } from './features/workspaceIndex';

/**
 * Requests that exist only when the server is started with `--test-hooks`, so tests
 * can make the server do what a bug would do and check that it survives. An editor
 * never passes the flag; without it nothing here is registered.
 */
export const TEST_HOOKS_FLAG = '--test-hooks';

export function registerTestHooks(context: ServerContext, scheduler: Scheduler, argv: readonly string[] = process.argv): void {
  if (!argv.includes(TEST_HOOKS_FLAG)) return;
  // A request handler that throws, as a feature with a bug would: `guarded` must log
  // the error and answer the fallback, and the server must go on serving.
  context.connection.onRequest('statefulManifests/test/throw', guarded(context, 'statefulManifests/test/throw', null, () => {
    throw new Error('failure forced by a test');
  }));
  // A request that keeps the event loop busy, as a slow synchronous handler would, so a
  // test can queue messages behind it (e.g. a request and its cancellation).
  context.connection.onRequest('statefulManifests/test/block', guarded(context, 'statefulManifests/test/block', null, (params: { ms?: number }) => {
    const until = Date.now() + Math.min(Number(params?.ms) || 0, 5_000);
    while (Date.now() < until) { /* busy on purpose */ }
    return null;
  }));
  // The heap the server keeps, after a full collection when node runs with --expose-gc:
  // what the benchmark reports as the memory kept for a file (RSS also counts garbage).
  context.connection.onRequest('statefulManifests/test/heap', guarded(context, 'statefulManifests/test/heap', null, () => {
    (globalThis as { gc?: () => void }).gc?.();
    return { ...process.memoryUsage(), collected: typeof (globalThis as { gc?: unknown }).gc === 'function' };
  }));
  // Stops the next analysis that takes more than one step after its first step (answered
  // with its URI then), until `release`: a test changes the workspace in between, as a
  // message handled between two slices of a long analysis would.
  context.connection.onRequest('statefulManifests/test/holdNextAnalysis', () => scheduler.holdNextAnalysis());
  // The same for the next text that takes more than `afterSteps` (default 1) steps to parse: it stays pending.
  context.connection.onRequest('statefulManifests/test/holdNextParse', (params: { afterSteps?: number } | null) => scheduler.holdNextParse(Number(params?.afterSteps) || 1));
  // The same for the next settings that take more than one step to apply (a re-index).
  context.connection.onRequest('statefulManifests/test/holdNextSettings', () => scheduler.holdNextSettings());
  // How much the scheduler worked: slices run and slices skipped while texts kept arriving;
  // whether a kustomize refresh is under way as this request is answered (between its steps).
  context.connection.onRequest('statefulManifests/test/schedulerStats', () => ({ ...scheduler.stats, parsing: scheduler.parsing, kustomizeRefreshing: scheduler.kustomizeRefreshing }));
  // The time budget of each slice (ms): 0 runs one step of work per slice, so a test sees
  // work split in slices on a machine fast enough to do it all within one.
  context.connection.onRequest('statefulManifests/test/sliceBudget', (params: { ms: number }) => {
    scheduler.sliceMs = params.ms;
    requestSlice.ms = params.ms;
    return null;
  });
  // Starts the longest slice and step figures again, to measure one phase (a settings change after an open).
  context.connection.onRequest('statefulManifests/test/resetSchedulerStats', () => {
    scheduler.stats.longestSliceMs = 0;
    scheduler.stats.longestStepMs = {};
    return null;
  });
  // Holds the workspace index after its current slice until `releaseIndexing`: a test
  // asks a hover while indexing is certainly not done (issue #15: the editor never waits on it).
  let releaseIndexing: (() => void) | undefined;
  context.connection.onRequest('statefulManifests/test/holdIndexing', () => {
    indexingHold.until ??= new Promise<void>((resolve) => { releaseIndexing = resolve; });
    return null;
  });
  context.connection.onRequest('statefulManifests/test/releaseIndexing', () => {
    indexingHold.until = undefined;
    releaseIndexing?.();
    return null;
  });
  context.connection.onRequest('statefulManifests/test/release', guarded(context, 'statefulManifests/test/release', null, () => {
    scheduler.release();
    return null;
  }));
}
