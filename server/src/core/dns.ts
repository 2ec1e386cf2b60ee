import { abbreviateJoined } from './abbreviate';
import { describeLabel } from './labels';
import type { Resource } from './model';
import { endpointPort } from './ports';
import { coreServicesNamed, governingService, headlessness, podSelection, serviceMayBeNamed } from './rules/serviceLookup';
import { isCheckable } from './rules/rule';
import { lastOrdinal, ordinalExists, podCount, podOrdinals, type PodCount } from './statefulset';
import type { Phrase, Quoting } from './markdown';
import type { WorkspaceView } from './workspace';

/**
 * The DNS names Kubernetes DNS (CoreDNS) serves for StatefulSet pods and Services, as
 * the DNS specification defines them (kubernetes/dns docs/specification.md, schema
 * 1.0.1; https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
 *
 * - `<svc>.<ns>.svc.<zone>`: a headless Service's A/AAAA records, one per ready endpoint
 *   (a ClusterIP Service: its cluster IP);
 * - `<hostname>.<svc>.<ns>.svc.<zone>`: one ready endpoint with that hostname. A
 *   StatefulSet pod's hostname is its name `<sts>-<ordinal>` and its subdomain the
 *   StatefulSet's `serviceName` (pkg/controller/statefulset/stateful_set_utils.go
 *   initIdentity); the EndpointSlice controller copies the hostname only when the
 *   subdomain equals the Service's name in the same namespace (ShouldSetHostname);
 * - `_<port>._<proto>.<svc>.<ns>.svc.<zone>`: SRV, named ports only ("Unnamed ports do
 *   not have an SRV record"), one per ready endpoint, target = the endpoint's name.
 *
 * `<zone>` is the cluster domain (setting `clusterDomain`). Names are compared without
 * regard to case, as CoreDNS does.
 */

/** How many pods a preview lists before "… N more". */
export const POD_PREVIEW_LIMIT = 10;

/**
 * The longest DNS name: 253 characters. RFC 1035 2.3.4 allows names of 255 octets on the
 * wire, 253 characters written with dots, and labels of 63; Kubernetes holds names that
 * become DNS names to the same bounds (a DNS subdomain name "no more than 253 characters",
 * a label "at most 63": https://kubernetes.io/docs/concepts/overview/working-with-objects/names/).
 * A longer name is no DNS name at all: no record answers it, and a hover says so rather
 * than show it as one.
 */
export const LONGEST_DNS_NAME = 253;

/**
 * A DNS name as the parts it is joined from (`web`, `-0.`, `nginx`, `.`, `default`, …):
 * its length is known without the join, and each part is cut for display on its own
 * (abbreviate.ts abbreviateJoined). A hover joined a 20 MB StatefulSet name into each pod's
 * name and then cut each name, a copy and a scan of 20 MB each: 0.6-1.5 s (issue 16).
 */
export type NameParts = readonly string[];

export function joinedLength(parts: NameParts): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/** `<svc>.<ns>.svc.<zone>` as {@link NameParts}. */
export function serviceFqdnParts(service: string, namespace: string, clusterDomain: string): NameParts {
  return [service, '.', namespace, '.svc.', clusterDomain];
}

export function serviceFqdn(service: string, namespace: string, clusterDomain: string): string {
  return serviceFqdnParts(service, namespace, clusterDomain).join('');
}

export function podName(statefulSet: string, ordinal: number): string {
  return `${statefulSet}-${ordinal}`;
}

export interface SrvRecord {
  /** `_<port-name>._<protocol>.<svc>.<ns>.svc.<zone>` */
  name: string;
  portName: string;
  protocol: string;
  /** Port number in the answers; undefined when it cannot be known statically. */
  port?: number;
  /**
   * The SRV answers' target: one per endpoint, `<hostname>.<svc>.<ns>.svc.<zone>`, for a
   * headless Service (spec 2.4.2); the Service's own name for a Service with a cluster IP
   * (spec 2.3.2); not known when headless or not is not known.
   */
  target: 'each-pod' | 'service' | 'unknown';
}

