import { governedStatefulSets, serviceRecords, statefulSetDns } from '../dns';
import { code } from '../markdown';
import type { Resource, ServicePort } from '../model';
import type { WorkspaceView } from '../workspace';
import { addressLine, joinLines, plural, srvLine, srvLines } from './records';

/**
 * The most StatefulSets a Service's hover lists, one line each: past it, how many more.
 * A hover is read at a glance; beside 22,000 StatefulSets of one Service (`npm run stress
 * requestsBesideScanned`) it was 22,000 lines, megabytes of Markdown for the editor to
 * render (issue 16). References list them all.
 */
export const LISTED_STATEFULSETS = 20;

/**
 * A Service's hovers. On its name, `clusterIP` or `type`: its records (dns.ts
 * serviceRecords), then the StatefulSets that name their pods under it, one line each. On a
 * port: that port's SRV record only.
 */
export function renderService(service: Resource, view: WorkspaceView): string {
  const name = service.name?.value ?? '?';
  const governed = governedStatefulSets(service, view);
  const records = serviceRecords(service, view.settings.clusterDomain, governed[0]);
  const kind = records.kind === 'headless' ? 'Headless Service' : records.kind === 'external-name' ? 'ExternalName Service' : records.kind === 'cluster-ip' ? 'ClusterIP Service' : 'Service';
  const lines = [`**${kind} ${code(name)}** in namespace ${code(service.namespace)}`, '', addressLine(records), ''];
  if (records.kind === 'external-name') return joinLines(lines);
  for (const sts of governed.slice(0, LISTED_STATEFULSETS)) lines.push(governedLine(sts, view));
  if (governed.length > LISTED_STATEFULSETS) {
    lines.push(`- and ${governed.length - LISTED_STATEFULSETS} more StatefulSets with serviceName ${code(name)} (Find All References lists them all)`);
  }
  if (governed.length === 0 && records.kind === 'headless') {
    lines.push(`No StatefulSet in namespace ${code(service.namespace)} has serviceName ${code(name)}, so no pod gets a name under it.`);
  }
  if (records.kind === 'cluster-ip' && governed.length > 0) {
    lines.push('', `Per-pod names ${code(`<pod>.${records.fqdn}`)} are guaranteed only for a headless Service (${code('clusterIP: None')}).`);
  }
  const firstPod = governed.length > 0 ? statefulSetDns(governed[0], view, 1).pods[0]?.fqdn : undefined;
  lines.push('', ...srvLines(records, firstPod));
  return joinLines(lines);
}

/** One line per StatefulSet that uses the Service as its serviceName: its first pod's name and the pattern. */
function governedLine(sts: Resource, view: WorkspaceView): string {
  const dns = statefulSetDns(sts, view, 1);
  const stsName = code(sts.name?.value ?? '?');
  const first = dns.pods[0];
  const warning = dns.blockers.length > 0 ? ' ⚠️ will not resolve (hover its serviceName)' : '';
  // No pod listed: no replicas, or names too long to be DNS names (a blocker says which).
  if (!first) return `- StatefulSet ${stsName}: ${plural(dns.podCount, "pod")}${warning}`;
  const more = dns.podCount > 1 || dns.podCountUnknown ? `, … (${dns.podCountUnknown ? 'count not known here' : plural(dns.podCount, 'pod')}: ${code(dns.pattern!)})` : '';
  return `- StatefulSet ${stsName}: ${code(first.fqdn)}${more}${warning}`;
}

/** A port's hover: its SRV record (name, port, protocol, target), or why it has none. */
export function renderServicePort(service: Resource, port: ServicePort, view: WorkspaceView): string {
  const name = service.name?.value ?? '?';
  const governed = governedStatefulSets(service, view);
  const records = serviceRecords(service, view.settings.clusterDomain, governed[0]);
  const number = port.port?.value === undefined ? '' : ` ${port.port.value}`;
  if (records.kind === 'external-name') return `**Port${number} of ExternalName Service ${code(name)}**: no SRV record (an ExternalName Service is a CNAME).`;
  if (!port.name) {
    return `**Port${number}/${port.protocol.value} of Service ${code(name)}** has no name, so no SRV record: SRV records exist only for named ports.`;
  }
  const srv = records.srv.find((r) => r.portName === port.name!.value && r.protocol === port.protocol.value.toLowerCase());
  const lines = [`**SRV record of port ${code(port.name.value)}** of Service ${code(name)}`, ''];
  if (srv) {
    const firstPod = governed.length > 0 ? statefulSetDns(governed[0], view, 1).pods[0]?.fqdn : undefined;
    lines.push(srvLine(records, srv, firstPod));
  }
  if (records.kind === 'headless' && srv?.port !== undefined && port.port?.value !== undefined && srv.port !== port.port.value) {
    lines.push('', `The answers carry the pods' port ${srv.port} (the targetPort), not the Service port ${port.port.value}: a headless Service does no port mapping.`);
  }
  return joinLines(lines);
}
