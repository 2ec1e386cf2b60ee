import { isHelmTemplate } from '../helm';
import { isChartSupportFile } from '../helm/charts';
import { isKustomizationFile } from '../kustomize';
import type { Resource } from '../model';
import { isScannable, scanForIndex, type ScannedObject } from '../indexScan';
import { isScanned, scannedFile, scannedServiceName } from '../scannedFile';
import { parseFileSteps, runToEnd, STEPPED_DOCUMENT_CHARS, type ParsedFile, type WholeDocument } from '../parse';
import type { Steps } from '../steps';
import type { Settings } from '../settings';
import type { DependencyKey } from './keys';
import type { KustomizeRefreshDue } from './kustomizeUpkeep';
import { sameIndexSettings } from './indexSettings';
import { StagedIndex } from './stagedIndex';
import { placementOf } from './placement';
import type { DiskFile, FileChange, FileLayers, WorkspaceOptions, WorkspaceView } from './types';
import type { PendingReads } from './pendingTexts';
import { createView } from './view';
import { SCANNED_PARSES_PER_STEP, ScannedParsesDue, withinScannedBudgetSteps, type ScannedParseBudget } from './scannedParses';
import { OpenDocuments } from './openDocuments';

export type { DependencyKey } from './keys';

/**
 * Times a request answered in steps begins again because the workspace changed between
 * two of its steps (Workspace.answerInSteps); the next attempt is made in one go, so a
 * user typing in another file can delay a rename, never starve it.
 */
export const MAX_ANSWER_RESTARTS = 3;
export type { KustomizeRefreshDue } from './kustomizeUpkeep';
export type { PendingUpdate } from './pendingUpdates';

/**
 * Everything the core knows: every YAML file, as open in the editor or as on disk.
 * An open document overrides its file on disk. Resources are indexed by kind and
 * namespace; lookups made during an analysis are recorded as dependency keys, so a
 * change to one file re-checks only the files whose findings can depend on it.
 * The parts live beside it: the index (./resourceIndex.ts), the kustomize upkeep
 * (./kustomizeUpkeep.ts), the view lookups read (./view.ts), texts not parsed yet (./pendingTexts.ts, ./pendingUpdates.ts),
 * the documents open in the editor (./openDocuments.ts, its base class) and the files'
 * layers with the change a write of one makes (./workspaceFiles.ts, the base of that).
 */
export class Workspace extends OpenDocuments {
  /** Whether files read from disk are scanned until read (see ./indexScan.ts): off, every file is parsed when read, as before. */
  private readonly scanDisk: boolean;
  /** The reads from disk under way in steps ({@link setDiskSteps}), by URI: any other write of the file's disk layer drops its entry, and the read then commits nothing. */
  private readonly diskReads = new Map<string, object>();

