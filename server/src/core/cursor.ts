import { isMap, isScalar, parseDocument } from 'yaml';
import { splitDocuments } from './split';
import type { Position, Range } from './types';

/**
 * Where the cursor is in a YAML file that is being typed, and is therefore often not
 * valid YAML (`serviceName: ` with nothing after it, a half-written key, a selector
 * with one entry still missing its colon). The path is read from the indentation of
 * the lines above the cursor, which needs no parse and survives any breakage below
 * or around the cursor; only the cursor's own document is parsed, tolerantly, to learn
 * its `kind` and `metadata.namespace`.
 *
 * Handles block style (what Kubernetes manifests are written in): `key:` lines,
 * sequence items `- key: value`, compact sequences whose dashes sit at the parent's
 * column. Inside a flow collection (`{...}`, `[...]`) or a block scalar (`|`, `>`)
 * there is no context.
 */

/** One step of a path: a mapping key, or `[]` for "an item of a sequence". */
export type PathStep = string;
export const ITEM: PathStep = '[]';

export interface CursorContext {
  /** Index of the YAML document the cursor is in. */
  documentIndex: number;
  /**
   * `kind` and `metadata.namespace` of that document, when they could be read. Read
   * on first use: the parse is spent only where the path calls for it.
   */
  readonly kind?: string;
  readonly namespace?: string;
  /**
   * Path of the mapping the cursor is in (role `key`), or of the key whose value the
   * cursor is on (role `value`), from the document root.
   */
  path: PathStep[];
  role: 'key' | 'value';
  /** What is already typed of the key or value, up to the cursor. */
  prefix: string;
  /** The text a completion replaces: the whole key or value token around the cursor. */
  range: Range;
  /** The value role has no space after the colon yet (`key:|`): insert one. */
  needsSpace: boolean;
  /** The key role, and the key being typed already has its `:` after the cursor: complete the key only. */
  colonFollows: boolean;
  /** The key role: the other keys of the same mapping (to leave out of the offer). */
  siblings: string[];
}

interface LineShape {
  /** Columns of the `- ` sequence indicators that open the line, left to right. */
  dashes: number[];
  /** Column where the line's content (after the dashes) starts. */
  contentColumn: number;
  /** The mapping key of the line, when it has one. */
  key?: string;
  /** With a key: something follows `key:` on the line other than blanks and a comment. */
  hasValue?: boolean;
}

const DASHES = /^( *)((?:-(?: +|$))*)/;
/** A block mapping key: plain (no `: `/` #`), or single- or double-quoted; then `:` and a space or the end. */
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`](?:[^:#]|:(?! |$)|(?<! )#)*?) *:(?: +|$)/;
/** What may be typed of a key or value for the cursor to have a context: a plain word, possibly empty. */
const PLAIN_WORD = /^[^\s#{}[\],'"|>&*!%@`][^\s#{}[\],]*$|^$/;

export function lineShape(line: string): LineShape | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const m = DASHES.exec(line)!;
  const dashes: number[] = [];
  let col = m[1].length;
  for (const part of m[2].match(/- */g) ?? []) {
    dashes.push(col);
    col += part.length;
  }
  const rest = line.slice(col);
  const k = KEY.exec(rest);
  if (!k) return { dashes, contentColumn: col };
  return { dashes, contentColumn: col, key: unquote(k[1]), hasValue: hasValue(rest.slice(k[0].length)) };
}

/**
 * Whether the text after `key:` holds more than blanks and a comment (a comment starts at a
 * `#` first on the line's rest or after a space or tab). Only its first characters are
 * looked at: lines above the cursor are read for their shape, and one may be a 20 MB name
 * (issue 16: reading each whole value made a completion there take 80 ms).
 */
function hasValue(text: string): boolean {
  const first = text.search(/\S/);
  if (first < 0) return false;
  return !(text[first] === '#' && (first === 0 || text[first - 1] === ' ' || text[first - 1] === '\t'));
}

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key.trimEnd();
}

/**
 * The path of the mapping that holds content starting at `column` on line `lineIndex`,
 * walking up through the lines above. Undefined when the position is inside a block
 * scalar or a flow collection, or the lines above do not make a block structure.
 * With `inSequenceAt`, the content is an item of a sequence whose dashes are at that
 * column, and the search starts with the key that owns the sequence.
 */
export function parentPath(lines: readonly string[], lineIndex: number, column: number, inSequenceAt = -1): PathStep[] | undefined {
  const path: PathStep[] = [];
  let col = column;
  /** Column of the dashes of the sequence we are in, while looking for the key that owns it. */
  let sequenceAt = inSequenceAt;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const shape = lineShape(lines[i]);
    if (!shape) continue;
    if (sequenceAt >= 0) {
      // Sibling items of our sequence, and their content, are skipped.
      if (shape.dashes.length && shape.dashes[0] === sequenceAt) continue;
      const start = shape.dashes[0] ?? shape.contentColumn;
      if (start > sequenceAt) continue;
      if (shape.key === undefined || shape.hasValue || shape.contentColumn > sequenceAt) return undefined;
      path.push(shape.key);
      sequenceAt = -1;
      col = shape.contentColumn;
      enterItems(shape);
      continue;
    }
    const start = shape.dashes[0] ?? shape.contentColumn;
    if (start >= col) continue;
    if (shape.contentColumn < col) {
      if (shape.key === undefined) continue; // a continuation line of a plain scalar
      if (shape.hasValue) return undefined; // a flow collection, block scalar or broken text opens here
      path.push(shape.key);
      col = shape.contentColumn;
    }
    enterItems(shape);
  }
  if (sequenceAt >= 0) return undefined;
  return path.reverse();

  /** The content we came from lies in the items this line's dashes open. */
  function enterItems(shape: LineShape): boolean {
    const inner = shape.dashes.filter((d) => d < col);
    if (inner.length === 0) return false;
    for (let j = 0; j < inner.length; j++) path.push(ITEM);
    sequenceAt = inner[0];
    col = inner[0];
    return true;
  }
}

