import { appendAll } from './arrays';
import { isHelmTemplate } from './helm';
import { isChartSupportFile, type ChartRenderer } from './helm/charts';
import { UNSEEN_OUTPUT_KEY, WorkspaceCharts } from './helm/workspaceCharts';
import {
  filesWithEffects, isClusterScopedKind, isKustomizationFile, kustomizeEffects, kustomizationLimitMessage, NO_KUSTOMIZE_EFFECTS, readKustomization, replicaBuilds, patchFileSummary,
  type Kustomization, type KustomizeEffects, type ReplicasOverride,
} from './kustomize';
import type { Resource } from './model';
import { basenameUri, dirnameUri, isInside } from './uris';
import { isScannable, scanForIndex, type ScannedObject } from './indexScan';
import { isScanned, isStandIn, scannedFile, type ScannedFile } from './scannedFile';
import { parseFile, type ParsedFile } from './parse';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { ANY_NAMESPACE, compareLocations, indexKeys, isCut, kindKey, nameKey, podsKey, type DependencyKey } from './workspaceKeys';
import { OpenUpdate, SupportFileUpdate, type PendingUpdate } from './pendingUpdates';
import { kustomizeFacts, sameEffects, sameKustomization } from './kustomizeFacts';

export type { DependencyKey } from './workspaceKeys';
export type { PendingUpdate } from './pendingUpdates';

/**
 * Everything the core knows: every YAML file, as open in the editor or as on disk.
 * An open document overrides its file on disk. Resources are indexed by kind and
 * namespace; lookups made during an analysis are recorded as dependency keys, so a
 * change to one file re-checks only the files whose findings can depend on it.
 */

export interface FileChange {
  uri: string;
  /** Index keys touched by the change: compare with {@link Workspace.dependents}. */
  keys: Set<DependencyKey>;
  /**
   * Other files whose own findings may change: their resources changed namespace or patch
   * status (a kustomization changed), or they became or stopped being Helm chart templates
   * (a Chart.yaml appeared or went). {@link Workspace.dependents} lists them too.
   */
  affected: string[];
}


/** A file's disk layer: parsed, or scanned and parsed when first read (see ./scannedFile.ts). */
type DiskFile = ParsedFile | ScannedFile;

interface FileLayers {
  open?: ParsedFile;
  disk?: DiskFile;
  /** The kustomization read from each layer, for kustomization files only. */
  openKustomization?: Kustomization;
  diskKustomization?: Kustomization;
}

/**
 * A request parses another file's pending text first when it is at most this long
 * (characters), and at most {@link PENDING_TEXT_BUDGET} of such texts in all: a few
 * milliseconds of parsing (see {@link Workspace.answering}). Longer texts are read as
 * their previous version.
 */
export const SMALL_PENDING_TEXT = 64 * 1024;
export const PENDING_TEXT_BUDGET = 256 * 1024;

/** Read-only queries over the workspace, recording what they looked at. */
export interface WorkspaceView {
  readonly settings: Settings;
  /** Resources of a kind in a namespace. */
  inNamespace(kind: string, namespace: string): Resource[];
  /** Resources of a kind with a name, in a namespace. */
  named(kind: string, namespace: string, name: string): Resource[];
  /** Resources of a kind with a name, in any namespace. */
  namedAnywhere(kind: string, name: string): Resource[];
  /** Every resource with a pod template (workloads, Jobs, bare Pods) in a namespace. */
  podTemplatesIn(namespace: string): Resource[];
  /**
   * The replica counts kustomizations set for this workload: one entry per top-level
   * kustomization that builds its file (undefined where that build keeps the count
   * written); undefined when no kustomization overrides it. See ./kustomize.ts.
   */
  kustomizeReplicas(workload: Resource): readonly (ReplicasOverride | undefined)[] | undefined;
  /**
   * The folder of the kustomization whose `namespace:` gives the resource its namespace;
   * undefined when the namespace is its own or the default (for hovers: say where it comes from).
   */
  namespaceSource(resource: Resource): string | undefined;
  /**
   * Whether a chart's output that an unknown decided (`{{ if lookup … }}`) may hold an
   * object of this kind in this namespace, which no lookup can see (helm/unseenOutput.ts).
   */
  mayHoldUnseen(kind: string, namespace: string): boolean;
}

