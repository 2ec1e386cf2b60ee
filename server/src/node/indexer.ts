import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childPaths } from './childPath';
import { FileStats } from './fileStats';
import type { CacheEntry, IndexCache } from './indexCache';
import { StatAhead } from './statAhead';
import { compileGlobs, encodeSegment, isInside, KUSTOMIZATION_FILE_NAMES, type FileChange, type Steps, type Workspace, type WorkspaceSettings } from '../core';

/**
 * Reads YAML files from disk into the core's {@link Workspace}: shared by the language
 * server (workspace folders, file events) and the CLI (directories on the command line),
 * so both see the same files with the same rules. All file I/O of the project is here.
 *
 * Walking and reading are synchronous but done a slice at a time: {@link IndexRun.step}
 * works until a deadline and returns, so the server yields to the event loop between
 * slices and a hover or a keystroke waits at most one slice.
 */

/** Folders never indexed: version control and dependencies. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
const YAML_FILE = /\.ya?ml$/i;
/**
 * Files read whatever their extension: kustomize also reads a kustomization named
 * `Kustomization` (the core's KUSTOMIZATION_FILE_NAMES, from kustomize's
 * RecognizedKustomizationFileNames in api/konfig/general.go).
 */
const EXTRA_FILE_NAMES: readonly string[] = KUSTOMIZATION_FILE_NAMES.filter((name) => !YAML_FILE.test(name));
/** Globs of the extensionless files the index reads, in any folder. */
export const EXTRA_FILE_GLOBS: readonly string[] = EXTRA_FILE_NAMES.map((name) => `**/${name}`);
/**
 * Helm chart files that are not YAML but change what a chart renders: template helpers
 * (`_helpers.tpl`), packaged subcharts (`charts/*.tgz`, read as bytes) and the chart's
 * `.helmignore`. The core's isChartSupportFile says the same of URIs.
 */
const HELPER_FILE = /\.tpl$/i;
const PACKAGED_SUBCHART = /(^|\/)charts\/[^/]+\.tgz$/i;
const HELM_IGNORE_FILE = '.helmignore';
/** Globs of every file the index reads, in any folder: for file watchers. */
export const INDEXED_FILE_GLOBS: readonly string[] = ['**/*.{yaml,yml}', '**/*.tpl', '**/charts/*.tgz', `**/${HELM_IGNORE_FILE}`, ...EXTRA_FILE_GLOBS];

/**
 * An absolute, normalised POSIX path whose every character encodeSegment keeps as it is:
 * its URI is `file://` and the path. No `.` or `..` segment, no empty one (`//`, a final `/`).
 */
const PLAIN_POSIX_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)+$/;

/** `file:` URI of an absolute path, encoded like VS Code (vscode-uri) so open documents and disk files share keys. */
export function fileUri(fsPath: string): string {
  // Most paths need no encoding: splitting and encoding each segment was 5 % of reopening
  // 20,000 files from the index cache (cpu profile, docs/performance.md).
  if (path.sep === '/' && PLAIN_POSIX_PATH.test(fsPath)) return `file://${fsPath}`;
  // A backslash separates folders only on Windows; elsewhere it is a character of a
  // name (`back\slash.yaml`), encoded as %5C as vscode-uri does (URI.file).
  let p = path.resolve(fsPath);
  if (path.sep === '\\') p = p.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(p)) p = `/${p[0].toLowerCase()}${p.slice(1)}`;
  return `file://${p.split('/').map(encodeSegment).join('/')}`;
}

/** The path of a `file:` URI, or undefined for other schemes. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Which files under a root are indexed: YAML, not in skipped folders, not excluded. */
export class IndexFilter {
  private readonly excluded: (relative: string) => boolean;
  readonly maxBytes: number;

  constructor(settings: Pick<WorkspaceSettings, 'exclude' | 'maxFileSizeKB'>) {
    // Validated by readWorkspaceSettings (which drops globs the matcher refuses); the
    // matcher never backtracks exponentially (see core/glob.ts).
    const match = settings.exclude.length > 0 ? compileGlobs(settings.exclude) : undefined;
    this.excluded = (relative) => !!match?.(relative);
    this.maxBytes = Math.round(settings.maxFileSizeKB * 1024);
  }

