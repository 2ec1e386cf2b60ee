import type { Confirmation } from './types';

/**
 * The API server rejects a change of a StatefulSet's spec other than replicas, ordinals,
 * template, updateStrategy, revisionHistoryLimit, persistentVolumeClaimRetentionPolicy and
 * minReadySeconds (kubernetes/kubernetes pkg/apis/apps/validation/validation.go
 * ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than … are
 * forbidden"): `spec.serviceName` and `spec.selector` of an existing StatefulSet cannot be
 * updated. The object must be deleted and created again; `--cascade=orphan` keeps its pods
 * running meanwhile, and the new object adopts them when its selector still selects them.
 */
export const IMMUTABLE_STATEFULSET_FIELD: Confirmation = {
  id: 'immutable-statefulset-field',
  label: 'Immutable StatefulSet field',
  description: 'The API server rejects updating spec.serviceName or spec.selector of an existing StatefulSet: '
    + 'delete it and create it again (kubectl delete sts <name> --cascade=orphan keeps its pods running).',
};

/**
 * A StatefulSet's pods keep their volumes through claims named
 * `<claim template>-<statefulset>-<ordinal>` (pkg/controller/statefulset
 * stateful_set_utils.go getPersistentVolumeClaimName): under a new name the pods claim new
 * volumes, and the data of the old ones is not theirs.
 */
export function newClaimsConfirmation(oldName: string, claims: readonly string[]): Confirmation {
  const example = claims[0] ?? 'data';
  return {
    id: 'statefulset-new-claims',
    label: 'New StatefulSet, new volumes',
    description: `A StatefulSet of a new name is a new object: its pods claim new volumes (${example}-<new name>-0), not ${example}-${oldName}-0 with the existing data.`,
  };
}

/**
 * The `spec.selector` of an apps/v1 Deployment, ReplicaSet or DaemonSet cannot be updated
 * either: the API server answers "spec.selector: Invalid value: …: field is immutable"
 * (pkg/registry/apps/<kind>/strategy.go ValidateUpdate, for every apps/v1 object).
 */
export const IMMUTABLE_WORKLOAD_SELECTOR: Confirmation = {
  id: 'immutable-workload-selector',
  label: 'Immutable selector',
  description: 'The API server rejects updating spec.selector of an existing Deployment, ReplicaSet or DaemonSet (field is immutable): '
    + 'delete it and create it again.',
};
