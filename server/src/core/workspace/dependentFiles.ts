import type { DependencyKey } from './keys';

/**
 * What each file's last analysis looked up, both ways: the keys of each file, and the
 * files of each key. A change asks which files looked at any of the keys it touched;
 * walking every analysed file for that made each keystroke cost the number of files
 * analysed (20,000 with workspace diagnostics), where the key → files map costs the
 * keys of the change and the files found.
 */
export class DependentFiles {
  /** Each file's keys, and its place in the order files were first recorded (answers keep that order). */
  private readonly byFile = new Map<string, { keys: Set<DependencyKey>; order: number }>();
  private readonly byKey = new Map<DependencyKey, Set<string>>();
  private recorded = 0;

  /** Remembers what the last analysis of `uri` looked up, in place of what the one before did. */
  record(uri: string, keys: Set<DependencyKey>): void {
    const previous = this.byFile.get(uri);
    if (previous) this.unfile(uri, previous.keys);
    this.byFile.set(uri, { keys, order: previous?.order ?? this.recorded++ });
    for (const key of keys) {
      let files = this.byKey.get(key);
      if (!files) this.byKey.set(key, (files = new Set()));
      files.add(uri);
    }
  }

  forget(uri: string): void {
    const previous = this.byFile.get(uri);
    if (!previous) return;
    this.unfile(uri, previous.keys);
    this.byFile.delete(uri);
  }

  /** Whether the last analysis of `uri` looked up any of `keys`. */
  lookedAtAny(uri: string, keys: Iterable<DependencyKey>): boolean {
    const recorded = this.byFile.get(uri)?.keys;
    if (!recorded) return false;
    for (const key of keys) if (recorded.has(key)) return true;
    return false;
  }

  /** The files whose last analysis looked up any of `keys`, in the order they were first recorded. */
  lookingAt(keys: Iterable<DependencyKey>): string[] {
    const found = new Set<string>();
    for (const key of keys) for (const uri of this.byKey.get(key) ?? []) found.add(uri);
    return [...found].sort((a, b) => this.byFile.get(a)!.order - this.byFile.get(b)!.order);
  }

  private unfile(uri: string, keys: Set<DependencyKey>): void {
    for (const key of keys) {
      const files = this.byKey.get(key);
      files?.delete(uri);
      if (files?.size === 0) this.byKey.delete(key);
    }
  }
}
