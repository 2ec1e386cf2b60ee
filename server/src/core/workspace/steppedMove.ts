import type { Steps } from '../steps';
import { IndexCommit } from './indexCommit';
import { nonEmptyKey, type DependencyKey } from './keys';
import { applyPlacement, type PreparedMove } from './placement';
import type { ResourceIndex } from './resourceIndex';

/**
 * Resources moved, or tidied up, between two yields of {@link moveSteps}: a few
 * milliseconds (a move costs a few microseconds: ten keys filed or looked at).
 */
export const RESOURCES_PER_MOVE_STEP = 500;

/** What a stepped move reads from and writes to the workspace. */
export interface MoveHost {
  /** The index in use (the workspace ends a move in flight before it replaces it). */
  readonly index: ResourceIndex;
  /**
   * The moves, each made when its turn comes (a prepared move that no longer holds is
   * prepared again: the files they belong to cannot change while the move is in flight).
   */
  moves(): Iterable<PreparedMove>;
  /** Makes the new kustomize effects those in use: part of the step that reveals the moves. */
  reveal(): void;
}

/**
 * Moves resources to the places a kustomize refresh gives them (their namespace, their
 * kustomize facts), in bounded steps (issue 16: the 22,000 resources a kustomization of
 * 100,000 entries moves took one step of 140-240 ms). Each is filed hidden under the keys
 * it comes to, a step at a time; one step writes every placement and reveals them all
 * with the new effects (./indexCommit.ts); then they leave the keys they left, a step at
 * a time. A lookup between two steps sees every resource where the effects in use place
 * it. Adds the keys of both places to `keys`, as the move in one step does.
 */
export function* moveSteps(host: MoveHost, keys: Set<DependencyKey>): Steps<void> {
  const { index } = host;
  const commit = new IndexCommit();
  const moves: PreparedMove[] = [];
  let work = 0;
  for (const move of host.moves()) {
    index.fileMoving(move.resource, move.keysNow, move.placement.patchFile ? [] : move.keysAfter, commit);
    for (const key of move.keysNow) keys.add(key);
    for (const key of move.keysAfter) keys.add(key);
    moves.push(move);
    if (++work % RESOURCES_PER_MOVE_STEP === 0) yield;
  }
  // Five fields a resource: a few milliseconds for tens of thousands.
  for (const move of moves) applyPlacement(move.resource, move.placement);
  host.reveal();
  index.reveal(commit);
  yield;
  for (const move of moves) {
    index.settleMove(move.resource, commit);
    if (++work % RESOURCES_PER_MOVE_STEP === 0) yield;
  }
  // Whether these entries are empty may have changed: what "is there any" lookups depend on.
  for (const key of commit.podsKeys) keys.add(nonEmptyKey(key));
}
