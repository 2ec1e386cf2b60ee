import { isChartSupportFile } from '../helm/charts';
import { isKustomizationFile, type Kustomization } from '../kustomize';
import type { Resource } from '../model';
import type { ParsedFile } from '../parse';
import type { Steps } from '../steps';
import { SMALL_PENDING_TEXT } from './pendingTexts';
import { CloseUpdate, DoneUpdate, OpenUpdate, SupportFileUpdate, type PendingUpdate } from './pendingUpdates';
import { placementOf } from './placement';
import { commitSteps, RESOURCES_PER_COMMIT_STEP, type CommitHost } from './steppedCommit';
import type { FileChange } from './types';
import { WorkspaceFiles } from './workspaceFiles';

/**
 * The documents open in the editor: a new text parsed and put in the index a step at a
 * time ({@link beginSetOpen}), a close that gives the file on disk its place back
 * ({@link beginClose}), each in steps when the document is large (./steppedCommit.ts).
 * Between ./workspaceFiles.ts (the layers and the index) and ./workspace.ts (the API).
 */
export abstract class OpenDocuments extends WorkspaceFiles {
  setOpen(uri: string, text: string): FileChange {
    return this.beginSetOpen(uri, text).finish();
  }

  /**
   * Starts replacing the text of an open document without parsing it yet: the caller
   * runs `step()` when it has time (the language server, between messages), so a large
   * file never blocks the event loop for long. Until it is done, the workspace index
   * holds the file's previous version, and anything that reads this file
   * (`effective`, `resources`, analysis) finishes the parse first, so no reader ever
   * sees ranges of one text with another. A newer text for the same file abandons this
   * update, reusing the documents it parsed.
   */
  beginSetOpen(uri: string, text: string): PendingUpdate {
    this.changes++;
    // Applied on the first step, like a parse, so the scheduler decides when the workspace changes.
    if (isChartSupportFile(uri)) {
      // Pending like a parse, so a request that settles the workspace sees the new helper.
      const update = new SupportFileUpdate(uri, () => {
        if (this.pending.support.get(uri) === update) this.pending.support.delete(uri);
        return this.replaceSupportFile(uri, (file) => { file.open = text; });
      });
      this.pending.support.set(uri, update);
      return update;
    }
    const abandoned = this.pending.open.get(uri);
    const owed = abandoned?.abandon();
    const layers = this.layers(uri);
    // Reuse only the open layer's own documents: reused documents are moved in place,
    // and the disk layer must stay as it is for when the editor closes the file.
    const update: OpenUpdate = new OpenUpdate(uri, text, layers.open, abandoned?.parsed ?? [], (file, kustomization) => this.commitOpen(update, file, kustomization),
      isKustomizationFile(uri) ? (parsed) => this.kustomize.readSteps(uri, text, parsed) : undefined, owed);
    this.pending.open.set(uri, update);
    return update;
  }

  /**
   * Puts a parsed text in the index: in steps (./steppedCommit.ts) when it is large and
   * nothing reads it as more than itself (a kustomization, a patch file, a chart's file or
   * values), else at once. The update stays pending until the end: a read of the file that
   * cannot wait finishes the commit.
   */
  private *commitOpen(update: OpenUpdate, file: ParsedFile, kustomization: Kustomization | undefined): Steps<FileChange> {
    const { uri } = update;
    // Kustomize moves under way of this file end first: a commit in steps must not share their resources.
    this.kustomize.noteIndexChange(uri);
    const before = this.indexedAsIs(uri)?.resources ?? [];
    if (!this.commitsInSteps(uri, before.length + file.resources.length)) {
      this.pending.open.delete(uri);
      return this.replace(uri, () => {
        const current = this.layers(uri);
        current.open = file;
        if (isKustomizationFile(uri)) current.openKustomization = kustomization;
      });
    }
    const change = yield* commitSteps(this.openLayerCommit(uri, before, file), uri, file);
    if (this.pending.open.get(uri) === update) this.pending.open.delete(uri);
    return change;
  }

