import type { Kustomization } from '../kustomize';
import { parseFileSteps, runToEnd, type ParsedDocument, type ParsedFile, type ReusableDocuments, type WholeDocument } from '../parse';
import type { Steps } from '../steps';
import type { FileChange } from './types';

// The updates of an open document that are parsed a step at a time, between messages
// (scheduler.ts), and of an open chart helper, applied in the same queue.

/**
 * A new text of an open document, parsed a step at a time (see {@link Workspace.beginSetOpen}).
 * `step()` parses about one document and says whether the update is done; when it is,
 * `change` says what changed, as `setOpen` would have returned it.
 */
export interface PendingUpdate {
  readonly uri: string;
  /** The length of the text (0 for a chart helper: nothing to parse); the scheduler parses small texts first. */
  readonly size: number;
  /** Finished, or abandoned for a newer text or a close (then `change` has no keys). */
  readonly done: boolean;
  /** Set once done. */
  readonly change: FileChange | undefined;
  /** Parsed, and being put in the index in steps (./steppedCommit.ts): the scheduler counts these steps as the commit's. */
  readonly committing: boolean;
  /** Parses about one more document; true when done. */
  step(): boolean;
  /** Does all that is left, now. */
  finish(): FileChange;
}

/** Abandoned parses whose documents a newer text of the file may reuse: at most this many. */
const MAX_CARRIED_GROUPS = 4;

export class OpenUpdate implements PendingUpdate {
  change: FileChange | undefined;
  readonly size: number;
  /**
   * Documents parsed for this text and for the texts it replaced, not yet part of the
   * file: reusable by a newer text. Each group holds the text its offsets are in.
   */
  readonly parsed: ReusableDocuments[];
  private readonly steps: Steps<{ file: ParsedFile; kustomization: Kustomization | undefined }>;
  /** The commit's steps, once parsed. */
  private commitSteps: Steps<FileChange> | undefined;

  /**
   * `kustomization`: for a kustomization file, its reading as a kustomization
   * (../kustomize/read.ts), done in steps after the parse, from the YAML document the parse
   * made when it can, so that the commit only puts both in place (read at the commit, a
   * kustomization of 100,000 entries held the server 8.6 s in one step: issue 16).
   * `owed`: the change of the text this one replaced, when that one was committed as it was
   * abandoned (see {@link abandon}): announced with this one's.
   */
  constructor(
    readonly uri: string,
    text: string,
    previous: ParsedFile | undefined,
    carried: ReusableDocuments[],
    private readonly commit: (file: ParsedFile, kustomization: Kustomization | undefined) => Steps<FileChange>,
    kustomization?: (parsed: WholeDocument) => Steps<Kustomization | undefined>,
    private readonly owed?: FileChange,
  ) {
    const own: ParsedDocument[] = [];
    // Only groups with documents are worth keeping, and only the latest few: a burst of
    // 5,000 edits abandons 5,000 updates, mostly before any parse, and each group holds a
    // whole text (5,000 copies of a 1 MB file otherwise).
    const worthKeeping = carried.filter((group) => group.documents.length > 0).slice(-MAX_CARRIED_GROUPS);
    this.size = text.length;
    this.parsed = [...worthKeeping, { text, documents: own }];
    const whole: WholeDocument = {};
    this.steps = readSteps(parseFileSteps(uri, text, previous ? [previous, ...carried] : carried, own, kustomization && whole), kustomization && (() => kustomization(whole)));
  }

  get done(): boolean {
    return this.change !== undefined;
  }

  get committing(): boolean {
    return this.commitSteps !== undefined && this.change === undefined;
  }

  /**
   * A newer text or a close replaced this update: it must never commit. A commit under way
   * is finished instead (the index may already show the new text: it cannot go back half-way);
   * returns the change that is then owed to the files that depend on it, if any.
   */
  abandon(): FileChange | undefined {
    if (this.committing) return this.finishCommit();
    this.change ??= { uri: this.uri, keys: new Set(), affected: [] };
    return this.owed;
  }

  /** Finishes a commit under way at once (a read that cannot wait for it); the update's change. */
  finishCommit(): FileChange | undefined {
    if (this.committing) this.commitDone(runToEnd(this.commitSteps!));
    return this.change;
  }

