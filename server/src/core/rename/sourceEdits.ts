import { yamlString } from '../completion';
import { lineIndexOf, type LineIndex } from '../lines';
import { rangeInScalar } from '../scalarRange';
import type { Located, Range } from '../types';
import { basenameUri } from '../uris';
import type { Workspace } from '../workspace';
import type { TextEdit } from '../yamlEdits';
import { refuse, type RenameRefusal } from './types';

/**
 * Edits written against the text the workspace holds for a file (the open editor's, else
 * the disk's: the same text the model was read from), each checked against that text
 * before it is made: the model's ranges say where a value is, and the source says how it
 * is written. A value written as an alias (`*name`), with escapes, or in a block the
 * core cannot map column by column is refused rather than guessed at: rename never
 * writes characters it has not seen.
 */
export class SourceEdits {
  private readonly indexes = new Map<string, { text: string; index: LineIndex }>();

  /** The new name as YAML, written once: a rename writes it in 22,000 files alike (`npm run stress requestsBesideScanned`). */
  private readonly written = new Map<string, string>();

  constructor(private readonly workspace: Workspace) {}

  private yaml(value: string): string {
    let text = this.written.get(value);
    if (text === undefined) {
      text = yamlString(value);
      this.written.set(value, text);
    }
    return text;
  }

  /** Replaces a whole scalar (a name, a label key or value): plain or quoted, never an alias. */
  scalar(uri: string, value: Located, newValue: string, what: string): TextEdit | RenameRefusal {
    const source = this.read(uri, value.range);
    if (source === undefined) return refuse(`${what} in ${where(uri, value.range)} could not be read.`);
    if (source === value.value) return { range: value.range, newText: this.yaml(newValue) };
    const quote = source[0];
    if ((quote === '"' || quote === "'") && source === `${quote}${value.value}${quote}`) {
      return { range: insideQuotes(value.range), newText: newValue };
    }
    return refuse(`${what} in ${where(uri, value.range)} is ${describeSource(source)}. Rename cannot rewrite it without changing what it means.`);
  }

  /**
   * Replaces `scalar.value.slice(start, end)` (a label inside a DNS name) with `newText`:
   * its columns come from the model when the string is on one line without escapes, from
   * the line itself in a block scalar (`|`), and are checked against the source either way.
   */
  span(uri: string, scalar: Located, start: number, end: number, newText: string): TextEdit | RenameRefusal {
    const expected = scalar.value.slice(start, end);
    const oneLine = rangeInScalar(scalar, start, end);
    if (this.read(uri, oneLine) === expected) return { range: oneLine, newText };
    const inBlock = this.blockLineRange(uri, scalar, start, end);
    if (inBlock && this.read(uri, inBlock) === expected) return { range: inBlock, newText };
    return refuse(`The name ${expected} in ${where(uri, scalar.range)} cannot be located exactly. It is in a string with escapes or folded lines.`);
  }

  /**
   * In a literal block scalar, value line k is source line `start + 1 + k` with the
   * block's indentation in front (the layout locate.ts assumes for the cursor).
   */
  private blockLineRange(uri: string, scalar: Located, start: number, end: number): Range | undefined {
    const file = this.file(uri);
    if (!file) return undefined;
    const before = scalar.value.slice(0, start);
    const k = before.split('\n').length - 1;
    const column = start - (before.lastIndexOf('\n') + 1);
    const valueLine = scalar.value.split('\n')[k];
    const line = scalar.range.start.line + 1 + k;
    if (line >= file.index.lineCount) return undefined;
    const lineStart = file.index.offsetAt({ line, character: 0 });
    const lineEnd = line + 1 < file.index.lineCount ? file.index.offsetAt({ line: line + 1, character: 0 }) : file.text.length;
    const sourceLine = file.text.slice(lineStart, lineEnd).replace(/\r?\n$|\r$/, '');
    if (!sourceLine.endsWith(valueLine)) return undefined;
    const character = sourceLine.length - valueLine.length + column;
    return { start: { line, character }, end: { line, character: character + (end - start) } };
  }

  private read(uri: string, range: Range): string | undefined {
    const file = this.file(uri);
    return file && file.text.slice(file.index.offsetAt(range.start), file.index.offsetAt(range.end));
  }

  private file(uri: string): { text: string; index: LineIndex } | undefined {
    let file = this.indexes.get(uri);
    if (!file) {
      const text = this.workspace.source(uri)?.text;
      if (text === undefined) return undefined;
      // The last text indexed is kept (lines.ts): prepareRename, then rename, then the next
      // prepareRename on the same file index its text once, not once per request and step.
      file = { text, index: lineIndexOf(text) };
      this.indexes.set(uri, file);
    }
    return file;
  }
}

/** `web.yaml line 4`, for messages. */
export function where(uri: string, range: Range): string {
  const name = basenameUri(uri);
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A malformed escape: the name as written in the URI.
  }
  return `${decoded} line ${range.start.line + 1}`;
}

function insideQuotes(range: Range): Range {
  return { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } };
}

function describeSource(source: string): string {
  if (source.startsWith('*')) return `an alias (${source.slice(0, 40)})`;
  if (source.startsWith('"')) return 'a quoted string with escapes';
  return 'written over several lines';
}
