/**
 * Kustomize semantics (`namespace:`, `replicas:`, labels, components, patches), from the
 * kustomization texts and the patch files' resources (no file I/O).
 *
 * kustomize docs (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/):
 * "Adds namespace to all resources. Will override the existing namespace if it is set on a
 * resource, or add it if it is not set on a resource." A folder listed in `resources:` is
 * built as a kustomization of its own first, then the parent's transformers run over
 * everything it accumulated (api/internal/target/kusttarget.go `accumulateDirectory`), so
 * the OUTERMOST kustomization's `namespace:` wins. Cluster-scoped kinds are left alone
 * (api/filters/namespace/namespace.go skips `IsClusterScoped()` kinds); see
 * {@link isClusterScopedKind}. Research notes: /work/notes/k8s-semantics.md item 8.
 */

export {
  KUSTOMIZATION_FILE_NAMES, isKustomizationFile,
  type Kustomization, type NameAffix, type KustomizePatch, type PatchTarget, type PatchEffect, type ReplicasEntry,
} from './kustomization';
export { readKustomization, readKustomizationSteps, kustomizationLimitMessage, MAX_KUSTOMIZATION_ENTRIES } from './read';
export { patchContentEffects } from './patchContent';
export { patchMatches } from './patchTargets';
export { runToEnd, type Steps } from './steps';
export { patchFileSummary, kustomizePatchFiles } from './patchFiles';
export { kustomizeNamespaces, kustomizeNamespaceSources, isClusterScopedKind, type NamespaceSource } from './namespaces';
export { kustomizeLabelledFiles } from './labels';
export { kustomizeReplicas, ANY_NAME, replicasFor, type ReplicasOverride } from './replicas';
export { kustomizeNameAffixes, namesSeenByKustomize } from './affixes';
export { kustomizePatchEffects } from './patchEffects';
export {
  kustomizeEffects, kustomizeEffectSteps, filesWithEffects, replicaBuilds, hasKustomizeLabels, isKustomizePatched, hasKustomizePodSpec, NO_KUSTOMIZE_EFFECTS,
  type KustomizeEffects,
} from './effects';
