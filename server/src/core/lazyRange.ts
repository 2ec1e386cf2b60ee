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
 * each read a fresh `{ line, character }`), and the offsets are private fields
 * ({@link Offsets}). So `JSON.stringify`, spreading and `assert.deepStrictEqual` see
 * exactly the plain range of the document's current place in the file.
 */
export function lazyRange(anchor: DocumentAnchor, start: number, end: number): Range {
  // An empty literal has room for four fields in itself: the three offsets.
  const range = {};
  Object.defineProperty(range, 'start', START);
  Object.defineProperty(range, 'end', END);
  return new Offsets(range, anchor, start, end) as unknown as Range;
}

/**
 * Lets a class add fields to an object it did not make: a constructor that returns an
 * object makes it the `this` of the subclass's constructor, fields included.
 */
class ReturnsTarget {
  constructor(target: object) {
    return target;
  }
}

/**
 * The offsets of a lazy range or value, added to a plain object as private fields:
 * invisible to `Object.keys`, `JSON.stringify`, spreading and `assert.deepStrictEqual`,
 * as the non-enumerable properties they replace were, but set without a
 * `defineProperty` call each. Those three calls and the object's own made about a fifth
 * of reading the model of a 1 MB file (CPU profile of a first open, docs/performance.md).
 */
class Offsets extends ReturnsTarget {
  #anchor: DocumentAnchor;
  #from: number;
  #to: number;

  constructor(target: object, anchor: DocumentAnchor, from: number, to: number) {
    super(target);
    this.#anchor = anchor;
    this.#from = from;
    this.#to = to;
  }

  static start(o: object): Position {
    return positionIn((o as Offsets).#anchor, (o as Offsets).#from);
  }

  static end(o: object): Position {
    const anchor = (o as Offsets).#anchor;
    const from = (o as Offsets).#from;
    const to = (o as Offsets).#to;
    if (!anchor.toSource) return positionIn(anchor, to);
    // Mapped: an empty range stays empty, and a range whose end maps before its start (a
    // `range` loop prints the same template text twice) ends where it starts.
    if (to <= from) return positionIn(anchor, from, 'start');
    const start = anchor.toSource(from, 'start');
    const end = anchor.toSource(to, 'end');
    return positionIn(anchor, end < start ? from : to, end < start ? 'start' : 'end');
  }

  static range(o: object): Range {
    return lazyRange((o as Offsets).#anchor, (o as Offsets).#from, (o as Offsets).#to);
  }
}

function positionIn(anchor: DocumentAnchor, offset: number, side: 'start' | 'end' = 'start'): Position {
  const p = positionInLines(anchor.lineStarts, anchor.length, anchor.toSource ? anchor.toSource(offset, side) : offset);
  p.line += anchor.startLine;
  return p;
}

/**
 * A `{ value, range }` of a document's model, with the range kept as offsets like
 * {@link lazyRange} (one object instead of a Located and its range: there are about
 * 25k of them in a 1 MB file). `value` is a plain data property; `range` is an
 * enumerable accessor that reads a range of the document's current place.
 */
export function lazyLocated<T>(value: T, anchor: DocumentAnchor, start: number, end: number): Located<T> {
  // An empty literal has room for four fields in itself (accessors take none): `value`
  // and the three offsets. `value` first, as in a literal `{ value, range }`.
  const located: { value?: T } = {};
  located.value = value;
  Object.defineProperty(located, 'range', RANGE);
  return new Offsets(located, anchor, start, end) as unknown as Located<T>;
}

// The same descriptor objects every time, so all lazy ranges share one hidden class, and
// so do all lazy values.
const START = { get(this: object): Position { return Offsets.start(this); }, enumerable: true };
const END = { get(this: object): Position { return Offsets.end(this); }, enumerable: true };
const RANGE = { get(this: object): Range { return Offsets.range(this); }, enumerable: true };
