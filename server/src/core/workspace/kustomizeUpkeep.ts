import { filesWithEffects, kustomizeEffectSteps, kustomizationLimitMessage, NO_KUSTOMIZE_EFFECTS, patchFileSummary, readKustomizationSteps, type Kustomization, type KustomizeEffects, type Steps } from '../kustomize';
import { StepCounter } from '../kustomize/steps';
import { runToEnd } from '../steps';
import type { Resource } from '../model';
import type { WholeDocument } from '../parse';
import type { DependencyKey } from './keys';
import { sameEffects } from './kustomizeFacts';
import type { PreparedMove } from './placement';
import { RESOURCES_PER_MOVE_STEP } from './steppedMove';
import type { FileLayers, WorkspaceOptions } from './types';

/** What the kustomize upkeep reads from the workspace and asks of its index. */
export interface KustomizeHost {
  layers(uri: string): FileLayers | undefined;
  /** The text of the file's layer that counts (open, else on disk). */
  text(uri: string): string | undefined;
  /**
   * The resources the index holds for the file now, a text of it still being parsed left
   * as it is: finishing one here could commit a kustomization, whose refresh would begin
   * inside this one (found by review). A text committed later is noted ({@link KustomizeUpkeep.noteIndexChange})
   * and compared again, or placed with the effects then in use.
   */
  indexedNow(uri: string): readonly Resource[];
  /** Files a resource in the index, placed with the current effects; returns its keys. */
  place(r: Resource): readonly DependencyKey[];
  /** Takes a resource out of the index; returns its keys. */
  unplace(r: Resource): readonly DependencyKey[];
  /** Where `effects` would place a resource and its keys there, computed without moving it. */
  prepareMove(r: Resource, effects: KustomizeEffects): PreparedMove;
  /** Makes a prepared move, adding the keys it leaves and takes to `keys`; false (nothing done) when it no longer holds. */
  movePrepared(move: PreparedMove, keys: Set<DependencyKey>): boolean;
  /** Whether a prepared move still holds (the same settings, the resource placed as it was). */
  stillPrepared(move: PreparedMove): boolean;
  /** Makes the moves in steps in the index in use (./steppedMove.ts), `reveal` in the step that shows them. */
  moveSteps(moves: () => Iterable<PreparedMove>, reveal: () => void, keys: Set<DependencyKey>): Steps<void>;
  /** Ends at once every commit of an open document under way (./steppedCommit.ts). */
  finishCommits(): void;
  /** The file's resources moved (a settings change staging a new index stages it again). */
  noteMoved(uri: string): void;
}

/** The resources of the files a refresh moves, their moves computed ahead of the step that makes them. */
type PreparedMoves = Map<Resource, PreparedMove>;

/** What a refresh gives when applied: the file whose change asked for it, the files it moved, the keys they touched. */
interface Applied {
  uri: string;
  moved: string[];
  keys: Set<DependencyKey>;
  until: KustomizeRefreshDue;
}

/**
 * A refresh's moves made in steps in the index (./steppedMove.ts), too many for one step:
 * its effects read and compared, they become those in use in the step that reveals the
 * moves. Until then, a change to the index concerning one of its files ends it first
 * ({@link KustomizeUpkeep.noteIndexChange}).
 */
interface MoveJob {
  steps: Steps<void>;
  /** The files whose resources move. */
  files: ReadonlySet<string>;
  /** Other files whose resources the index took or gave before the reveal: compared again then. */
  changed: Set<string>;
  applied: Applied;
  revealed: boolean;
  /** Set while one of its steps runs: changes its own steps make are not changes to end it for. */
  running: boolean;
}

/** A refresh read and compared a step at a time ({@link KustomizeUpkeep.stepDue}). */
interface RefreshJob {
  steps: Steps<{ before: KustomizeEffects; after: KustomizeEffects; moved: Set<string>; prepared: PreparedMoves }>;
  /** The texts of the files the effects were read from, as read. */
  texts: Map<string, string | undefined>;
  /** Files whose resources the index took or gave since the comparison began (see {@link KustomizeUpkeep.noteIndexChange}). */
  changed: Set<string>;
}

