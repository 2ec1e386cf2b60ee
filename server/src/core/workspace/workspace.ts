import { appendAll } from '../arrays';
import { isHelmTemplate } from '../helm';
import { isChartSupportFile } from '../helm/charts';
import { WorkspaceCharts } from '../helm/workspaceCharts';
import { isKustomizationFile, type Kustomization } from '../kustomize';
import type { Resource } from '../model';
import { basenameUri, dirnameUri, isInside } from '../uris';
import { isScannable, scanForIndex, type ScannedObject } from '../indexScan';
import { isScanned, scannedFile, type ScannedFile } from '../scannedFile';
import { parseFile, parseFileSteps, runToEnd, STEPPED_DOCUMENT_CHARS, type ParsedFile, type WholeDocument } from '../parse';
import type { Steps } from '../steps';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { DependentFiles } from './dependentFiles';
import { indexKeys, type DependencyKey } from './keys';
import { OpenUpdate, SupportFileUpdate, type PendingUpdate } from './pendingUpdates';
import { sameKustomization } from './kustomizeFacts';
import { KustomizeUpkeep, type KustomizeRefreshDue } from './kustomizeUpkeep';
import { PendingTexts } from './pendingTexts';
import { ResourceIndex } from './resourceIndex';
import { sameIndexSettings } from './indexSettings';
import { StagedIndex } from './stagedIndex';
import { applyPlacement, placementOf } from './placement';
import type { DiskFile, FileChange, FileLayers, SupportFile, WorkspaceOptions, WorkspaceView } from './types';
import { createView } from './view';
import type { ScannedParseBudget } from './scannedParses';
import { commitSteps, RESOURCES_PER_COMMIT_STEP } from './steppedCommit';

export type { DependencyKey } from './keys';
export type { KustomizeRefreshDue } from './kustomizeUpkeep';
export type { PendingUpdate } from './pendingUpdates';

/**
 * Everything the core knows: every YAML file, as open in the editor or as on disk.
 * An open document overrides its file on disk. Resources are indexed by kind and
 * namespace; lookups made during an analysis are recorded as dependency keys, so a
 * change to one file re-checks only the files whose findings can depend on it.
 * The parts live beside it: the index (./resourceIndex.ts), the kustomize upkeep
 * (./kustomizeUpkeep.ts), the view lookups read (./view.ts), texts not parsed yet (./pendingTexts.ts, ./pendingUpdates.ts).
 */
export class Workspace {
  private readonly files = new Map<string, FileLayers>();
  /** Chart files that are not YAML, by URI. */
  private readonly supportFiles = new Map<string, SupportFile>();
  /** The charts and their renders (see helm/workspaceCharts.ts), when a renderer is given. */
  readonly charts: WorkspaceCharts | undefined;
  private readonly pending = new PendingTexts((uri) => this.charts?.chartOf(uri));
  private index = this.newIndex();
  /** A new index for new settings, while it is built a step at a time (see {@link setSettingsSteps}). */
  private staging: StagedIndex | undefined;
  private readonly dependencies = new DependentFiles();
  private currentSettings: Settings = DEFAULT_SETTINGS;
  /** Set while {@link batch} runs: the change that asked for a kustomize refresh, and the last one that touched a chart. */
  private readonly kustomize: KustomizeUpkeep;
  private batching: { change?: FileChange; chartChange?: FileChange } | undefined;

  /** Whether files read from disk are scanned until read (see ./indexScan.ts): off, every file is parsed when read, as before. */
  private readonly scanDisk: boolean;
  /** The reads from disk under way in steps ({@link setDiskSteps}), by URI: any other write of the file's disk layer drops its entry, and the read then commits nothing. */
  private readonly diskReads = new Map<string, object>();

