import { autoscalerOf } from './autoscalers';
import type { ReplicasOverride } from './kustomize';
import type { Resource } from './model';
import type { Phrase, Quoting } from './markdown';
import { dirnameUri, relativePath } from './uris';
import type { WorkspaceView } from './workspace';

/**
 * Pod identity of a StatefulSet: pods are `<name>-<start>` … `<name>-<start + replicas - 1>`,
 * where `spec.replicas` defaults to 1 and `spec.ordinals.start` to 0 (apps/v1 defaults;
 * ordinals GA in Kubernetes 1.31). Every feature that asks "which pods are there" (the
 * DNS rules, service-selects-nothing, hovers, env previews) asks {@link podCount} and
 * {@link ordinalExists}, so they never disagree.
 */


export interface PodCount {
  /** The first ordinal: `spec.ordinals.start`, 0 by default. */
  first: number;
  /** The count the manifests give (a kustomization's, else `spec.replicas`, else 1): what previews list. */
  count: number;
  /** Where `count` comes from, for messages and hovers (`replicas 3`, `replicas 2 from the kustomization in '../overlays/prod'`). */
  source: Phrase;
  /** Why the number of pods at run time is not known here; undefined when it is `count`. */
  unknown?: Phrase;
}

/**
 * How many pods the StatefulSet has, as far as the workspace can tell. The count is
 * unknown (ordinals from `first` up exist, the upper end is not known) when:
 * - an autoscaler of its namespace scales it, or may (its `scaleTargetRef` names it or
 *   cannot be read; see ./autoscalers.ts): it owns `spec.replicas` once it runs;
 * - `spec.replicas` is not written (or cannot be read): the StatefulSet starts with 1,
 *   but the Kubernetes docs tell to leave replicas out exactly when something else scales
 *   it (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling),
 *   such as an autoscaler outside the workspace or `kubectl scale`;
 * - the kustomizations that build its file set different counts (a base shared by
 *   overlays `dev` and `prod`), or one that cannot be read here.
 * - `spec.replicas` or `spec.ordinals.start` is behind an alias or a merge key (the
 *   first ordinal may then be above 0 too).
 * When every kustomization that builds the file gives the same count, that count is
 * used (it is what gets applied), rather than giving up as for an autoscaler: the
 * `replicas:` field is as static as the manifest itself.
 */
export function podCount(sts: Resource, view: WorkspaceView): PodCount {
  const first = firstOrdinal(sts);
  const written = writtenReplicas(sts);
  const builds = view.kustomizeReplicas(sts);
  const result = builds ? kustomizedCount(written, builds, dirnameUri(sts.uri)) : writtenCount(written);
  const autoscaler = autoscalerOf(sts, view);
  if (autoscaler) {
    result.unknown = (q) => `${autoscaler.kind.value} ${q.name(autoscaler.name?.value ?? '?')} in namespace ${q.name(sts.namespace)} may scale it`;
  } else if (sts.statefulSet?.ordinalsUnreadable) {
    // A start behind a merge key may be above the default 0 that `first` falls back to.
    result.unknown ??= (q) => `${q.name('spec.replicas')} or ${q.name('spec.ordinals.start')} comes from an alias or a merge key`;
  }
  return { first, ...result };
}

function writtenReplicas(sts: Resource): number | undefined {
  const replicas = sts.statefulSet?.replicas?.value;
  return replicas === undefined ? undefined : Math.max(0, Math.floor(replicas));
}

function writtenCount(written: number | undefined): Omit<PodCount, 'first'> {
  if (written !== undefined) return { count: written, source: () => `replicas ${written}` };
  return { count: 1, source: () => 'replicas not set', unknown: (q) => `${q.name('spec.replicas')} is not written (or not readable here): it starts with 1 pod, but whatever scales it keeps its own count` };
}

/**
 * The count a kustomization's `replicas:` gives; the kustomization is named by its folder
 * relative to the StatefulSet's own folder, so a reader can find it (`../overlays/prod`).
 */
function kustomizedCount(written: number | undefined, builds: readonly (ReplicasOverride | undefined)[], fileDir: string): Omit<PodCount, 'first'> {
  const counts = builds.map((b) => (b ? b.count : written));
  const setBy = builds.find((b): b is ReplicasOverride => b !== undefined)!;
  const where = (dir: string, q: Quoting) => {
    const path = relativePath(fileDir, dir);
    return path === '.' ? 'this folder' : q.name(path);
  };
  const source: Phrase = (q) => `replicas ${setBy.count ?? '(unreadable)'} from the kustomization in ${where(setBy.dir, q)}`;
  if (counts.every((c) => c !== undefined && c === counts[0])) return { count: counts[0]!, source };
  const described: Phrase = (q) => [...new Set(builds.map((b) => (b ? `${b.count ?? 'unreadable'} in ${where(b.dir, q)}` : `${written ?? 'not set'} as written`)))].join(', ');
  return { count: setBy.count ?? written ?? 1, source, unknown: (q) => `the kustomizations that build it set different or unreadable replica counts (${described(q)})` };
}

export function firstOrdinal(sts: Resource): number {
  const start = sts.statefulSet?.ordinalsStart?.value;
  return start === undefined ? 0 : Math.max(0, Math.floor(start));
}

/** Whether the pod with this ordinal exists: undefined when the upper end is not known. */
export function ordinalExists(pods: PodCount, ordinal: number): boolean | undefined {
  if (ordinal < pods.first) return false;
  if (pods.unknown !== undefined) return undefined;
  return ordinal < pods.first + pods.count;
}

/** The ordinals of the pods the manifests give, at most `limit` of them. */
export function podOrdinals(pods: PodCount, limit: number): number[] {
  return Array.from({ length: Math.min(pods.count, limit) }, (_, i) => pods.first + i);
}

/** The last ordinal the manifests give; undefined with no pods. */
export function lastOrdinal(pods: PodCount): number | undefined {
  return pods.count === 0 ? undefined : pods.first + pods.count - 1;
}