  /** Whether a folder is walked into (`relative` to the root, with `/`). */
  folder(name: string, relative: string): boolean {
    return !SKIPPED_FOLDERS.has(name) && !this.excluded(relative);
  }

  /** Whether a file is indexed, by its name and path; its size is checked when it is read. */
  file(name: string, relative: string): boolean {
    const indexed = YAML_FILE.test(name) || EXTRA_FILE_NAMES.includes(name) || HELPER_FILE.test(name) || PACKAGED_SUBCHART.test(relative) || name === HELM_IGNORE_FILE;
    return indexed && !this.excluded(relative);
  }

  /** Whether a path under `root` (both absolute) is indexed as a file, or walked as a folder, for file events. */
  accepts(root: string, target: string, kind: 'file' | 'folder'): boolean {
    const relative = path.relative(root, target).replace(/\\/g, '/');
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const parts = relative.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      if (!this.folder(parts[i], parts.slice(0, i + 1).join('/'))) return false;
    }
    const name = parts[parts.length - 1];
    return kind === 'file' ? this.file(name, relative) : this.folder(name, relative);
  }
}

/** How a file is opened for reading: see {@link readManifest}. */
export interface ReadOptions {
  /** Refuse the file when the path's last component is a symbolic link (O_NOFOLLOW). */
  noFollow?: boolean;
  /** Told the size and modification time of the file read (from its opened handle). */
  stat?: (size: number, mtimeMs: number) => void;
}

