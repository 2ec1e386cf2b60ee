import { releaseNamespaceOf, type WorkspaceCharts } from '../helm/workspaceCharts';
import { isClusterScopedKind, type KustomizeEffects } from '../kustomize';
import type { Resource } from '../model';
import type { Settings } from '../settings';
import { kustomizeFacts } from './kustomizeFacts';

/**
 * Where a resource is filed and what the kustomizations do to it: what the workspace
 * writes on a resource when it indexes it (see {@link applyPlacement}).
 */
export interface Placement {
  namespace: string;
  kustomizeLabels: true | undefined;
  kustomizePatched: true | undefined;
  kustomizePodSpec: true | undefined;
  kustomizeNames: readonly string[] | 'any' | undefined;
  /** An object of a kustomize patch file: placed, never indexed (it is a partial object). */
  patchFile: boolean;
}

export function applyPlacement(r: Resource, placement: Placement): void {
  r.namespace = placement.namespace;
  r.kustomizeLabels = placement.kustomizeLabels;
  r.kustomizePatched = placement.kustomizePatched;
  r.kustomizePodSpec = placement.kustomizePodSpec;
  r.kustomizeNames = placement.kustomizeNames;
}

/** Where the resource goes with these settings and kustomize effects. */
export function placementOf(r: Resource, settings: Settings, effects: KustomizeEffects, charts: WorkspaceCharts | undefined): Placement {
  const facts = kustomizeFacts(effects, r);
  return {
    namespace: namespaceOf(r, settings, effects, charts),
    kustomizeLabels: facts.labels || undefined,
    kustomizePatched: facts.patched || undefined,
    kustomizePodSpec: facts.podSpec || undefined,
    kustomizeNames: facts.names,
    patchFile: facts.patchFile,
  };
}

/**
 * Effective namespace: a kustomization's `namespace:` overrides `metadata.namespace`
 * (kustomize's namespace transformer is not `unsetOnly`), except on cluster-scoped
 * kinds; then `metadata.namespace`; then the default namespace setting.
 */
function namespaceOf(r: Resource, settings: Settings, effects: KustomizeEffects, charts: WorkspaceCharts | undefined): string {
  const kustomized = isClusterScopedKind(r.kind.value) ? undefined : effects.namespaces.get(r.uri);
  // Objects rendered from a chart without a namespace go to the release's (helm install --namespace).
  const released = charts?.renderedFile(r.uri) ? releaseNamespaceOf(settings) : undefined;
  return kustomized ?? r.namespaceNode?.value ?? released ?? settings.defaultNamespace;
}
