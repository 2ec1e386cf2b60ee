import { appendAll } from '../arrays';
import { WorkspaceCharts } from '../helm/workspaceCharts';
import { isKustomizationFile } from '../kustomize';
import type { Resource } from '../model';
import { basenameUri, dirnameUri, isInside } from '../uris';
import { isScanned, type ScannedFile } from '../scannedFile';
import { parseFile, type ParsedFile } from '../parse';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { DependentFiles } from './dependentFiles';
import { indexKeys, type DependencyKey } from './keys';
import { sameKustomization } from './kustomizeFacts';
import { KustomizeUpkeep, type KustomizeRefreshDue } from './kustomizeUpkeep';
import { PendingTexts } from './pendingTexts';
import { moveSteps } from './steppedMove';
import type { Steps } from '../steps';
import { ResourceIndex } from './resourceIndex';
import { StagedIndex } from './stagedIndex';
import { applyPlacement, placementOf, prepareMove, stillPrepared, type PreparedMove } from './placement';
import type { FileChange, FileLayers, SupportFile, WorkspaceOptions } from './types';

/**
 * The workspace's files and the index kept in step with them: each file's layers (open,
 * on disk; chart helpers apart), the one place a layer is written ({@link replace}, and
 * {@link replaceSupportFile} for chart helpers), and what such a write changes: the
 * resources it moves in the index, the dependency keys it touches, the files a
 * kustomization or a chart moves with it, gathered once at the end of a {@link batch}.
 * Its subclass ./workspace.ts is the API the adapters call (open texts, disk reads,
 * settings, views, dependents); it holds no state of its own but the disk reads in steps.
 */
export abstract class WorkspaceFiles {
  protected readonly files = new Map<string, FileLayers>();
  /** Chart files that are not YAML, by URI. */
  protected readonly supportFiles = new Map<string, SupportFile>();
  /** The charts and their renders (see helm/workspaceCharts.ts), when a renderer is given. */
  readonly charts: WorkspaceCharts | undefined;
  protected readonly pending = new PendingTexts((uri) => this.charts?.chartOf(uri));
  protected index = this.newIndex();
  /** A new index for new settings, while it is built a step at a time (see {@link setSettingsSteps}). */
  protected staging: StagedIndex | undefined;
  protected readonly dependencies = new DependentFiles();
  protected currentSettings: Settings = DEFAULT_SETTINGS;
  protected readonly kustomize: KustomizeUpkeep;
  /** Changes made to the files, the index or the settings: a part of {@link revision}. */
  protected changes = 0;

  /**
   * A number that changes whenever what a request reads may have changed: a file's text
   * (its new text received, or committed), the index, the settings, the kustomize
   * effects. A request answered in steps (Workspace.answerInSteps) begins again when it
   * changed between two of its steps.
   */
  get revision(): number {
    return this.changes + this.kustomize.effectsChanges;
  }

  /** Set while {@link batch} runs: the change that asked for a kustomize refresh, and the last one that touched a chart. */
  protected batching: { change?: FileChange; chartChange?: FileChange } | undefined;

  constructor(options: WorkspaceOptions) {
    this.kustomize = new KustomizeUpkeep(options, {
      layers: (uri) => this.files.get(uri),
      text: (uri) => this.current(uri)?.text,
      indexedNow: (uri) => this.indexedAsIs(uri)?.resources ?? [],
      place: (r) => this.addToIndex(r),
      unplace: (r) => this.removeFromIndex(r),
      prepareMove: (r, effects) => prepareMove(r, this.currentSettings, placementOf(r, this.currentSettings, effects, this.charts)),
      movePrepared: (move, keys) => this.movePrepared(move, keys),
      stillPrepared: (move) => stillPrepared(move, this.currentSettings),
      moveSteps: (moves, reveal, keys) => moveSteps({ index: this.index, moves, reveal }, keys),
      finishCommits: () => this.pending.finishCommits(),
      noteMoved: (uri) => this.staging?.changed.add(uri),
    });
    const settings = () => this.currentSettings;
    this.charts = options.renderChart && new WorkspaceCharts({
      get settings() { return settings(); },
      source: (uri) => this.source(uri),
      read: (uri) => this.chartFileContent(uri),
      allUris: () => [...this.files.keys(), ...this.supportFiles.keys()],
      reindex: (before, after, keys) => this.reindex(before, after, keys),
    }, options.renderChart);
  }