/**
 * Everything Kubernetes DNS serves under one Service's name, the one description every
 * hover uses (the StatefulSet's, the Service's, a DNS name's in a string), so they never
 * disagree. From the DNS specification (kubernetes/dns docs/specification.md, schema
 * 1.1.0): 2.3.1 a Service with a cluster IP has one A/AAAA record, its cluster IP, and
 * 2.3.2 SRV records whose target is `<svc>.<ns>.svc.<zone>` with the Service port; 2.4.1 a
 * headless Service has one A/AAAA record per ready endpoint, and 2.4.2 SRV records per
 * ready endpoint whose target is `<hostname>.<svc>.<ns>.svc.<zone>` with the endpoint
 * (target) port; 2.5 an ExternalName Service is a CNAME. Which endpoints count as ready:
 * all of them when `publishNotReadyAddresses` is true (ServiceSpec: "any agent which deals
 * with endpoints for this Service should disregard any indications of ready/not-ready";
 * the spec's "ready" definition), else those whose pod is ready.
 */
export interface ServiceRecords {
  service: Resource;
  /** `<svc>.<ns>.svc.<zone>`; cut for display (abbreviateJoined) when {@link ServiceRecords.tooLong}. */
  fqdn: string;
  /** The length of the name when it is longer than {@link LONGEST_DNS_NAME}: no DNS name, so no records. */
  tooLong?: number;
  kind: 'headless' | 'cluster-ip' | 'external-name' | 'unknown';
  /** Why headless or not is not known (kind `unknown`), as headlessness() says it. */
  unknownReason?: string;
  /** Endpoints are published ready or not (publishNotReadyAddresses: true). */
  allPods: boolean;
  srv: SrvRecord[];
}

/** The records of a Service; `sts` resolves named target ports of a headless Service in its pod template. */
export function serviceRecords(service: Resource, clusterDomain: string, sts?: Resource): ServiceRecords {
  const headless = headlessness(service);
  const kind = headless.state === 'headless' ? 'headless'
    : headless.state === 'unknown' ? 'unknown'
      : headless.reason === 'external-name' ? 'external-name' : 'cluster-ip';
  const parts = serviceFqdnParts(service.name?.value ?? '?', service.namespace, clusterDomain);
  const length = joinedLength(parts);
  const tooLong = length > LONGEST_DNS_NAME ? length : undefined;
  return {
    service,
    fqdn: tooLong ? abbreviateJoined(parts) : parts.join(''),
    tooLong,
    kind,
    unknownReason: headless.state === 'unknown' ? headless.message : undefined,
    allPods: service.service?.publishNotReadyAddresses?.value === true,
    srv: kind === 'external-name' || tooLong ? [] : srvRecords(service, clusterDomain, sts),
  };
}

/** Which pods a headless Service's records list: one phrase, used by every hover. */
export function whichPods(records: ServiceRecords): string {
  return records.allPods ? 'every pod it selects, ready or not (publishNotReadyAddresses)' : 'each ready pod it selects';
}

export interface PodDns {
  ordinal: number;
  name: string;
  fqdn: string;
}

export interface StatefulSetDns {
  statefulSet: Resource;
  namespace: string;
  clusterDomain: string;
  serviceName?: string;
  service?: Resource;
  /** Why the per-pod names will not resolve, in the order to fix them; empty when they will. */
  blockers: Phrase[];
  /** Why the names cannot be known here at all (a templated or aliased name): nothing else is computed. */
  unknown?: Phrase;
  /** The first pods (at most {@link POD_PREVIEW_LIMIT}); empty without a serviceName, or when their names are longer than {@link LONGEST_DNS_NAME}. */
  pods: PodDns[];
  /** The number of pods the manifests give (see statefulset.ts {@link podCount}). */
  podCount: number;
  /** Why the number of pods at run time is not known here (an autoscaler, kustomizations); undefined when it is `podCount`. */
  podCountUnknown?: Phrase;
  /** Where the count comes from (statefulset.ts PodCount.source: `replicas 3`, a kustomization). */
  podCountSource: Phrase;
  firstOrdinal: number;
  /** The last ordinal when the count is known and not 0. */
  lastOrdinal?: number;
  /** `<sts>-<ordinal>.<svc>.<ns>.svc.<zone>`, when the pods' names are DNS names (as {@link StatefulSetDns.pods}). */
  pattern?: string;
  /** `<svc>.<ns>.svc.<zone>`, when the pods' names are DNS names. */
  serviceRecord?: string;
  /** The governing Service's records, when it is known (see {@link serviceRecords}). */
  records?: ServiceRecords;
  /** The folder of the kustomization that sets the namespace, when one does. */
  namespaceFrom?: string;
}

