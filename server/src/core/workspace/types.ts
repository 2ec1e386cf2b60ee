/** The shapes the workspace (./workspace.ts) trades in: its changes, its per-file layers, its read-only view and its options. */
import type { ChartRenderer } from '../helm/charts';
import type { Kustomization, ReplicasOverride } from '../kustomize';
import type { Resource } from '../model';
import type { ParsedFile } from '../parse';
import type { ScannedFile } from '../scannedFile';
import type { Settings } from '../settings';
import type { DependencyKey } from './keys';

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

/** A file's disk layer: parsed, or scanned and parsed when first read (see ../scannedFile.ts). */
export type DiskFile = ParsedFile | ScannedFile;

export interface FileLayers {
  open?: ParsedFile;
  disk?: DiskFile;
  /** The kustomization read from each layer, for kustomization files only. */
  openKustomization?: Kustomization;
  diskKustomization?: Kustomization;
}

/** Read-only queries over the workspace, recording what they looked at. */
export interface WorkspaceView {
  readonly settings: Settings;
  /** Resources of a kind in a namespace. */
  inNamespace(kind: string, namespace: string): readonly Resource[];
  /** Resources of a kind with a name, in a namespace. */
  named(kind: string, namespace: string, name: string): readonly Resource[];
  /** Resources of a kind with a name, in any namespace. */
  namedAnywhere(kind: string, name: string): readonly Resource[];
  /** Every resource with a pod template (workloads, Jobs, bare Pods) in a namespace. */
  podTemplatesIn(namespace: string): readonly Resource[];
  /**
   * The narrow lookups (./dependencies.ts): each reads, and makes the analysis depend on,
   * only the resources with the fact asked for, plus those whose fact is not known yet.
   * StatefulSets of a namespace whose `spec.serviceName` is written `serviceName`.
   */
  statefulSetsServing(namespace: string, serviceName: string): Resource[];
  /** Services of a namespace whose name is not sure: none readable, a template, or one a kustomization renames. */
  servicesOfUncertainName(namespace: string): Resource[];
  /**
   * Resources of a namespace, of the kinds whose strings hold DNS names, with a DNS name in
   * a string whose Service label, or pod name's StatefulSet part, is `label` (lowercase);
   * in the order of those kinds, then the canonical order.
   */
  mentioningDnsLabel(namespace: string, label: string): Resource[];
  /** Pod templates of a namespace whose own labels have `key: value` (and, as for every lookup here, the analysis depends on those whose labels are not known). */
  podTemplatesLabelled(namespace: string, key: string, value: string): Resource[];
  /** Pod templates of a namespace whose labels are not known completely (dependencies.ts podLabelsUncertain). */
  uncertainPodTemplates(namespace: string): Resource[];
  /**
   * Whether a namespace has any pod template. Depends on one template that answers yes (its
   * own keys: it leaving or changing re-checks), or on all of them when the answer is no.
   */
  hasPodTemplates(namespace: string): boolean;
  /**
   * The replica counts kustomizations set for this workload: one entry per top-level
   * kustomization that builds its file (undefined where that build keeps the count
   * written); undefined when no kustomization overrides it. See ../kustomize/.
   */
  kustomizeReplicas(workload: Resource): readonly (ReplicasOverride | undefined)[] | undefined;
  /**
   * The folder of the kustomization whose `namespace:` gives the resource its namespace;
   * undefined when the namespace is its own or the default (for hovers: say where it comes from).
   */
  namespaceSource(resource: Resource): string | undefined;
  /**
   * Whether a chart's output that an unknown decided (`{{ if lookup … }}`) may hold an
   * object of this kind in this namespace, which no lookup can see (../helm/unseenOutput.ts).
   */
  mayHoldUnseen(kind: string, namespace: string): boolean;
}

/** A chart file that is not YAML (a `.tpl` helper, a packaged subchart): kept as is for the renderer. */
export interface SupportFile {
  open?: string;
  disk?: string | Uint8Array;
}

export interface WorkspaceOptions {
  /**
   * The Helm chart renderer (../helm/index.ts renderChart). Without it, chart templates are
   * indexed from their own text and never the subject of a finding.
   */
  renderChart?: ChartRenderer;
  /**
   * Keep plain files read from disk as a scan of what the index needs until something
   * reads them (default true; see ../indexScan.ts). False parses every file when it is
   * set, as before: the findings are the same (test/core/indexScan.test.ts compares them).
   */
  scanDiskFiles?: boolean;
  /** Entries past which a kustomization's effects are unknown (default MAX_KUSTOMIZATION_ENTRIES; see ../kustomize/read.ts). */
  maxKustomizationEntries?: number;
  /** Told each time a kustomization past that limit is read, with the message to show (docs/limits.md). */
  onKustomizationLimit?: (uri: string, message: string) => void;
}
