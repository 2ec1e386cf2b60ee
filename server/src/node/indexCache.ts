import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScannedObject } from '../core';
import { childPaths } from './childPath';

/**
 * The workspace index kept on disk between runs, in the extension's storage folder (the
 * client passes `context.storageUri`): for each file the scan answered for
 * (core/indexScan.ts), its size and modification time when scanned and what the scan
 * found. Reopening a workspace then lists and stats the files but reads and scans none
 * whose size and time are unchanged; their text is read when something reads the file.
 *
 * Safe to delete; ignored whole when unreadable, truncated, of another format or
 * extension version, or with any entry of the wrong shape (it is a cache, never a
 * source of truth). Open documents never come from it: the open layer is the editor's
 * text. Written to a temporary file then renamed, so a crash mid-write leaves the old
 * cache or none, never half of one; not written past {@link MAX_CACHE_BYTES}.
 *
 * The format is made to be loaded with few allocations, because everything loaded stays
 * alive while the index is built and the garbage collector copied it (format 1, one JSON
 * object per file and per object, was a third of the collector's time on reopening 20,000
 * files): every field value written once in `strings`, and all the numbers of all the
 * files in one array of numbers, which V8 keeps unboxed in one allocation
 * (PACKED_DOUBLE_ELEMENTS). A file's entry is read from that array when the indexer
 * reaches the file, never copied into objects of its own.
 *
 * ```
 * { "format": 3, "version": "1.2.3",
 *   "folders": ["/ws/db", …],          // the folders of the files
 *   "names":   ["sts.yaml", …],        // one per file, in order
 *   "strings": ["apps/v1", …],         // apiVersions, kinds, names, namespaces, each once
 *   "numbers": [ per file: folder, size, mtimeMs, objects,
 *                then per object: documentIndex, apiVersion, kind, name, namespace, mayHavePods, serviceName ] }
 * ```
 * `apiVersion` … `namespace` and `serviceName` are indexes into `strings`, {@link ABSENT}
 * for a missing name, namespace or serviceName; `mayHavePods` is 0 or 1; `serviceName` is
 * {@link UNSURE} where the scan was not sure of it (and for kinds other than StatefulSet).
 */

/** Bump when the entries change meaning (the scan reads more, or reads differently) or the layout changes. 3: a StatefulSet's serviceName. */
export const CACHE_FORMAT = 3;
const FILE_NAME = 'workspace-index.json';
/** About 90 bytes a file (1.8 MB for the bench's 20,000): 50,000 files (the walk's limit per root) take about 5 MB. */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;
/** A name, namespace or serviceName the object does not have. */
const ABSENT = -1;
/** A serviceName the scan was not sure of. */
const UNSURE = -2;
/** Numbers before a file's objects: folder, size, mtimeMs, object count. */
const FILE_FIELDS = 4;
/** Numbers of one object: documentIndex, apiVersion, kind, name, namespace, mayHavePods, serviceName. */
const OBJECT_FIELDS = 7;

/** One file as scanned: [size, mtimeMs, objects] (what {@link saveIndexCache} writes). */
export type CacheEntry = [size: number, mtimeMs: number, objects: readonly ScannedObject[]];

interface CacheFile {
  format: number;
  version: string;
  folders: string[];
  names: string[];
  strings: string[];
  numbers: number[];
}

/**
 * A loaded cache: each file's entry by its slot (its place in the cache, as in {@link paths}),
 * and readers of an entry. Entries are not materialised: {@link objectsAt} builds a file's
 * objects when asked.
 */
export class IndexCache {
  /** The slot of each file, by path. */
  private readonly slots = new Map<string, number>();
  /** The paths of the files, by slot (in the order of the previous run's walk). */
  readonly paths: string[] = [];
  /** Where each slot's entry starts in `numbers`. */
  private readonly starts: number[] = [];

  /**
   * An empty cache: every file is read, and the run still gathers the next cache, which
   * is always written (none on disk, or one that could not be trusted, to replace).
   */
  static empty(): IndexCache {
    return new IndexCache([], [], false);
  }

  /** `onDisk`: loaded from the cache file, which stays as it is when the next cache would be the same (IndexRun.nextCacheDiffers). */
  private constructor(private readonly strings: readonly string[], private readonly numbers: readonly number[], readonly onDisk: boolean) {}

  get size(): number {
    return this.slots.size;
  }