  constructor(options: WorkspaceOptions = {}) {
    this.scanDisk = options.scanDiskFiles ?? true;
    this.kustomize = new KustomizeUpkeep(options, {
      layers: (uri) => this.files.get(uri),
      text: (uri) => this.current(uri)?.text,
      indexed: (uri) => this.indexed(uri)?.resources ?? [],
      place: (r) => this.addToIndex(r),
      unplace: (r) => this.removeFromIndex(r),
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
   * The namespace a kustomization gives to the file's resources, if any. It overrides
   * `metadata.namespace`, as `kustomize build` does, except on cluster-scoped kinds.
   */
  namespaceForFile(uri: string): string | undefined {
    return this.kustomize.effects.namespaces.get(uri);
  }

  /** Whether the workspace holds the file (open or on disk). */
  has(uri: string): boolean {
    return !!this.current(uri) || this.supportFiles.has(uri);
  }

  /**
   * Files that never get findings of their own: Helm chart templates (their resources
   * still answer lookups) and kustomize patch files (which do not: they are partial objects).
   */
  isIndexOnly(uri: string): boolean {
    if (this.kustomize.effects.patchFiles.has(uri)) return true;
    return !this.charts?.renderedFile(uri) && isHelmTemplate(uri, (candidate) => this.has(candidate));
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  /** Applies new settings at once (see {@link setSettingsSteps}). */
  setSettings(settings: Settings): void {
    runToEnd(this.setSettingsSteps(settings));
  }

  /**
   * Applies new settings a step at a time. Settings the index does not depend on (rule
   * severities, the cluster domain…) apply at once. A new default namespace, Helm release
   * or Kubernetes version moves resources: a new index is built beside the one in use
   * (./stagedIndex.ts), in steps of a few milliseconds, and replaces it in the last step,
   * where the charts render again. Until then every reader sees the previous settings.
   */
  *setSettingsSteps(settings: Settings): Generator<void, void> {
    if (sameIndexSettings(this.currentSettings, settings)) {
      this.currentSettings = settings;
      return;
    }
    this.pending.finish();
    for (;;) {
      const effectsInUse = this.kustomize.effects;
      const staging = new StagedIndex({
        uris: () => [...this.files.keys()],
        indexed: (uri) => this.indexedAsIs(uri)?.resources ?? [],
        placement: (r, placed, effects) => placementOf(r, placed, effects, this.charts),
        newIndex: () => this.newIndex(),
      }, settings, this.kustomize.readEffects());
      this.staging = staging;
      try {
        yield* staging.build();
      } finally {
        if (this.staging === staging) this.staging = undefined;
      }
      // A kustomization changed meanwhile: the effects staged with are out of date.
      if (this.kustomize.effects !== effectsInUse) continue;
      this.pending.finishCommits(); // they file into the index in use
      this.index = staging.finish();
      // Its pods entries all "flipped" while it was built: a settings change re-analyses every file, so no change carries them.
      this.index.takeFlipped();
      this.kustomize.effects = staging.effects;
      this.currentSettings = settings;
      break;
    }
    // The charts render with the new settings; templates whose output changed move in the new index.
    this.charts?.invalidateAll();
    this.charts?.sync({ keys: new Set(), affected: [] });
  }

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
    const before = this.indexedAsIs(uri)?.resources ?? [];
    const plain = !isKustomizationFile(uri) && !this.kustomize.effects.patchFiles.has(uri) && !this.charts?.concerns(uri);
    if (!plain || before.length + file.resources.length <= RESOURCES_PER_COMMIT_STEP) {
      this.pending.open.delete(uri);
      return this.replace(uri, () => {
        const current = this.layers(uri);
        current.open = file;
        if (isKustomizationFile(uri)) current.openKustomization = kustomization;
      });
    }
    const change = yield* commitSteps({
      index: this.index,
      before,
      placement: (r) => placementOf(r, this.currentSettings, this.kustomize.effects, this.charts),
      swap: () => {
        this.layers(uri).open = file;
        this.staging?.changed.add(uri);
        this.kustomize.noteIndexChange(uri);
      },
    }, uri, file);
    if (this.pending.open.get(uri) === update) this.pending.open.delete(uri);
    return change;
  }

  /** Answers a request about `uri` reading only the pending texts its answer needs (see {@link PendingTexts.answering}). */
  answering<T>(uri: string, answer: () => T): T {
    return this.pending.answering(uri, answer);
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

  /** A file as on disk: text, or the bytes of a binary chart file (a packaged subchart under charts/). */
  setDisk(uri: string, text: string | Uint8Array): FileChange {
    this.diskReads.delete(uri);
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.disk = text; });
    if (typeof text !== 'string') return { uri, keys: new Set(), affected: [] };
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      const parsed: WholeDocument = {};
      layers.disk = runToEnd(this.diskFileSteps(uri, text, layers.disk, parsed));
      if (isKustomizationFile(uri)) layers.diskKustomization = this.kustomize.read(uri, text, parsed);
    });
  }

