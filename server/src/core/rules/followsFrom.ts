import { dnsNamesIn, governedStatefulSets, resolveDnsName, type DnsNameMatch, type DnsResolution } from '../dns';
import type { Resource } from '../model';
import type { Located } from '../types';
import type { WorkspaceView } from '../workspace';
import { dnsSearchOrder } from '../workspace/dependencies';
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

/** A DNS name in a resource's string, and the StatefulSet whose service-not-found finding it is folded into. */
interface Fold {
  statefulSet: Resource;
  scalar: Located;
  match: DnsNameMatch;
}

/** Per view: the folded names of each resource searched, so each is searched once per analysis. */
const foldsByView = new WeakMap<WorkspaceView, Map<Resource, Fold[]>>();

/**
 * The DNS names in the StatefulSet's namespace that do not resolve only because of its
 * missing Service ({@link foldedInto} this StatefulSet): what service-not-found lists.
 * Only strings with a name under its serviceName or naming one of its pods can be folded
 * into it (see foldedInto: `service-missing` is about its serviceName, `wrong-service`
 * about its pods), so only the resources the index files under those two labels are
 * searched (workspace/dependencies.ts), not the namespace: a keystroke costs the names
 * that concern the StatefulSet. Each resource is searched once per view, so a file of N
 * StatefulSets that all miss one Service costs N, not N².
 */
export function dependentNames(sts: Resource, view: WorkspaceView): DependentName[] {
  const serviceName = sts.statefulSet?.serviceName?.value;
  if (!serviceName || !sts.name) return [];
  const out: DependentName[] = [];
  for (const resource of mentioningEither(sts.namespace, serviceName.toLowerCase(), sts.name.value.toLowerCase(), view)) {
    for (const fold of foldsOf(resource, view)) {
      if (fold.statefulSet !== sts) continue;
      out.push({ resource, scalar: fold.scalar, match: fold.match });
      if (out.length === MAX_DEPENDENTS) return out;
    }
  }
  return out;
}

/** The resources with a DNS name under either label, once each, in the order {@link WorkspaceView.mentioningDnsLabel} gives. */
function mentioningEither(namespace: string, a: string, b: string, view: WorkspaceView): Resource[] {
  const first = view.mentioningDnsLabel(namespace, a);
  if (a === b) return first;
  const second = view.mentioningDnsLabel(namespace, b);
  if (second.length === 0) return first;
  return [...new Set([...first, ...second])].sort(dnsSearchOrder);
}

/** The names in the resource's strings folded into a service-not-found finding, searched once per view. */
function foldsOf(resource: Resource, view: WorkspaceView): Fold[] {
  let byResource = foldsByView.get(view);
  if (!byResource) foldsByView.set(view, (byResource = new Map()));
  let folds = byResource.get(resource);
  if (folds) return folds;
  resourcesSearched++;
  folds = [];
  if (isCheckable(resource)) {
    for (const scalar of resource.dnsCandidates) {
      for (const match of dnsNamesIn(scalar.value, resource.namespace, view)) {
        if (match.otherZone) continue;
        const statefulSet = foldedInto(resolveDnsName(match.ref, view), view);
        if (statefulSet) folds.push({ statefulSet, scalar, match });
      }
    }
  }
  byResource.set(resource, folds);
  return folds;
}

/** Whether a service-selects-nothing finding on this Service follows from a StatefulSet's service-selector-mismatch. */
export function selectsNothingFollowsFromMismatch(service: Resource, view: WorkspaceView): boolean {
  if (view.settings.rules['service-selector-mismatch'] === 'off') return false;
  return governedStatefulSets(service, view).some((sts) => isCheckable(sts) && governingService(sts, view) === service && podSelection(service, sts).state === 'mismatch');
}