  /**
   * Whether a change of the open layer of `uri` moving `resources` (before and after) is
   * made in steps (./steppedCommit.ts): when there are many and nothing reads the file as
   * more than itself (a kustomization, a patch file, a chart's file or values: those
   * change other files' places, and are put in place at once).
   */
  private commitsInSteps(uri: string, resources: number): boolean {
    const plain = !isKustomizationFile(uri) && !this.kustomize.effects.patchFiles.has(uri) && !this.charts?.concerns(uri);
    return plain && resources > RESOURCES_PER_COMMIT_STEP;
  }

  /** A stepped commit of the open layer of `uri`, from `before` to `open` (undefined: the document closed, the disk layer counts again). */
  private openLayerCommit(uri: string, before: readonly Resource[], open: ParsedFile | undefined): CommitHost {
    return {
      index: this.index,
      before,
      placement: (r) => placementOf(r, this.currentSettings, this.kustomize.effects, this.charts),
      swap: () => {
        this.changes++;
        const layers = this.layers(uri);
        layers.open = open;
        if (!open) {
          layers.openKustomization = undefined;
          if (!layers.disk) {
            this.files.delete(uri);
            this.dependencies.forget(uri);
          }
        }
        this.staging?.changed.add(uri);
        this.kustomize.noteIndexChange(uri);
      },
    };
  }

  /** Answers a request about `uri` reading only the pending texts its answer needs (see {@link PendingTexts.answering}). */
  answering<T>(uri: string, answer: () => T): T {
    return this.pending.answering(uri, answer);
  }

  /**
   * {@link close} in steps when the document's resources and those of its file on disk are
   * many (see {@link commitsInSteps}): they give way to the disk layer's a step at a time
   * (./steppedCommit.ts). The caller steps the update (the scheduler, between messages);
   * until it is done, the index holds the document as open, and any read of the file
   * finishes the close first. Otherwise the close is made now.
   */
  beginClose(uri: string): PendingUpdate {
    // What a request reads has changed: the editor's text is gone, whenever the index follows.
    this.changes++;
    if (isChartSupportFile(uri)) return new DoneUpdate(uri, this.close(uri));
    // Kustomize moves under way of this file end first; a newer text pending is abandoned (its commit under way ends).
    this.kustomize.noteIndexChange(uri);
    const owed = this.pending.open.get(uri)?.abandon();
    this.pending.open.delete(uri);
    const layers = this.files.get(uri);
    const before = this.indexedAsIs(uri)?.resources ?? [];
    const disk = layers?.disk?.resources ?? [];
    if (!layers?.open || !this.commitsInSteps(uri, before.length + disk.length)) {
      const change = this.close(uri);
      for (const key of owed?.keys ?? []) change.keys.add(key);
      return new DoneUpdate(uri, change);
    }
    // Counted as a large text whatever the document's length: its objects or the disk's are many (found by review).
    const size = Math.max(layers.open.text.length, SMALL_PENDING_TEXT + 1);
    const update: CloseUpdate = new CloseUpdate(uri, size, (function* (this: OpenDocuments) {
      const change = yield* commitSteps(this.openLayerCommit(uri, before, undefined), uri, { resources: disk, changed: [] });
      if (this.pending.open.get(uri) === update) this.pending.open.delete(uri);
      return change;
    }).call(this), owed);
    this.pending.open.set(uri, update);
    return update;
  }

  close(uri: string): FileChange {
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.open = undefined; });
    // A commit under way is finished: what it changed is announced with the close.
    const owed = this.pending.open.get(uri)?.abandon();
    this.pending.open.delete(uri);
    const layers = this.files.get(uri);
    const change = this.replace(uri, () => {
      if (layers) {
        layers.open = undefined;
        layers.openKustomization = undefined;
      }
    });
    for (const key of owed?.keys ?? []) change.keys.add(key);
    return change;
  }

  isOpen(uri: string): boolean {
    return !!this.files.get(uri)?.open || this.supportFiles.get(uri)?.open !== undefined;
  }
}
