import type { Resource } from './model';
import type { WorkspaceView } from './workspace';

/**
 * Which autoscaler scales which workload: the one definition `podCount()` (is the pod
 * count known?) and the hpa-target-not-found rule share.
 *
 * A HorizontalPodAutoscaler scales the object its `spec.scaleTargetRef` names by kind
 * and name, in its own namespace (autoscaling/v2 CrossVersionObjectReference: "kind" and
 * "name" are required, the referent is in the HPA's namespace). A KEDA ScaledObject does
 * the same with `kind` defaulting to Deployment (keda.sh ScaleTarget).
 */
export const AUTOSCALER_KINDS = ['HorizontalPodAutoscaler', 'ScaledObject'];

export type Targets = 'yes' | 'no' | 'unknown';

/** Whether `autoscaler` scales `workload` (both in the same namespace). */
export function autoscalerTargets(autoscaler: Resource, workload: Resource): Targets {
  const ref = autoscaler.scaleTarget;
  // No readable reference (a template, an alias, a kustomize patch): it may be this one.
  if (!ref || !ref.exact || !ref.name || autoscaler.templated || autoscaler.kustomizePatched || autoscaler.kustomizePodSpec) return 'unknown';
  const kind = ref.kind?.value ?? (autoscaler.kind.value === 'ScaledObject' ? 'Deployment' : undefined);
  if (kind === undefined) return 'unknown';
  if (kind !== workload.kind.value) return 'no';
  if (!workload.name) return 'unknown';
  if (ref.name.value === workload.name.value) return 'yes';
  // A kustomization renames both (namePrefix/nameSuffix reach scaleTargetRef.name too).
  const names = workload.kustomizeNames;
  if (names === 'any' || names?.includes(ref.name.value) || autoscaler.kustomizeNames !== undefined) return 'unknown';
  return 'no';
}

/** The first autoscaler of the workload's namespace that scales it, or may. */
export function autoscalerOf(workload: Resource, view: WorkspaceView): Resource | undefined {
  for (const kind of AUTOSCALER_KINDS) {
    for (const autoscaler of view.inNamespace(kind, workload.namespace)) {
      if (autoscalerTargets(autoscaler, workload) !== 'no') return autoscaler;
    }
  }
  return undefined;
}
