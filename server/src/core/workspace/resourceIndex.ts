import type { Resource } from '../model';
import { compareLocations, indexKeys, isPodsKey, kindKey, nonEmptyKey, type DependencyKey } from './keys';
import { isStandIn } from '../scannedFile';
import { InFlight, type IndexCommit } from './indexCommit';

const NONE: readonly DependencyKey[] = Object.freeze([]);
const NO_FILES: readonly string[] = Object.freeze([]);

/**
 * The workspace's resources by index key (kind and namespace, kind and name, pods of a
 * namespace: see ./keys.ts). It holds resources already placed (their effective namespace
 * and kustomize facts set by the workspace); it only files them and answers lookups.
 */
export class ResourceIndex {
  /**
   * The resources under each key: one resource as itself, more in a Set. Most keys name
   * one object (`StatefulSet/ns/web`), and a Set for each of them was two thirds of the
   * objects a reopened 20,000-file workspace kept (heap snapshot): each cost the garbage
   * collector a copy while the index was built (docs/performance.md).
   */
  private readonly entries = new Map<DependencyKey, Resource | Set<Resource>>();
  /**
   * Each index entry in a canonical order: by file, then by place in the file, made when
   * first asked for after a change. Lookups answer in this order, never in the order
   * files happened to be opened or edited: with two Services of one name, the rules
   * take the first, and a fresh analysis and an incremental one must take the same.
   */
  private readonly ordered = new Map<DependencyKey, Resource[]>();

  /**
   * Entries that became empty or stopped being empty since {@link takeFlipped}: a lookup
   * that asks only whether an entry has anything depends on these flips, not on every
   * resource filed there (see nonEmptyKey). Kept for the pods entries only, the only ones asked so.
   */
  private readonly flipped = new Set<DependencyKey>();

  /**
   * Resources of commits made in steps (./steppedCommit.ts), filed but not revealed yet or
   * revealed but not tidied up: while there are any, lookups are answered through what is visible.
   */
  private readonly inFlight = new InFlight();
  /** The canonical order of keys while commits are in flight, as lookups see them now: what is visible changes when a commit is revealed. */
  private inFlightOrdered = new Map<DependencyKey, Resource[]>();

  /** `parse(uri)` parses a scanned file, putting its objects in the place of its stand-ins (see ../scannedFile.ts). */
  constructor(private readonly parse: (uri: string) => void) {}

  /** Files `r` under its keys, and returns them. */
  add(r: Resource): DependencyKey[] {
    const keys = indexKeys(r);
    this.addUnder(r, keys);
    return keys;
  }

  /** Files `r` under these keys (its own, for a namespace not yet written on it: see ./stagedIndex.ts). */
  addUnder(r: Resource, keys: readonly DependencyKey[]): void {
    for (const key of keys) this.forgetOrder(key);
    this.file(r, keys, this.flipped);
  }