  /**
   * Parses a scanned file (see {@link ScannedFile}) and, when its stand-ins are in the
   * index, puts its objects in their place. The index keys may only shrink (a scanned
   * workload said "may have pods"): no lookup answered so far missed anything.
   */
  private parseScanned(uri: string, layers: FileLayers): void {
    const scanned = layers.disk;
    if (!isScanned(scanned)) return;
    const parsed = parseFile(uri, scanned.text);
    layers.disk = parsed;
    const inIndex = scanned.resources.some((r) => this.index.has(r));
    if (!inIndex) return;
    for (const r of scanned.resources) this.removeFromIndex(r);
    for (const r of parsed.resources) this.addToIndex(r);
  }

  /** The file as open or on disk, never a rendered model: what the editor shows. */
  source(uri: string): ParsedFile | undefined {
    this.pending.finish(uri);
    const layers = this.files.get(uri);
    if (!layers) return undefined;
    if (!layers.open && isScanned(layers.disk)) {
      // A commit of its first open text under way ends first: the disk objects parsed in the
      // stand-ins' place would stay in the index beside it (a read inside a request about
      // another file does not finish the text: PendingTexts.readsNewest).
      this.pending.finishCommit(uri);
      if (!layers.open && isScanned(layers.disk)) this.parseScanned(uri, layers);
    }
    return layers.open ?? (layers.disk as ParsedFile | undefined);
  }

  /** The file's layer that counts, open or on disk, as it is (a scanned file stays scanned). */
  protected current(uri: string): ParsedFile | ScannedFile | undefined {
    this.pending.finish(uri);
    const layers = this.files.get(uri);
    return layers?.open ?? layers?.disk;
  }

  /** What the index holds for the file: its chart's render, its model or its scan's stand-ins. */
  private indexed(uri: string): { resources: Resource[]; changed?: Resource[] } | undefined {
    this.pending.finish(uri);
    return this.indexedAsIs(uri);
  }

  /** {@link indexed} without finishing a pending parse: the file as the index holds it now. */
  protected indexedAsIs(uri: string): { resources: Resource[]; changed?: Resource[] } | undefined {
    const layers = this.files.get(uri);
    const file = layers?.open ?? layers?.disk;
    if (!file || isScanned(file)) return file;
    return this.charts?.renderedFile(uri) ?? file;
  }

  /** Text (or bytes) of any file a chart may read: YAML files, helpers, packaged subcharts. */
  chartFileContent(uri: string): string | Uint8Array | undefined {
    const support = this.supportFiles.get(uri);
    if (support) return support.open ?? support.disk;
    return this.source(uri)?.text;
  }

  uris(): string[] {
    this.pending.finish();
    return [...this.files.keys()].filter((uri) => this.current(uri));
  }

  protected layers(uri: string): FileLayers {
    let layers = this.files.get(uri);
    if (!layers) {
      layers = {};
      this.files.set(uri, layers);
    }
    return layers;
  }

  /**
   * Runs `fn` (a batch of setDisk/removeDisk/setOpen… calls, such as the indexer reading
   * many files) with the kustomize effects re-read once at the end rather than after each
   * change of a kustomization or a patch file: reading N patch files one by one would
   * otherwise re-read all N patches N times. Until the end of the batch the effects are
   * those from before it; the end re-indexes what they moved and adds the keys and
   * affected files to the last change that asked for a refresh (so callers that pass every
   * returned change on to {@link dependents} need nothing else). Nested calls join the
   * outer batch.
   *
   * With `deferKustomize`, the refresh is not done at the end but left due (see
   * {@link KustomizeRefreshDue}), for the caller to do in steps ({@link refreshKustomizeStep}).
   * Until then the index and the lookups see the effects from before, as inside a batch.
   */
  batch<T>(fn: () => T, options: { deferKustomize?: KustomizeRefreshDue } = {}): T {
    if (this.batching) return fn();
    const batch: { change?: FileChange; chartChange?: FileChange } = {};
    this.batching = batch;
    try {
      return fn();
    } finally {
      this.batching = undefined;
      if (batch.change && options.deferKustomize) this.kustomize.putOff(batch.change.uri, options.deferKustomize);
      else if (batch.change) appendAll(batch.change.affected, this.kustomize.refresh(batch.change.keys, batch.change.uri));
      // Charts render once, after all their files are in.
      if (batch.chartChange) this.syncCharts(batch.chartChange);
      const last = batch.change ?? batch.chartChange;
      if (last) for (const key of this.index.takeFlipped()) last.keys.add(key);
    }
  }

