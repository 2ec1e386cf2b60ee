import type { Resource } from '../model';
import type { DependencyKey } from './keys';

/**
 * One file's new resources going into the index in steps (see ./steppedCommit.ts): the
 * new ones filed hidden, the old ones marked to retire, then {@link revealed} at once, so
 * that a lookup between two steps sees the file's old resources or its new ones, never
 * half of each. Once revealed, the steps that remain only tidy up (the old ones taken out,
 * the marks dropped): what lookups see no longer changes.
 */
export class IndexCommit {
  revealed = false;
  /** The resources this commit files (the others it marks are the ones it retires). */
  readonly incoming = new Set<Resource>();
  /**
   * The pods entries this commit filed under or took from: whether each is empty may
   * change when it is revealed (see nonEmptyKey). Kept here, not in the index's own list
   * of flips, which the next change of another file takes (and would announce too early).
   */
  readonly podsKeys = new Set<DependencyKey>();
}

/**
 * Which resources of an index are in a commit still in flight, and under which keys:
 * what {@link ResourceIndex} reads to answer as if the commit were one step.
 */
export class InFlight {
  private readonly commits = new Map<Resource, IndexCommit>();
  /** How many resources in flight each key holds: a key with none is answered as usual. */
  private readonly keyCounts = new Map<DependencyKey, number>();

  get size(): number {
    return this.commits.size;
  }

  /** Whether a lookup sees `r` now: not while it waits to be revealed, nor once it is retired. */
  visible(r: Resource): boolean {
    const commit = this.commits.get(r);
    return commit === undefined || commit.incoming.has(r) === commit.revealed;
  }

  holds(key: DependencyKey): boolean {
    return this.keyCounts.has(key);
  }

  mark(r: Resource, keys: readonly DependencyKey[], commit: IndexCommit): void {
    this.commits.set(r, commit);
    for (const key of keys) this.keyCounts.set(key, (this.keyCounts.get(key) ?? 0) + 1);
  }

  /** Drops the mark of `r`; returns the keys that hold no resource in flight any more. */
  unmark(r: Resource, keys: readonly DependencyKey[]): DependencyKey[] {
    this.commits.delete(r);
    const settled: DependencyKey[] = [];
    for (const key of keys) {
      const count = (this.keyCounts.get(key) ?? 1) - 1;
      if (count > 0) this.keyCounts.set(key, count);
      else {
        this.keyCounts.delete(key);
        settled.push(key);
      }
    }
    return settled;
  }
}
