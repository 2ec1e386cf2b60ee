import { Worker } from 'node:worker_threads';

/**
 * The size and modification time of the files an index cache knows, read by a worker
 * thread while the main thread builds the index from the cache (server/src/node/indexer.ts).
 * Reopening 20,000 files spent 110 ms of the main thread in `lstat` and made 17 MB of
 * `fs.Stats` garbage (a fifth of what it allocated: docs/performance.md); the worker does
 * it on the other core, and the main thread only reads numbers from shared memory, so it
 * stays free to answer requests.
 *
 * Results are written per file into shared arrays, the state last (Atomics), so a state
 * read as {@link FILE} comes with its size and time. A file the worker has not reached yet
 * reads as unknown, and the caller stats it itself: the worker never has to keep up, and
 * a worker that fails to start or dies only takes the main thread back to statting.
 */

/** Not statted yet (or the worker stopped before it). */
const UNKNOWN = 0;
/** A regular file (lstat: a link in its place is not one); its size and time are set. */
const FILE = 1;
/** Missing, unreadable, or not a regular file. */
const OTHER = 2;

/** Run in the worker (eval: one file, nothing for the bundler to resolve). Same lstat as the main thread's fallback. */
const WORKER_SOURCE = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const { paths, states, sizes, mtimes } = workerData;
for (let i = 0; i < paths.length; i++) {
  let stat;
  try { stat = fs.lstatSync(paths[i], { throwIfNoEntry: false }); } catch { stat = undefined; }
  if (stat !== undefined && stat.isFile()) {
    sizes[i] = stat.size;
    mtimes[i] = stat.mtimeMs;
    Atomics.store(states, i, ${FILE});
  } else Atomics.store(states, i, ${OTHER});
}
`;

export class StatAhead {
  private readonly states: Int32Array;
  private readonly sizes: Float64Array;
  private readonly mtimes: Float64Array;
  private worker: Worker | undefined;
  /** Settles when the worker has stopped: every path statted, stopped, or failed. */
  readonly finished: Promise<void>;

  /** Starts statting `paths` in order; {@link isFile} and the rest answer by index into it. */
  constructor(paths: readonly string[]) {
    const count = paths.length;
    this.states = new Int32Array(new SharedArrayBuffer(4 * count));
    this.sizes = new Float64Array(new SharedArrayBuffer(8 * count));
    this.mtimes = new Float64Array(new SharedArrayBuffer(8 * count));
    let worker: Worker | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { paths, states: this.states, sizes: this.sizes, mtimes: this.mtimes } });
    } catch {
      worker = undefined; // no thread to be had: every file is statted by the caller
    }
    this.worker = worker;
    // An error ends it like its end: the caller stats what is left. Not unref'd: it ends by
    // itself after one lstat per path, and the index run stops it when done or given up.
    this.finished = worker ? new Promise((resolve) => {
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    }) : Promise.resolve();
  }

  /** Whether the worker found file `i` a regular file; undefined when it has not statted it (the caller does). */
  isFile(i: number): boolean | undefined {
    const state = Atomics.load(this.states, i);
    return state === UNKNOWN ? undefined : state === FILE;
  }

  /** The size of file `i`, once {@link isFile} said true. */
  size(i: number): number {
    return this.sizes[i];
  }

  /** The modification time of file `i` (ms, as fs.Stats.mtimeMs), once {@link isFile} said true. */
  mtimeMs(i: number): number {
    return this.mtimes[i];
  }

  /** Stops the worker; results not written yet stay unknown. */
  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
