import { hasKustomizeLabels, isKustomizePatched, hasKustomizePodSpec, namesSeenByKustomize, replicaBuilds, type Kustomization, type KustomizeEffects } from '../kustomize';
import type { Resource } from '../model';
import { sameData } from '../sameData';

/**
 * Everything the kustomizations do to one resource, as the index and the lookups see it:
 * what {@link Workspace.addToIndex} writes on the resource, and the replica counts the
 * view gives. The one list, so that a refresh re-indexes a resource whenever any of it changes.
 */
export function kustomizeFacts(effects: KustomizeEffects, r: Resource) {
  return {
    namespace: effects.namespaces.get(r.uri),
    patchFile: effects.patchFiles.has(r.uri),
    labels: hasKustomizeLabels(effects, r),
    patched: isKustomizePatched(effects, r),
    podSpec: hasKustomizePodSpec(effects, r),
    replicas: replicaBuilds(effects, r),
    // The names a namePrefix / nameSuffix may give it besides its own (Resource.kustomizeNames).
    names: !r.name || !effects.affixes.has(r.uri) ? undefined : namesSeenByKustomize(effects, r.uri, r.name.value)?.slice(1) ?? 'any' as const,
  };
}

/** Whether the kustomizations do the same to the resource before and after a change. */
export function sameEffects(before: KustomizeEffects, after: KustomizeEffects, r: Resource): boolean {
  return sameData(kustomizeFacts(before, r), kustomizeFacts(after, r));
}

/**
 * Whether a kustomization says the same after an edit: every field of it (a Kustomization
 * is plain data read from a small file), so no setting can be forgotten here.
 */
export function sameKustomization(a: Kustomization | undefined, b: Kustomization | undefined): boolean {
  return a === b || (!!a && !!b && sameData(a, b));
}