/** A chart file that is not YAML (a `.tpl` helper, a packaged subchart): kept as is for the renderer. */
interface SupportFile {
  open?: string;
  disk?: string | Uint8Array;
}

export interface WorkspaceOptions {
  /**
   * The Helm chart renderer (helm/index.ts renderChart). Without it, chart templates are
   * indexed from their own text and never the subject of a finding.
   */
  renderChart?: ChartRenderer;
  /**
   * Keep plain files read from disk as a scan of what the index needs until something
   * reads them (default true; see ./indexScan.ts). False parses every file when it is
   * set, as before: the findings are the same (test/core/indexScan.test.ts compares them).
   */
  scanDiskFiles?: boolean;
  /** Entries past which a kustomization's effects are unknown (default MAX_KUSTOMIZATION_ENTRIES; see kustomize/read.ts). */
  maxKustomizationEntries?: number;
  /** Told each time a kustomization past that limit is read, with the message to show (docs/limits.md). */
  onKustomizationLimit?: (uri: string, message: string) => void;
}

export class Workspace {
  private readonly files = new Map<string, FileLayers>();
  /** Chart files that are not YAML, by URI. */
  private readonly supportFiles = new Map<string, SupportFile>();
  /** The charts and their renders (see helm/workspaceCharts.ts), when a renderer is given. */
  readonly charts: WorkspaceCharts | undefined;
  private readonly index = new Map<DependencyKey, Set<Resource>>();
  /**
   * Each index entry in a canonical order: by file, then by place in the file, made when
   * first asked for after a change. Lookups answer in this order, never in the order
   * files happened to be opened or edited: with two Services of one name, the rules
   * take the first, and a fresh analysis and an incremental one must take the same.
   */
  private readonly ordered = new Map<DependencyKey, Resource[]>();
  private readonly dependencies = new Map<string, Set<DependencyKey>>();
  /** Open-document texts being parsed in steps; any read of that file finishes its parse first. */
  private readonly pending = new Map<string, OpenUpdate>();
  /** New texts of open chart helpers and packaged subcharts, applied on their first step. */
  private readonly pendingSupport = new Map<string, SupportFileUpdate>();
  private currentSettings: Settings = DEFAULT_SETTINGS;
  /** Files named like a kustomization (kustomization.yaml…), whatever their content. */
  private readonly kustomizationFiles = new Set<string>();
  /** What the kustomizations do to the files they list: namespaces, patch files, replica counts, labels, patches (see ./kustomize.ts). */
  private kustomize: KustomizeEffects = NO_KUSTOMIZE_EFFECTS;
  /** Set while {@link batch} runs: the change that asked for a kustomize refresh, and the last one that touched a chart. */
  private batching: { change?: FileChange; chartChange?: FileChange } | undefined;

  /** Whether files read from disk are scanned until read (see ./indexScan.ts): off, every file is parsed when read, as before. */
  private readonly scanDisk: boolean;

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.scanDisk = options.scanDiskFiles ?? true;
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
    return this.kustomize.namespaces.get(uri);
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
    if (this.kustomize.patchFiles.has(uri)) return true;
    return !this.charts?.renderedFile(uri) && isHelmTemplate(uri, (candidate) => this.has(candidate));
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  /** Applies new settings. Namespaces may change, so everything is re-indexed. */
  setSettings(settings: Settings): void {
    this.currentSettings = settings;
    this.reindexAll();
  }