/** The DNS names of a StatefulSet's pods, and why they will not resolve when they will not. */
export function statefulSetDns(sts: Resource, view: WorkspaceView, limit = POD_PREVIEW_LIMIT): StatefulSetDns {
  const namespace = sts.namespace;
  const clusterDomain = view.settings.clusterDomain;
  const stsName = sts.name?.value ?? '?';
  const serviceName = sts.statefulSet?.serviceName?.value;
  const pods = podCount(sts, view);
  const result: StatefulSetDns = {
    statefulSet: sts, namespace, clusterDomain, serviceName, blockers: [], pods: [], podCount: pods.count, podCountUnknown: pods.unknown, podCountSource: pods.source, firstOrdinal: pods.first,
    namespaceFrom: view.namespaceSource(sts),
  };
  if (!sts.name) {
    result.unknown = (q) => `${q.name('metadata.name')} cannot be read here (a template or an alias).`;
    return result;
  }
  if (!serviceName) {
    if (sts.statefulSet?.serviceNameUnreadable) result.unknown = (q) => `${q.name('spec.serviceName')} cannot be read here (a template or an alias).`;
    else result.blockers.push((q) => `StatefulSet ${q.name(stsName)} has no ${q.name('spec.serviceName')}: its pods get no subdomain, so no per-pod DNS names.`);
    return result;
  }
  const domain = serviceFqdnParts(serviceName, namespace, clusterDomain);
  const ordinals = podOrdinals(pods, limit);
  // The longest name listed (or the first pod's): over LONGEST_DNS_NAME, none is listed as a name.
  const longest: NameParts = [stsName, `-${Math.max(pods.first, ...ordinals)}.`, ...domain];
  const length = joinedLength(longest);
  if (length > LONGEST_DNS_NAME) {
    result.blockers.push((q) => `${q.name(abbreviateJoined(longest))} is ${length} characters long: a DNS name has at most ${LONGEST_DNS_NAME}, so no record answers it.`);
  } else {
    const fqdn = domain.join('');
    result.serviceRecord = fqdn;
    result.pods = ordinals.map((ordinal) => ({ ordinal, name: podName(stsName, ordinal), fqdn: `${podName(stsName, ordinal)}.${fqdn}` }));
    result.pattern = `${stsName}-<ordinal>.${fqdn}`;
  }
  result.lastOrdinal = pods.unknown === undefined ? lastOrdinal(pods) : undefined;
  if (pods.count === 0 && pods.unknown === undefined) result.blockers.push((q) => `${q.name('replicas: 0')}: StatefulSet ${q.name(stsName)} has no pods.`);
  const service = governingService(sts, view);
  result.service = service;
  if (!service) {
    // Same test as service-not-found: a Service whose name is not known here may be this one.
    if (!serviceMayBeNamed(view, namespace, serviceName)) {
      result.blockers.push((q) => `No Service ${q.name(serviceName)} is known in namespace ${q.name(namespace)}: the names resolve once a headless Service of that name selects these pods there.`);
    }
    return result;
  }
  result.blockers.push(...serviceBlockers(service, sts));
  result.records = serviceRecords(service, clusterDomain, sts);
  return result;
}