/**
 * Who does a kustomize refresh that a batch put off (Workspace.batch, `deferKustomize`).
 * `passEnd`: the index pass, at its end (server/src/node/indexer.ts); the refresh reads every
 * kustomization, so one at the end of each step of a pass made a pass over N kustomizations
 * cost N x steps (issue 15: 2,000 kustomizations took 25 s to index in the server). `steps`:
 * whoever works in steps between messages (the server's scheduler), since one refresh can
 * take seconds (issue 16).
 */
export type KustomizeRefreshDue = 'passEnd' | 'steps';

/**
 * The workspace's kustomizations and what they do to the files they list (namespaces,
 * patch files, replica counts, labels, patches: see ../kustomize/), kept up to date as
 * kustomizations and patch files change.
 */
export class KustomizeUpkeep {
  /** Files named like a kustomization (kustomization.yaml…), whatever their content. */
  readonly files = new Set<string>();
  /** What the kustomizations do to the files they list. */
  get effects(): KustomizeEffects {
    return this.effectsInUse;
  }

  set effects(effects: KustomizeEffects) {
    this.effectsInUse = effects;
    this.effectsChanges++;
  }

  private effectsInUse: KustomizeEffects = NO_KUSTOMIZE_EFFECTS;
  /** How many times {@link effects} changed: a part of Workspace.revision. */
  effectsChanges = 0;
  /** Refreshes begun, kustomizations read and files compared by them: the work of keeping the effects, for tests. */
  readonly stats = { refreshes: 0, kustomizationsRead: 0, filesCompared: 0, placedWhenApplied: 0 };
  /** A refresh put off ({@link putOff}), with the file whose change asked for it: undefined when the effects are current. */
  private due: { uri: string; until: KustomizeRefreshDue } | undefined;
  /** The refresh that is due, under way a step at a time ({@link stepDue}). */
  private job: RefreshJob | undefined;
  /** The moves of a refresh, made a step at a time after it was read and compared ({@link stepDue}). */
  private moving: MoveJob | undefined;
  /** A refresh ended out of turn ({@link endMove}), for the next {@link stepDue} to give. */
  private applied: Applied | undefined;

  constructor(private readonly options: WorkspaceOptions, private readonly host: KustomizeHost) {}

  /** Reads a kustomization's text, telling the options' listener when it is past the entry limit. */
  read(uri: string, text: string, parsed?: WholeDocument): Kustomization | undefined {
    return runToEnd(this.readSteps(uri, text, parsed));
  }

  /** {@link read} a step at a time (../kustomize/read.ts), from the text's YAML document when it was parsed already. */
  *readSteps(uri: string, text: string, parsed?: WholeDocument): Steps<Kustomization | undefined> {
    const k = yield* readKustomizationSteps(uri, text, this.options.maxKustomizationEntries, parsed?.yamlDocument);
    if (k?.overLimit !== undefined) this.options.onKustomizationLimit?.(uri, kustomizationLimitMessage(uri, k.overLimit, this.options.maxKustomizationEntries));
    return k;
  }

  /** The kustomization of the file's layer that counts (open, else on disk). */
  effective(uri: string): Kustomization | undefined {
    const layers = this.host.layers(uri);
    return layers?.open ? layers.openKustomization : layers?.diskKustomization;
  }

  private *kustomizations(): Iterable<Kustomization> {
    for (const uri of this.files) {
      const k = this.effective(uri);
      if (k) yield k;
    }
  }

  /**
   * What a kustomize patch file says, as far as the rules care (undefined for other files):
   * a keystroke in a patch refreshes the kustomize effects only when this changes.
   */
  patchSummary(uri: string): string | undefined {
    return this.effects.patchFiles.has(uri) ? patchFileSummary(this.host.text(uri)) : undefined;
  }

  /** Reads the effects of all kustomizations afresh (the caller decides when they apply). */
  readEffects(): KustomizeEffects {
    return runToEnd(this.readEffectSteps(new Map()));
  }

  /** {@link readEffects} a step at a time, noting the text of each file read in `texts`. */
  private readEffectSteps(texts: Map<string, string | undefined>): Steps<KustomizeEffects> {
    this.stats.refreshes++;
    this.stats.kustomizationsRead += this.files.size;
    return kustomizeEffectSteps([...this.kustomizations()], (uri) => {
      const text = this.host.text(uri);
      texts.set(uri, text);
      return text;
    });
  }

