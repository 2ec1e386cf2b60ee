import { releaseNamespaceOf, type WorkspaceCharts } from '../helm/workspaceCharts';
import { isClusterScopedKind, type KustomizeEffects } from '../kustomize';
import type { Resource } from '../model';
import type { Settings } from '../settings';
import { kustomizeFacts } from './kustomizeFacts';
import { indexKeys, type DependencyKey } from './keys';

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

/**
 * The keys `r` will be indexed under once `placement` is written on it. Not only the
 * namespace: the narrow keys (./dependencies.ts) also read the kustomize facts. So the
 * placement is written, the keys read through the one implementation, and the facts in
 * use put back, in one synchronous step: nothing reads `r` in between.
 */
export function placedKeys(r: Resource, placement: Placement): DependencyKey[] {
  const before = placementNow(r);
  applyPlacement(r, placement);
  try {
    return indexKeys(r);
  } finally {
    Object.assign(r, before);
  }
}

/** What {@link applyPlacement} writes on a resource. */
type PlacedFacts = Pick<Resource, 'namespace' | 'kustomizeLabels' | 'kustomizePatched' | 'kustomizePodSpec' | 'kustomizeNames'>;

/** What {@link applyPlacement} last wrote on `r`. */
function placementNow(r: Resource): PlacedFacts {
  return { namespace: r.namespace, kustomizeLabels: r.kustomizeLabels, kustomizePatched: r.kustomizePatched, kustomizePodSpec: r.kustomizePodSpec, kustomizeNames: r.kustomizeNames };
}

/**
 * A resource's move to another placement, computed ahead of the step that makes it (a
 * kustomize refresh: KustomizeUpkeep.prepareSteps): where it is and the keys it is filed
 * under now, where it goes and the keys it goes under, and the settings all that was
 * computed with.
 */
export interface PreparedMove {
  resource: Resource;
  settings: Settings;
  now: PlacedFacts;
  keysNow: readonly DependencyKey[];
  placement: Placement;
  keysAfter: readonly DependencyKey[];
}

/** Prepares the move of `r` to `placement` (see {@link PreparedMove}). */
export function prepareMove(r: Resource, settings: Settings, placement: Placement): PreparedMove {
  return { resource: r, settings, now: placementNow(r), keysNow: indexKeys(r), placement, keysAfter: placedKeys(r, placement) };
}

/** Whether a prepared move still holds: the same settings, and the resource placed as it was when prepared. */
export function stillPrepared(move: PreparedMove, settings: Settings): boolean {
  const { resource: r, now } = move;
  return move.settings === settings && r.namespace === now.namespace && r.kustomizeLabels === now.kustomizeLabels
    && r.kustomizePatched === now.kustomizePatched && r.kustomizePodSpec === now.kustomizePodSpec && r.kustomizeNames === now.kustomizeNames;
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
