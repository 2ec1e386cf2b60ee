import type { Resource } from '../model';
import type { ParsedFile } from '../parse';
import type { Steps } from '../steps';
import { indexKeys, nonEmptyKey, type DependencyKey } from './keys';
import { IndexCommit } from './indexCommit';
import type { ResourceIndex } from './resourceIndex';
import { applyPlacement, type Placement } from './placement';
import type { FileChange } from './types';

/**
 * Resources filed, retired or tidied between two yields of {@link commitSteps}: a few
 * milliseconds (a resource costs a few microseconds: its placement and its keys).
 */
export const RESOURCES_PER_COMMIT_STEP = 500;

/** What a stepped commit reads from and writes to the workspace. */
export interface CommitHost {
  /** The index in use (the workspace finishes commits in flight before it replaces it). */
  readonly index: ResourceIndex;
  /** The resources the index holds for the file now. */
  before: readonly Resource[];
  /** Where the resource goes with the settings and kustomize effects in use. */
  placement(r: Resource): Placement;
  /** Puts the new file in the place of the old one: the step that reveals the new resources. */
  swap(): void;
}

/**
 * Puts a parsed file's resources in the index in place of its previous ones in bounded
 * steps (issue 16: a 10 MB file's 35,000 objects were filed in one step of 0.5-2 s).
 * The new resources are filed hidden a step at a time, the old ones marked to retire;
 * then one step swaps the file and reveals them (O(1): ./indexCommit.ts); then the old ones
 * are taken out a step at a time. A lookup between two steps sees the old file or the new
 * one whole. Returns the change as the one-step commit does (Workspace.replace), for a file
 * no chart or kustomization reads as more than itself. A document closed is committed the
 * same way, with the disk layer's resources (if any) as the new ones (OpenDocuments.beginClose).
 */
export function* commitSteps(host: CommitHost, uri: string, file: Pick<ParsedFile, 'resources' | 'changed'>): Steps<FileChange> {
  const { index } = host;
  const commit = new IndexCommit();
  const keys = new Set<DependencyKey>();
  // The resources filed or retired and their keys, side by side: arrays grow without rehashing.
  const marked: Resource[] = [];
  const keysOfMarked: (readonly DependencyKey[])[] = [];
  let work = 0;
  /** Whether a step's worth of resources has been handled since the last yield. */
  const stepDone = (): boolean => ++work % RESOURCES_PER_COMMIT_STEP === 0;

  const before = host.before;
  const beforeSet = new Set<Resource>();
  for (const r of before) {
    beforeSet.add(r);
    if (stepDone()) yield;
  }
  const afterSet = new Set<Resource>();
  for (const r of file.resources) {
    afterSet.add(r);
    if (!beforeSet.has(r)) {
      // Written on a resource nothing reads yet; filed hidden unless it is part of a patch file.
      const placement = host.placement(r);
      applyPlacement(r, placement);
      const rKeys = indexKeys(r);
      for (const key of rKeys) keys.add(key);
      if (!placement.patchFile) {
        index.fileHidden(r, rKeys, commit);
        marked.push(r);
        keysOfMarked.push(rKeys);
      }
    }
    if (stepDone()) yield;
  }
  for (const r of before) {
    if (!afterSet.has(r)) {
      const rKeys = indexKeys(r);
      for (const key of rKeys) keys.add(key);
      if (index.has(r)) {
        index.retire(r, rKeys, commit);
        marked.push(r);
        keysOfMarked.push(rKeys);
      }
    }
    if (stepDone()) yield;
  }
  // Reused resources that moved: dependents' related locations point into them, and their
  // place in the canonical order may have changed (their ranges moved when they were parsed).
  for (const r of file.changed) {
    if (beforeSet.has(r)) {
      for (const key of indexKeys(r)) {
        keys.add(key);
        index.reorder(key);
      }
    }
    if (stepDone()) yield;
  }
  host.swap();
  index.reveal(commit);
  yield;
  for (let i = 0; i < marked.length; i++) {
    index.settle(marked[i], keysOfMarked[i], commit);
    if (stepDone()) yield;
  }
  // Whether these entries are empty may have changed: what "is there any" lookups depend on.
  for (const key of commit.podsKeys) keys.add(nonEmptyKey(key));
  return { uri, keys, affected: [] };
}