  /** Who does the refresh that is due, if one is ({@link putOff}). */
  get dueUntil(): KustomizeRefreshDue | undefined {
    const untils = [this.due?.until, this.moving?.applied.until, this.applied?.until];
    // The index pass waits for its refresh: it must see it due as long as any part of it is.
    return untils.includes('passEnd') ? 'passEnd' : untils.find((until) => until !== undefined);
  }

  /**
   * A kustomization or a patch file changed (`uri`, the last one) and the refresh is put off
   * to `until`; one under way begins again, since what it read may have changed. A refresh
   * held for an index pass stays held: the pass's end does it.
   */
  putOff(uri: string, until: KustomizeRefreshDue): void {
    this.job = undefined;
    this.due = { uri, until: this.due?.until === 'passEnd' ? 'passEnd' : until };
  }

  /**
   * One step of the refresh that is due ({@link putOff}): reading the effects, then finding
   * the files they move, takes many steps, with the index and the lookups still on the
   * effects from before; the last one applies them all at once and returns the files
   * moved, with the file that asked for it. Undefined while under way (or when none is
   * due). A patch file read by the refresh that changed since (a changed kustomization
   * puts the refresh off again, which restarts it) makes it begin again, so what is
   * applied was read from one version of the workspace. Files whose resources changed
   * since they were compared are compared again in the last step. More resources to move
   * than a step moves are moved in steps ({@link beginMove}), and applied by the step
   * that ends those.
   */
  stepDue(keys: Set<DependencyKey>): { uri: string; moved: string[] } | undefined {
    if (this.applied || this.moving) {
      const applied = this.applied ?? this.stepMove();
      if (!applied) return undefined;
      this.applied = undefined;
      for (const key of applied.keys) keys.add(key);
      return { uri: applied.uri, moved: applied.moved };
    }
    const due = this.due;
    if (!due) return undefined;
    if (!this.job) {
      const texts = new Map<string, string | undefined>();
      const changed = new Set<string>();
      this.job = { steps: this.refreshSteps(texts, changed), texts, changed };
    }
    const next = this.job.steps.next();
    if (!next.done) return undefined;
    const { texts, changed } = this.job;
    // Commits of open documents under way end first (their files are noted in `changed`,
    // compared below): the moves must not take objects a commit is about to retire.
    this.host.finishCommits();
    this.job = undefined;
    for (const [uri, text] of texts) if (this.host.text(uri) !== text) return undefined;
    this.due = undefined;
    const { before, after, moved, prepared } = next.value;
    // New settings swapped the effects in use meanwhile (Workspace.setSettingsSteps): compare again, all.
    const current = before === this.effects ? moved : runToEnd(this.movedSteps(this.effects, after));
    if (current === moved) for (const uri of changed) if (this.moves(uri, before, after)) moved.add(uri);
    // The moves prepared hold for the files unchanged since, placed by the same effects and settings.
    const ahead = current === moved ? { prepared, changed } : undefined;
    const files = [...current];
    if (!this.tooManyToMoveAtOnce(files)) return { uri: due.uri, moved: this.move(files, after, keys, ahead) };
    this.beginMove({ uri: due.uri, moved: files, keys: new Set(), until: due.until }, after, ahead);
    return undefined;
  }

  /** Whether the files hold more resources than a step moves. */
  private tooManyToMoveAtOnce(files: readonly string[]): boolean {
    let resources = 0;
    for (const uri of files) {
      resources += this.host.indexedNow(uri).length;
      if (resources > RESOURCES_PER_MOVE_STEP) return true;
    }
    return false;
  }

  /**
   * Begins moving the resources of the files `applied` names in steps (./steppedMove.ts).
   * No commit of an open document may be in flight beside it with the same resources: those
   * under way end now, and one that would begin for one of these files ends the move first.
   */
  private beginMove(applied: Applied, after: KustomizeEffects, ahead: { prepared: PreparedMoves; changed: ReadonlySet<string> } | undefined): void {
    const before = this.effects;
    const files = new Set(applied.moved);
    const job: MoveJob = { steps: undefined!, files, changed: new Set(), applied, revealed: false, running: false };
    const moves = function* (this: KustomizeUpkeep): Iterable<PreparedMove> {
      for (const uri of files) {
        const prepared = ahead && !ahead.changed.has(uri) ? ahead.prepared : undefined;
        // As the index holds it now: a text of the file parsed meanwhile commits after the move ends.
        for (const r of this.host.indexedNow(uri)) {
          const move = prepared?.get(r);
          yield move && this.host.stillPrepared(move) ? move : this.host.prepareMove(r, after);
        }
      }
    };
    job.steps = this.host.moveSteps(() => moves.call(this), () => this.reveal(job, before, after), applied.keys);
    this.moving = job;
    // Under way as a part of it: a file these commits change is noted (compared when revealed,
    // or its new resources prepared when their turn comes).
    asPartOf(job, () => this.host.finishCommits());
  }

