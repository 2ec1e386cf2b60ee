import { Composer, isMap, isSeq, type CST, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Steps } from './steps';
import type { YamlParseOptions } from './yamlSteps';

/**
 * How many characters of a large collection's items are composed per step by
 * {@link composeDocumentSteps}: about a millisecond or two of `yaml`'s Composer on the
 * project's machine (a 2 MB List composed whole took about a second of CPU).
 */
export const COMPOSED_CHARS_PER_STEP = 4096;

type Collection = CST.BlockMap | CST.BlockSequence;
type Item = Collection['items'][number];
type ComposedCollection = YAMLMap.Parsed | YAMLSeq.Parsed;
/** The items of a composed map or sequence, pairs or nodes: moved from one to another as they are. */
type ComposedItems = unknown[];

/** A large collection, the value of the document's top-level map at `pair`, cut into pieces of whole items. */
interface LargeCollection {
  pair: number;
  token: Collection;
  pieces: Item[][];
}

export interface ComposedInSteps {
  /** What `composer.next(token)` yielded: the previous document, if any. */
  documents: Document.Parsed[];
  /**
   * Set when the document was composed in pieces: completes it once the composer hands
   * it out (its next document or its end), putting back the items composed apart.
   */
  complete?: (doc: Document.Parsed) => void;
}

/**
 * `composer.next(token)` for a CST document, in steps. `yaml`'s Composer builds the Document
 * of a whole document at once when its last token has been read: for a 2 MB `kind: List`,
 * a second of CPU in one step. Here the items of each large collection that is a value of
 * the document's top-level map (a List's `items`, a large ConfigMap's `data`) are composed
 * a piece at a time, each piece as the value of a document of its own, starting at the
 * offset where composing the whole would be at that item (the CST keeps absolute offsets,
 * so every range is the same). The rest of the document, with only the last piece of each
 * such collection, then goes through `composer` (which also gives it the comments and
 * errors read before it), and the pieces composed apart are put back in front.
 *
 * The result is the Document composing the whole gives. Where it could differ, the
 * document is composed whole, in one step, as before: directives (`%YAML`, `%TAG`) seen in
 * the stream (a piece's own document would not have them); a tag on the collection itself
 * (it may make it another kind of collection) or in a piece that adds to the schema's tags;
 * a map when keys must be unique (the duplicate check reads all the map's keys); any error
 * or warning, in a piece or in the rest (their order and positions); a comment left at the
 * end of a piece (the map or sequence's own comment); `keepSourceTokens`. Aliases and merge
 * keys need nothing: composing does not resolve them (the core never does).
 */
export function* composeDocumentSteps(composer: Composer, token: CST.Document, options: YamlParseOptions, directivesSeen: boolean, charsPerStep = COMPOSED_CHARS_PER_STEP): Steps<ComposedInSteps> {
  const large = directivesSeen || options.keepSourceTokens ? [] : largeCollections(token, options, charsPerStep);
  if (large.length === 0) return { documents: [...composer.next(token)] };
  const tagsOfNewSchema = composeAlone({ type: 'document', offset: 0, start: [] }, options).schema.tags.length;
  const composedApart: ComposedItems[] = [];
  const lastPieceOffsets: number[] = [];
  for (const { token: collection, pieces } of large) {
    const items: ComposedItems = [];
    let offset = collection.offset;
    for (const piece of pieces.slice(0, -1)) {
      const composed = composePiece({ ...collection, offset, items: piece } as Collection, options, tagsOfNewSchema);
      if (!composed) return { documents: [...composer.next(token)] };
      for (const item of composed.items) items.push(item);
      // Where composing the whole would be after these items: the start of the next.
      offset = composed.range[1];
      yield;
    }
    composedApart.push(items);
    lastPieceOffsets.push(offset);
  }
  const rest = withLastPieces(token, large, lastPieceOffsets);
  // Composed apart first, as a trial: once `composer` has taken a document it cannot be
  // given the whole one instead. The rest is composed twice, which costs little when it
  // is what it is in a List (a few keys and the last piece) and doubles the last step of a
  // document whose other values are large too.
  const trial = composeAlone(rest, options);
  if (trial.errors.length > 0 || trial.warnings.length > 0 || large.some((_, i) => !lastPieceNode(trial, large[i], lastPieceOffsets[i]))) {
    return { documents: [...composer.next(token)] };
  }
  yield;
  const complete = (doc: Document.Parsed) => {
    for (const [i, collection] of large.entries()) {
      // Found in the trial, which composed the same tokens with the same options.
      const node = lastPieceNode(doc, collection, lastPieceOffsets[i]) as ComposedCollection;
      (node as { items: ComposedItems }).items = composedApart[i].concat(node.items);
      node.range[0] = collection.token.offset;
    }
  };
  return { documents: [...composer.next(rest)], complete };
}

