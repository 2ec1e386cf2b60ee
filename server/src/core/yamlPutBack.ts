import { isMap, isPair, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { putScalarsBack, scalarSlots, type ScalarCut } from './yamlFlowScalars';
import { collectionsHolding } from './yamlNodesAt';

/** A composed block map or sequence, whose items are moved from one to another as they are. */
export type ComposedCollection = YAMLMap.Parsed | YAMLSeq.Parsed;

/**
 * A large block collection cut by yamlCompose.ts: its items before `offset` were composed
 * apart (`apart`), the rest stays in the token composed in its place, which starts at
 * `offset` instead of `start`.
 */
export interface CollectionCut {
  kind: 'block-map' | 'block-seq';
  start: number;
  offset: number;
  apart: unknown[];
}

/** What yamlCompose.ts composed apart: the first items of a large collection, or a large flow scalar. */
export type Cut = CollectionCut | ScalarCut;

/**
 * Puts the items composed apart back in front of each cut collection's composed node,
 * found under `root`, and gives it back its start, and each large flow scalar in
 * place of its stand-in; false, changing nothing, when a cut's node is not found exactly
 * once (then the pieces cannot be put back).
 */
export function putBack(root: unknown, cuts: readonly Cut[]): boolean {
  const collections = cuts.filter((cut): cut is CollectionCut => cut.kind !== 'scalar');
  const scalars = cuts.filter((cut): cut is ScalarCut => cut.kind === 'scalar');
  // Every node found before any is changed: a node put back no longer starts at its offset.
  const nodes = collections.map((cut) => cutNode(root, cut));
  const slots = scalarSlots(root, scalars);
  if (nodes.some((node) => node === undefined) || !slots) return false;
  // The scalars first: a slot may be an item of a sequence whose items are replaced below.
  putScalarsBack(slots, scalars);
  for (const [i, cut] of collections.entries()) {
    const node = nodes[i] as ComposedCollection;
    (node as { items: unknown[] }).items = cut.apart.concat(node.items);
    node.range[0] = cut.start;
  }
  return true;
}

/** The composed node of a cut collection: the only block collection of its kind that starts at the cut's offset. */
function cutNode(root: unknown, cut: CollectionCut): ComposedCollection | undefined {
  const found: ComposedCollection[] = [];
  for (const node of collectionsHolding(root, cut.offset)) {
    // A flow map may start where a block map does (`{a: 1}: b`): only a block collection was cut.
    if (node.range[0] === cut.offset && !node.flow && (cut.kind === 'block-seq' ? isSeq(node) : isMap(node))) found.push(node);
  }
  return found.length === 1 ? found[0] : undefined;
}

type Commented = { commentBefore?: string | null };

/**
 * `yaml`'s Composer gives a comment read before a document (`# header` then the first key)
 * to the first item of the document's block collection, a pair's key (`decorate`). When the
 * document's own collection was cut, that item, in the composer's hands, was the first of
 * its last piece: this takes the comment back from it, found by comparing it with the same
 * item composed without the comment (the trial's, `alone`), so that {@link giveLeadingComment}
 * gives it to the first item once the pieces are put back.
 */
export function takeLeadingComment(contents: unknown, alone: unknown): string | undefined {
  const [item, own] = [firstItem(contents), firstItem(alone)];
  if (!item || !own || item.commentBefore === own.commentBefore) return undefined;
  const decorated = item.commentBefore ?? '';
  // The composer wrote `${comment}\n${own}`, or the comment alone.
  const comment = own.commentBefore ? decorated.slice(0, decorated.length - own.commentBefore.length - 1) : decorated;
  if (Object.prototype.hasOwnProperty.call(own, 'commentBefore')) item.commentBefore = own.commentBefore;
  else delete item.commentBefore;
  return comment;
}

/** Gives a comment read before the document to its first item, as the composer does. */
export function giveLeadingComment(contents: unknown, comment: string): void {
  const item = firstItem(contents);
  if (!item) return;
  item.commentBefore = item.commentBefore ? `${comment}\n${item.commentBefore}` : comment;
}

function firstItem(contents: unknown): Commented | undefined {
  if ((!isMap(contents) && !isSeq(contents)) || contents.flow || contents.items.length === 0) return undefined;
  const first = contents.items[0];
  return (isPair(first) ? first.key : first) as Commented | undefined;
}