// Not defined on Windows, where FIFOs and symbolic links to files are rare: 0 adds nothing.
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * The text of a file to index, or undefined when it is not indexed: missing, not a
 * regular file, over the size limit, or binary (a NUL byte in it once decoded, see
 * {@link decodeManifest}).
 *
 * The file is opened first and the opened handle is checked (fstat), never the path
 * (a stat then a read could see two different files). O_NONBLOCK because a FIFO,
 * socket or device put in the file's place would otherwise block open() until a writer
 * comes (POSIX open(): "If O_NONBLOCK is set, an open() for reading-only shall return
 * without delay"); fstat then says it is not a regular file and it is never read.
 * At most the size fstat reported is read, so a file growing meanwhile stays bounded.
 */
export function readManifest(file: string, maxBytes: number, options: ReadOptions = {}): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK | (options.noFollow ? O_NOFOLLOW : 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    options.stat?.(stat.size, stat.mtimeMs);
    const buffer = new Uint8Array(stat.size);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return decodeManifest(Buffer.from(buffer.buffer, 0, length));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The bytes of a packaged subchart, or undefined when missing, not a regular file or over the size limit. */
function readBytes(file: string, maxBytes: number): Uint8Array | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return new Uint8Array(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * The text of a YAML file's bytes, or undefined when it is binary. YAML 1.2 §5.2: a
 * stream is UTF-8, UTF-16 or UTF-32, told apart by its byte order mark; UTF-16 is common
 * on Windows (Windows PowerShell's `>` writes UTF-16 LE with a BOM). Only a BOM is trusted
 * (no guessing from NULs, so binary files stay binary); UTF-32 and BOM-less UTF-16 read
 * as binary, as does any other text with a NUL in it.
 * https://yaml.org/spec/1.2.2/#52-character-encodings
 */
export function decodeManifest(bytes: Buffer): string | undefined {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0)) text = bytes.toString('utf16le', 2);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.alloc(bytes.length - 2 - (bytes.length % 2)); // big-endian pairs swapped into little-endian
    for (let i = 0; i < body.length; i += 2) {
      body[i] = bytes[i + 3];
      body[i + 1] = bytes[i + 2];
    }
    text = body.toString('utf16le');
  } else text = bytes.toString('utf8');
  return text.includes('\u0000') ? undefined : text;
}

/** How far one walk goes: past either limit it stops and says so (docs/limits.md). */
export const WALK_LIMITS = {
  /** Folders below the root: deeper ones are not walked. */
  depth: 64,
  /** Folder entries (files, folders, links) listed under one root. */
  entries: 1_000_000,
  /**
   * Files indexed under one root. Each costs about 4 KiB kept while only scanned
   * (core/indexScan.ts) and its model once read: 50,000 is 2.5 times the largest
   * workspace the bench measures (scripts/bench-index-scale.mjs), and keeps a
   * 200,000-file folder from taking a gigabyte.
   */
  files: 50_000,
};

/** What a walk tells besides the files it finds: limits reached, links it did not follow. */
export interface WalkNotice {
  kind: 'limit' | 'link-outside';
  path: string;
  message: string;
}

/**
 * Every indexed file under `root`, lazily, one folder read at a time; `null` after each
 * folder, so a caller can stop between folders even in a tree with no YAML at all.
 * Symbolic links are not followed (no cycles, and nothing outside the root is read): a
 * link inside the root leads to something the walk reaches anyway; a link to an indexed
 * file name that leads outside is told to `notice`, once each. The walk stops at
 * {@link WALK_LIMITS} (depth, entries listed, files found), telling `notice`.
 */
export function* walk(root: string, filter: IndexFilter, notice: (n: WalkNotice) => void = () => {}, limits = WALK_LIMITS): Generator<string | null> {
  // `relative`: the folder's path below the root, with `/` (the filter's form).
  const folders: { path: string; relative: string; depth: number }[] = [{ path: root, relative: '', depth: 0 }];
  let entriesSeen = 0;
  let filesFound = 0;
  let deepest: string | undefined;
  while (folders.length > 0) {
    const folder = folders.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder.path, { withFileTypes: true });
    } catch {
      continue; // unreadable or vanished
    }
    entriesSeen += entries.length;
    if (entriesSeen > limits.entries) {
      notice({ kind: 'limit', path: root, message: `stopped walking '${root}' after ${limits.entries.toLocaleString('en-US')} folder entries (the limit): files not reached are not indexed.` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: { path: string; relative: string }[] = [];
    const child = childPaths(folder.path);
    for (const entry of entries) {
      const full = child(entry.name);
      // Kept per folder rather than path.relative(root, full), which resolves both paths for
      // every entry; with its backslashes made slashes as before (the filter's form).
      const name = entry.name.includes('\\') ? entry.name.replace(/\\/g, '/') : entry.name;
      const relative = folder.relative === '' ? name : `${folder.relative}/${name}`;
      if (entry.isDirectory()) {
        if (filter.folder(entry.name, relative)) subfolders.push({ path: full, relative });
      } else if (entry.isFile()) {
        if (!filter.file(entry.name, relative)) continue;
        if (++filesFound > limits.files) {
          notice({ kind: 'limit', path: root, message: `stopped indexing '${root}' at ${limits.files.toLocaleString('en-US')} files (the limit): files not reached are not indexed.` });
          return;
        }
        yield full;
      } else if (entry.isSymbolicLink() && filter.file(entry.name, relative) && leadsOutside(full, root)) {
        notice({ kind: 'link-outside', path: full, message: `skipped '${full}': a symbolic link that leads outside '${root}'.` });
      }
    }
    if (subfolders.length > 0 && folder.depth >= limits.depth) {
      deepest ??= folder.path;
      if (deepest === folder.path) notice({ kind: 'limit', path: folder.path, message: `did not walk below '${folder.path}': ${limits.depth} folders deep (the limit).` });
    } else {
      // One by one, not push(...subfolders): 150,000 subfolders overflow the argument limit.
      for (let i = subfolders.length - 1; i >= 0; i--) folders.push({ ...subfolders[i], depth: folder.depth + 1 });
    }
    yield null;
  }
}

/** Whether the symbolic link `link` resolves to a path outside `root` (or does not resolve). */
function leadsOutside(link: string, root: string): boolean {
  try {
    const target = fs.realpathSync(link);
    const relative = path.relative(fs.realpathSync(root), target);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative);
  } catch {
    return false; // dangling or a loop: it leads nowhere, nothing is read
  }
}

/**
 * Fewest files in a cache for its files to be statted by a worker thread (./statAhead.ts):
 * starting one costs a few milliseconds of the main thread, what lstat costs it for about
 * a thousand files (5 µs each on the bench's machine).
 */
export const STAT_AHEAD_MIN_FILES = 1000;

export interface IndexProgress {
  /** Files read so far. */
  done: number;
  /** Files found so far (final once listing is complete). */
  found: number;
  listing: boolean;
}

/**
 * One indexing pass over some roots (folders or single files). Files first listed, then
 * read into the workspace; `step(ms)` does up to `ms` milliseconds of either and returns
 * the workspace changes it made, so the caller re-checks what depends on them.
 */
export class IndexRun {
  /** URIs of the files put in the workspace by this pass. */
  readonly indexed = new Set<string>();
  /** Those of {@link indexed} not yet taken by {@link takeNewlyIndexed}. */
  private newlyIndexed: string[] = [];
  /**
   * Files listed, to read from {@link nextPending} on. Read through an index, not shift():
   * shifting a 20,000-entry array moves the rest each time, 240 of the 1,180 ms of
   * reopening 20,000 files (cpu profile of scripts/bench-index-scale.mjs).
   */
  private pending: string[] = [];
  private nextPending = 0;
  /** Limits the walk reached and links it did not follow, in the order met. */
  readonly notices: WalkNotice[] = [];
  private readonly walkers: Generator<string | null>[];
  private done = 0;
  /** Size and time of each file read or taken from the cache, for the next cache. */
  private readonly stats = new FileStats();
  /** Files taken from the cache, not read. */
  fromCache = 0;
  /** URIs of the files read (not taken from the cache) with a cache to make: those still only scanned at its making are entries the loaded one lacks. */
  private readUris: string[] = [];
  /** Reads a file taken from the cache when something first needs its text. */
  private readonly readLater: (uri: string) => string;
  /** The size and time of the cached files, read ahead by a worker thread; undefined for a small cache or once stopped. */
  private statAhead: StatAhead | undefined;
  /** Files whose size and time the worker read (the rest were statted here): for tests. */
  statsFromWorker = 0;
  /** A large file being put in the workspace a step at a time (Workspace.setDiskSteps), across steps of the pass. */
  private reading: { uri: string; steps: Steps<FileChange> } | undefined;

  /**
   * `cached`: an index cache (./indexCache.ts), maybe empty; files whose size and time it
   * knows are not read, and {@link cacheEntries} gives the next one. Without it, no cache.
   * With `statAheadMinFiles` files or more in it, a worker thread stats them meanwhile.
   */
  constructor(private readonly workspace: Workspace, roots: string[], private readonly filter: IndexFilter, limits = WALK_LIMITS, private readonly cached?: IndexCache, statAheadMinFiles = STAT_AHEAD_MIN_FILES) {
    this.walkers = roots.map((root) => walk(root, filter, (n) => this.notices.push(n), limits));
    this.readLater = laterReader(filter.maxBytes);
    // Started before the walk, so that it is ahead when the files are reached.
    if (cached && cached.size > 0 && cached.size >= statAheadMinFiles) this.statAhead = new StatAhead(cached.paths);
  }

  /** Settles when the worker reading ahead has stopped (at once without one). */
  get statsAheadFinished(): Promise<void> {
    return this.statAhead?.finished ?? Promise.resolve();
  }

  /**
   * Stops the worker statting ahead: the files not reached yet are statted here when
   * reached, as without one. For a run given up, and when file events arrive during a run:
   * what the worker read may be older than the change they tell of (a file deleted or
   * written after it was statted), and a stale scan must not be put back over it.
   */
  stopStatAhead(): void {
    this.statAhead?.stop();
    this.statAhead = undefined;
  }

  /** Every file listed and read, and the kustomize effects of what was read applied. */
  get finished(): boolean {
    return this.allRead && this.workspace.kustomizeRefreshDue !== 'passEnd';
  }

  private get allRead(): boolean {
    return this.walkers.length === 0 && this.nextPending >= this.pending.length && !this.reading;
  }

  get progress(): IndexProgress {
    return { done: this.done, found: this.done + this.pending.length - this.nextPending, listing: this.walkers.length > 0 };
  }

  /** Works for about `budgetMs` (at least one unit: a folder entry listed or a file read) and returns the changes made. */
  step(budgetMs = Infinity): FileChange[] {
    const deadline = performance.now() + budgetMs;
    const changes: FileChange[] = [];
    // List everything before reading, so progress can say "n of N". Each loop does at
    // least one unit of work, so any budget makes progress.
    if (this.walkers.length > 0) {
      do {
        const next = this.walkers[0].next();
        if (next.done) this.walkers.shift();
        else if (next.value !== null) this.pending.push(next.value);
      } while (this.walkers.length > 0 && performance.now() < deadline);
      return changes;
    }
    // One batch per step, whose kustomize refresh is put off to the end of the pass (see
    // KustomizeRefreshDue), then done in steps of the same budget.
    if (this.allRead) {
      do {
        const refreshed = this.workspace.refreshKustomizeStep();
        if (refreshed) changes.push(refreshed);
      } while (this.workspace.kustomizeRefreshDue && performance.now() < deadline);
      return changes;
    }
    this.workspace.batch(() => {
      do {
        if (this.reading) {
          const next = this.reading.steps.next();
          if (!next.done) continue;
          changes.push(next.value);
          this.noteIndexed(this.reading.uri);
          this.reading = undefined;
          continue;
        }
        if (this.nextPending >= this.pending.length) {
          this.pending = []; // all read: drop the list
          this.nextPending = 0;
          this.stopStatAhead();
          break;
        }
        const file = this.pending[this.nextPending++];
        this.done++;
        // Listed as a regular file; if a link took its place since, it is not followed.
        let read: { size: number; mtimeMs: number } | undefined;
        const result = this.indexCached(file) ?? indexFile(this.workspace, file, this.filter.maxBytes, {
          noFollow: true,
          stat: this.cached && ((size, mtimeMs) => { read = { size, mtimeMs }; }),
        }, (uri, steps) => { this.reading = { uri, steps }; });
        if (read) {
          this.stats.set(file, result.uri, read.size, read.mtimeMs);
          this.readUris.push(result.uri);
        }
        if (result.change) changes.push(result.change);
        if (result.indexed && !this.reading) this.noteIndexed(result.uri);
      } while (performance.now() < deadline);
    }, { deferKustomize: 'passEnd' });
    return changes;
  }

  private noteIndexed(uri: string): void {
    this.indexed.add(uri);
    this.newlyIndexed.push(uri);
  }

  /** The URIs indexed since the last call: a caller that tracks them costs each file once, not each step. */
  takeNewlyIndexed(): string[] {
    const taken = this.newlyIndexed;
    this.newlyIndexed = [];
    return taken;
  }

  /**
   * Puts a file in the workspace from the cache when it has the size and time the cache
   * knows; its text is read when first needed.
   */
  private indexCached(file: string): { uri: string; indexed: boolean; change?: FileChange } | undefined {
    const slot = this.cached?.entry(file);
    if (slot === undefined) return undefined;
    const size = this.cached!.sizeAt(slot);
    const mtimeMs = this.cached!.mtimeAt(slot);
    if (size > this.filter.maxBytes || !this.unchangedOnDisk(file, slot, size, mtimeMs)) return undefined;
    const uri = fileUri(file);
    const change = this.workspace.setDiskScanned(uri, this.cached!.objectsAt(slot), this.readLater);
    this.stats.set(file, uri, size, mtimeMs);
    this.fromCache++;
    return { uri, indexed: true, change };
  }

  /**
   * Whether the file of cache slot `slot` is a regular file of this size and time (lstat:
   * a link in its place is not followed), as the worker read it, or statted here when the
   * worker has not reached it (or there is none).
   */
  private unchangedOnDisk(file: string, slot: number, size: number, mtimeMs: number): boolean {
    const ahead = this.statAhead?.isFile(slot);
    if (ahead !== undefined) {
      this.statsFromWorker++;
      return ahead && this.statAhead!.size(slot) === size && this.statAhead!.mtimeMs(slot) === mtimeMs;
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(file, { throwIfNoEntry: false }); // a file gone since the walk is common: no exception for it
    } catch {
      return false;
    }
    return !!stat?.isFile() && stat.size === size && stat.mtimeMs === mtimeMs;
  }

  /**
   * Whether the cache of this run ({@link cacheEntries}) would tell the next run anything
   * the loaded one does not: false when the loaded cache came from disk, every file it
   * knows was taken from it unchanged, and no file read is still only scanned (so none
   * is new to it: a file parsed since, by an analysis or a hover, is not in a cache).
   * Then writing it again is only work (120 ms of CPU for 20,000 files, after the index
   * is ready, beside the user's first requests). Files taken from the cache and parsed
   * since drop out of {@link cacheEntries}, but their old entries stay true: same size
   * and time, same scan.
   */
  get nextCacheDiffers(): boolean {
    if (!this.cached?.onDisk || this.fromCache !== this.cached.size) return true;
    return this.readUris.some((uri) => this.workspace.isOnlyScanned(uri));
  }

  /** The cache of what this run indexed: the files still only scanned, with their size and time when read. */
  cacheEntries(): Map<string, CacheEntry> {
    const entries = new Map<string, CacheEntry>();
    for (const { file, uri, size, mtimeMs } of this.stats.entries()) {
      const objects = this.workspace.scannedObjects(uri);
      if (objects) entries.set(file, [size, mtimeMs, objects]);
    }
    return entries;
  }
}

/**
 * The reader of the files an index run took from the cache, by URI (one {@link fileUri}
 * made). Made outside the run so that it keeps nothing of it alive (the cache, the
 * run's lists) while files it took stay unread.
 */
function laterReader(maxBytes: number): (uri: string) => string {
  return (uri) => {
    const file = uriToPath(uri);
    return (file !== undefined && readManifest(file, maxBytes, { noFollow: true })) || '';
  };
}

/**
 * Reads one file into the workspace's disk layer, or drops it from there when it is no
 * longer indexable (deleted, grown over the size limit, turned binary). With `inSteps`, a
 * text the workspace puts in place in steps (Workspace.setDiskSteps: a large one) is handed
 * to it, to run a step at a time, instead of at once (then no change is returned yet).
 */
export function indexFile(
  workspace: Workspace, file: string, maxBytes: number, options: ReadOptions = {},
  inSteps?: (uri: string, steps: Steps<FileChange>) => void,
): { uri: string; indexed: boolean; change?: FileChange } {
  const uri = fileUri(file);
  const text = PACKAGED_SUBCHART.test(file.replace(/\\/g, '/')) ? readBytes(file, maxBytes) : readManifest(file, maxBytes, options);
  if (typeof text === 'string' && inSteps) {
    const steps = workspace.setDiskSteps(uri, text);
    const first = steps.next();
    if (first.done) return { uri, indexed: true, change: first.value };
    inSteps(uri, steps);
    return { uri, indexed: true };
  }
  if (text !== undefined) return { uri, indexed: true, change: workspace.setDisk(uri, text) };
  return { uri, indexed: false, change: workspace.has(uri) ? workspace.removeDisk(uri) : undefined };
}

/**
 * Drops from the disk layer the file `folderUri`, or every file of `known` inside that
 * folder (deleted, or no longer a workspace folder), except those `keep` names (files
 * another workspace folder still holds).
 */
export function removeInside(workspace: Workspace, known: Set<string>, folderUri: string, keep: (uri: string) => boolean = () => false): FileChange[] {
  if (known.has(folderUri) && !keep(folderUri)) { // a file: no need to scan
    known.delete(folderUri);
    return [workspace.removeDisk(folderUri)];
  }
  const changes: FileChange[] = [];
  workspace.batch(() => {
    for (const uri of [...known]) {
      if ((uri === folderUri || isInside(uri, folderUri)) && !keep(uri)) {
        known.delete(uri);
        changes.push(workspace.removeDisk(uri));
      }
    }
  });
  return changes;
}
