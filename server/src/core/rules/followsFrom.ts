import { dnsNamesIn, governedStatefulSets, resolveDnsName, type DnsNameMatch, type DnsResolution } from '../dns';
import type { Resource } from '../model';
import type { Located } from '../types';
import type { WorkspaceView } from '../workspace';
import { isCheckable } from './rule';
import { coreServicesNamed, governingService, podSelection, serviceMayBeNamed } from './serviceLookup';

/**
 * "One mistake, one finding": the one place that says when a finding follows from
 * another, so that it is folded into that one (listed in its related information) instead
 * of being reported again.
 *
 * Definition. A `dns-name-unresolved` finding follows from the `service-not-found` finding
 * of StatefulSet S when every reason the name does not resolve is about S's serviceName:
 * - `service-missing`: the name is `<svc>.<ns>.svc…` (or an SRV name under it) where `svc`
 *   is S's serviceName, which names no Service: the same fact service-not-found reports;
 * - `wrong-service`: the name is a pod name of S under a Service other than S's
 *   serviceName, and S's serviceName names no Service: a mistyped serviceName; fixing it
 *   fixes the name (and if the name is the one that is wrong, service-not-found still
 *   shows the place to look).
 * A name with any other reason as well (a pod that does not exist, a port without a name)
 * is reported on its own.
 *
 * A `service-selects-nothing` finding on Service V follows from the
 * `service-selector-mismatch` finding of a StatefulSet whose governing Service is V: both
 * say V's selector misses the pods, and the StatefulSet's finding already points at the
 * selector (its related information) and has the quick fix.
 *
 * Nothing is folded while the finding it would be folded into is turned off in the
 * settings: then the dependent findings are the only report of the mistake.
 */

/** Kinds whose strings are searched for DNS names (env values, args, ConfigMap data). */
export const DNS_NAME_KINDS = ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ConfigMap', 'Secret'] as const;

/**
 * Whether service-not-found reports this StatefulSet: its serviceName names no core Service
 * of its namespace, and none whose name is unknown here may be it. The rule and
 * {@link foldedInto} both ask this.
 */
export function serviceIsMissing(sts: Resource, view: WorkspaceView): boolean {
  const serviceName = sts.statefulSet?.serviceName;
  if (!serviceName || !isCheckable(sts)) return false;
  if (coreServicesNamed(view, sts.namespace, serviceName.value).length > 0) return false;
  return !serviceMayBeNamed(view, sts.namespace, serviceName.value);
}

/** The StatefulSet whose service-not-found finding a name's problems follow from, if they all do. */
export function foldedInto(resolution: DnsResolution, view: WorkspaceView): Resource | undefined {
  if (resolution.problems.length === 0 || view.settings.rules['service-not-found'] === 'off') return undefined;
  const sts = resolution.problems[0].statefulSet;
  if (!sts) return undefined;
  const all = resolution.problems.every((p) => p.statefulSet === sts && (p.kind === 'service-missing' || p.kind === 'wrong-service'));
  return all && serviceIsMissing(sts, view) ? sts : undefined;
}

export interface DependentName {
  resource: Resource;
  scalar: Located;
  match: DnsNameMatch;
}

let resourcesSearched = 0;

/** How many resources have been searched for dependent names since the process started: tests check the work is linear. */
export function resourcesSearchedForDependents(): number {
  return resourcesSearched;
}

/** Most dependent names listed in one finding's related information. */
const MAX_DEPENDENTS = 20;

/** Per view and namespace: the dependent names of each StatefulSet they are folded into. */
const dependentsByView = new WeakMap<WorkspaceView, Map<string, Map<Resource, DependentName[]>>>();

/**
 * The DNS names in the StatefulSet's namespace that do not resolve only because of its
 * missing Service ({@link foldedInto} this StatefulSet): what service-not-found lists.
 * The namespace is searched once per view, each name filed under the StatefulSet it is
 * folded into, so a file of N StatefulSets that all miss their Service costs N, not N².
 */
export function dependentNames(sts: Resource, view: WorkspaceView): DependentName[] {
  if (!sts.statefulSet?.serviceName || !sts.name) return [];
  let byNamespace = dependentsByView.get(view);
  if (!byNamespace) dependentsByView.set(view, (byNamespace = new Map()));
  let byStatefulSet = byNamespace.get(sts.namespace);
  if (!byStatefulSet) byNamespace.set(sts.namespace, (byStatefulSet = dependentsIn(sts.namespace, view)));
  return byStatefulSet.get(sts) ?? [];
}

/** Every dependent name of the namespace, in the order of kinds, resources and strings, at most {@link MAX_DEPENDENTS} per StatefulSet. */
function dependentsIn(namespace: string, view: WorkspaceView): Map<Resource, DependentName[]> {
  const out = new Map<Resource, DependentName[]>();
  for (const kind of DNS_NAME_KINDS) {
    for (const resource of view.inNamespace(kind, namespace)) {
      resourcesSearched++;
      if (!isCheckable(resource)) continue;
      for (const scalar of resource.dnsCandidates) {
        for (const match of dnsNamesIn(scalar.value, resource.namespace, view)) {
          if (match.otherZone) continue;
          const sts = foldedInto(resolveDnsName(match.ref, view), view);
          if (!sts) continue;
          let names = out.get(sts);
          if (!names) out.set(sts, (names = []));
          if (names.length < MAX_DEPENDENTS) names.push({ resource, scalar, match });
        }
      }
    }
  }
  return out;
}

/** Whether a service-selects-nothing finding on this Service follows from a StatefulSet's service-selector-mismatch. */
export function selectsNothingFollowsFromMismatch(service: Resource, view: WorkspaceView): boolean {
  if (view.settings.rules['service-selector-mismatch'] === 'off') return false;
  return governedStatefulSets(service, view).some((sts) => isCheckable(sts) && governingService(sts, view) === service && podSelection(service, sts).state === 'mismatch');
}