  /**
   * The step that makes `after` the effects in use, with the moves revealed: the files
   * changed meanwhile (not those moving) are compared again and moved at once, as those
   * changed during a comparison are ({@link move}).
   */
  private reveal(job: MoveJob, before: KustomizeEffects, after: KustomizeEffects): void {
    // A commit of an open document under way placed its resources with the effects from
    // before: it ends now (its file is noted, and compared below). A read does not end it
    // when it is made inside a request about another file.
    this.host.finishCommits();
    const others = [...job.changed].filter((uri) => !job.files.has(uri) && this.moves(uri, before, after));
    // Placed again through the index's own calls, which note them for a settings change staged meanwhile.
    job.applied.moved.push(...this.move(others, after, job.applied.keys));
    for (const uri of job.files) this.host.noteMoved(uri);
    job.revealed = true;
  }

  /** One step of the moves under way; what they applied once they are all made. */
  private stepMove(): Applied | undefined {
    const job = this.moving!;
    if (!asPartOf(job, () => job.steps.next().done)) return undefined;
    this.moving = undefined;
    return job.applied;
  }

  /**
   * Ends the moves under way at once, if any, for the next {@link stepDue} to give what they
   * applied; not while one of their steps runs (asked from inside it: it ends as it goes).
   */
  endMove(): void {
    if (!this.moving || this.moving.running) return;
    const job = this.moving;
    asPartOf(job, () => runToEnd(job.steps));
    this.moving = undefined;
    this.applied = job.applied;
  }

  /** Whether a change to the file's resources in the index would end the moves under way at once ({@link noteIndexChange}). */
  movesFile(uri: string): boolean {
    const job = this.moving;
    return job !== undefined && !job.running && job.files.has(uri);
  }

  /**
   * One step of the moves under way, made by a reader that would otherwise end them at
   * once ({@link movesFile}: an analysis about to parse a file they move). When it is the
   * last, what they applied is given by the next {@link stepDue}, as after {@link endMove}.
   */
  stepMoveAhead(): void {
    if (!this.moving || this.moving.running) return;
    const applied = this.stepMove();
    if (applied) this.applied = applied;
  }

  /**
   * The workspace is about to take or give a resource of `uri` in the index (or the
   * resources of an open document in steps): a refresh comparing files a step at a time
   * compares it again at its end (as a staged index does, ./stagedIndex.ts); moves under
   * way end first when the file is one they move, else compare it again when revealed.
   */
  noteIndexChange(uri: string): void {
    this.job?.changed.add(uri);
    const job = this.moving;
    if (!job) return;
    if (job.running || !job.files.has(uri)) {
      if (!job.revealed) job.changed.add(uri);
    } else this.endMove();
  }

  /** Reads the effects, then finds the files whose resources they move, each a step at a time. */
  private *refreshSteps(texts: Map<string, string | undefined>, changed: Set<string>): RefreshJob['steps'] {
    const after = yield* this.readEffectSteps(texts);
    const before = this.effects;
    // Changes before this point are in what is compared below.
    changed.clear();
    const moved = yield* this.movedSteps(before, after);
    const prepared = yield* this.prepareSteps(moved, after);
    // The step that applies them compares nothing more (but the files changed meanwhile).
    yield;
    return { before, after, moved, prepared };
  }

  /**
   * Where `after` places the resources of the `moved` files and the keys they go under, a
   * few hundred a step (../kustomize/steps.ts): the step that applies the effects then only
   * moves them in the index. Placing the 22,000 resources of a kustomization of 100,000
   * entries there, their placements and keys computed in that step, made it 0.33-0.46 s of
   * CPU (issue 16, scripts/bench-kustomization-steps.mjs).
   */
  private *prepareSteps(moved: Set<string>, after: KustomizeEffects): Steps<PreparedMoves> {
    const counter = new StepCounter();
    const prepared: PreparedMoves = new Map();
    for (const uri of moved) {
      for (const r of this.host.indexedNow(uri)) {
        if (counter.tick()) yield;
        prepared.set(r, this.host.prepareMove(r, after));
      }
    }
    return prepared;
  }