  /** Re-computes every resource's effective namespace (after settings or kustomizations changed). */
  reindexAll(): void {
    this.finishPending();
    this.index.clear();
    this.ordered.clear();
    this.kustomize = this.readKustomizeEffects();
    this.charts?.invalidateAll();
    this.charts?.sync();
    for (const [uri] of this.files) {
      for (const r of this.indexed(uri)?.resources ?? []) this.addToIndex(r);
    }
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
        if (this.pendingSupport.get(uri) === update) this.pendingSupport.delete(uri);
        return this.replaceSupportFile(uri, (file) => { file.open = text; });
      });
      this.pendingSupport.set(uri, update);
      return update;
    }
    const abandoned = this.pending.get(uri);
    abandoned?.abandon();
    const layers = this.layers(uri);
    // Reuse only the open layer's own documents: reused documents are moved in place,
    // and the disk layer must stay as it is for when the editor closes the file.
    const update = new OpenUpdate(uri, text, layers.open, abandoned?.parsed ?? [], (file) => {
      this.pending.delete(uri);
      return this.replace(uri, () => {
        const current = this.layers(uri);
        current.open = file;
        if (isKustomizationFile(uri)) current.openKustomization = this.readKustomization(uri, text);
      });
    });
    this.pending.set(uri, update);
    return update;
  }

  /**
   * Parses what is still pending for `uri` (every file when none is given), except,
   * while a request is answered ({@link answering}), for files its answer does not read
   * the newest text of: those read as their previous version.
   */
  private finishPending(uri?: string): void {
    if (uri === undefined) {
      for (const update of [...this.pending.values()]) if (this.readsNewest(update.uri)) update.finish();
      for (const update of [...this.pendingSupport.values()]) if (this.readsNewest(update.uri)) update.finish();
    } else if (this.readsNewest(uri)) {
      this.pending.get(uri)?.finish();
      this.pendingSupport.get(uri)?.finish();
    }
  }

  /** The request being answered (see {@link answering}): its file, and how much of other files' pending texts it may still parse. */
  private answeringFor: { uri: string; budget: number } | undefined;

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
  answering<T>(uri: string, answer: () => T): T {
    if (this.answeringFor !== undefined) return answer();
    this.answeringFor = { uri, budget: PENDING_TEXT_BUDGET };
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
    const chart = this.charts?.chartOf(request.uri);
    if (chart !== undefined && isInside(uri, chart)) return true;
    if (this.pendingSupport.has(uri)) return false; // a helper of another chart: its render can wait
    const size = this.pending.get(uri)?.size;
    if (size === undefined) return true; // nothing pending
    if (size > SMALL_PENDING_TEXT || size > request.budget) return false;
    request.budget -= size;
    return true;
  }

  close(uri: string): FileChange {
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.open = undefined; });
    this.pending.get(uri)?.abandon();
    this.pending.delete(uri);
    const layers = this.files.get(uri);
    return this.replace(uri, () => {
      if (layers) {
        layers.open = undefined;
        layers.openKustomization = undefined;
      }
    });
  }

  /** A file as on disk: text, or the bytes of a binary chart file (a packaged subchart under charts/). */
  setDisk(uri: string, text: string | Uint8Array): FileChange {
    if (isChartSupportFile(uri)) return this.replaceSupportFile(uri, (file) => { file.disk = text; });
    if (typeof text !== 'string') return { uri, keys: new Set(), affected: [] };
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      layers.disk = this.diskFile(uri, text, layers.disk);
      if (isKustomizationFile(uri)) layers.diskKustomization = this.readKustomization(uri, text);
    });
  }

  /**
   * The disk layer of a file read from disk: scanned when the scan is sure (most plain
   * manifests) and the file's own model is not needed yet (its previous version was
   * scanned too, or it is new: a parsed one is reused document by document), else parsed.
   */
  private diskFile(uri: string, text: string, previous: DiskFile | undefined): DiskFile {
    const objects = this.scanDisk && (previous === undefined || isScanned(previous)) && isScannable(uri) ? scanForIndex(text) : undefined;
    if (!objects) return parseFile(uri, text, isScanned(previous) ? undefined : previous);
    return scannedFile(uri, text, objects);
  }

  /**
   * A file on disk known from an earlier scan (an index cache: server/src/node/indexCache.ts),
   * its text read by `load` when first needed. Only for files whose scan answered
   * ({@link scannedObjects}) and whose size and time on disk are those of that scan.
   */
  setDiskScanned(uri: string, objects: readonly ScannedObject[], load: () => string): FileChange {
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      layers.disk = scannedFile(uri, load, objects);
    });
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
    const inIndex = scanned.resources.some((r) => this.index.get(indexKeys(r)[0])?.has(r));
    if (!inIndex) return;
    for (const r of scanned.resources) this.removeFromIndex(r);
    for (const r of parsed.resources) this.addToIndex(r);
  }



  removeDisk(uri: string): FileChange {
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
    this.finishPending(uri);
    const layers = this.files.get(uri);
    if (!layers) return undefined;
    if (!layers.open && isScanned(layers.disk)) this.parseScanned(uri, layers);
    return layers.open ?? (layers.disk as ParsedFile | undefined);
  }

  /** The file's layer that counts, open or on disk, as it is (a scanned file stays scanned). */
  private current(uri: string): ParsedFile | ScannedFile | undefined {
    this.finishPending(uri);
    const layers = this.files.get(uri);
    return layers?.open ?? layers?.disk;
  }

  /** What the index holds for the file: its chart's render, its model or its scan's stand-ins. */
  private indexed(uri: string): { resources: Resource[]; changed?: Resource[] } | undefined {
    const file = this.current(uri);
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
    this.finishPending();
    return [...this.files.keys()].filter((uri) => this.current(uri));
  }

  resources(uri: string): Resource[] {
    return this.effective(uri)?.resources ?? [];
  }

  *allResources(): Iterable<Resource> {
    this.finishPending();
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

  /** Parses the texts still pending that a request reads (see {@link requestView}): for a request that reads files, not lookups. */
  settle(): void {
    this.finishPending();
  }

  /** A view whose lookups are added to `dependencies` (when given). */
  view(dependencies?: Set<DependencyKey>): WorkspaceView {
    const lookup = (key: DependencyKey): Iterable<Resource> => {
      dependencies?.add(key);
      return this.inOrder(key);
    };
    // Only a cut key part (see keyPart) can find resources of another name: those are dropped.
    const exactly = (found: Iterable<Resource>, kind: string, namespace: string | undefined, name?: string): Resource[] => (
      !isCut(kind, namespace ?? '', name ?? '') ? [...found]
        : [...found].filter((r) => r.kind.value === kind && (namespace === undefined || r.namespace === namespace) && (name === undefined || r.name?.value === name)));
    const settings = this.currentSettings;
    return {
      settings,
      inNamespace: (kind, namespace) => exactly(lookup(kindKey(kind, namespace)), kind, namespace),
      named: (kind, namespace, name) => exactly(lookup(nameKey(kind, namespace, name)), kind, namespace, name),
      namedAnywhere: (kind, name) => exactly(lookup(nameKey(kind, ANY_NAMESPACE, name)), kind, undefined, name),
      podTemplatesIn: (namespace) => (isCut(namespace) ? [...lookup(podsKey(namespace))].filter((r) => r.namespace === namespace) : [...lookup(podsKey(namespace))]),
      // Changes are announced through the workload's own keys (see refreshKustomizeEffects).
      kustomizeReplicas: (workload) => replicaBuilds(this.kustomize, workload),
      mayHoldUnseen: (kind, namespace) => {
        dependencies?.add(UNSEEN_OUTPUT_KEY);
        return this.charts?.mayHoldUnseen(kind, namespace) ?? false;
      },
      namespaceSource: (r) => (isClusterScopedKind(r.kind.value) ? undefined : this.kustomize.namespaceSources.get(r.uri)?.dir),
    };
  }

  /** Remembers what the last analysis of `uri` looked up. */
  recordDependencies(uri: string, keys: Set<DependencyKey>): void {
    this.dependencies.set(uri, keys);
  }

  /** Whether the last analysis of `uri` looked up any of `keys`: one file's question, one file's cost. */
  lookedAtAny(uri: string, keys: Iterable<DependencyKey>): boolean {
    const recorded = this.dependencies.get(uri);
    if (!recorded) return false;
    for (const key of keys) if (recorded.has(key)) return true;
    return false;
  }

  /**
   * Files to re-check after a change (the changed file itself excluded): those whose last
   * analysis looked at something the change touched, and those a kustomization moved.
   */
  dependents(change: FileChange): string[] {
    const out: string[] = change.affected.filter((uri) => uri !== change.uri);
    const seen = new Set(out);
    for (const [uri, keys] of this.dependencies) {
      if (uri === change.uri || seen.has(uri)) continue;
      for (const key of change.keys) {
        if (keys.has(key)) {
          out.push(uri);
          break;
        }
      }
    }
    return out;
  }

  forgetDependencies(uri: string): void {
    this.dependencies.delete(uri);
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
   */
  batch<T>(fn: () => T): T {
    if (this.batching) return fn();
    const batch: { change?: FileChange; chartChange?: FileChange } = {};
    this.batching = batch;
    try {
      return fn();
    } finally {
      this.batching = undefined;
      if (batch.change) appendAll(batch.change.affected, this.refreshKustomizeEffects(batch.change.keys));
      // Charts render once, after all their files are in.
      if (batch.chartChange) this.syncCharts(batch.chartChange);
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
    const beforeSet = new Set(before?.resources ?? []);
    const afterSet = new Set(after?.resources ?? []);
    for (const r of beforeSet) {
      if (afterSet.has(r)) continue;
      this.removeFromIndex(r);
      for (const k of indexKeys(r)) keys.add(k);
    }
    for (const r of afterSet) {
      if (beforeSet.has(r)) continue;
      this.addToIndex(r);
      for (const k of indexKeys(r)) keys.add(k);
    }
  }

  private replace(uri: string, update: () => void): FileChange {
    const before = this.indexed(uri);
    const existed = !!this.current(uri);
    const kustomizationBefore = this.effectiveKustomization(uri);
    // In a batch that already refreshes at its end, a patch file's summary does not matter.
    const refreshDue = this.batching?.change !== undefined;
    const patchBefore = refreshDue ? undefined : this.patchSummary(uri);
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
      if (after) this.kustomizationFiles.add(uri);
      else this.kustomizationFiles.delete(uri);
      kustomizeChanged = !sameKustomization(kustomizationBefore, this.effectiveKustomization(uri));
    } else if (!refreshDue && patchBefore !== this.patchSummary(uri)) {
      kustomizeChanged = true;
    } else if (basenameUri(uri) === 'Chart.yaml' && !before !== !after) {
      affected = this.uris().filter((other) => isInside(other, `${dirnameUri(uri)}/templates`));
    }
    if (kustomizeChanged && !this.batching) affected = this.refreshKustomizeEffects(keys);
    if (before !== after) {
      this.reindex(before, after, keys);
      // Reused resources that moved: dependents' related locations point into them,
      // and their place in the canonical order may have changed.
      for (const r of after?.changed ?? []) {
        for (const k of indexKeys(r)) {
          keys.add(k);
          this.ordered.delete(k);
        }
      }
    }
    const layers = this.files.get(uri);
    if (layers && !layers.open && !layers.disk) {
      this.files.delete(uri);
      this.dependencies.delete(uri);
    }
    const change = { uri, keys, affected: [...affected, ...chartAffected] };
    if (kustomizeChanged && this.batching) this.batching.change = change;
    if (inChart && this.batching) this.batching.chartChange = change;
    return change;
  }

  private readKustomization(uri: string, text: string): Kustomization | undefined {
    const k = readKustomization(uri, text, this.options.maxKustomizationEntries);
    if (k?.overLimit !== undefined) this.options.onKustomizationLimit?.(uri, kustomizationLimitMessage(uri, k.overLimit, this.options.maxKustomizationEntries));
    return k;
  }

  private effectiveKustomization(uri: string): Kustomization | undefined {
    const layers = this.files.get(uri);
    return layers?.open ? layers.openKustomization : layers?.diskKustomization;
  }

  private *kustomizations(): Iterable<Kustomization> {
    for (const uri of this.kustomizationFiles) {
      const k = this.effectiveKustomization(uri);
      if (k) yield k;
    }
  }

  /**
   * What a kustomize patch file says, as far as the rules care (undefined for other files):
   * a keystroke in a patch refreshes the kustomize effects only when this changes.
   */
  private patchSummary(uri: string): string | undefined {
    return this.kustomize.patchFiles.has(uri) ? patchFileSummary(this.current(uri)?.text) : undefined;
  }

  private readKustomizeEffects(): KustomizeEffects {
    return kustomizeEffects([...this.kustomizations()], (uri) => this.current(uri)?.text);
  }

  /**
   * Re-reads what the kustomizations do (namespaces, patch files, replica counts, labels,
   * patches) after a kustomization or a patch file changed, and re-indexes the files whose
   * resources it moved (their index keys re-check the files that looked them up). Costs
   * the number of kustomizations plus the resources that move, and runs only when what a
   * kustomization or a patch file says changes, not on every keystroke in one.
   */
  private refreshKustomizeEffects(keys: Set<DependencyKey>): string[] {
    const before = this.kustomize;
    const after = this.readKustomizeEffects();
    const moved: string[] = [];
    for (const uri of new Set([...filesWithEffects(before), ...filesWithEffects(after)])) {
      // Stand-ins of scanned files have all that the kustomize effects read (uri, kind, name): not parsed for this.
      const resources = this.indexed(uri)?.resources ?? [];
      if (resources.length === 0) continue;
      if (resources.every((r) => sameEffects(before, after, r))) continue;
      moved.push(uri);
      for (const r of resources) {
        for (const k of indexKeys(r)) keys.add(k);
        this.removeFromIndex(r);
      }
    }
    this.kustomize = after;
    for (const uri of moved) {
      for (const r of this.indexed(uri)?.resources ?? []) {
        this.addToIndex(r);
        for (const k of indexKeys(r)) keys.add(k);
      }
    }
    return moved;
  }

  /**
   * Effective namespace: a kustomization's `namespace:` overrides `metadata.namespace`
   * (kustomize's namespace transformer is not `unsetOnly`), except on cluster-scoped
   * kinds; then `metadata.namespace`; then the default namespace setting.
   */
  private namespaceOf(r: Resource): string {
    const kustomized = isClusterScopedKind(r.kind.value) ? undefined : this.kustomize.namespaces.get(r.uri);
    // Objects rendered from a chart without a namespace go to the release's (helm install --namespace).
    const released = this.charts?.renderedFile(r.uri) ? this.charts.releaseNamespace : undefined;
    return kustomized ?? r.namespaceNode?.value ?? released ?? this.currentSettings.defaultNamespace;
  }

  private inOrder(key: DependencyKey): readonly Resource[] {
    let list = this.ordered.get(key);
    if (!list) {
      const found = this.index.get(key) ?? new Set();
      // Stand-ins of scanned files: their files are parsed, and their objects take their place.
      for (const r of [...found]) if (isStandIn(r)) this.source(r.uri);
      list = [...found].sort(compareLocations);
      this.ordered.set(key, list);
    }
    return list;
  }

  private addToIndex(r: Resource): void {
    r.namespace = this.namespaceOf(r);
    const facts = kustomizeFacts(this.kustomize, r);
    r.kustomizeLabels = facts.labels || undefined;
    r.kustomizePatched = facts.patched || undefined;
    r.kustomizePodSpec = facts.podSpec || undefined;
    r.kustomizeNames = facts.names;
    if (facts.patchFile) return;
    for (const key of indexKeys(r)) {
      this.ordered.delete(key);
      let set = this.index.get(key);
      if (!set) {
        set = new Set();
        this.index.set(key, set);
      }
      set.add(r);
    }
  }

  private removeFromIndex(r: Resource): void {
    for (const key of indexKeys(r)) {
      this.ordered.delete(key);
      this.index.get(key)?.delete(r);
    }
  }
}