  /** A chart's helper or packaged subchart changed: the chart renders again, nothing else is indexed. */
  protected replaceSupportFile(uri: string, update: (file: SupportFile) => void): FileChange {
    this.changes++;
    const file = this.supportFiles.get(uri) ?? {};
    const existed = this.supportFiles.has(uri);
    update(file);
    const exists = file.open !== undefined || file.disk !== undefined;
    if (exists) this.supportFiles.set(uri, file);
    else this.supportFiles.delete(uri);
    const change: FileChange = { uri, keys: new Set(), affected: [] };
    if (this.charts?.noteChange(uri, existed, exists)) this.syncCharts(change);
    // Pod templates the render added or took away: "is there any" lookups depend on these flips
    // (nonEmptyKey), as after any other change (in a batch, its end takes them).
    if (!this.batching) for (const key of this.index.takeFlipped()) change.keys.add(key);
    return change;
  }

  /** Renders the charts a change touched, now or at the end of the batch; moves what changed into `change`. */
  private syncCharts(change: FileChange, ownIndexSwap = false): void {
    if (this.batching) {
      this.batching.chartChange = change;
      return;
    }
    this.charts?.sync({ keys: change.keys, affected: change.affected, skip: ownIndexSwap ? change.uri : undefined });
  }

  /** Moves a file's resources in the index from one model to another, adding the keys touched. */
  private reindex(before: { resources: Resource[] } | undefined, after: { resources: Resource[] } | undefined, keys: Set<DependencyKey>): void {
    const beforeResources = before?.resources ?? [];
    const afterResources = after?.resources ?? [];
    // With nothing on one side (a file opened or gone) every resource moves: no sets to compare.
    const compare = beforeResources.length > 0 && afterResources.length > 0;
    const beforeSet = compare ? new Set(beforeResources) : undefined;
    const afterSet = compare ? new Set(afterResources) : undefined;
    for (const r of beforeResources) {
      if (afterSet?.has(r)) continue;
      for (const k of this.removeFromIndex(r)) keys.add(k);
    }
    for (const r of afterResources) {
      if (beforeSet?.has(r)) continue;
      for (const k of this.addToIndex(r)) keys.add(k);
    }
  }

  protected replace(uri: string, update: () => void): FileChange {
    this.changes++;
    // Kustomize moves under way of this file end first: what is read below is then as they leave it.
    this.kustomize.noteIndexChange(uri);
    const before = this.indexed(uri);
    const existed = !!this.current(uri);
    const kustomizationBefore = this.kustomize.effective(uri);
    // In a batch that already refreshes at its end, a patch file's summary does not matter.
    const refreshDue = this.batching?.change !== undefined;
    const patchBefore = refreshDue ? undefined : this.kustomize.patchSummary(uri);
    update();
    const keys = new Set<DependencyKey>();
    const chartAffected: string[] = [];
    const inChart = this.charts?.noteChange(uri, existed, !!this.current(uri));
    // Outside a batch the chart renders now, so this file's own model below is the new render.
    if (inChart && !this.batching) this.charts!.sync({ keys, affected: chartAffected, skip: uri });
    const after = this.indexed(uri);
    let affected: string[] = [];
    let kustomizeChanged = false;
    if (isKustomizationFile(uri)) {
      if (after) this.kustomize.files.add(uri);
      else this.kustomize.files.delete(uri);
      kustomizeChanged = !sameKustomization(kustomizationBefore, this.kustomize.effective(uri));
    } else if (!refreshDue && patchBefore !== this.kustomize.patchSummary(uri)) {
      kustomizeChanged = true;
    } else if (basenameUri(uri) === 'Chart.yaml' && !before !== !after) {
      affected = this.uris().filter((other) => isInside(other, `${dirnameUri(uri)}/templates`));
    }
    if (kustomizeChanged && !this.batching) affected = this.kustomize.refresh(keys, uri);
    if (before !== after) {
      this.reindex(before, after, keys);
      // Reused resources that moved: dependents' related locations point into them,
      // and their place in the canonical order may have changed.
      for (const r of after?.changed ?? []) {
        for (const k of indexKeys(r)) {
          keys.add(k);
          this.index.reorder(k);
        }
      }
    }
    const layers = this.files.get(uri);
    if (layers && !layers.open && !layers.disk) {
      this.files.delete(uri);
      this.dependencies.forget(uri);
    }
    // Index entries this change emptied or filled: what "is there any" lookups depend on (nonEmptyKey).
    for (const key of this.index.takeFlipped()) keys.add(key);
    const change = { uri, keys, affected: [...affected, ...chartAffected] };
    if (kustomizeChanged && this.batching) this.batching.change = change;
    if (inChart && this.batching) this.batching.chartChange = change;
    return change;
  }

