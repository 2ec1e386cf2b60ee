import { runToEnd, WorkBudget, type Steps } from '../steps';
import type { DependencyKey } from './keys';

/**
 * Keys recorded between two yields of {@link DependentFiles.recordSteps}: each is a map
 * lookup and often a new set, about 2.5 µs, so a step costs a few milliseconds. The
 * analysis of a 10 MB file of 35,425 StatefulSets looks up about as many keys: recorded
 * whole, that was 40-50 ms in the one step that ended the analysis (issue 16).
 */
export const KEYS_PER_STEP = 4_096;

/** A file's recorded keys (exactly those under which {@link DependentFiles} files it), its place in the order, and which record last began. */
interface FileEntry {
  keys: Set<DependencyKey>;
  order: number;
  generation: number;
}

/**
 * What each file's last analysis looked up, both ways: the keys of each file, and the
 * files of each key. A change asks which files looked at any of the keys it touched;
 * walking every analysed file for that made each keystroke cost the number of files
 * analysed (20,000 with workspace diagnostics), where the key → files map costs the
 * keys of the change and the files found.
 */
export class DependentFiles {
  /** Each file's keys, and its place in the order files were first recorded (answers keep that order). */
  private readonly byFile = new Map<string, FileEntry>();
  /** The files of each key: most keys are looked at by one file, kept as its URI, not a set of one (a new set per key was most of the cost of a record). */
  private readonly byKey = new Map<DependencyKey, string | Set<string>>();
  private recorded = 0;

  /** Remembers what the last analysis of `uri` looked up, in place of what the one before did. */
  record(uri: string, keys: ReadonlySet<DependencyKey>): void {
    runToEnd(this.recordSteps(uri, keys, Infinity));
  }

  /**
   * {@link record} a step at a time, each of at most `perStep` keys. Messages handled
   * between steps find the file under all its old keys and the new ones added so far,
   * then under all its new keys and the old ones not taken away yet (every new key is
   * added before any old one is taken away): at worst a change re-checks it once too
   * often, never one time too few. A record or forget of the same file made meanwhile
   * (workspace diagnostics analyse at once) is newer than this one: then this one stops,
   * leaving the file exactly as that one filed it.
   */
  *recordSteps(uri: string, keys: ReadonlySet<DependencyKey>, perStep = KEYS_PER_STEP): Steps<void> {
    let entry = this.byFile.get(uri);
    if (!entry) this.byFile.set(uri, (entry = { keys: new Set(), order: this.recorded++, generation: 0 }));
    const filed = entry;
    const generation = ++filed.generation;
    const stillOurs = () => this.byFile.get(uri) === filed && filed.generation === generation;
    // A unit of work (steps.ts, workUnitsSoFar) per key looked at: each new key, then each key the file is filed under.
    const budget = new WorkBudget(perStep);
    for (const key of keys) {
      if (!filed.keys.has(key)) {
        filed.keys.add(key);
        this.fileUnder(key, uri);
      }
      if (budget.spend()) {
        yield;
        if (!stillOurs()) return;
      }
    }
    // The old keys the new analysis did not look up. (Deleting from a set while iterating
    // it is safe in JavaScript: the rest of it is still visited.)
    for (const key of filed.keys) {
      if (!keys.has(key)) {
        filed.keys.delete(key);
        this.unfileFrom(key, uri);
      }
      if (budget.spend()) {
        yield;
        if (!stillOurs()) return;
      }
    }
  }

  forget(uri: string): void {
    const previous = this.byFile.get(uri);
    if (!previous) return;
    for (const key of previous.keys) this.unfileFrom(key, uri);
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
    for (const key of keys) {
      const files = this.byKey.get(key);
      if (typeof files === 'string') found.add(files);
      else for (const uri of files ?? []) found.add(uri);
    }
    return [...found].sort((a, b) => this.byFile.get(a)!.order - this.byFile.get(b)!.order);
  }

  private fileUnder(key: DependencyKey, uri: string): void {
    const files = this.byKey.get(key);
    if (files === undefined) this.byKey.set(key, uri);
    else if (typeof files !== 'string') files.add(uri);
    else if (files !== uri) this.byKey.set(key, new Set([files, uri]));
  }

  private unfileFrom(key: DependencyKey, uri: string): void {
    const files = this.byKey.get(key);
    if (files === uri) this.byKey.delete(key);
    else if (typeof files !== 'string' && files?.delete(uri) && files.size === 0) this.byKey.delete(key);
  }
}