  constructor(options: WorkspaceOptions = {}) {
    super(options);
    this.scanDisk = options.scanDiskFiles ?? true;
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
    this.changes++;
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
      // Kustomize moves under way in the index about to be replaced end there first.
      this.kustomize.endMove();
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

  /** A file as on disk: text, or the bytes of a binary chart file (a packaged subchart under charts/). */
  setDisk(uri: string, text: string | Uint8Array): FileChange {
    this.diskReads.delete(uri);
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.disk = text; });
    if (typeof text !== 'string') return { uri, keys: new Set(), affected: [] };
    const layers = this.diskLayers(uri);
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
    const layers = this.diskLayers(uri);
    return this.replace(uri, () => {
      layers.disk = disk;
      if (isKustomizationFile(uri)) layers.diskKustomization = kustomization;
    });
  }

  /**
   * The file's layers, for a write of its disk layer: a commit of it under way (a close in
   * steps, which may drop the layers of a file with nothing on disk) ends first, so the
   * layers written are those the workspace keeps.
   */
  private diskLayers(uri: string): FileLayers {
    this.pending.finishCommit(uri);
    return this.layers(uri);
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
    const layers = this.diskLayers(uri);
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
      serviceName: scannedServiceName(r),
    })) : undefined;
  }

  removeDisk(uri: string): FileChange {
    this.diskReads.delete(uri);
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.disk = undefined; });
    this.pending.finishCommit(uri); // as diskLayers: the layers written below are those the workspace keeps
    const layers = this.files.get(uri);
    return this.replace(uri, () => {
      if (layers) {
        layers.disk = undefined;
        layers.diskKustomization = undefined;
      }
    });
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

  resources(uri: string): Resource[] {
    return this.effective(uri)?.resources ?? [];
  }

  /**
   * Every resource of every file. Inside {@link answerSteps}, when more files are only
   * scanned than the request's step may parse, throws {@link ScannedParsesDue} with all of
   * them first (the rename of a Service reads every object's strings for its DNS names).
   */
  *allResources(): Iterable<Resource> {
    this.pending.finish();
    if (this.requestBudget) {
      const scanned = [...this.files].filter(([, layers]) => !layers.open && isScanned(layers.disk)).map(([uri]) => uri);
      if (scanned.length > this.requestBudget.left) throw new ScannedParsesDue(scanned);
      this.requestBudget.left -= scanned.length;
    }
    for (const uri of this.files.keys()) yield* this.resources(uri);
  }

  /** The scanned files the request being answered in steps may still parse ({@link answerSteps}); outside one, a request parses what it reads at once. */
  private requestBudget: ScannedParseBudget | undefined;

  /**
   * Answers a request in steps: `answer` runs as inside {@link answering} (about `uri`;
   * undefined: every pending text read first, for a request about the whole workspace such
   * as a rename), its lookups within a budget of scanned files to parse. One that would
   * parse more (a hover on a Service beside 22,000 StatefulSets of its namespace known only
   * from their scans: seconds in one piece) ends; those files are parsed
   * {@link SCANNED_PARSES_PER_STEP} a step, and `answer` runs again (scannedParses.ts). The
   * caller answers messages between the steps; the answer is the one a single run gives.
   */
  *answerSteps<T>(uri: string | undefined, answer: () => T): Generator<void, T> {
    return yield* this.answerInSteps(uri, function* () {
      return answer();
    });
  }

  /**
   * {@link answerSteps} for an answer that is itself made in steps (a rename reading every
   * object: core/rename/). Each of its steps runs as inside {@link answering}; between two,
   * the workspace may change (messages are answered): when its {@link revision} did, the
   * answer begins again from the workspace as it is, so it is never made of two versions
   * of it. After {@link MAX_ANSWER_RESTARTS} such beginnings, it is made in one go.
   */
  *answerInSteps<T>(uri: string | undefined, attempt: () => Generator<void, T>): Generator<void, T> {
    const budget: ScannedParseBudget = { left: SCANNED_PARSES_PER_STEP };
    /** What the attempt under way may read of other files' pending texts, all its steps together. */
    let reads: PendingReads | undefined;
    const inContext = <R>(step: () => R): R => {
      this.requestBudget = budget;
      try {
        if (reads) return this.pending.answering(reads.uri, step, reads);
        this.settle();
        return step();
      } finally {
        this.requestBudget = undefined;
      }
    };
    const workspace = this;
    return yield* withinScannedBudgetSteps(budget, (file) => this.parseScannedFileSteps(file), function* () {
      for (let restarts = 0; ; restarts++) {
        const steps = attempt();
        reads = uri !== undefined ? workspace.pending.readsFor(uri) : undefined;
        if (restarts >= MAX_ANSWER_RESTARTS) return inContext(() => runToEnd(steps));
        // The pending texts the answer would read as newest (its own file's after a
        // keystroke, small ones) are finished first, so a one-step answer is not made twice
        // for them. Then the version this attempt reads: a change between two steps, or
        // made by a step itself (a read that ended kustomize moves), makes what it read
        // before out of date.
        if (reads) workspace.pending.finishReadable(reads);
        else workspace.settle();
        const revision = workspace.revision;
        let step = inContext(() => steps.next());
        while (!step.done && workspace.revision === revision) {
          yield;
          if (workspace.revision !== revision) break;
          step = inContext(() => steps.next());
        }
        if (step.done && workspace.revision === revision) return step.value;
        steps.return(undefined as T);
      }
    });
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
    return this.view(undefined, this.requestBudget);
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
    let all: FileChange | undefined;
    // Until none is due: a kustomization changed while one was under way is refreshed after it.
    while (this.kustomizeRefreshDue) {
      const change = this.refreshKustomizeStep();
      if (!change) continue;
      if (!all) all = change;
      else {
        all.uri = change.uri;
        for (const key of change.keys) all.keys.add(key);
        for (const uri of change.affected) if (!all.affected.includes(uri)) all.affected.push(uri);
      }
    }
    return all;
  }

  /** What the kustomize upkeep counted (refreshes, kustomizations read): tests assert the work is linear with them. */
  get kustomizeStats(): Readonly<{ refreshes: number; kustomizationsRead: number; filesCompared: number; placedWhenApplied: number }> {
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

  /** {@link recordDependencies} in steps of a few thousand keys (dependentFiles.ts, recordSteps). */
  recordDependenciesSteps(uri: string, keys: Set<DependencyKey>): Steps<void> {
    return this.dependencies.recordSteps(uri, keys);
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

}
