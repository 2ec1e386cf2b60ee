import { Composer, isMap, isScalar, isSeq, type CST, type Document } from 'yaml';
import type { Steps } from './steps';
import { giveLeadingComment, putBack, takeLeadingComment, type ComposedCollection, type Cut } from './yamlPutBack';
import { aliasInPlaceOfBlock, blockScalarCutSteps } from './yamlBlockScalars';
import { FLOW_SCALAR_CHARS_PER_COMPOSED_CHAR, aliasInPlaceOf, decodedApart, flattened, scalarCutSteps } from './yamlFlowScalars';
import type { YamlParseOptions } from './yamlSteps';

/**
 * How many characters of a large collection's items are composed per step by
 * {@link composeDocumentSteps}: about a millisecond or two of `yaml`'s Composer on the
 * project's machine (a 2 MB List composed whole took about a second of CPU).
 */
export const COMPOSED_CHARS_PER_STEP = 4096;

/**
 * How deep {@link composeDocumentSteps} looks for large collections inside large items: a
 * collection deeper than this is composed whole with the item that holds it. Kubernetes
 * objects nest a dozen levels (a container's env is at depth 7 of a StatefulSet); the bound
 * keeps the cutting's own recursion far from the call stack's limit.
 */
export const MAX_CUT_DEPTH = 100;

type Collection = CST.BlockMap | CST.BlockSequence;
type Item = Collection['items'][number];

