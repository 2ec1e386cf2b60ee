import type { Resource } from '../model';
import { compareLocations, indexKeys, type DependencyKey } from './keys';
import { isStandIn } from '../scannedFile';

/**
 * The workspace's resources by index key (kind and namespace, kind and name, pods of a
 * namespace: see ./keys.ts). It holds resources already placed (their effective namespace
 * and kustomize facts set by the workspace); it only files them and answers lookups.
 */
export class ResourceIndex {
  private readonly sets = new Map<DependencyKey, Set<Resource>>();
  /**
   * Each index entry in a canonical order: by file, then by place in the file, made when
   * first asked for after a change. Lookups answer in this order, never in the order
   * files happened to be opened or edited: with two Services of one name, the rules
   * take the first, and a fresh analysis and an incremental one must take the same.
   */
  private readonly ordered = new Map<DependencyKey, Resource[]>();

  /** `parse(uri)` parses a scanned file, putting its objects in the place of its stand-ins (see ../scannedFile.ts). */
  constructor(private readonly parse: (uri: string) => void) {}

  add(r: Resource): void {
    this.addUnder(r, indexKeys(r));
  }

  /** Files the resource under these keys (its own, for a namespace not yet written on it: see ./stagedIndex.ts). */
  addUnder(r: Resource, keys: readonly DependencyKey[]): void {
    for (const key of keys) {
      this.ordered.delete(key);
      let set = this.sets.get(key);
      if (!set) {
        set = new Set();
        this.sets.set(key, set);
      }
      set.add(r);
    }
  }

  remove(r: Resource): void {
    this.removeUnder(r, indexKeys(r));
  }

  removeUnder(r: Resource, keys: readonly DependencyKey[]): void {
    for (const key of keys) {
      this.ordered.delete(key);
      this.sets.get(key)?.delete(r);
    }
  }

  /** Whether the resource is filed (under its first key: all its keys are filed together). */
  has(r: Resource): boolean {
    return this.sets.get(indexKeys(r)[0])?.has(r) ?? false;
  }

  /** Forgets the canonical order of an entry whose resources moved within their file. */
  reorder(key: DependencyKey): void {
    this.ordered.delete(key);
  }

  inOrder(key: DependencyKey): readonly Resource[] {
    let list = this.ordered.get(key);
    if (!list) {
      const found = this.sets.get(key) ?? new Set();
      // Stand-ins of scanned files: their files are parsed, and their objects take their place.
      for (const r of [...found]) if (isStandIn(r)) this.parse(r.uri);
      list = [...found].sort(compareLocations);
      this.ordered.set(key, list);
    }
    return list;
  }
}
