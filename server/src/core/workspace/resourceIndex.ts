import type { Resource } from '../model';
import { compareLocations, indexKeys, type DependencyKey } from './keys';
import { isStandIn } from '../scannedFile';

/**
 * The workspace's resources by index key (kind and namespace, kind and name, pods of a
 * namespace: see ./keys.ts). It holds resources already placed (their effective namespace
 * and kustomize facts set by the workspace); it only files them and answers lookups.
 */
/**
 * The resources under one key: most keys hold one (a name in a namespace), so one is kept
 * as it is and a Set is made for the second: 35,000 objects of one file file 70,000 name
 * keys, and a Set each was most of the time (and garbage) of indexing them.
 */
type Entry = Resource | Set<Resource>;

const members = (entry: Entry | undefined): Resource[] => (entry === undefined ? [] : entry instanceof Set ? [...entry] : [entry]);

export class ResourceIndex {
  private readonly entries = new Map<DependencyKey, Entry>();
  /**
   * Each index entry in a canonical order: by file, then by place in the file, made when
   * first asked for after a change. Lookups answer in this order, never in the order
   * files happened to be opened or edited: with two Services of one name, the rules
   * take the first, and a fresh analysis and an incremental one must take the same.
   */
  private readonly ordered = new Map<DependencyKey, Resource[]>();

  /** `parse(uri)` parses a scanned file, putting its objects in the place of its stand-ins (see ../scannedFile.ts). */
  constructor(private readonly parse: (uri: string) => void) {}

  /** Files the resource under its keys, and returns them. */
  add(r: Resource): DependencyKey[] {
    const keys = indexKeys(r);
    this.addUnder(r, keys);
    return keys;
  }

  /** Files the resource under these keys (its own, for a namespace not yet written on it: see ./stagedIndex.ts). */
  addUnder(r: Resource, keys: readonly DependencyKey[]): void {
    for (const key of keys) {
      this.ordered.delete(key);
      const entry = this.entries.get(key);
      if (entry === undefined) this.entries.set(key, r);
      else if (entry instanceof Set) entry.add(r);
      else if (entry !== r) this.entries.set(key, new Set([entry, r]));
    }
  }

  /** Takes the resource out from under its keys, and returns them. */
  remove(r: Resource): DependencyKey[] {
    const keys = indexKeys(r);
    this.removeUnder(r, keys);
    return keys;
  }

  removeUnder(r: Resource, keys: readonly DependencyKey[]): void {
    for (const key of keys) {
      this.ordered.delete(key);
      const entry = this.entries.get(key);
      if (entry === r) this.entries.delete(key);
      else if (entry instanceof Set && entry.delete(r) && entry.size === 0) this.entries.delete(key);
    }
  }

  /** Whether the resource is filed (under its first key: all its keys are filed together). */
  has(r: Resource): boolean {
    const entry = this.entries.get(indexKeys(r)[0]);
    return entry === r || (entry instanceof Set && entry.has(r));
  }

  /** Forgets the canonical order of an entry whose resources moved within their file. */
  reorder(key: DependencyKey): void {
    this.ordered.delete(key);
  }

  inOrder(key: DependencyKey): readonly Resource[] {
    let list = this.ordered.get(key);
    if (!list) {
      // Stand-ins of scanned files: their files are parsed, and their objects take their place.
      for (const r of members(this.entries.get(key))) if (isStandIn(r)) this.parse(r.uri);
      list = members(this.entries.get(key)).sort(compareLocations);
      this.ordered.set(key, list);
    }
    return list;
  }
}