  step(): boolean {
    if (this.change) return true;
    if (this.commitSteps) return this.commitStep();
    let next: IteratorResult<void, { file: ParsedFile; kustomization: Kustomization | undefined }>;
    try {
      next = this.steps.next();
    } catch (error) {
      this.abandon(); // the file keeps its previous version
      throw error;
    }
    if (!next.done) return false;
    // The first step of the commit in the parse's last: a small file commits in the step that parsed it.
    this.commitSteps = this.commit(next.value.file, next.value.kustomization);
    return this.commitStep();
  }

  private commitStep(): boolean {
    const next = this.commitSteps!.next();
    if (next.done) this.commitDone(next.value);
    return next.done === true;
  }

  private commitDone(change: FileChange): void {
    this.change = withOwed(change, this.owed);
  }

  finish(): FileChange {
    while (!this.step());
    return this.change as FileChange;
  }
}

/** `change`, with what an abandoned update it replaced owed to the files depending on it. */
function withOwed(change: FileChange, owed: FileChange | undefined): FileChange {
  if (owed) {
    for (const key of owed.keys) change.keys.add(key);
    change.affected.push(...owed.affected.filter((uri) => !change.affected.includes(uri)));
  }
  return change;
}

/**
 * The close of a large open document (Workspace.beginClose): its resources give way to
 * those of the file on disk, if any, in steps (./steppedCommit.ts): removing the 24,556
 * objects of a 5 MB document from the index was one step of 168 ms (issue 16). Pending
 * like a text being parsed: any read of the file finishes it first, and a newer text
 * (the document opened again) finishes it before it begins.
 */
export class CloseUpdate implements PendingUpdate {
  change: FileChange | undefined;
  /** No documents of its own for a newer text to reuse. */
  readonly parsed: ReusableDocuments[] = [];

  /**
   * `size`: counted as a large text's (at least SMALL_PENDING_TEXT + 1), whatever the
   * closed document's length: a request about another file does not finish the close inside
   * its answer (PendingTexts.readsNewest), and one about this file waits for it
   * (Scheduler.largeTextsParsed), as for a large text being parsed.
   */
  constructor(readonly uri: string, readonly size: number, private readonly steps: Steps<FileChange>, private readonly owed?: FileChange) {}

  get done(): boolean {
    return this.change !== undefined;
  }

  get committing(): boolean {
    return this.change === undefined;
  }

  /** A newer text: the close cannot go back half-way, it ends first; its change is owed to the newer text. */
  abandon(): FileChange | undefined {
    return this.finishCommit();
  }

  finishCommit(): FileChange | undefined {
    if (!this.change) this.change = withOwed(runToEnd(this.steps), this.owed);
    return this.change;
  }

  step(): boolean {
    if (this.change) return true;
    const next = this.steps.next();
    if (next.done) this.change = withOwed(next.value, this.owed);
    return next.done === true;
  }

  finish(): FileChange {
    return this.finishCommit()!;
  }
}

/** A change made at once, for a caller that takes updates (a small document closed: Workspace.beginClose). */
export class DoneUpdate implements PendingUpdate {
  readonly size = 0;
  readonly committing = false;
  readonly done = true;

  constructor(readonly uri: string, readonly change: FileChange) {}

  step(): boolean {
    return true;
  }

  finish(): FileChange {
    return this.change;
  }
}

/** The parse, then the kustomization's reading, if any: each a step at a time, and the step that commits does neither. */
function* readSteps(parse: Steps<ParsedFile>, kustomization: (() => Steps<Kustomization | undefined>) | undefined): Steps<{ file: ParsedFile; kustomization: Kustomization | undefined }> {
  const file = yield* parse;
  if (!kustomization) return { file, kustomization: undefined };
  const read = yield* kustomization();
  yield;
  return { file, kustomization: read };
}

/** A new text of an open chart helper (`_helpers.tpl`): nothing to parse, the chart renders again when it is applied. */
export class SupportFileUpdate implements PendingUpdate {
  change: FileChange | undefined;
  readonly size = 0;
  readonly committing = false;

  constructor(readonly uri: string, private readonly apply: () => FileChange) {}

  get done(): boolean {
    return this.change !== undefined;
  }

  step(): boolean {
    this.change ??= this.apply();
    return true;
  }

  finish(): FileChange {
    this.step();
    return this.change as FileChange;
  }
}
