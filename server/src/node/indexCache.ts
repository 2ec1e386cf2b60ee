import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScannedObject } from '../core';

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
 */

/** Bump when the entries change meaning (the scan reads more, or reads differently). */
export const CACHE_FORMAT = 1;
const FILE_NAME = 'workspace-index.json';
/** About 100 bytes an entry: 50,000 files (the walk's limit per root) take 5 MB. */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/** One file as scanned: [size, mtimeMs, objects]. */
export type CacheEntry = [size: number, mtimeMs: number, objects: readonly ScannedObject[]];

interface CacheFile {
  format: number;
  version: string;
  files: Record<string, CacheEntry>;
}

/** The entries of the cache in `folder`, by path, or undefined (with why) when there is none to trust. */
export function loadIndexCache(folder: string, version: string): { entries?: Map<string, CacheEntry>; problem?: string } {
  let raw: string;
  try {
    raw = fs.readFileSync(path.join(folder, FILE_NAME), 'utf8');
  } catch {
    return {}; // none yet
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { problem: 'the index cache is not valid JSON (truncated?): indexing every file' };
  }
  const file = data as Partial<CacheFile>;
  if (!file || typeof file !== 'object' || file.format !== CACHE_FORMAT || file.version !== version || !file.files || typeof file.files !== 'object') {
    return { problem: 'the index cache is of another format or version: indexing every file' };
  }
  const entries = new Map<string, CacheEntry>();
  for (const [key, entry] of Object.entries(file.files)) {
    if (!isEntry(entry)) return { problem: 'the index cache has an entry of the wrong shape: indexing every file' };
    entries.set(key, entry);
  }
  return { entries };
}

function isEntry(entry: unknown): entry is CacheEntry {
  if (!Array.isArray(entry) || entry.length !== 3 || !Number.isFinite(entry[0]) || !Number.isFinite(entry[1]) || !Array.isArray(entry[2])) return false;
  const text = (v: unknown) => typeof v === 'string';
  const optional = (v: unknown) => v === undefined || typeof v === 'string';
  return (entry[2] as unknown[]).every((o) => {
    const object = o as Partial<ScannedObject> | null;
    return !!object && typeof object === 'object' && Number.isInteger(object.documentIndex) && (object.documentIndex as number) >= 0
      && text(object.apiVersion) && text(object.kind) && optional(object.name) && optional(object.namespace) && typeof object.mayHavePods === 'boolean';
  });
}

/**
 * Writes the cache (temporary file, then rename: atomic on one file system). Returns
 * a problem to log when it was not written (too large, no folder, no space).
 */
export function saveIndexCache(folder: string, version: string, entries: Map<string, CacheEntry>): string | undefined {
  const data: CacheFile = { format: CACHE_FORMAT, version, files: Object.fromEntries(entries) };
  const json = JSON.stringify(data);
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