/**
 * The block collections, values of the document's top-level block map, that span more
 * than one piece of `charsPerStep` characters, each cut at item boundaries.
 */
function largeCollections(token: CST.Document, options: YamlParseOptions, charsPerStep: number): LargeCollection[] {
  const map = token.value;
  if (map?.type !== 'block-map') return [];
  const large: LargeCollection[] = [];
  for (const [pair, item] of map.items.entries()) {
    const value = item.value;
    if (value?.type !== 'block-seq' && (value?.type !== 'block-map' || options.uniqueKeys !== false)) continue;
    if (item.sep?.some((t) => t.type === 'tag')) continue;
    const pieces = cutIntoPieces(value.items, charsPerStep);
    if (pieces.length > 1) large.push({ pair, token: value, pieces });
  }
  return large;
}

/** Consecutive items, a new piece starting at the first item `charsPerStep` characters or more after the piece's first. */
function cutIntoPieces(items: Item[], charsPerStep: number): Item[][] {
  const pieces: Item[][] = [];
  let piece: Item[] = [];
  let pieceStart = 0;
  for (const item of items) {
    const start = startOf(item);
    if (piece.length > 0 && start !== undefined && start - pieceStart >= charsPerStep) {
      pieces.push(piece);
      piece = [];
    }
    if (piece.length === 0) pieceStart = start ?? pieceStart;
    piece.push(item);
  }
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

function startOf(item: Item): number | undefined {
  return (item.start[0] ?? item.key ?? item.sep?.[0] ?? item.value)?.offset;
}

/**
 * The items of one piece composed as the value of a document of their own, or undefined
 * when that could differ from composing them in place (see {@link composeDocumentSteps}).
 */
function composePiece(collection: Collection, options: YamlParseOptions, tagsOfNewSchema: number): ComposedCollection | undefined {
  const doc = composeAlone({ type: 'document', offset: collection.offset, start: [], value: collection }, options);
  const node = doc.contents;
  const sameKind = collection.type === 'block-seq' ? isSeq(node) : isMap(node);
  if (!node || !sameKind || doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  if (doc.schema.tags.length !== tagsOfNewSchema) return undefined;
  // A comment after the last item belongs to the collection, which composing it whole
  // gives only if no item follows: not for a piece that is not the last.
  if (node.comment || node.range[1] !== node.range[2]) return undefined;
  return node as ComposedCollection;
}

function composeAlone(token: CST.Document, options: YamlParseOptions): Document.Parsed {
  const [doc] = new Composer(options).compose([token], true, token.offset);
  return doc;
}

/** The document with each large collection holding only its last piece, starting where the piece before it ended. */
function withLastPieces(token: CST.Document, large: LargeCollection[], offsets: number[]): CST.Document {
  const map = token.value as CST.BlockMap;
  const items = map.items.slice();
  for (const [i, { pair, token: collection, pieces }] of large.entries()) {
    items[pair] = { ...items[pair], value: { ...collection, offset: offsets[i], items: pieces[pieces.length - 1] } as Collection } as CST.BlockMap['items'][number];
  }
  return { ...token, value: { ...map, items } };
}

/** The composed node of a large collection holding its last piece: the only top-level value of its kind starting at `offset`. */
function lastPieceNode(doc: Document.Parsed, collection: LargeCollection, offset: number): ComposedCollection | undefined {
  if (!isMap(doc.contents)) return undefined;
  const isKind = (node: unknown) => (collection.token.type === 'block-seq' ? isSeq(node) : isMap(node));
  const found = doc.contents.items.filter((pair) => isKind(pair.value) && (pair.value as ComposedCollection).range[0] === offset);
  return found.length === 1 ? (found[0].value as ComposedCollection) : undefined;
}