/** The cursor context in `text` at `position`, or undefined when there is none to complete in. */
export function cursorContext(text: string, position: Position, known?: KnownIdentity): CursorContext | undefined {
  const chunks = splitDocuments(text);
  let documentIndex = 0;
  for (let i = 0; i < chunks.length; i++) if (chunks[i].startLine <= position.line) documentIndex = i;
  const chunk = chunks[documentIndex];
  if (!chunk) return undefined;
  const lines = chunk.text.split(/\r\n|\r|\n/);
  const lineIndex = position.line - chunk.startLine;
  const line = lines[lineIndex];
  if (line === undefined) return undefined;
  // LSP: a character past the end of the line means the end of the line.
  if (position.character > line.length) return cursorContext(text, { line: position.line, character: line.length }, known);
  const before = line.slice(0, position.character);
  if (/^---(\s|$)/.test(line) || /^\s*#/.test(before)) return undefined;

  const dashMatch = DASHES.exec(before)!;
  const contentColumn = dashMatch[0].length;
  const dashCount = (dashMatch[2].match(/-/g) ?? []).length;
  const rest = before.slice(contentColumn);
  const firstDash = dashMatch[1].length;
  const parent = dashCount ? parentPath(lines, lineIndex, firstDash, firstDash) : parentPath(lines, lineIndex, contentColumn);
  if (!parent) return undefined;
  const container = [...parent, ...Array<PathStep>(dashCount).fill(ITEM)];
  let identity: { kind?: string; namespace?: string } | undefined;
  const lazyIdentity = () => (identity ??= known?.(documentIndex) ?? documentIdentity(chunk.text));
  const withIdentity = (context: Omit<CursorContext, 'kind' | 'namespace'>): CursorContext => Object.defineProperties(context, {
    kind: { get: () => lazyIdentity().kind, enumerable: true },
    namespace: { get: () => lazyIdentity().namespace, enumerable: true },
  }) as CursorContext;

  const keyMatch = KEY.exec(rest);
  if (keyMatch) {
    const typed = rest.slice(keyMatch[0].length);
    if (!PLAIN_WORD.test(typed)) return undefined;
    const start = position.character - typed.length;
    const after = line.slice(position.character);
    const tail = /^[^\s#]*/.exec(after)![0];
    return withIdentity({
      documentIndex,
      path: [...container, unquote(keyMatch[1])],
      role: 'value',
      prefix: typed,
      range: { start: { line: position.line, character: start }, end: { line: position.line, character: position.character + tail.length } },
      needsSpace: !/ $/.test(keyMatch[0]),
      colonFollows: false,
      siblings: [],
    });
  }
  if (!PLAIN_WORD.test(rest) || rest.includes(':')) return undefined;
  const after = line.slice(position.character);
  const tail = /^[^\s:#]*/.exec(after)![0];
  return withIdentity({
    documentIndex,
    path: container,
    role: 'key',
    prefix: rest,
    range: { start: { line: position.line, character: contentColumn }, end: { line: position.line, character: position.character + tail.length } },
    needsSpace: false,
    colonFollows: /^ *:(?: |$)/.test(after.slice(tail.length)),
    siblings: dashCount ? [] : siblingKeys(lines, lineIndex, contentColumn),
  });
}

/** Keys at `column` in the block around `lineIndex` (up and down until a line less indented). */
function siblingKeys(lines: readonly string[], lineIndex: number, column: number): string[] {
  const keys: string[] = [];
  for (const step of [-1, 1]) {
    for (let i = lineIndex + step; i >= 0 && i < lines.length; i += step) {
      const shape = lineShape(lines[i]);
      if (!shape) continue;
      const start = shape.dashes[0] ?? shape.contentColumn;
      if (start < column) break;
      if (start === column && shape.key !== undefined) keys.push(shape.key);
    }
  }
  return keys;
}

/** `kind` and `metadata.namespace` of one document, read by a tolerant parse; a line scan when the parse finds no map. */
/**
 * The kind and namespace of document `index` when the caller knows them without parsing
 * it (completion.ts: from the workspace's model of the same text), else undefined.
 */
export type KnownIdentity = (index: number) => { kind?: string; namespace?: string } | undefined;

export function documentIdentity(text: string): { kind?: string; namespace?: string } {
  try {
    const doc = parseDocument(text, { strict: false, uniqueKeys: false, prettyErrors: false });
    if (isMap(doc.contents)) {
      const kind = doc.contents.get('kind', true);
      const metadata = doc.contents.get('metadata', true);
      const namespace = isMap(metadata) ? metadata.get('namespace', true) : undefined;
      const kindValue = isScalar(kind) && typeof kind.value === 'string' ? kind.value : undefined;
      if (kindValue) return { kind: kindValue, namespace: isScalar(namespace) && typeof namespace.value === 'string' && namespace.value ? namespace.value : undefined };
    }
  } catch {
    // fall through to the line scan
  }
  const kind = /^kind: *["']?([A-Za-z]+)["']? *(?:#.*)?$/m.exec(text)?.[1];
  return { kind };
}
