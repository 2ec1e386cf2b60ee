import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Workspace } from './core';
import { decodeManifest, fileUri, IndexFilter, IndexRun, indexFile, uriToPath } from './node/indexer';

/**
 * The input side of the command line: what `check` reads and how it names it. It reads
 * only what it is given: files and directories named on the command line (a named
 * symbolic link is the user's choice and is followed), `-` for standard input, and
 * whatever is not a regular file (a FIFO, `<(...)`, `/dev/stdin`, `/dev/null`) read to
 * its end. Directories are walked like a workspace folder, never through a link (links
 * to YAML files outside are reported).
 */

/** A problem with the command line itself: exit 2 before anything is checked. */
export class UsageError extends Error {}

/** `--rule <id>=<level>`: exactly one `=`, with text on both sides. */
export function parseRuleOption(option: string): [id: string, level: string] {
  const parts = option.split('=');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new UsageError(`--rule takes <id>=<level>, e.g. --rule service-name-missing=off${parts.length > 2 ? `, not '${displayName(option)}'` : ''}.`);
  }
  return [parts[0], parts[1]];
}

/** Names of standard input that are read from its descriptor. */
const STDIN_PATHS = ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'];

/** Standard input, as a file name in findings: `<stdin>:3:5 error …`. */
export const STDIN_NAME = '<stdin>';

export interface ReadInputs {
  /** URIs to report on, sorted by path. */
  uris: string[];
  /** Inputs named on the command line that could not be read at all: exit 2. */
  unreadable: string[];
  /** Things said on stderr that do not change the exit status: binary files skipped, links not followed, walk limits. */
  notes: string[];
}

/**
 * Reads the paths into the workspace with the server's indexer: directories as the
 * editor indexes a workspace folder; files named on the command line always.
 */
export function readInputs(workspace: Workspace, paths: string[], filter: IndexFilter, cwd: string, readStdin: () => Buffer = () => fs.readFileSync(0)): ReadInputs {
  const folders: string[] = [];
  const uris = new Set<string>();
  const result: ReadInputs = { uris: [], unreadable: [], notes: [] };
  let stdinRead = false;
  for (const target of paths) {
    const full = path.resolve(cwd, target);
    if (target === '-' || STDIN_PATHS.includes(full)) {
      if (stdinRead) continue; // `- -`: standard input has one text
      stdinRead = true;
      // Read from the descriptor, not opened by name: /dev/stdin cannot be opened when
      // standard input is a socket (ENXIO), as when a program spawns this one.
      const uri = fileUri(target === '-' ? path.resolve(cwd, STDIN_NAME) : full);
      const text = decodeManifest(readStdin());
      if (text === undefined) result.notes.push(`skipped standard input: it is not text (it holds NUL bytes).`);
      else {
        workspace.setDisk(uri, text);
        uris.add(uri);
      }
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !isLink(full)) throw new UsageError(`'${displayName(target)}' does not exist.`);
      result.unreadable.push(`'${displayName(target)}' cannot be read: ${code === 'ELOOP' ? 'a symbolic link loop' : code === 'ENOENT' ? 'a symbolic link to nothing' : describe(error)}.`);
      continue;
    }
    if (stat.isDirectory()) folders.push(full);
    else if (stat.isFile() && stat.size === 0) {
      // procfs and sysfs files report size 0 whatever they hold, and some fail on the
      // first read (/proc/self/mem: EIO): read to their end, and say when that fails.
      readStream(workspace, full, target, uris, result);
    } else if (stat.isFile()) {
      // A file named explicitly is read whatever its size, name or the exclude globs.
      const read = indexFile(workspace, full, Number.MAX_SAFE_INTEGER);
      if (read.indexed) uris.add(read.uri);
      else if (canOpen(full)) result.notes.push(`skipped '${displayName(target)}': it is not a text file (it holds NUL bytes).`);
      else result.unreadable.push(`'${displayName(target)}' cannot be read: ${describe(openError(full))}.`);
    } else {
      // A FIFO, `<(...)`, /dev/stdin, /dev/null: read to its end, as the user asked.
      readStream(workspace, full, target, uris, result);
    }
  }
  const run = new IndexRun(workspace, folders, filter);
  while (!run.finished) run.step();
  for (const uri of run.indexed) uris.add(uri);
  for (const notice of run.notices) result.notes.push(displayName(notice.message));
  result.uris = [...uris].sort((a, b) => {
    const pa = uriToPath(a) ?? a;
    const pb = uriToPath(b) ?? b;
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
  return result;
}

/**
 * Most bytes read from an input that does not say its size (a FIFO, a procfs file):
 * /proc/self/pagemap reads on for terabytes. Past it the input is unreadable.
 */
export const LARGEST_STREAM_BYTES = 64 * 1024 * 1024;

function readStream(workspace: Workspace, full: string, target: string, uris: Set<string>, result: ReadInputs): void {
  let bytes: Buffer | undefined;
  try {
    bytes = readToEnd(full, LARGEST_STREAM_BYTES);
  } catch (error) {
    result.unreadable.push(`'${displayName(target)}' cannot be read: ${describe(error)}. ${WHAT_TO_DO}`);
    return;
  }
  if (bytes === undefined) {
    result.unreadable.push(`'${displayName(target)}' cannot be read: it holds more than ${LARGEST_STREAM_BYTES / 1024 / 1024} MiB. ${WHAT_TO_DO}`);
    return;
  }
  const text = decodeManifest(bytes);
  if (text === undefined) {
    result.notes.push(`skipped '${displayName(target)}': it is not text (it holds NUL bytes).`);
    return;
  }
  const uri = fileUri(full);
  workspace.setDisk(uri, text);
  uris.add(uri);
}

const WHAT_TO_DO = 'Check a copy of it saved to a regular file, or pipe it in with -.';

/** The bytes of `file` read until it ends, or undefined past `maxBytes`. */
function readToEnd(file: string, maxBytes: number): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(64 * 1024);
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      total += read;
      if (total > maxBytes) return undefined;
      chunks.push(chunk.subarray(0, read));
    }
  } finally {
    fs.closeSync(fd);
  }
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function openError(file: string): unknown {
  try {
    fs.closeSync(fs.openSync(file, 'r'));
    return undefined;
  } catch (error) {
    return error;
  }
}

function canOpen(file: string): boolean {
  return openError(file) === undefined;
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'it is a directory';
  if (e?.code === 'EIO') return 'an I/O error (EIO)';
  return e?.code ?? String(e?.message ?? error);
}

/**
 * A file name as it can be printed on one line: as it is, unless it holds control
 * characters (a newline in a name would forge a finding line), then in double quotes with
 * C escapes (`"a\nb.yaml"`, `\\` for a backslash inside the quotes). A backslash in an
 * otherwise plain name stays as it is: `back\slash.yaml`.
 */
export function displayName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return name;
  const escaped = name.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}
