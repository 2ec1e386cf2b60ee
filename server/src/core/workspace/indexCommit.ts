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
  /**
   * The resources this commit moves within the index (a kustomize refresh: ./steppedMove.ts),
   * with the keys each comes under and leaves. A moved resource is the same object before
   * and after, so it is neither incoming nor retired: what a lookup sees of it depends on the key.
   */
  readonly moves = new Map<Resource, IndexMove>();
}

/** The keys a resource moved by an {@link IndexCommit} comes under and those it leaves; under the others it stays. */
export interface IndexMove {
  readonly arriving: readonly DependencyKey[];
  readonly leaving: readonly DependencyKey[];
}

/**
 * Which resources of an index are in a commit still in flight: what {@link ResourceIndex}
 * reads to answer as if the commit were one step. While any is, every lookup is answered
 * through {@link visible}: counting, per key, the resources in flight cost a map of every
 * key the file touches (175,000 for 35,000 objects) and its growth in single steps.
 */
export class InFlight {
  private readonly commits = new Map<Resource, IndexCommit>();

  /** Whether some commit is in flight: then lookups filter what they find through {@link visible}. */
  get any(): boolean {
    return this.commits.size > 0;
  }

  /**
   * Whether a lookup of `key` sees `r` now: not while it waits to be revealed, nor once it
   * is retired; a moved one under the keys it comes to once revealed, under those it
   * leaves until then.
   */
  visible(r: Resource, key: DependencyKey): boolean {
    const commit = this.commits.get(r);
    if (commit === undefined) return true;
    const move = commit.moves.get(r);
    if (move === undefined) return commit.incoming.has(r) === commit.revealed;
    if (move.arriving.includes(key)) return commit.revealed;
    if (move.leaving.includes(key)) return !commit.revealed;
    return true;
  }

  mark(r: Resource, commit: IndexCommit): void {
    this.commits.set(r, commit);
  }

  unmark(r: Resource): void {
    this.commits.delete(r);
  }
}