/** Why a found governing Service gives these pods no names (not headless, selects other pods). */
function serviceBlockers(service: Resource, sts: Resource): Phrase[] {
  const name = service.name?.value ?? '?';
  const out: Phrase[] = [];
  const headless = headlessness(service);
  if (headless.state === 'not-headless') {
    out.push((q) => `Service ${q.name(name)} is not headless (${headless.reason === 'external-name' ? 'type ExternalName' : headless.reason === 'cluster-ip-set' ? `clusterIP ${headless.field?.value ?? ''}` : 'it gets a cluster IP'}): per-pod records are guaranteed only for headless Services.`);
  }
  const selection = podSelection(service, sts);
  if (selection.state === 'no-selector') {
    out.push((q) => `Service ${q.name(name)} has no selector: Kubernetes manages no endpoints for it, so no pod gets a record (unless you create EndpointSlices yourself).`);
  } else if (selection.state === 'mismatch') {
    const wanted = selection.differences.map((d) => `${d.key}: ${d.expected}`).join(', ');
    const actual = selection.differences.map((d) => describeLabel(d.key, d.actual)).join(', ');
    out.push((q) => `Service ${q.name(name)} selects ${q.name(wanted)} but the pods have ${q.name(actual)}: they are not its endpoints, so they get no records.`);
  }
  return out;
}

/** One SRV name per named Service port; for a headless Service the port is the pods' (target) port. */
export function srvRecords(service: Resource, clusterDomain: string, sts?: Resource): SrvRecord[] {
  const spec = service.service;
  if (!spec || !service.name) return [];
  const headless = headlessness(service).state;
  const domain = serviceFqdn(service.name.value, service.namespace, clusterDomain);
  const out: SrvRecord[] = [];
  for (const p of spec.ports) {
    if (!p.name) continue;
    const protocol = p.protocol.value.toLowerCase();
    out.push({
      name: `_${p.name.value}._${protocol}.${domain}`,
      portName: p.name.value,
      protocol,
      // Headless: the endpoints' (target) port; with a cluster IP: the Service port; else not known.
      port: headless === 'headless' ? endpointPort(p, sts?.podTemplate) : headless === 'not-headless' ? p.port?.value : undefined,
      target: headless === 'headless' ? 'each-pod' : headless === 'not-headless' ? 'service' : 'unknown',
    });
  }
  return out;
}

/** The StatefulSets whose `serviceName` is this Service, in its namespace. */
export function governedStatefulSets(service: Resource, view: WorkspaceView): Resource[] {
  const name = service.name?.value;
  if (!name) return [];
  return view.statefulSetsServing(service.namespace, name);
}

// ------------------------------------------------------------------ names in strings

export type DnsNameRef =
  | { kind: 'pod'; host: string; service: string; namespace: string }
  | { kind: 'service'; service: string; namespace: string }
  | { kind: 'srv'; portName: string; protocol: string; service: string; namespace: string };

export interface DnsNameMatch {
  /** Offsets in the string. */
  start: number;
  end: number;
  text: string;
  ref: DnsNameRef;
  /** Written with `.svc` (else a short form resolved through the pod's search path). */
  qualified: boolean;
  /** The name ends in `.svc.<zone>` with a zone other than the cluster domain setting. */
  otherZone?: string;
  /** Offsets in the string of the Service label (`nginx` in `_http._tcp.nginx.db.svc`): what a Service rename rewrites. */
  serviceSpan: { start: number; end: number };
  /** Offsets in the string of the pod's hostname label (`web-0`), for pod names: what a StatefulSet rename rewrites. */
  hostSpan?: { start: number; end: number };
}

/**
 * A dotted host name not glued to other name characters (so `a.b` in `x.a.b` is not found
 * on its own), and not a path component: after a single `/` (`/tls/kv-1.pem`) it is a
 * file name, after `//` the host of a URL (`http://web-0.nginx`).
 */
const HOST_NAME = /(?<![A-Za-z0-9_.-])(?<!(?<!\/)\/)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9])?\.)+[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9])?\.?/g;
/** A StatefulSet pod's hostname: `<sts>-<ordinal>`, the ordinal written by `%d`. */
const POD_HOST = /^(.+)-(0|[1-9]\d*)$/;

/**
 * The cluster DNS names in a string (env values, args, ConfigMap data). Short forms
 * resolve through the pod's search path (`<ns>.svc.<zone> svc.<zone> <zone>`), so
 * `web-0.nginx` means namespace `namespace` (where the string is used) and
 * `web-0.nginx.db` namespace `db`; short forms are candidates only for pod names,
 * whose `-<ordinal>` sets them apart from other host names. Pure text: callers with a
 * workspace use {@link dnsNamesIn}, which keeps only short forms under a known Service.
 */
