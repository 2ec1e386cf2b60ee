import type { WorkspaceCharts } from '../helm/workspaceCharts';
import { UNSEEN_OUTPUT_KEY } from '../helm/workspaceCharts';
import { isClusterScopedKind, replicaBuilds, type KustomizeEffects } from '../kustomize';
import { labelMap } from '../labels';
import type { Resource } from '../model';
import type { Settings } from '../settings';
import { DNS_NAME_KINDS } from '../dnsNameKinds';
import { dnsLabelKey, dnsSearchOrder, podLabelKey, servingKey, uncertainPodsKey, uncertainServiceNameKey, unparsedKey, unparsedServingKey } from './dependencies';
import { ANY_NAMESPACE, isCut, kindKey, nameKey, nonEmptyKey, podsKey, type DependencyKey } from './keys';
import { ScannedParsesDue, type ScannedParseBudget } from './scannedParses';
import type { WorkspaceView } from './types';

/** No kinds whose stand-ins a narrow lookup reads first. */
const NO_KINDS: readonly string[] = [];

/** What a view reads: the workspace's index and what decides namespaces (read at each lookup: a view may outlive a kustomize refresh). */
export interface ViewSource {
  settings: Settings;
  inOrder(key: DependencyKey): readonly Resource[];
  /** Whether `inOrder(key)` has anything, found without putting the entry in order. */
  hasAny(key: DependencyKey): boolean;
  /** The scanned files `inOrder(key)` (`hasAny(key)` with `unlessAny`) would parse first. */
  unparsedFiles(key: DependencyKey, unlessAny?: boolean): readonly string[];
  kustomize: KustomizeEffects;
  charts: WorkspaceCharts | undefined;
}

/**
 * A view of the workspace whose lookups are added to `dependencies` (when given). With a
 * `budget`, a lookup that would parse more scanned files than it has left throws
 * {@link ScannedParsesDue} (see scannedParses.ts).
 */
export function createView(source: ViewSource, dependencies?: Set<DependencyKey>, budget?: ScannedParseBudget): WorkspaceView {
  const spend = (key: DependencyKey, unlessAny?: boolean): void => {
    if (!budget) return;
    const uris = source.unparsedFiles(key, unlessAny);
    if (uris.length > budget.left) throw new ScannedParsesDue(uris);
    budget.left -= uris.length;
  };
  const lookup = (key: DependencyKey): readonly Resource[] => {
    dependencies?.add(key);
    spend(key);
    return source.inOrder(key);
  };
  // Only a cut key part (see keyPart) can find resources of another name: those are dropped.
  // The index's own list otherwise, not a copy: a namespace's may hold 35,000 objects.
  const exactly = (found: readonly Resource[], kind: string, namespace: string | undefined, name?: string): readonly Resource[] => (
    !isCut(kind, namespace ?? '', name ?? '') ? found
      : found.filter((r) => r.kind.value === kind && (namespace === undefined || r.namespace === namespace) && (name === undefined || r.name?.value === name)));
  /**
   * A narrow lookup: the stand-ins of `kinds` in the namespace first (reading them parses
   * their files, and their objects move under their own narrow keys), then the key (the
   * stand-ins filed under it parsed the same way).
   */
  const narrow = (kinds: readonly string[], namespace: string, key: DependencyKey): Resource[] => {
    for (const kind of kinds) lookup(unparsedKey(kind, namespace));
    const found = [...lookup(key)];
    return isCut(namespace) ? found.filter((r) => r.namespace === namespace) : found;
  };
  const { settings, charts } = source;
  return {
    settings,
    inNamespace: (kind, namespace) => exactly(lookup(kindKey(kind, namespace)), kind, namespace),
    named: (kind, namespace, name) => exactly(lookup(nameKey(kind, namespace, name)), kind, namespace, name),
    namedAnywhere: (kind, name) => exactly(lookup(nameKey(kind, ANY_NAMESPACE, name)), kind, undefined, name),
    podTemplatesIn: (namespace) => (isCut(namespace) ? lookup(podsKey(namespace)).filter((r) => r.namespace === namespace) : lookup(podsKey(namespace))),
    statefulSetsServing: (namespace, serviceName) => {
      // Not every StatefulSet stand-in of the namespace: each is filed under the serving key of
      // its scanned serviceName, or under this one when the scan was not sure (dependencies.ts).
      lookup(unparsedServingKey(namespace));
      return narrow(NO_KINDS, namespace, servingKey(namespace, serviceName)).filter((r) => r.statefulSet?.serviceName?.value === serviceName);
    },
    servicesOfUncertainName: (namespace) => narrow(['Service'], namespace, uncertainServiceNameKey(namespace)),
    mentioningDnsLabel: (namespace, label) => narrow(DNS_NAME_KINDS, namespace, dnsLabelKey(namespace, label))
      .sort(dnsSearchOrder),
    podTemplatesLabelled: (namespace, key, value) => {
      lookup(uncertainPodsKey(namespace)); // parses stand-ins: their objects move under their labels
      const found = [...lookup(podLabelKey(namespace, key, value))];
      return isCut(namespace, key, value) ? found.filter((r) => r.namespace === namespace && labelMap(r.podTemplate?.labels).get(key) === value) : found;
    },
    uncertainPodTemplates: (namespace) => [...lookup(uncertainPodsKey(namespace))].filter((r) => r.namespace === namespace),
    hasPodTemplates: (namespace) => {
      // Depends on the entry becoming empty or not, not on each template in it.
      dependencies?.add(isCut(namespace) ? podsKey(namespace) : nonEmptyKey(podsKey(namespace)));
      spend(podsKey(namespace), !isCut(namespace));
      return isCut(namespace) ? source.inOrder(podsKey(namespace)).some((r) => r.namespace === namespace) : source.hasAny(podsKey(namespace));
    },
    // Changes are announced through the workload's own keys (see KustomizeUpkeep.refresh).
    kustomizeReplicas: (workload) => replicaBuilds(source.kustomize, workload),
    mayHoldUnseen: (kind, namespace) => {
      dependencies?.add(UNSEEN_OUTPUT_KEY);
      return charts?.mayHoldUnseen(kind, namespace) ?? false;
    },
    namespaceSource: (r) => (isClusterScopedKind(r.kind.value) ? undefined : source.kustomize.namespaceSources.get(r.uri)?.dir),
  };
}