/** What every cut of one document shares. */
interface CutOptions {
  options: YamlParseOptions;
  charsPerStep: number;
  /** How many tags the schema of a new document holds: a piece that adds one is not composed apart. */
  tagsOfNewSchema: number;
  /** The document's text, whose offsets the tokens carry: a block scalar's stand-in is a view into it. */
  text: string;
  /** How many characters of a large flow scalar are decoded per step (yamlFlowScalars.ts). */
  scalarCharsPerStep: number;
  /** Whether the schema makes of a quoted or multi-line plain scalar its string, untagged (then one can be decoded apart). */
  stringsAsIs: boolean;
  /**
   * The patterns by which the schema, or the `compat` schema the composer warns against,
   * gives a plain scalar another type than a string: a multi-line plain scalar decoded
   * apart that matches one (a YAML 1.1 timestamp may hold the space its line break folds
   * to) is composed whole.
   */
  plainTypeTests: RegExp[];
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
 * a second of CPU in one step. Here every large block collection, at any depth (a List's
 * `items`, a document that is itself a list, a container's `env` deep in a StatefulSet), is
 * composed a piece of whole items at a time, each piece as the value of a document of its
 * own, starting at the offset where composing the whole would be at that item (the CST
 * keeps absolute offsets, so every range is the same). A large item is itself cut: the
 * large collections inside it are composed in pieces first, and the item, holding only
 * their last pieces, is composed with its piece. The rest of the document, each large
 * collection holding only its last piece, then goes through `composer` (which also gives
 * it the comments and errors read before it), and the pieces composed apart are put back
 * in front (yamlPutBack.ts).
 *
 * The result is the Document composing the whole gives. Where it could differ, the
 * collection, or the document, is composed whole, in one step, as before: directives
 * (`%YAML`, `%TAG`) seen in the stream (a piece's own document would not have them); a tag
 * on a collection (it may make it another kind of collection: then nothing inside it is
 * cut) or in a piece that adds to the schema's tags; a map when keys must be unique (the
 * duplicate check reads all the map's keys: its large values are still cut); any error
 * or warning, in a piece or in the rest (their order and positions); a comment left at the
 * end of a piece (the map or sequence's own comment); `keepSourceTokens`. Aliases and merge
 * keys need nothing: composing does not resolve them (the core never does).
 *
 * `text` is the text lexed (the source, or the source masked: yamlMasks.ts), whose length
 * is where the document ends at the latest: how large its last items are.
 */
export function* composeDocumentSteps(composer: Composer, token: CST.Document, options: YamlParseOptions, directivesSeen: boolean, text: string, charsPerStep = COMPOSED_CHARS_PER_STEP): Steps<ComposedInSteps> {
  const end = text.length;
  const whole = (): ComposedInSteps => ({ documents: [...composer.next(token)] });
  if (directivesSeen || options.keepSourceTokens || !token.value || end - token.offset <= charsPerStep) return whole();
  const probe = composeAlone({ type: 'document', offset: 0, start: [], value: { type: 'block-seq', offset: 0, indent: 0, items: [
    { start: [{ type: 'seq-item-ind', offset: 0, indent: 0, source: '-' }], value: { type: 'double-quoted-scalar', offset: 1, indent: 0, source: '"x"' } },
    { start: [{ type: 'seq-item-ind', offset: 4, indent: 0, source: '-' }], value: { type: 'scalar', offset: 5, indent: 0, source: 'a\n b' } },
  ] } }, options);
  const stringsAsIs = probe.errors.length === 0 && isSeq(probe.contents) && probe.contents.items.every((item, i) => isScalar(item) && item.value === ['x', 'a b'][i] && !item.tag && !item.format);
  const scalarCharsPerStep = charsPerStep * FLOW_SCALAR_CHARS_PER_COMPOSED_CHAR;
  const plainTypeTests = [...probe.schema.tags, ...(probe.schema.compat ?? [])].flatMap((tag) => (tag.default && tag.test ? [tag.test] : []));
  const cuts: Cut[] = [];
  const value = yield* shrinkValue(token.value, token.start, end, cuts, { options, charsPerStep, text, tagsOfNewSchema: probe.schema.tags.length, scalarCharsPerStep, stringsAsIs, plainTypeTests }, 0);
  if (!value || cuts.length === 0) return whole();
  const rest: CST.Document = { ...token, value };
  // Composed apart first, as a trial: once `composer` has taken a document it cannot be
  // given the whole one instead. The rest is composed twice, which costs little when it
  // is what it is in a List (a few keys and the last piece of each large collection) and
  // doubles the last step of a document that holds something large that cannot be cut.
  const trial = composeAlone(rest, options);
  const trialCuts = cuts.map((cut) => (cut.kind === 'scalar' ? cut : { ...cut, apart: [] }));
  if (trial.errors.length > 0 || trial.warnings.length > 0 || !putBack(trial.contents, trialCuts)) return whole();
  yield;
  const rootCut = value.offset !== token.value.offset;
  const complete = (doc: Document.Parsed) => {
    const comment = rootCut ? takeLeadingComment(doc.contents, trial.contents) : undefined;
    // Found in the trial, which composed the same tokens with the same options.
    putBack(doc.contents, cuts);
    if (comment !== undefined) giveLeadingComment(doc.contents, comment);
  };
  return { documents: [...composer.next(rest)], complete };
}

/**
 * The token of a value, each large block collection in it holding only its last piece,
 * the pieces before composed apart (a step each) and recorded in `cuts`; the value itself
 * when nothing in it is cut, undefined when a piece cannot be composed apart (then the
 * document is composed whole). `props` are the tokens before the value (its tag, anchor).
 */
function* shrinkValue(value: CST.Token, props: readonly CST.SourceToken[], end: number, cuts: Cut[], cut: CutOptions, depth: number): Steps<CST.Token | undefined> {
  if (value.type === 'double-quoted-scalar' || value.type === 'single-quoted-scalar' || value.type === 'scalar' || value.type === 'block-scalar') return yield* shrinkScalar(value, props, cuts, cut, depth);
  if (value.type !== 'block-map' && value.type !== 'block-seq') return value;
  if (depth >= MAX_CUT_DEPTH || props.some((t) => t.type === 'tag')) return value;
  const ends = itemEnds(value.items, end);
  const pieces = value.type === 'block-map' && cut.options.uniqueKeys !== false ? [0] : pieceStarts(value.items, cut.charsPerStep);
  const apart: unknown[] = [];
  let offset = value.offset;
  for (const [p, from] of pieces.slice(0, -1).entries()) {
    const to = pieces[p + 1];
    const node = yield* composePieceApart({ ...value, offset, items: value.items.slice(from, to) } as Collection, ends.slice(from, to), cut, depth);
    if (!node) return undefined;
    for (const item of node.items) apart.push(item);
    // Where composing the whole would be after these items: the start of the next.
    offset = node.range[1];
    yield;
  }
  const from = pieces[pieces.length - 1];
  const last = value.items.slice(from);
  const kept = yield* shrinkItems(value.type, last, ends.slice(from), cuts, cut, depth);
  if (!kept) return undefined;
  if (pieces.length === 1 && kept === last) return value;
  if (pieces.length > 1) cuts.push({ kind: value.type, start: value.offset, offset, apart });
  return { ...value, offset, items: kept } as Collection;
}

/**
 * A large quoted, multi-line plain or block scalar decoded apart, in steps, and an alias of
 * the same length in its place (recorded in `cuts`); the scalar itself when it is not
 * decoded apart: small, with an anchor or a tag (composed by their own rules), a document
 * that is only a string (it holds no object), or a problem in it (composing it whole
 * reports it).
 */
function* shrinkScalar(value: CST.FlowScalar | CST.BlockScalar, props: readonly CST.SourceToken[], cuts: Cut[], cut: CutOptions, depth: number): Steps<CST.Token> {
  if (depth === 0 || !cut.stringsAsIs || value.source.length <= cut.scalarCharsPerStep) return value;
  if (props.some((t) => t.type === 'anchor' || t.type === 'tag')) return value;
  if (value.type === 'block-scalar') {
    const decoded = yield* blockScalarCutSteps(value, cut.scalarCharsPerStep, cut.options.strict ?? true);
    if (!decoded) return value;
    yield* flattenedInAStep(decoded.value);
    cuts.push(decoded);
    return aliasInPlaceOfBlock(value, cut.text);
  }
  if (!decodedApart(value)) return value;
  const decoded = yield* scalarCutSteps(value, cut.scalarCharsPerStep);
  if (!decoded) return value;
  yield* flattenedInAStep(decoded.value);
  if (value.type === 'scalar' && cut.plainTypeTests.some((test) => test.test(decoded.value))) return value;
  cuts.push(decoded);
  return aliasInPlaceOf(value);
}

/**
 * A large value decoded in parts made one block of characters, in a step of its own. Joined
 * from its parts, it is a tree of strings until something reads it whole (a type test, the
 * rules), and that read copies all of it: with the stand-in's (then `*` joined to the
 * scalar's source: aliasInPlaceOf), two copies of a 30 MB value were in the step that
 * composed the rest, 160-200 ms (issue 16).
 */
function* flattenedInAStep(text: string): Steps<void> {
  yield;
  flattened(text);
  yield;
}


/** The items, each large one's value shrunk by {@link shrinkValue}: the same array when none is. */
function* shrinkItems(kind: Collection['type'], items: Item[], ends: number[], cuts: Cut[], cut: CutOptions, depth: number): Steps<Item[] | undefined> {
  let shrunk: Item[] | undefined;
  for (const [i, item] of items.entries()) {
    const start = startOf(item);
    if (!item.value || start === undefined || ends[i] - start <= cut.charsPerStep) continue;
    // A map's value has its tag and anchor after the key; a sequence item's after its `-`.
    const props = (kind === 'block-map' ? item.sep : item.start) ?? [];
    const value = yield* shrinkValue(item.value, props, ends[i], cuts, cut, depth + 1);
    if (!value) return undefined;
    if (value === item.value) continue;
    shrunk ??= items.slice();
    shrunk[i] = { ...item, value } as Item;
  }
  return shrunk ?? items;
}

/**
 * The items of one piece composed as the value of a document of their own (the large
 * collections in its large items cut in turn, and put back), or undefined when that could
 * differ from composing them in place (see {@link composeDocumentSteps}).
 */
function* composePieceApart(piece: Collection, ends: number[], cut: CutOptions, depth: number): Steps<ComposedCollection | undefined> {
  const cuts: Cut[] = [];
  const items = yield* shrinkItems(piece.type, piece.items, ends, cuts, cut, depth);
  if (!items) return undefined;
  const collection = { ...piece, items } as Collection;
  const doc = composeAlone({ type: 'document', offset: collection.offset, start: [], value: collection }, cut.options);
  const node = doc.contents;
  const sameKind = collection.type === 'block-seq' ? isSeq(node) : isMap(node);
  if (!node || !sameKind || doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  if (doc.schema.tags.length !== cut.tagsOfNewSchema) return undefined;
  // A comment after the last item belongs to the collection, which composing it whole
  // gives only if no item follows: not for a piece that is not the last.
  if (node.comment || node.range[1] !== node.range[2]) return undefined;
  return putBack(node, cuts) ? (node as ComposedCollection) : undefined;
}

/** The index of each piece's first item: a new piece starts at the first item `charsPerStep` characters or more after the piece's first. */
function pieceStarts(items: Item[], charsPerStep: number): number[] {
  const starts: number[] = [0];
  let pieceStart = items.length > 0 ? (startOf(items[0]) ?? 0) : 0;
  for (const [i, item] of items.entries()) {
    const start = startOf(item);
    if (i > 0 && start !== undefined && start - pieceStart >= charsPerStep) {
      starts.push(i);
      pieceStart = start;
    }
  }
  return starts;
}

/** Where each item ends at the latest: where the next starts, the last where its collection ends at the latest. */
function itemEnds(items: Item[], end: number): number[] {
  const ends: number[] = new Array(items.length);
  let next = end;
  for (let i = items.length - 1; i >= 0; i--) {
    ends[i] = next;
    next = startOf(items[i]) ?? next;
  }
  return ends;
}

function startOf(item: Item): number | undefined {
  return (item.start[0] ?? item.key ?? item.sep?.[0] ?? item.value)?.offset;
}

function composeAlone(token: CST.Document, options: YamlParseOptions): Document.Parsed {
  const [doc] = new Composer(options).compose([token], true, token.offset);
  return doc;
}