export function findDnsNames(text: string, namespace: string, clusterDomain: string): DnsNameMatch[] {
  const out: DnsNameMatch[] = [];
  const zone = clusterDomain.toLowerCase().split('.');
  for (const m of text.matchAll(HOST_NAME)) {
    const written = m[0];
    // Longer than a DNS name can be: not one (and not split into labels: it may be megabytes).
    if (written.length - (written.endsWith('.') ? 1 : 0) > LONGEST_DNS_NAME) continue;
    const labels = written.replace(/\.$/, '').toLowerCase().split('.');
    const match = classify(labels, namespace, zone);
    if (match) out.push({ ...match, start: m.index, end: m.index + written.length, text: written, ...labelSpans(labels, m.index, match.ref) });
  }
  return out;
}

/**
 * {@link findDnsNames} with the short forms kept only where they name something the
 * workspace knows: `<pod>.<x>` (or `<pod>.<x>.<ns>`) is read as a pod name only when
 * `<x>` is a core Service of namespace `<ns>`, or the serviceName of a StatefulSet the
 * `<pod>` part names there. Otherwise it is most likely a file or host name of another
 * kind (`kv-1.pem`, `backup-0.tar.gz`), as nothing sets it apart from one. Names with
 * `.svc` are cluster names whatever they point at.
 */
export function dnsNamesIn(text: string, namespace: string, view: WorkspaceView): DnsNameMatch[] {
  return findDnsNames(text, namespace, view.settings.clusterDomain).filter((m) => m.qualified || namesKnownService(m.ref, view));
}

function namesKnownService(ref: DnsNameRef, view: WorkspaceView): boolean {
  if (coreServicesNamed(view, ref.namespace, ref.service).length > 0) return true;
  const host = ref.kind === 'pod' ? parsePodHost(ref.host) : undefined;
  return !!host && view.named('StatefulSet', ref.namespace, host.statefulSet)
    .some((sts) => sts.statefulSet?.serviceName?.value.toLowerCase() === ref.service);
}

/**
 * Where the Service and host labels are in the string: every form {@link classify}
 * accepts starts at the first label (`<host>.<svc>`, `<svc>.<ns>.svc`,
 * `_<port>._<proto>.<svc>`), so the Service is label 0 (a Service name), 1 (a pod
 * name) or 2 (an SRV name), the host label 0. Labels are as long as written.
 */
function labelSpans(labels: string[], at: number, ref: DnsNameRef): Pick<DnsNameMatch, 'serviceSpan' | 'hostSpan'> {
  const starts: number[] = [];
  let offset = at;
  for (const label of labels) {
    starts.push(offset);
    offset += label.length + 1;
  }
  const span = (i: number) => ({ start: starts[i], end: starts[i] + labels[i].length });
  const serviceLabel = ref.kind === 'service' ? 0 : ref.kind === 'pod' ? 1 : 2;
  return { serviceSpan: span(serviceLabel), hostSpan: ref.kind === 'pod' ? span(0) : undefined };
}

function classify(labels: string[], namespace: string, zone: string[]): Omit<DnsNameMatch, 'start' | 'end' | 'text' | 'serviceSpan' | 'hostSpan'> | undefined {
  const svcAt = labels.lastIndexOf('svc');
  if (svcAt > 0) {
    const rest = labels.slice(svcAt + 1);
    const otherZone = rest.length > 0 && rest.join('.') !== zone.join('.') ? rest.join('.') : undefined;
    const core = labels.slice(0, svcAt);
    const ref = qualifiedRef(core);
    return ref && { ref, qualified: true, otherZone };
  }
  if ((labels.length === 2 || labels.length === 3) && POD_HOST.test(labels[0]) && !labels.some((l) => l.startsWith('_'))) {
    return { ref: { kind: 'pod', host: labels[0], service: labels[1], namespace: labels[2] ?? namespace }, qualified: false };
  }
  return undefined;
}

