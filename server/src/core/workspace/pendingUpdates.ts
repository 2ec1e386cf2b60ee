import type { Kustomization } from '../kustomize';
import { parseFileSteps, type ParsedDocument, type ParsedFile, type ReusableDocuments, type WholeDocument } from '../parse';
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

  /**
   * `kustomization`: for a kustomization file, its reading as a kustomization
   * (../kustomize/read.ts), done in steps after the parse, from the YAML document the parse
   * made when it can, so that the commit, one step, only puts both in place (read at the
   * commit, a kustomization of 100,000 entries held the server 8.6 s in one step: issue 16).
   */
  constructor(
    readonly uri: string,
    text: string,
    previous: ParsedFile | undefined,
    carried: ReusableDocuments[],
    private readonly commit: (file: ParsedFile, kustomization: Kustomization | undefined) => FileChange,
    kustomization?: (parsed: WholeDocument) => Steps<Kustomization | undefined>,
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

  /** A newer text or a close replaced this update: it must never commit. */
  abandon(): void {
    this.change ??= { uri: this.uri, keys: new Set(), affected: [] };
  }

  step(): boolean {
    if (this.change) return true;
    let next: IteratorResult<void, { file: ParsedFile; kustomization: Kustomization | undefined }>;
    try {
      next = this.steps.next();
    } catch (error) {
      this.abandon(); // the file keeps its previous version
      throw error;
    }
    if (next.done) this.change = this.commit(next.value.file, next.value.kustomization);
    return this.done;
  }

  finish(): FileChange {
    while (!this.step());
    return this.change as FileChange;
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
