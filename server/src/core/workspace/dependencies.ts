import { findDnsNames, parsePodHost } from '../dns';
import { DNS_NAME_KINDS } from '../dnsNameKinds';
import type { Resource } from '../model';
import { labelMap } from '../labels';
import { isCheckable } from '../rules/rule';
import { isStandIn, scannedServiceName } from '../scannedFile';
import { isTemplated } from '../template';
import { compareLocations, keyPart, sharedKey, type DependencyKey } from './keys';

/**
 * Narrow index keys, for the questions an analysis asks after every keystroke. With only
 * `StatefulSet/<ns>` and `pods/<ns>`, "which StatefulSets name this Service" or "which strings
 * name this StatefulSet's pods" walked every resource of the namespace, and recorded a
 * dependency on all of them: each edit cost the size of the namespace, and re-checked every
 * file that had asked about it. Each narrow key files a resource under the one fact such a
 * question looks for, so a lookup reads (and depends on) only the resources that have it.
 *
 * A resource whose fact is not known is filed where every such lookup also looks: scanned
 * files' stand-ins under `unparsed:<kind>/<ns>` (reading that key parses them, and their
 * objects move under their own keys), Services whose name is not sure under
 * `uncertainServiceName:<ns>`. A StatefulSet's stand-in is also filed by its scanned
 * `serviceName` under the serving key (reading it parses the file), or under
 * `unparsedServing:<ns>` when the scan was not sure of it: a Service's lookup of the
 * StatefulSets serving it parses only those that may, not every StatefulSet of its
 * namespace (a hover beside 22,000 of them parsed all that the index had added). A lookup
 * never misses a resource that might answer it, so a finding that depends on "no such
 * resource" is re-checked whenever one may appear.
 */

const DNS_KINDS: ReadonlySet<string> = new Set(DNS_NAME_KINDS);

/** Kinds with narrow keys: their stand-ins are filed as unparsed, the facts behind those keys not known yet. */
const NARROW_KINDS: ReadonlySet<string> = new Set(['Service', ...DNS_NAME_KINDS]);

/** StatefulSets of a namespace whose `spec.serviceName` is this, as written. */
export const servingKey = (namespace: string, serviceName: string): DependencyKey => `serviceName:${keyPart(namespace)}/${keyPart(serviceName)}`;
/** Services of a namespace whose name is not sure: none readable, a template, or one a kustomization renames. */
export const uncertainServiceNameKey = (namespace: string): DependencyKey => sharedKey('uncertainServiceName:', undefined, namespace);
/** Resources of a namespace with a DNS name in a string whose Service label, or pod name's StatefulSet part, is this (lowercase). */
export const dnsLabelKey = (namespace: string, label: string): DependencyKey => `dns:${keyPart(namespace)}/${keyPart(label)}`;
/** Pod templates of a namespace whose own labels have `key: value`. */
export const podLabelKey = (namespace: string, key: string, value: string): DependencyKey => `podLabel:${keyPart(namespace)}/${keyPart(key)}=${keyPart(value)}`;
/**
 * Pod templates of a namespace whose labels are not known completely: not read exactly, in
 * a document that cannot be checked, with labels a kustomization adds, or a stand-in.
 */
export const uncertainPodsKey = (namespace: string): DependencyKey => sharedKey('uncertainPods:', undefined, namespace);
/** Stand-ins of a kind in a namespace: objects of scanned files, whose narrow facts are known once parsed. */
export const unparsedKey = (kind: string, namespace: string): DependencyKey => sharedKey('unparsed:', kind, namespace);
/** Stand-ins of StatefulSets of a namespace whose `spec.serviceName` the scan was not sure of. */
export const unparsedServingKey = (namespace: string): DependencyKey => sharedKey('unparsedServing:', undefined, namespace);

/** The order of a DNS name search: by kind as in {@link DNS_NAME_KINDS}, then the canonical order of resources. */
export function dnsSearchOrder(a: Resource, b: Resource): number {
  return DNS_KIND_ORDER.indexOf(a.kind.value) - DNS_KIND_ORDER.indexOf(b.kind.value) || compareLocations(a, b);
}
const DNS_KIND_ORDER: readonly string[] = DNS_NAME_KINDS;

/**
 * Adds to `keys` the narrow keys a resource (already placed: its namespace and kustomize
 * facts set) is filed under. Added to the caller's list, not returned in one of its own:
 * every resource of a reopened workspace is filed, and the second array was garbage.
 */
export function addNarrowKeys(r: Resource, keys: DependencyKey[]): void {
  const ns = r.namespace;
  const kind = r.kind.value;
  if (isStandIn(r)) {
    if (NARROW_KINDS.has(kind)) keys.push(unparsedKey(kind, ns));
    if (r.podTemplate) keys.push(uncertainPodsKey(ns));
    if (kind === 'StatefulSet') {
      const serviceName = scannedServiceName(r);
      if (serviceName === undefined) keys.push(unparsedServingKey(ns));
      else if (serviceName !== null) keys.push(servingKey(ns, serviceName));
    }
    return;
  }
  if (r.podTemplate) {
    if (podLabelsUncertain(r)) keys.push(uncertainPodsKey(ns));
    for (const [key, value] of labelMap(r.podTemplate.labels)) keys.push(podLabelKey(ns, key, value));
  }
  const serviceName = r.statefulSet?.serviceName?.value;
  if (kind === 'StatefulSet' && serviceName !== undefined) keys.push(servingKey(ns, serviceName));
  if (kind === 'Service' && serviceNameUncertain(r)) keys.push(uncertainServiceNameKey(ns));
  if (DNS_KINDS.has(kind)) for (const label of dnsLabels(r)) keys.push(dnsLabelKey(ns, label));
}

/** Whether a pod template's labels may be other than those read (rules/podTemplates.ts: then which pods a selector selects is not known). */
export function podLabelsUncertain(workload: Resource): boolean {
  const labels = workload.podTemplate?.labels;
  return isStandIn(workload) || !isCheckable(workload) || !!workload.kustomizeLabels || (!!labels && !labels.exact);
}

/** Whether a Service may be called something other than its written name (see rules/serviceLookup.ts serviceMayBeNamed). */
export function serviceNameUncertain(service: Resource): boolean {
  return !service.name || isTemplated(service.name.value) || service.kustomizeNames !== undefined;
}

/** The labels of each resource's DNS names, computed once: a resource's strings never change (an edit makes a new resource). */
const labelsOf = new WeakMap<Resource, readonly string[]>();

/**
 * The Service labels and pod names' StatefulSet parts of the DNS names in a resource's
 * strings, lowercase: what `<svc>.<ns>.svc`, `_<port>._<proto>.<svc>…` and `<sts>-<n>.<svc>…`
 * can be about. Neither the namespace nor the cluster domain changes them (they decide only
 * where a short name points and whether a zone is another one), so they are read once.
 */
function dnsLabels(r: Resource): readonly string[] {
  let labels = labelsOf.get(r);
  if (!labels) {
    const found = new Set<string>();
    for (const scalar of r.dnsCandidates) {
      for (const { ref } of findDnsNames(scalar.value, r.namespace, 'cluster.local')) {
        found.add(ref.service);
        const host = ref.kind === 'pod' ? parsePodHost(ref.host) : undefined;
        if (host) found.add(host.statefulSet);
      }
    }
    labels = [...found];
    labelsOf.set(r, labels);
  }
  return labels;
}
