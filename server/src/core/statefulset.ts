import type { Resource } from './model';

/**
 * Labels the StatefulSet controller puts on each pod whatever the template says
 * (pkg/controller/statefulset/stateful_set_utils.go: updateIdentity sets the pod-name
 * and, with the PodIndexLabel gate (beta 1.28, GA 1.32), the pod-index label;
 * setPodRevision sets controller-revision-hash).
 */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';
export const CONTROLLER_POD_LABELS: ReadonlySet<string> = new Set([POD_NAME_LABEL, POD_INDEX_LABEL, REVISION_LABEL]);

/**
 * Pod identity of a StatefulSet. `spec.replicas` defaults to 1 and
 * `spec.ordinals.start` to 0 (apps/v1 defaults; ordinals GA in Kubernetes 1.31):
 * pods are `<name>-<start>` … `<name>-<start + replicas - 1>`.
 */
export function replicaCount(sts: Resource): number {
  const replicas = sts.statefulSet?.replicas?.value;
  return replicas === undefined ? 1 : Math.max(0, Math.floor(replicas));
}

export function firstOrdinal(sts: Resource): number {
  const start = sts.statefulSet?.ordinalsStart?.value;
  return start === undefined ? 0 : Math.max(0, Math.floor(start));
}

/** The ordinals of the pods, at most `limit` of them. */
export function podOrdinals(sts: Resource, limit: number): number[] {
  const start = firstOrdinal(sts);
  const count = Math.min(replicaCount(sts), limit);
  return Array.from({ length: count }, (_, i) => start + i);
}

export function lastOrdinal(sts: Resource): number | undefined {
  const n = replicaCount(sts);
  return n === 0 ? undefined : firstOrdinal(sts) + n - 1;
}