  /**
   * The files whose resources `after` places otherwise than `before`, a few hundred files a
   * step (../kustomize/steps.ts): comparing 22,000 files took about a third of applying the
   * effects of a kustomization of 100,000 entries, 0.7 s of CPU in one step (issue 16).
   */
  private *movedSteps(before: KustomizeEffects, after: KustomizeEffects): Steps<Set<string>> {
    const counter = new StepCounter();
    const moved = new Set<string>();
    // Each file once, the set of them made a step at a time too: every `resources:` entry
    // names a file, and the set of 100,000 took 0.4 s of CPU in one step.
    const seen = new Set<string>();
    for (const effects of [before, after]) {
      for (const uri of filesWithEffects(effects)) {
        if (counter.tick()) yield;
        if (seen.has(uri)) continue;
        seen.add(uri);
        if (this.moves(uri, before, after)) moved.add(uri);
      }
    }
    return moved;
  }

  /** Whether the file has resources in the index that `after` places otherwise than `before`. */
  private moves(uri: string, before: KustomizeEffects, after: KustomizeEffects): boolean {
    this.stats.filesCompared++;
    // Stand-ins of scanned files have all that the kustomize effects read (uri, kind, name): not parsed for this.
    const resources = this.host.indexedNow(uri);
    return resources.length > 0 && !resources.every((r) => sameEffects(before, after, r));
  }

  /**
   * Re-reads what the kustomizations do (namespaces, patch files, replica counts, labels,
   * patches) after a kustomization or a patch file changed, and re-indexes the files whose
   * resources it moved (their index keys re-check the files that looked them up). Costs
   * the number of kustomizations plus the resources that move, and runs only when what a
   * kustomization or a patch file says changes, not on every keystroke in one.
   */
  refresh(keys: Set<DependencyKey>, uri: string): string[] {
    // Also the refresh that was due, if any, and the one whose moves are under way, which end first.
    this.endMove();
    // Asked from inside one of their steps (they cannot end there): done in steps after them.
    if (this.moving) {
      this.putOff(uri, 'steps');
      return [];
    }
    const earlier = this.applied;
    this.applied = undefined;
    this.due = undefined;
    this.job = undefined;
    for (const key of earlier?.keys ?? []) keys.add(key);
    // As a refresh in steps does before it applies (stepDue): commits under way end first.
    this.host.finishCommits();
    return [...(earlier?.moved ?? []), ...this.apply(this.readEffects(), keys)];
  }

  /** Makes `after` the effects, re-indexing the files whose resources they move (see {@link refresh}). */
  private apply(after: KustomizeEffects, keys: Set<DependencyKey>): string[] {
    return this.move([...runToEnd(this.movedSteps(this.effects, after))], after, keys);
  }

  /**
   * Makes `after` the effects, taking the resources of the `moved` files out of the index
   * under the effects from before and filing them again under the new ones, in one go: in
   * between, the index would answer with some resources placed by each. Adds the keys of
   * both placements to `keys`. With moves prepared `ahead` ({@link prepareSteps}), those that
   * still hold (their file unchanged since: not in `changed`) only move in the index.
   */
  private move(moved: string[], after: KustomizeEffects, keys: Set<DependencyKey>, ahead?: { prepared: PreparedMoves; changed: ReadonlySet<string> }): string[] {
    const toPlace: Resource[] = [];
    for (const uri of moved) {
      const prepared = ahead && !ahead.changed.has(uri) ? ahead.prepared : undefined;
      for (const r of this.host.indexedNow(uri)) {
        const move = prepared?.get(r);
        if (move && this.host.movePrepared(move, keys)) continue;
        for (const k of this.host.unplace(r)) keys.add(k);
        toPlace.push(r);
      }
    }
    this.effects = after;
    for (const r of toPlace) for (const k of this.host.place(r)) keys.add(k);
    this.stats.placedWhenApplied += toPlace.length;
    return moved;
  }
}

/** Runs `fn` as a part of the moves under way: what it changes in the index does not end them ({@link KustomizeUpkeep.noteIndexChange}). */
function asPartOf<T>(job: MoveJob, fn: () => T): T {
  job.running = true;
  try {
    return fn();
  } finally {
    job.running = false;
  }
}
