import { isInside } from '../uris';
import type { CloseUpdate, OpenUpdate, SupportFileUpdate } from './pendingUpdates';

/**
 * A request parses another file's pending text first when it is at most this long
 * (characters), and at most {@link PENDING_TEXT_BUDGET} of such texts in all: a few
 * milliseconds of parsing (see {@link PendingTexts.answering}). Longer texts are read as
 * their previous version.
 */
export const SMALL_PENDING_TEXT = 64 * 1024;
export const PENDING_TEXT_BUDGET = 256 * 1024;

/** A request's file, and how many characters of other files' pending texts it may still parse. */
export interface PendingReads {
  readonly uri: string;
  budget: number;
}

/**
 * The texts the workspace has been sent but not parsed yet, and which of them a request
 * being answered must parse first (see {@link answering}).
 */
export class PendingTexts {
  /** Open-document texts being parsed in steps, and closes made in steps; any read of that file finishes its update first. */
  readonly open = new Map<string, OpenUpdate | CloseUpdate>();
  /** New texts of open chart helpers and packaged subcharts, applied on their first step. */
  readonly support = new Map<string, SupportFileUpdate>();

  /** `chartOf(uri)`: the folder of the Helm chart holding the file, if any. */
  constructor(private readonly chartOf: (uri: string) => string | undefined) {}

  /**
   * Parses what is still pending for `uri` (every file when none is given), except,
   * while a request is answered ({@link answering}), for files its answer does not read
   * the newest text of: those read as their previous version.
   */
  finish(uri?: string): void {
    if (uri === undefined) {
      for (const update of [...this.open.values()]) if (this.readsNewest(update.uri)) update.finish();
      for (const update of [...this.support.values()]) if (this.readsNewest(update.uri)) update.finish();
    } else if (this.readsNewest(uri)) {
      this.open.get(uri)?.finish();
      this.support.get(uri)?.finish();
    }
  }

  /**
   * Finishes at once the commit under way of `uri`, if any: a lookup met a stand-in of the
   * file it retires, which must not be parsed in its place (Workspace.parseScanned) behind its back.
   */
  finishCommit(uri: string): void {
    this.open.get(uri)?.finishCommit();
  }

  /** Finishes every commit under way at once (before the index they file into is replaced). */
  finishCommits(): void {
    for (const update of [...this.open.values()]) update.finishCommit();
  }

  /**
   * Finishes now every pending text a request about `uri` would read as newest if it read
   * it ({@link answering}): its own, its chart's, and small ones within the budget. A
   * request answered in steps does this before it begins (Workspace.answerInSteps): a text
   * finished inside one of its steps changes the workspace, and the answer begins again.
   */
  finishReadable(request: PendingReads): void {
    this.answering(request.uri, () => {
      for (const update of [...this.open.values(), ...this.support.values()]) if (this.readsNewest(update.uri)) update.finish();
    }, request);
  }

  /**
   * What a request about `uri` may read of other files' pending texts: one budget, shared
   * by {@link finishReadable} and the request's own steps ({@link answering}), so the
   * steps never finish a text that was left as it was before them (found by review: with
   * a budget each, a one-step answer finished a fifth small text and was made twice).
   */
  readsFor(uri: string): PendingReads {
    return { uri, budget: PENDING_TEXT_BUDGET };
  }

  /** The request being answered (see {@link answering}): its file, and how much of other files' pending texts it may still parse. */
  private answeringFor: PendingReads | undefined;

  /**
   * Answers a request about the file `uri` (a hover, a completion…). Inside `answer`, the
   * request's file is read as the client sent it last, and so are the files of its Helm
   * chart (a helper or values file edited just before) and other texts small enough to
   * parse at once (at most {@link SMALL_PENDING_TEXT} characters each,
   * {@link PENDING_TEXT_BUDGET} in all: a Service opened just before the completion that
   * lists it). Every other file whose new text is still being parsed is read as its
   * previous version, which the index holds until the parse commits. So a hover in a
   * small file never waits for a 10 MB parse of another: it answers from the workspace
   * as it was before that text arrived, and the scheduler re-checks what the parse
   * changes when it lands.
   */
  answering<T>(uri: string, answer: () => T, request: PendingReads = this.readsFor(uri)): T {
    if (this.answeringFor !== undefined) return answer();
    this.answeringFor = request;
    try {
      return answer();
    } finally {
      this.answeringFor = undefined;
    }
  }

  /** Whether reading `uri` now must finish its pending text first (see {@link answering}). */
  private readsNewest(uri: string): boolean {
    const request = this.answeringFor;
    if (request === undefined || uri === request.uri) return true;
    const chart = this.chartOf(request.uri);
    if (chart !== undefined && isInside(uri, chart)) return true;
    if (this.support.has(uri)) return false; // a helper of another chart: its render can wait
    const size = this.open.get(uri)?.size;
    if (size === undefined) return true; // nothing pending
    if (size > SMALL_PENDING_TEXT || size > request.budget) return false;
    request.budget -= size;
    return true;
  }
}