function qualifiedRef(core: string[]): DnsNameRef | undefined {
  const plain = core.every((l) => !l.startsWith('_'));
  if (core.length === 2 && plain) return { kind: 'service', service: core[0], namespace: core[1] };
  if (core.length === 3 && plain) return { kind: 'pod', host: core[0], service: core[1], namespace: core[2] };
  if (core.length === 4 && core[0].startsWith('_') && core[1].startsWith('_') && core.slice(2).every((l) => !l.startsWith('_'))) {
    return { kind: 'srv', portName: core[0].slice(1), protocol: core[1].slice(1), service: core[2], namespace: core[3] };
  }
  return undefined;
}

/** `web-3` -> { statefulSet: 'web', ordinal: 3 }. */
export function parsePodHost(host: string): { statefulSet: string; ordinal: number } | undefined {
  const m = POD_HOST.exec(host);
  return m ? { statefulSet: m[1], ordinal: Number(m[2]) } : undefined;
}

/**
 * Why a name does not resolve. `says` is the first sentence of the diagnostic (what is
 * wrong, short), `detail` what a reader needs to fix it. Kinds let findings.ts tell which
 * problems follow from another finding (see rules/followsFrom.ts).
 */
export interface DnsProblem {
  kind: 'no-service-name' | 'wrong-service' | 'no-pod' | 'service-missing' | 'no-port';
  says: Phrase;
  detail?: Phrase;
  /** The StatefulSet the problem is about (pod names, a Service missing beside its StatefulSet). */
  statefulSet?: Resource;
}

export interface DnsResolution {
  /** The StatefulSet whose pod the name names (pod names). */
  statefulSet?: Resource;
  ordinal?: number;
  /** The Service the name is under, when the workspace has it. */
  service?: Resource;
  /**
   * Why this name does not resolve although the workspace knows what it is about:
   * certain from the manifests (ordinal out of range, not the StatefulSet's service,
   * no such named port, the Service of a known StatefulSet missing).
   */
  problems: DnsProblem[];
}

/** What a name found in a string points at, looked up in the workspace. */
export function resolveDnsName(ref: DnsNameRef, view: WorkspaceView): DnsResolution {
  switch (ref.kind) {
    case 'pod':
      return resolvePodName(ref, view);
    case 'service':
      return resolveServiceName(ref.service, ref.namespace, view);
    case 'srv':
      return resolveSrvName(ref, view);
  }
}

function resolvePodName(ref: Extract<DnsNameRef, { kind: 'pod' }>, view: WorkspaceView): DnsResolution {
  const host = parsePodHost(ref.host);
  if (!host) return { service: coreServicesNamed(view, ref.namespace, ref.service)[0], problems: [] };
  const candidates = view.named('StatefulSet', ref.namespace, host.statefulSet);
  if (candidates.length === 0) return { problems: [] };
  // Several copies (overlays): the name is fine if it fits one of them.
  let best: DnsResolution | undefined;
  for (const sts of candidates) {
    const problems = podNameProblems(sts, host.ordinal, ref.service, view);
    const resolution: DnsResolution = { statefulSet: sts, ordinal: host.ordinal, service: coreServicesNamed(view, ref.namespace, ref.service)[0], problems };
    if (!best || problems.length < best.problems.length) best = resolution;
  }
  return best!;
}

/**
 * Why `<sts>-<ordinal>.<service>` names no pod of this StatefulSet. Whether the ordinal
 * exists is statefulset.ts's answer (an autoscaler, kustomize `replicas:` or unwritten
 * replicas leave the upper end unknown, and then only the lower end is checked).
 */