  files(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** The slot of `file`, for the readers below; undefined when the cache does not know the file. */
  entry(file: string): number | undefined {
    return this.slots.get(file);
  }

  sizeAt(slot: number): number {
    return this.numbers[this.starts[slot] + 1];
  }

  mtimeAt(slot: number): number {
    return this.numbers[this.starts[slot] + 2];
  }

  objectsAt(slot: number): ScannedObject[] {
    const { numbers, strings } = this;
    const objects: ScannedObject[] = [];
    const entry = this.starts[slot];
    const count = numbers[entry + 3];
    for (let at = entry + FILE_FIELDS; at < entry + FILE_FIELDS + count * OBJECT_FIELDS; at += OBJECT_FIELDS) {
      const name = numbers[at + 3];
      const namespace = numbers[at + 4];
      const serviceName = numbers[at + 6];
      objects.push({
        documentIndex: numbers[at],
        apiVersion: strings[numbers[at + 1]],
        kind: strings[numbers[at + 2]],
        name: name === ABSENT ? undefined : strings[name],
        namespace: namespace === ABSENT ? undefined : strings[namespace],
        mayHavePods: numbers[at + 5] === 1,
        serviceName: serviceName === UNSURE ? undefined : serviceName === ABSENT ? null : strings[serviceName],
      });
    }
    return objects;
  }

  /**
   * The cache of a parsed cache file, or why it cannot be trusted: every index checked
   * once here, so the readers above never meet one out of range.
   */
  static from(file: Partial<CacheFile>): IndexCache | string {
    const { folders, names, strings, numbers } = file;
    if (!isStringArray(folders) || !isStringArray(names) || !isStringArray(strings) || !Array.isArray(numbers)) return 'the index cache has an entry of the wrong shape';
    const cache = new IndexCache(strings, numbers, true);
    const inFolder = folders.map(childPaths);
    const isString = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < strings.length;
    const isOptionalString = (n: unknown) => n === ABSENT || isString(n);
    let at = 0;
    for (const name of names) {
      const folder = numbers[at];
      const size = numbers[at + 1];
      const mtimeMs = numbers[at + 2];
      const count = numbers[at + 3];
      if (!Number.isInteger(folder) || folder < 0 || folder >= folders.length || !Number.isFinite(size) || !Number.isFinite(mtimeMs) || !Number.isInteger(count) || count < 0) return 'the index cache has an entry of the wrong shape';
      const end = at + FILE_FIELDS + count * OBJECT_FIELDS;
      if (end > numbers.length) return 'the index cache has an entry of the wrong shape';
      for (let o = at + FILE_FIELDS; o < end; o += OBJECT_FIELDS) {
        if (!Number.isInteger(numbers[o]) || numbers[o] < 0 || !isString(numbers[o + 1]) || !isString(numbers[o + 2])
          || !isOptionalString(numbers[o + 3]) || !isOptionalString(numbers[o + 4]) || (numbers[o + 5] !== 0 && numbers[o + 5] !== 1)
          || !(numbers[o + 6] === UNSURE || isOptionalString(numbers[o + 6]))) return 'the index cache has an entry of the wrong shape';
      }
      // The path as the indexer's walk writes it (path.join of the folder and the entry's name).
      const file = inFolder[folder](name);
      const slot = cache.slots.get(file);
      if (slot !== undefined) cache.starts[slot] = at; // named twice (never written so): the last entry counts
      else {
        cache.slots.set(file, cache.paths.length);
        cache.paths.push(file);
        cache.starts.push(at);
      }
      at = end;
    }
    if (at !== numbers.length) return 'the index cache has an entry of the wrong shape';
    return cache;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The cache in `folder`, or undefined (with why) when there is none to trust. */
export function loadIndexCache(folder: string, version: string): { cache?: IndexCache; problem?: string } {
  let raw: string;
  try {
    raw = fs.readFileSync(path.join(folder, FILE_NAME), 'utf8');
  } catch {
    return {}; // none yet
  }
  return decodeIndexCache(raw, version);
}

/** The cache a JSON text holds (see the format above), or why it cannot be trusted. */
export function decodeIndexCache(json: string, version: string): { cache?: IndexCache; problem?: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { problem: 'the index cache is not valid JSON (truncated?): indexing every file' };
  }
  const file = data as Partial<CacheFile>;
  if (!file || typeof file !== 'object' || file.format !== CACHE_FORMAT || file.version !== version) {
    return { problem: 'the index cache is of another format or version: indexing every file' };
  }
  const cache = IndexCache.from(file);
  return typeof cache === 'string' ? { problem: `${cache}: indexing every file` } : { cache };
}

/** The JSON of a cache of `entries` (see the format above). */
export function encodeIndexCache(version: string, entries: ReadonlyMap<string, CacheEntry>): string {
  const folders: string[] = [];
  const folderIndex = new Map<string, number>();
  const names: string[] = [];
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const numbers: number[] = [];
  const intern = (value: string) => {
    let index = stringIndex.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      stringIndex.set(value, index);
    }
    return index;
  };
  for (const [file, [size, mtimeMs, objects]] of entries) {
    const folder = path.dirname(file);
    let folderAt = folderIndex.get(folder);
    if (folderAt === undefined) {
      folderAt = folders.push(folder) - 1;
      folderIndex.set(folder, folderAt);
    }
    names.push(path.basename(file));
    numbers.push(folderAt, size, mtimeMs, objects.length);
    for (const o of objects) {
      numbers.push(o.documentIndex, intern(o.apiVersion), intern(o.kind), o.name === undefined ? ABSENT : intern(o.name),
        o.namespace === undefined ? ABSENT : intern(o.namespace), o.mayHavePods ? 1 : 0,
        o.serviceName === undefined ? UNSURE : o.serviceName === null ? ABSENT : intern(o.serviceName));
    }
  }
  const data: CacheFile = { format: CACHE_FORMAT, version, folders, names, strings, numbers };
  return JSON.stringify(data);
}

/**
 * Writes the cache (temporary file, then rename: atomic on one file system). Returns
 * a problem to log when it was not written (too large, no folder, no space).
 */
export function saveIndexCache(folder: string, version: string, entries: ReadonlyMap<string, CacheEntry>): string | undefined {
  const json = encodeIndexCache(version, entries);
  const target = path.join(folder, FILE_NAME);
  if (json.length > MAX_CACHE_BYTES) {
    fs.rmSync(target, { force: true });
    return `the index cache would take ${Math.round(json.length / 1048576)} MB (more than ${MAX_CACHE_BYTES / 1048576}): not written`;
  }
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(temporary, json);
    fs.renameSync(temporary, target);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch { /* nothing was written */ }
    return `the index cache was not written: ${(error as Error).message}`;
  }
}
