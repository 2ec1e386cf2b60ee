/**
 * The size and modification time of each file an index run read or took from the cache,
 * for the next index cache (./indexCache.ts). Kept in columns, not one object per file:
 * what a run keeps lives until the cache is written after the run, and each object kept
 * is copied by the garbage collector while the index is built (docs/performance.md).
 */
export class FileStats {
  /** Where each file's figures are in the columns, by path. */
  private readonly slots = new Map<string, number>();
  private readonly uris: string[] = [];
  private readonly sizes: number[] = [];
  private readonly mtimes: number[] = [];

  set(file: string, uri: string, size: number, mtimeMs: number): void {
    let slot = this.slots.get(file);
    if (slot === undefined) {
      slot = this.uris.length;
      this.slots.set(file, slot);
    }
    this.uris[slot] = uri;
    this.sizes[slot] = size;
    this.mtimes[slot] = mtimeMs;
  }

  *entries(): Generator<{ file: string; uri: string; size: number; mtimeMs: number }> {
    for (const [file, slot] of this.slots) yield { file, uri: this.uris[slot], size: this.sizes[slot], mtimeMs: this.mtimes[slot] };
  }
}