  protected newIndex(): ResourceIndex {
    return new ResourceIndex((uri) => this.parseScannedFile(uri));
  }

  /**
   * {@link parseScannedFile} for a reader that parses ahead in steps (an analysis, a
   * request: scannedParses.ts). Kustomize moves under way of the file are made a step at a
   * time first, where the parse would end them at once: while a kustomization of 100,000
   * resources moved 22,000 files, the small ping file's analysis parsed one of them and
   * made every move left in one step of 260-370 ms (`npm run stress hugeKustomization`).
   */
  *parseScannedFileSteps(uri: string): Steps<void> {
    while (this.kustomize.movesFile(uri)) {
      this.kustomize.stepMoveAhead();
      yield;
    }
    this.parseScannedFile(uri);
  }

  /** Parses a file known from its scan, as a lookup of its stand-ins would (analyze.ts does it ahead, a step at a time). */
  parseScannedFile(uri: string): void {
    // A stand-in met while its file's commit is under way: the commit ends first (see PendingTexts.finishCommit).
    this.pending.finishCommit(uri);
    // And kustomize moves under way of the file (its parsed objects take the stand-ins' places).
    if (isScanned(this.files.get(uri)?.disk)) this.kustomize.noteIndexChange(uri);
    this.source(uri);
  }

  /** Places and files a resource; returns its keys (an object of a patch file is placed, not filed, but its keys changed too). */
  private addToIndex(r: Resource): DependencyKey[] {
    // First: kustomize moves under way of the file end, and the effects then in use place it.
    this.kustomize.noteIndexChange(r.uri);
    const placement = placementOf(r, this.currentSettings, this.kustomize.effects, this.charts);
    applyPlacement(r, placement);
    this.staging?.changed.add(r.uri);
    return placement.patchFile ? indexKeys(r) : this.index.add(r);
  }

  /**
   * Makes a move prepared ahead (placement.ts {@link PreparedMove}) as {@link removeFromIndex}
   * then {@link addToIndex} would, with the keys already computed; adds both sets to `keys`.
   * False, having done nothing, when it no longer holds.
   */
  private movePrepared(move: PreparedMove, keys: Set<DependencyKey>): boolean {
    if (!stillPrepared(move, this.currentSettings)) return false;
    const r = move.resource;
    this.staging?.changed.add(r.uri);
    this.kustomize.noteIndexChange(r.uri);
    this.index.removeUnder(r, move.keysNow);
    applyPlacement(r, move.placement);
    if (!move.placement.patchFile) this.index.addUnder(r, move.keysAfter);
    for (const k of move.keysNow) keys.add(k);
    for (const k of move.keysAfter) keys.add(k);
    return true;
  }

  private removeFromIndex(r: Resource): DependencyKey[] {
    this.kustomize.noteIndexChange(r.uri);
    this.staging?.changed.add(r.uri);
    return this.index.remove(r);
  }}