function podNameProblems(sts: Resource, ordinal: number, service: string, view: WorkspaceView): DnsProblem[] {
  const problems: DnsProblem[] = [];
  const name = sts.name?.value ?? '?';
  const spec = sts.statefulSet;
  if (!isCheckable(sts) || !spec) return problems;
  const serviceName = spec.serviceName?.value;
  if (!serviceName && !spec.serviceNameUnreadable) {
    problems.push({ kind: 'no-service-name', statefulSet: sts, says: (q) => `StatefulSet ${q.name(name)} has no serviceName, so its pods get no DNS names.` });
  } else if (serviceName && serviceName.toLowerCase() !== service) {
    problems.push({
      kind: 'wrong-service',
      statefulSet: sts,
      says: (q) => `the pods of ${q.name(name)} are under Service ${q.name(serviceName)}, not ${q.name(service)}.`,
      detail: (q) => `StatefulSet ${q.name(name)} has serviceName ${q.name(serviceName)}.`,
    });
  }
  const pods = podCount(sts, view);
  if (ordinalExists(pods, ordinal) === false) {
    problems.push({
      kind: 'no-pod',
      statefulSet: sts,
      says: (q) => `there is no pod ${q.name(podName(name, ordinal))}.`,
      detail: (q) => `StatefulSet ${q.name(name)} has ${describePods(name, pods, q)} (${describeOrdinals(sts, pods, q)}).`,
    });
  }
  return problems;
}

/** The pods a count gives, never as a range that hides some: `'web-0' and 'web-1'`, `12 pods, 'web-0' to 'web-11'`. */
export function describePods(name: string, pods: PodCount, q: Quoting): string {
  const names = (from: number, n: number) => Array.from({ length: n }, (_, i) => q.name(podName(name, from + i)));
  if (pods.unknown !== undefined) return `pods from ${q.name(podName(name, pods.first))} on`;
  if (pods.count === 0) return 'no pods';
  if (pods.count === 1) return `one pod, ${q.name(podName(name, pods.first))}`;
  if (pods.count <= 3) {
    const all = names(pods.first, pods.count);
    return `${pods.count} pods, ${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
  }
  return `${pods.count} pods, ${q.name(podName(name, pods.first))} to ${q.name(podName(name, pods.first + pods.count - 1))}`;
}

function describeOrdinals(sts: Resource, pods: PodCount, q: Quoting): string {
  const start = sts.statefulSet?.ordinalsStart ? `ordinals.start ${pods.first}, ` : '';
  return `${start}${(pods.unknown ?? pods.source)(q)}`;
}

function resolveServiceName(service: string, namespace: string, view: WorkspaceView): DnsResolution {
  const found = coreServicesNamed(view, namespace, service);
  if (found.length > 0) return { service: found[0], problems: [] };
  // Said only where a StatefulSet in that namespace names this Service as its serviceName:
  // a Service of another name may well be defined outside the workspace.
  const owner = view.statefulSetsServing(namespace, service).find(isCheckable);
  if (!owner || serviceMayBeNamed(view, namespace, service)) return { problems: [] };
  return {
    statefulSet: owner,
    problems: [{
      kind: 'service-missing',
      statefulSet: owner,
      says: (q) => `no Service ${q.name(service)} in namespace ${q.name(namespace)}.`,
      detail: (q) => `StatefulSet ${q.name(owner.name?.value ?? '?')} names it as its serviceName.`,
    }],
  };
}

function resolveSrvName(ref: Extract<DnsNameRef, { kind: 'srv' }>, view: WorkspaceView): DnsResolution {
  const base = resolveServiceName(ref.service, ref.namespace, view);
  const services = coreServicesNamed(view, ref.namespace, ref.service);
  if (services.length === 0) return base;
  const readable = services.filter((s) => isCheckable(s) && s.service?.portsExact);
  if (readable.length < services.length) return base;
  const hasPort = readable.some((s) => s.service!.ports.some((p) => p.name?.value.toLowerCase() === ref.portName && p.protocol.value.toLowerCase() === ref.protocol));
  if (hasPort) return base;
  const named = readable[0].service!.ports.filter((p) => p.name).map((p) => `${p.name!.value}/${p.protocol.value}`);
  return {
    ...base,
    problems: [{
      kind: 'no-port',
      says: (q) => `Service ${q.name(ref.service)} has no ${ref.protocol.toUpperCase()} port named ${q.name(ref.portName)}.`,
      detail: (q) => `${named.length ? `Its named ports: ${named.map(q.name).join(', ')}` : 'It has no named ports'}; SRV records exist only for named ports.`,
    }],
  };
}
