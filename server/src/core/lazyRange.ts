import { positionInLines } from './lines';
import type { Located, Position, Range } from './types';

/**
 * Where a parsed document sits in its file: its first line, and where the lines of
 * its own text start. Every range of the document's model is computed from it when
 * read, so a document moved by lines added above it only updates `startLine`.
 */
export interface DocumentAnchor {
  startLine: number;
  /** Offsets in the document's text where its lines start (the text itself is not kept). */
  readonly lineStarts: readonly number[];
  /** Length of the document's text. */
  readonly length: number;
  /**
   * For a document rendered from a Helm template (helm/renderedFile.ts): turns an offset in
   * the rendered document into one in the template file, which `lineStarts` and `length`
   * then describe. `side` says whether the offset starts a range or ends one (exclusive):
   * a value printed by an action starts at the action's `{{` and ends after its `}}`.
   */
  readonly toSource?: (offset: number, side: 'start' | 'end') => number;
}

/**
 * A range of a document's model, kept as two offsets in the document and computed on
 * read. Ranges are most of the model (one per Located value); as plain objects with
 * two position objects each they cost about 120 bytes, this costs about 56 (measured,
 * Node 20 without pointer compression).
 *
 * To everything outside it looks like a plain `{ start, end }` object: its prototype
 * is Object.prototype, `start` and `end` are enumerable own properties (accessors,
 * each read a fresh `{ line, character }`), and the offsets are non-enumerable. So
 * `JSON.stringify`, spreading and `assert.deepStrictEqual` see exactly the plain range
 * of the document's current place in the file.
 */
export function lazyRange(anchor: DocumentAnchor, start: number, end: number): Range {
  const range = withHiddenOffsets({}, RANGE_ACCESSORS) as LazyRange;
  range.anchor = anchor;
  range.from = start;
  range.to = end;
  return range;
}

interface LazyRange extends Range {
  anchor: DocumentAnchor;
  from: number;
  to: number;
}

function positionIn(anchor: DocumentAnchor, offset: number, side: 'start' | 'end' = 'start'): Position {
  const p = positionInLines(anchor.lineStarts, anchor.length, anchor.toSource ? anchor.toSource(offset, side) : offset);
  p.line += anchor.startLine;
  return p;
}

function getStart(this: LazyRange): Position {
  return positionIn(this.anchor, this.from);
}

function getEnd(this: LazyRange): Position {
  if (!this.anchor.toSource) return positionIn(this.anchor, this.to);
  // Mapped: an empty range stays empty, and a range whose end maps before its start (a
  // `range` loop prints the same template text twice) ends where it starts.
  if (this.to <= this.from) return positionIn(this.anchor, this.from, 'start');
  const start = this.anchor.toSource(this.from, 'start');
  const end = this.anchor.toSource(this.to, 'end');
  return positionIn(this.anchor, end < start ? this.from : this.to, end < start ? 'start' : 'end');
}

/**
 * A `{ value, range }` of a document's model, with the range kept as offsets like
 * {@link lazyRange} (one object instead of a Located and its range: there are about
 * 25k of them in a 1 MB file). `value` is a plain data property; `range` is an
 * enumerable accessor that reads a range of the document's current place.
 */
export function lazyLocated<T>(value: T, anchor: DocumentAnchor, start: number, end: number): Located<T> {
  const located = withHiddenOffsets({}, LOCATED_PROPERTIES) as LazyLocated<T>;
  located.value = value;
  located.anchor = anchor;
  located.from = start;
  located.to = end;
  return located;
}

interface LazyLocated<T> extends Located<T> {
  anchor: DocumentAnchor;
  from: number;
  to: number;
}

function getRange(this: LazyLocated<unknown>): Range {
  return lazyRange(this.anchor, this.from, this.to);
}

const START = { get: getStart, enumerable: true };
const END = { get: getEnd, enumerable: true };
const RANGE = { get: getRange, enumerable: true };
const HIDDEN = { value: undefined, writable: true, enumerable: false };
const RANGE_ACCESSORS: readonly [string, PropertyDescriptor][] = [['start', START], ['end', END]];
/** `value` first, as in a literal `{ value, range }`. */
const VALUE = { value: undefined, writable: true, enumerable: true, configurable: true };
const LOCATED_PROPERTIES: readonly [string, PropertyDescriptor][] = [['value', VALUE], ['range', RANGE]];

/**
 * Defines the given properties and the non-enumerable offsets on an empty plain object
 * (which has room for four fields in itself: accessors take none), always in the same
 * order with the same descriptor objects, so all lazy ranges share one hidden class,
 * and so do all lazy values. (One defineProperty per property: measured about twice
 * as fast as Object.create with a descriptor map.)
 */
function withHiddenOffsets(target: object, properties: readonly [string, PropertyDescriptor][]): object {
  for (const [name, descriptor] of properties) Object.defineProperty(target, name, descriptor);
  Object.defineProperty(target, 'anchor', HIDDEN);
  Object.defineProperty(target, 'from', HIDDEN);
  Object.defineProperty(target, 'to', HIDDEN);
  return target;
}
