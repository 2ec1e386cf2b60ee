import type { Resource } from './model';

/**
 * API versions Kubernetes stopped serving, per kind: the release that removed each and
 * what replaces it. From the `+k8s:prerelease-lifecycle-gen:removed` and `:replacement`
 * tags of k8s.io/api (e.g. apps/v1beta1/types.go, policy/v1beta1 zz_generated.prerelease-lifecycle.go)
 * and the deprecation guide (kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md),
 * which also says what else changed in the replacement.
 */
export interface Removal {
  apiVersion: string;
  kind: string;
  /** The minor release of Kubernetes 1.x that stopped serving it. */
  removedIn: number;
  /** The apiVersion to use instead; undefined when nothing replaces it. */
  replacement?: string;
  /**
   * What else must change besides the apiVersion, as a sentence; undefined when
   * writing the replacement apiVersion is all (then a quick fix offers it).
   */
  alsoChange?: (resource: Resource) => string | undefined;
}

const APPS_SELECTOR = (r: Resource): string | undefined => (r.selector ? undefined : 'apps/v1 also requires spec.selector matching the template labels.');
const NOTHING = (): undefined => undefined;

function removals(apiVersion: string, removedIn: number, replacement: string | undefined, kinds: string[], alsoChange?: Removal['alsoChange']): Removal[] {
  return kinds.map((kind) => ({ apiVersion, kind, removedIn, replacement, alsoChange }));
}

const TABLE: Removal[] = [
  ...removals('apps/v1beta1', 16, 'apps/v1', ['StatefulSet', 'Deployment'], APPS_SELECTOR),
  ...removals('apps/v1beta2', 16, 'apps/v1', ['StatefulSet', 'Deployment', 'DaemonSet', 'ReplicaSet'], APPS_SELECTOR),
  ...removals('extensions/v1beta1', 16, 'apps/v1', ['Deployment', 'DaemonSet', 'ReplicaSet'], APPS_SELECTOR),
  ...removals('extensions/v1beta1', 16, 'networking.k8s.io/v1', ['NetworkPolicy'], NOTHING),
  ...removals('extensions/v1beta1', 22, 'networking.k8s.io/v1', ['Ingress'], () => 'Its backends are written differently there (service.name, service.port) and pathType is required.'),
  ...removals('networking.k8s.io/v1beta1', 22, 'networking.k8s.io/v1', ['Ingress'], () => 'Its backends are written differently there (service.name, service.port) and pathType is required.'),
  ...removals('networking.k8s.io/v1beta1', 22, 'networking.k8s.io/v1', ['IngressClass'], NOTHING),
  ...removals('policy/v1beta1', 25, 'policy/v1', ['PodDisruptionBudget'], (r) => {
    if (!r.disruptionBudget) return 'Check its spec.selector: an empty one selects every pod in policy/v1.';
    const selector = r.disruptionBudget.selector;
    // policy/v1: an empty selector selects every pod of the namespace; policy/v1beta1: none.
    if (!selector) return 'Without spec.selector it protects no pods there either.';
    if (selector.exact && !selector.matchLabels?.entries.length && selector.matchExpressions.length === 0) return 'An empty spec.selector selects every pod of the namespace in policy/v1.';
    return selector.exact ? undefined : 'Check its spec.selector: an empty one selects every pod in policy/v1.';
  }),
  ...removals('policy/v1beta1', 25, undefined, ['PodSecurityPolicy']),
  ...removals('batch/v1beta1', 25, 'batch/v1', ['CronJob'], NOTHING),
  ...removals('autoscaling/v2beta1', 25, 'autoscaling/v2', ['HorizontalPodAutoscaler'], () => 'Its metrics are written differently there (target.averageUtilization and friends).'),
  ...removals('autoscaling/v2beta2', 26, 'autoscaling/v2', ['HorizontalPodAutoscaler'], NOTHING),
];

const BY_KEY = new Map(TABLE.map((r) => [`${r.apiVersion} ${r.kind}`, r]));

/** The kinds some removal applies to. */
export const REMOVAL_KINDS: readonly string[] = [...new Set(TABLE.map((r) => r.kind))];

export function removalOf(apiVersion: string, kind: string): Removal | undefined {
  return BY_KEY.get(`${apiVersion} ${kind}`);
}