  /** Files `r` under `keys`, noting in `flips` the pods entries it fills; what lookups see is the caller's to forget. */
  private file(r: Resource, keys: readonly DependencyKey[], flips: Set<DependencyKey>): void {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry === undefined) {
        this.entries.set(key, r);
        if (isPodsKey(key)) flips.add(key);
      } else if (entry instanceof Set) entry.add(r);
      else if (entry !== r) this.entries.set(key, new Set([entry, r]));
      // Whether an entry with resources in flight is empty depends on what is visible: assume it flipped.
      if (flips === this.flipped && isPodsKey(key) && this.inFlight.any) flips.add(key);
    }
  }

  /** Takes `r` out of its keys, and returns them. */
  remove(r: Resource): DependencyKey[] {
    const keys = indexKeys(r);
    this.removeUnder(r, keys);
    return keys;
  }

  /** Takes `r` out from under these keys (those {@link addUnder} filed it under). */
  removeUnder(r: Resource, keys: readonly DependencyKey[]): void {
    for (const key of keys) this.forgetOrder(key);
    this.unfile(r, keys, this.flipped);
  }

  private unfile(r: Resource, keys: readonly DependencyKey[], flips: Set<DependencyKey>): void {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry === r) {
        this.entries.delete(key);
        if (isPodsKey(key)) flips.add(key);
      } else if (entry instanceof Set) {
        entry.delete(r);
        // Back to one resource as itself, so a key's memory follows what it holds.
        if (entry.size === 1) this.entries.set(key, entry.values().next().value!);
        else if (entry.size === 0) {
          this.entries.delete(key);
          if (isPodsKey(key)) flips.add(key);
        }
      }
      if (flips === this.flipped && isPodsKey(key) && this.inFlight.any) flips.add(key);
    }
  }

  /**
   * Files `r` under `keys` for `commit`, hidden from lookups until the commit is
   * {@link reveal}ed. What lookups see does not change, so no order is forgotten.
   */
  fileHidden(r: Resource, keys: readonly DependencyKey[], commit: IndexCommit): void {
    commit.incoming.add(r);
    this.inFlight.mark(r, commit);
    this.file(r, keys, commit.podsKeys);
    for (const key of keys) if (isPodsKey(key)) commit.podsKeys.add(key);
  }

  /** Marks `r`, filed under `keys`, to leave the lookups' sight when `commit` is revealed. */
  retire(r: Resource, keys: readonly DependencyKey[], commit: IndexCommit): void {
    this.inFlight.mark(r, commit);
    for (const key of keys) if (isPodsKey(key)) commit.podsKeys.add(key);
  }

  /** Lookups see the resources `commit` filed instead of those it retires, all at once. */
  reveal(commit: IndexCommit): void {
    commit.revealed = true;
    // Every key looked up since a commit began was answered from here, and may have changed.
    this.inFlightOrdered = new Map();
  }

  /**
   * After {@link reveal}: takes a retired `r` out of its keys, or keeps a filed one as any
   * other. The order kept before the commit for its keys is out of date; once nothing is in
   * flight, lookups are answered as usual again.
   */
  settle(r: Resource, keys: readonly DependencyKey[], commit: IndexCommit): void {
    if (!commit.incoming.has(r)) this.unfile(r, keys, commit.podsKeys);
    this.settled(r, keys);
  }

  /**
   * Files `r`, filed under `keysNow` (or not at all: a kustomize patch file's object), also
   * under those of `keysAfter` it is not under yet, hidden until `commit` is revealed; then
   * it leaves those of `keysNow` it is no longer under ({@link settleMove}). `keysAfter` is
   * empty when it will not be filed. The resource's placement is the caller's to write,
   * in the step that reveals the commit: lookups read it.
   */
  fileMoving(r: Resource, keysNow: readonly DependencyKey[], keysAfter: readonly DependencyKey[], commit: IndexCommit): void {
    const filedNow = keysNow.length > 0 && this.holds(keysNow[0], r) ? keysNow : NONE;
    const move = {
      arriving: keysAfter.filter((key) => !filedNow.includes(key)),
      leaving: filedNow.filter((key) => !keysAfter.includes(key)),
    };
    commit.moves.set(r, move);
    this.inFlight.mark(r, commit);
    this.file(r, move.arriving, commit.podsKeys);
    for (const key of [...move.arriving, ...move.leaving]) if (isPodsKey(key)) commit.podsKeys.add(key);
  }

  /** After {@link reveal}: takes a moved `r` out of the keys it left ({@link fileMoving}). */
  settleMove(r: Resource, commit: IndexCommit): void {
    const move = commit.moves.get(r);
    if (!move) return;
    this.unfile(r, move.leaving, commit.podsKeys);
    this.settled(r, move.leaving);
    for (const key of move.arriving) this.ordered.delete(key);
  }

  /** `r`, under `keys`, is no longer in flight: the order kept before its commit for them is out of date. */
  private settled(r: Resource, keys: readonly DependencyKey[]): void {
    this.inFlight.unmark(r);
    for (const key of keys) this.ordered.delete(key);
    if (!this.inFlight.any) this.inFlightOrdered = new Map();
  }

  /** Drops the canonical order of `key`; while none is kept (building the index), without a lookup. */
  private forgetOrder(key: DependencyKey): void {
    if (this.ordered.size > 0) this.ordered.delete(key);
    if (this.inFlightOrdered.size > 0) this.inFlightOrdered.delete(key);
  }

  /**
   * Whether the resource is filed: under its kind-in-namespace key, the first of
   * {@link indexKeys} (all its keys are filed together), made alone rather than with the
   * narrow keys, whose DNS labels read every string of the resource.
   */
  has(r: Resource): boolean {
    const key = kindKey(r.kind.value, r.namespace);
    return this.holds(key, r) && this.inFlight.visible(r, key);
  }

  /** Whether `r` is filed under `key`, seen by lookups or not. */
  private holds(key: DependencyKey, r: Resource): boolean {
    const entry = this.entries.get(key);
    return entry instanceof Set ? entry.has(r) : entry === r;
  }

  /** The {@link nonEmptyKey} of each entry that flipped since the last call, for a change's keys. */
  takeFlipped(): readonly DependencyKey[] {
    // Asked after every change, most of which flip nothing: no new arrays then.
    if (this.flipped.size === 0) return NONE;
    const keys = [...this.flipped].map(nonEmptyKey);
    this.flipped.clear();
    return keys;
  }

  /** Forgets the canonical order of an entry whose resources moved within their file. */
  reorder(key: DependencyKey): void {
    this.forgetOrder(key);
  }

  inOrder(key: DependencyKey): readonly Resource[] {
    const kept = this.orderKept(key);
    if (kept) return kept;
    // Stand-ins of scanned files: their files are parsed, and their objects take their place.
    // A parse may end a commit in flight (Workspace.parseScannedFile): what is in flight is read after it.
    // Not those a commit in flight files hidden (a close in steps bringing the disk's back):
    // parsing one ends that commit in one piece, and no lookup sees them yet.
    for (const r of this.members(key)) if (isStandIn(r) && this.inFlight.visible(r, key)) this.parse(r.uri);
    const inFlight = this.inFlight.any;
    const list = inFlight ? this.members(key).filter((r) => this.inFlight.visible(r, key)) : this.members(key);
    list.sort(compareLocations);
    (inFlight ? this.inFlightOrdered : this.ordered).set(key, list);
    return list;
  }

  /** The canonical order of `key` kept for what lookups see now, if any. */
  private orderKept(key: DependencyKey): Resource[] | undefined {
    return (this.inFlight.any ? this.inFlightOrdered : this.ordered).get(key);
  }

  /**
   * Whether a lookup of `key` finds anything, without putting its entry in order: a pods
   * entry holds every template of a namespace (35,000 in one file: a sort of them for a yes).
   */
  hasAny(key: DependencyKey): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    for (const r of entry instanceof Set ? entry : [entry]) if (!isStandIn(r) && this.inFlight.visible(r, key)) return true;
    // Only stand-ins (parsed, they may have no template) or objects not shown: as a lookup answers.
    return this.inOrder(key).length > 0;
  }

  /**
   * The files {@link inOrder} (or, with `unlessAny`, {@link hasAny}) would parse before
   * answering `key`: those of its stand-ins; none once the entry is in order.
   */
  unparsedFiles(key: DependencyKey, unlessAny = false): readonly string[] {
    if (this.orderKept(key)) return NO_FILES;
    const entry = this.entries.get(key);
    if (entry === undefined) return NO_FILES;
    let uris: Set<string> | undefined;
    for (const r of entry instanceof Set ? entry : [entry]) {
      if (!this.inFlight.visible(r, key)) continue;
      if (isStandIn(r)) (uris ??= new Set()).add(r.uri);
      else if (unlessAny) return NO_FILES;
    }
    return uris ? [...uris] : NO_FILES;
  }

  /** A copy of the resources under `key`, in no particular order. */
  private members(key: DependencyKey): Resource[] {
    const entry = this.entries.get(key);
    return entry === undefined ? [] : entry instanceof Set ? [...entry] : [entry];
  }
}
