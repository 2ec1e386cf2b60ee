import type { Resource } from './model';

/**
 * Labels that pods get from their controller (or from the API server when it stores
 * the controller), on top of the labels written in the pod template. A Service may
 * select pods by them, so the rules that ask "which pods does this selector match"
 * read them here, in one place:
 *
 * - StatefulSet: `statefulset.kubernetes.io/pod-name: <sts>-<ordinal>` and, with the
 *   PodIndexLabel gate (beta 1.28, GA 1.32), `apps.kubernetes.io/pod-index: <ordinal>`
 *   (pkg/controller/statefulset/stateful_set_utils.go `updateIdentity`);
 *   `controller-revision-hash` (`setPodRevision`).
 * - DaemonSet: `controller-revision-hash` and `pod-template-generation`
 *   (pkg/controller/daemon/util/daemonset_util.go `CreatePodTemplate`).
 * - Deployment: `pod-template-hash`, put on the template of each ReplicaSet it makes
 *   (pkg/controller/deployment/sync.go `getNewReplicaSet`, `DefaultDeploymentUniqueLabelKey`).
 * - Job: `job-name` and `batch.kubernetes.io/job-name` = the Job's name, `controller-uid`
 *   and `batch.kubernetes.io/controller-uid` = its UID, added to the pod template by the
 *   API server unless `manualSelector: true` (pkg/registry/batch/job/strategy.go
 *   `generateSelector`; https://kubernetes.io/docs/reference/labels-annotations-taints/
 *   "batch.kubernetes.io/job-name", "job-name (deprecated)"); for Indexed Jobs
 *   `batch.kubernetes.io/job-completion-index` with the PodIndexLabel gate
 *   (pkg/controller/job/indexed_job_utils.go `addCompletionIndexLabel`).
 * - CronJob: the labels of its Jobs, whose names (`<cronjob>-<scheduled time>`) are
 *   known only at run time.
 * A label written in the template keeps its value (the API server adds the Job labels
 * only where the template has none), so template labels are read first.
 */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const TEMPLATE_HASH_LABEL = 'pod-template-hash';
const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const JOB_RUNTIME_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index'];

/** What the controller gives a label: a value known from the manifest, one per pod ordinal, or one known only at run time. */
type LabelSource = 'workloadName' | 'podName' | 'podIndex' | 'runtime';

const BY_KIND: Record<string, Readonly<Record<string, LabelSource>>> = {
  StatefulSet: { [POD_NAME_LABEL]: 'podName', [POD_INDEX_LABEL]: 'podIndex', [REVISION_LABEL]: 'runtime' },
  DaemonSet: { [REVISION_LABEL]: 'runtime', [TEMPLATE_GENERATION_LABEL]: 'runtime' },
  Deployment: { [TEMPLATE_HASH_LABEL]: 'runtime' },
  Job: Object.fromEntries([...JOB_NAME_LABELS.map((k) => [k, 'workloadName']), ...JOB_RUNTIME_LABELS.map((k) => [k, 'runtime'])]),
  CronJob: Object.fromEntries([...JOB_NAME_LABELS, ...JOB_RUNTIME_LABELS].map((k) => [k, 'runtime'])),
};

/** Every label key some controller adds: a template without it may still have pods with it. */
export const CONTROLLER_LABEL_KEYS: ReadonlySet<string> = new Set(Object.values(BY_KIND).flatMap((labels) => Object.keys(labels)));

/** The label keys the controller of this kind adds to its pods. */
export function controllerLabelKeys(kind: string): ReadonlySet<string> {
  return new Set(Object.keys(BY_KIND[kind] ?? {}));
}

/**
 * Which pods of `workload` have the controller-added label `key: value`:
 * - `none`: the controller does not add `key`, or gives it another value;
 * - `all`: every pod has it (`job-name: <the Job>`);
 * - `unknown`: the value is known only at run time (a hash, a UID): some pods may have it;
 * - a number: only the pod with that ordinal (StatefulSet pod name or pod index).
 * Template labels are not read here: the caller reads them first.
 */
export type ControllerLabelMatch = 'none' | 'all' | 'unknown' | number;

export function controllerLabelMatch(workload: Resource, key: string, value: string): ControllerLabelMatch {
  const source = BY_KIND[workload.kind.value]?.[key];
  const name = workload.name?.value;
  switch (source) {
    case undefined:
      return 'none';
    case 'runtime':
      return 'unknown';
    case 'workloadName':
      return name === undefined ? 'unknown' : name === value ? 'all' : 'none';
    case 'podName':
      if (name === undefined) return 'unknown';
      return value.startsWith(`${name}-`) ? ordinalOf(value.slice(name.length + 1)) : 'none';
    case 'podIndex':
      return ordinalOf(value);
  }
}

/** `%d` of a pod ordinal: no sign, no leading zero. */
function ordinalOf(digits: string): number | 'none' {
  return /^(0|[1-9]\d*)$/.test(digits) ? Number(digits) : 'none';
}
