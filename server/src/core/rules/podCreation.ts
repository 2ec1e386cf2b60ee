import type { Resource } from '../model';

/**
 * What happens to a pod spec the API server finds invalid, by the kind that holds it.
 * Deployments, ReplicaSets, DaemonSets, Jobs, CronJobs and ReplicationControllers have
 * their pod template validated when they are created (pkg/apis/apps/validation
 * ValidatePodTemplateSpecForReplicaSet and friends call core ValidatePodTemplateSpec), so
 * the object itself is rejected. A StatefulSet's is not: ValidatePodTemplateSpecForStatefulSet
 * carries "TODO: Add validation for PodSpec" and checks only labels and annotations, so
 * the StatefulSet is accepted and each pod its controller creates is rejected.
 */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function invalidPodSpecOutcome(resource: Resource): string {
  switch (resource.kind.value) {
    case 'StatefulSet':
      return 'the StatefulSet is accepted but every pod creation fails';
    case 'Pod':
      return 'the API server rejects the pod';
    default:
      return `the API server rejects the ${resource.kind.value}`;
  }
}
