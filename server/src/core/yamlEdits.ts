import { yamlString } from './completion';
import { lineShape } from './cursor';
import { lineIndexOf } from './lines';
import type { LabelSet } from './model';
import type { Range } from './types';

/**
 * Text edits of YAML source that keep its layout: a new document after another, entries
 * set in a label map (block or flow), keys inserted under or beside a key. The quick
 * fixes (codeActions.ts) build on these; each returns undefined when the text is not in
 * the shape it can edit safely, and then there is no fix.
 */

export interface TextEdit {
  range: Range;
  newText: string;
}

/** The text's line break, from its (kept) line index: not a scan of the file per edit. */
export function lineBreak(text: string): string {
  return lineIndexOf(text).lineBreak;
}

/**
 * An edit that adds a new YAML document after the resource's: before the next document
 * (`nextDocumentStart`, from the parsed file), or at the end of the file.
 */
export function appendDocumentAfter(text: string, nextDocumentStart: number | undefined, documentLines: string[]): TextEdit {
  const eol = lineBreak(text);
  const body = `---${eol}${documentLines.join(eol)}${eol}`;
  if (nextDocumentStart !== undefined) {
    const at = lineIndexOf(text).positionAt(nextDocumentStart);
    return { range: { start: at, end: at }, newText: body };
  }
  const end = lineIndexOf(text).positionAt(text.length);
  const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
  return { range: { start: end, end }, newText: (needsBreak ? eol : '') + body };
}

/**
 * Sets entries in a label map: changes the value of keys it has, adds the others
 * after its last entry (block style) or before its closing brace (flow style).
 */
export function setEntries(text: string, set: LabelSet, wanted: Map<string, string>): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const added: [string, string][] = [];
  for (const [key, value] of wanted) {
    const entry = set.entries.find((e) => e.key.value === key);
    if (entry) edits.push({ range: entry.value.range, newText: yamlString(value) });
    else added.push([key, value]);
  }
  if (added.length === 0) return edits;
  const index = lineIndexOf(text);
  const flow = text[index.offsetAt(set.range.start)] === '{';
  if (flow) {
    const close = index.offsetAt(set.range.end) - 1;
    if (text[close] !== '}') return undefined;
    const at = index.positionAt(close);
    const items = added.map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`).join(', ');
    edits.push({ range: { start: at, end: at }, newText: (set.entries.length ? ', ' : '') + items });
    return edits;
  }
  const last = set.entries[set.entries.length - 1];
  if (!last) return undefined;
  const indent = ' '.repeat(set.entries[0].key.range.start.character);
  const eol = lineBreak(text);
  edits.push({ range: { start: last.value.range.end, end: last.value.range.end }, newText: added.map(([k, v]) => `${eol}${indent}${yamlString(k)}: ${yamlString(v)}`).join('') });
  return edits;
}

/** Replaces all entries of a map (block: one per line, same column; flow: `{...}`). */
export function replaceMapEntries(text: string, set: LabelSet, entries: [string, string][]): TextEdit | undefined {
  const index = lineIndexOf(text);
  const items = entries.map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`);
  if (text[index.offsetAt(set.range.start)] === '{') return { range: set.range, newText: `{${items.join(', ')}}` };
  const column = set.entries[0].key.range.start.character;
  const oneMapPerLine = set.entries.every((e, i) => e.key.range.start.character === column
    && (i === 0 || e.key.range.start.line > set.entries[i - 1].value.range.end.line));
  if (!oneMapPerLine) return undefined;
  const first = set.entries[0].key.range.start;
  const last = set.entries[set.entries.length - 1].value.range.end;
  return { range: { start: first, end: last }, newText: items.join(lineBreak(text) + ' '.repeat(column)) };
}

/**
 * Adds `entries` to the block mapping at `path` under a key (`key:` with nothing after
 * it but a comment), inserting the path as the key's first children. When the first
 * key of the path is already there (say `labels:` with an empty value, which the core
 * reads as an unknown label set) nothing is written rather than a duplicate key. The
 * indentation step is the one the file uses under the key, or two spaces.
 */
export function insertUnderPath(text: string, keyRange: Range, path: string[], entries: string[]): TextEdit[] | undefined {
  const source = text.split(/\r\n|\r|\n/);
  const line = keyRange.start.line;
  const column = keyRange.start.character;
  if (!/^\s*:\s*(#.*)?$/.test(source[line]?.slice(keyRange.end.character) ?? '')) return undefined;
  const children = childBlock(source, line, column);
  if (children.keys.includes(path[0])) return undefined;
  const step = children.column !== undefined ? children.column - column : 2;
  const eol = lineBreak(text);
  const lines = [...path.map((key, i) => ({ text: `${key}:`, depth: i })), ...entries.map((e) => ({ text: e, depth: path.length }))];
  const at = { line, character: source[line].length };
  return [{ range: { start: at, end: at }, newText: lines.map((l) => `${eol}${' '.repeat(column + step * (l.depth + 1))}${l.text}`).join('') }];
}

/**
 * Inserts `entry` as a sibling just before the block-mapping key at `keyRange`, on its own
 * line at the same column; undefined when that key does not start its line.
 */
export function insertSiblingKeyBefore(text: string, keyRange: Range, entry: string): TextEdit | undefined {
  const line = text.split(/\r\n|\r|\n/)[keyRange.start.line] ?? '';
  const indent = line.slice(0, keyRange.start.character);
  if (!/^ *$/.test(indent)) return undefined;
  return { range: { start: keyRange.start, end: keyRange.start }, newText: `${entry}${lineBreak(text)}${indent}` };
}

/** The direct children of the key on `line` at `column`: their column and keys. */
function childBlock(source: string[], line: number, column: number): { column?: number; keys: string[] } {
  let childColumn: number | undefined;
  const keys: string[] = [];
  for (let i = line + 1; i < source.length; i++) {
    const shape = lineShape(source[i]);
    if (!shape) continue;
    const start = shape.dashes[0] ?? shape.contentColumn;
    if (start <= column) break;
    childColumn ??= start;
    if (start === childColumn && shape.key !== undefined && shape.dashes.length === 0) keys.push(shape.key);
  }
  return { column: childColumn, keys };
}