  /**
   * {@link setDisk} a step at a time, for the index pass (server/src/node/indexer.ts): a
   * text over {@link STEPPED_DOCUMENT_CHARS} is parsed, and read as a kustomization when it
   * is one, in steps, and put in place by the last step; until then the workspace holds
   * the file as before (as a file the pass has not reached). Read at once, a kustomization
   * of 100,000 entries (1.9 MB) held the pass about 4 s of CPU in one step (issue 16). A
   * write of the file's disk layer meanwhile (a change on disk, seen by the watcher) wins:
   * the read then commits nothing.
   */
  *setDiskSteps(uri: string, text: string): Steps<FileChange> {
    if (isChartSupportFile(uri) || text.length <= STEPPED_DOCUMENT_CHARS) return this.setDisk(uri, text);
    const read = {};
    this.diskReads.set(uri, read);
    const parsed: WholeDocument = {};
    const disk = yield* this.diskFileSteps(uri, text, this.files.get(uri)?.disk, parsed);
    const kustomization = isKustomizationFile(uri) ? yield* this.kustomize.readSteps(uri, text, parsed) : undefined;
    yield;
    if (this.diskReads.get(uri) !== read) return { uri, keys: new Set(), affected: [] };
    this.diskReads.delete(uri);
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      layers.disk = disk;
      if (isKustomizationFile(uri)) layers.diskKustomization = kustomization;
    });
  }

  /**
   * The disk layer of a file read from disk: scanned when the scan is sure (most plain
   * manifests) and the file's own model is not needed yet (its previous version was
   * scanned too, or it is new: a parsed one is reused document by document), else parsed.
   */
  private *diskFileSteps(uri: string, text: string, previous: DiskFile | undefined, whole?: WholeDocument): Steps<DiskFile> {
    const objects = this.scanDisk && (previous === undefined || isScanned(previous)) && isScannable(uri) ? scanForIndex(text) : undefined;
    if (!objects) return yield* parseFileSteps(uri, text, isScanned(previous) ? undefined : previous, undefined, whole);
    return scannedFile(uri, text, objects);
  }

  /**
   * A file on disk known from an earlier scan (an index cache: server/src/node/indexCache.ts),
   * its text read by `load(uri)` when first needed. Only for files whose scan answered
   * ({@link scannedObjects}) and whose size and time on disk are those of that scan.
   */
  setDiskScanned(uri: string, objects: readonly ScannedObject[], load: (uri: string) => string): FileChange {
    this.diskReads.delete(uri);
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      layers.disk = scannedFile(uri, load, objects);
    });
  }

  /** Whether the file counts from its disk layer's scan, not parsed yet (what an index cache holds). */
  isOnlyScanned(uri: string): boolean {
    return isScanned(this.files.get(uri)?.disk);
  }

  /** What the scan of the file on disk found, while the file is only scanned (for an index cache). */
  scannedObjects(uri: string): readonly ScannedObject[] | undefined {
    const disk = this.files.get(uri)?.disk;
    // From the stand-ins, which hold all of it: the scan's own objects are not kept (memory).
    return isScanned(disk) ? disk.resources.map((r) => ({
      documentIndex: r.documentIndex,
      apiVersion: r.apiVersion.value,
      kind: r.kind.value,
      name: r.name?.value,
      namespace: r.namespaceNode?.value,
      mayHavePods: r.podTemplate !== undefined,
    })) : undefined;
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

  removeDisk(uri: string): FileChange {
    this.diskReads.delete(uri);
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.disk = undefined; });
    const layers = this.files.get(uri);
    return this.replace(uri, () => {
      if (layers) {
        layers.disk = undefined;
        layers.diskKustomization = undefined;
      }
    });
  }

  isOpen(uri: string): boolean {
    return !!this.files.get(uri)?.open || this.supportFiles.get(uri)?.open !== undefined;
  }

  /**
   * The file as the core sees it: the open document, else the file on disk; for a Helm
   * chart template its chart renders, the model read from the rendered output (its `text`
   * is still the template's own, its ranges are in it: see helm/renderedFile.ts).
   */
  effective(uri: string): ParsedFile | undefined {
    const source = this.source(uri);
    return source && (this.charts?.renderedFile(uri) ?? source);
  }

  /** The file as open or on disk, never a rendered model: what the editor shows. */
  source(uri: string): ParsedFile | undefined {
    this.pending.finish(uri);
    const layers = this.files.get(uri);
    if (!layers) return undefined;
    if (!layers.open && isScanned(layers.disk)) this.parseScanned(uri, layers);
    return layers.open ?? (layers.disk as ParsedFile | undefined);
  }

  /** The file's layer that counts, open or on disk, as it is (a scanned file stays scanned). */
  private current(uri: string): ParsedFile | ScannedFile | undefined {
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
  private indexedAsIs(uri: string): { resources: Resource[]; changed?: Resource[] } | undefined {
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

  resources(uri: string): Resource[] {
    return this.effective(uri)?.resources ?? [];
  }

  *allResources(): Iterable<Resource> {
    this.pending.finish();
    for (const uri of this.files.keys()) yield* this.resources(uri);
  }

  /**
   * The view an editor request (hover, completion, references, definition, quick fix)
   * reads: every text the client has sent is parsed first, so the answer describes the
   * documents as they are now; inside {@link answering}, only the texts the answer
   * depends on. An analysis uses {@link view} instead: it may read the previous version
   * of a file still being parsed, and the scheduler re-checks it when that parse lands.
   */
  requestView(): WorkspaceView {
    this.settle();
    return this.view();
  }

  /**
   * Parses the texts still pending that a request reads (see {@link requestView}): for a
   * request that reads files, not lookups. A kustomize refresh put off (see {@link batch})
   * is not forced: it may take seconds, and the request answers with the effects before it.
   */
  settle(): void {
    this.pending.finish();
  }

  /** Who does the kustomize refresh a deferring {@link batch} put off, if one is due (never inside a batch: its end refreshes). */
  get kustomizeRefreshDue(): KustomizeRefreshDue | undefined {
    return this.batching ? undefined : this.kustomize.dueUntil;
  }

  /**
   * One step of the kustomize refresh that is due ({@link kustomizeRefreshDue}): its change
   * (the files it moved, the keys it touched, for the caller to pass on to {@link dependents})
   * once it is applied, undefined until then. Each step is a bounded piece of work (see
   * ../kustomize/steps.ts); the index and the lookups keep the effects from before until the last.
   */
  refreshKustomizeStep(): FileChange | undefined {
    if (this.batching) return undefined;
    const keys = new Set<DependencyKey>();
    const done = this.kustomize.stepDue(keys);
    return done && { uri: done.uri, keys, affected: done.moved };
  }

  /** The refresh that is due ({@link refreshKustomizeStep}) at once. */
  refreshKustomize(): FileChange | undefined {
    while (this.kustomizeRefreshDue) {
      const change = this.refreshKustomizeStep();
      if (change) return change;
    }
    return undefined;
  }

  /** What the kustomize upkeep counted (refreshes, kustomizations read): tests assert the work is linear with them. */
  get kustomizeStats(): Readonly<{ refreshes: number; kustomizationsRead: number; filesCompared: number }> {
    return this.kustomize.stats;
  }

  /** A view whose lookups are added to `dependencies` (when given), within a `budget` of scanned files to parse (when given: scannedParses.ts). */
  view(dependencies?: Set<DependencyKey>, budget?: ScannedParseBudget): WorkspaceView {
    const kustomize = this.kustomize;
    return createView({
      settings: this.currentSettings,
      inOrder: (key) => this.index.inOrder(key),
      hasAny: (key) => this.index.hasAny(key),
      unparsedFiles: (key, unlessAny) => this.index.unparsedFiles(key, unlessAny),
      get kustomize() { return kustomize.effects; },
      charts: this.charts,
    }, dependencies, budget);
  }

  /** Remembers what the last analysis of `uri` looked up. */
  recordDependencies(uri: string, keys: Set<DependencyKey>): void {
    this.dependencies.record(uri, keys);
  }

  /** Whether the last analysis of `uri` looked up any of `keys`: one file's question, one file's cost. */
  lookedAtAny(uri: string, keys: Iterable<DependencyKey>): boolean {
    return this.dependencies.lookedAtAny(uri, keys);
  }

  /**
   * Files to re-check after a change (the changed file itself excluded): those whose last
   * analysis looked at something the change touched, and those a kustomization moved.
   */
  dependents(change: FileChange): string[] {
    const out: string[] = change.affected.filter((uri) => uri !== change.uri);
    const seen = new Set(out);
    for (const uri of this.dependencies.lookingAt(change.keys)) {
      if (uri !== change.uri && !seen.has(uri)) out.push(uri);
    }
    return out;
  }

  forgetDependencies(uri: string): void {
    this.dependencies.forget(uri);
  }

  private layers(uri: string): FileLayers {
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
      else if (batch.change) appendAll(batch.change.affected, this.kustomize.refresh(batch.change.keys));
      // Charts render once, after all their files are in.
      if (batch.chartChange) this.syncCharts(batch.chartChange);
      const last = batch.change ?? batch.chartChange;
      if (last) for (const key of this.index.takeFlipped()) last.keys.add(key);
    }
  }

  /** A chart's helper or packaged subchart changed: the chart renders again, nothing else is indexed. */
  private replaceSupportFile(uri: string, update: (file: SupportFile) => void): FileChange {
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

  private replace(uri: string, update: () => void): FileChange {
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
    if (kustomizeChanged && !this.batching) affected = this.kustomize.refresh(keys);
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

  private newIndex(): ResourceIndex {
    // A stand-in met while its file's commit is under way: the commit ends first (see PendingTexts.finishCommit).
    return new ResourceIndex((uri) => this.parseScannedFile(uri));
  }

  /** Parses a file known from its scan, as a lookup of its stand-ins would (analyze.ts does it ahead, a step at a time). */
  parseScannedFile(uri: string): void {
    // A stand-in met while its file's commit is under way: the commit ends first (see PendingTexts.finishCommit).
    this.pending.finishCommit(uri);
    this.source(uri);
  }

  /** Places and files a resource; returns its keys (an object of a patch file is placed, not filed, but its keys changed too). */
  private addToIndex(r: Resource): DependencyKey[] {
    const placement = placementOf(r, this.currentSettings, this.kustomize.effects, this.charts);
    applyPlacement(r, placement);
    this.staging?.changed.add(r.uri);
    this.kustomize.noteIndexChange(r.uri);
    return placement.patchFile ? indexKeys(r) : this.index.add(r);
  }

  private removeFromIndex(r: Resource): DependencyKey[] {
    this.staging?.changed.add(r.uri);
    this.kustomize.noteIndexChange(r.uri);
    return this.index.remove(r);
  }
}
