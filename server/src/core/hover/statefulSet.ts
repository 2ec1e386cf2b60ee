import { podName, type StatefulSetDns } from '../dns';
import { code, MARKDOWN } from '../markdown';
import { relativePath, dirnameUri } from '../uris';
import { addressLine, joinLines, plural, srvLines, warningLines } from './records';

/** How many pod names a hover lists before the pattern. */
export const HOVER_PODS = 3;

/**
 * What a StatefulSet's fields are about, and so what their hovers say:
 * - `metadata.name`: the pods' names;
 * - `spec.serviceName`: the wiring (which Service, what its records answer) and the names;
 * - `spec.replicas`, `spec.ordinals.start`: the pods, how many and where the count comes from.
 */
export type StatefulSetField = 'name' | 'serviceName' | 'pods';

export function renderStatefulSet(dns: StatefulSetDns, field: StatefulSetField = 'serviceName'): string {
  const name = dns.statefulSet.name?.value ?? '?';
  const lines = [title(dns, name, field), ''];
  if (dns.unknown) {
    lines.push(`The names are known only once this is rendered or resolved: ${dns.unknown(MARKDOWN)}`);
    return joinLines(lines);
  }
  lines.push(...warningLines(dns.blockers, dns.podCount === 1 && dns.podCountUnknown === undefined ? 'one' : 'several'));
  if (dns.podCountUnknown) lines.push(`The number of pods at run time is not known here: ${dns.podCountUnknown(MARKDOWN)}. Listed: the pods the manifests give.`, '');
  if (dns.pods.length > 0) {
    lines.push(...podLines(dns), '');
    const first = dns.pods[0];
    // The short forms are about the names (metadata.name); serviceName's hover is about the wiring.
    if (field === 'name') {
      // One name a line: a long name in running text wraps inside the name.
      lines.push('Short forms:', `- ${code(`${first.name}.${dns.serviceName}`)} in namespace ${code(dns.namespace)}`, `- ${code(`${first.name}.${dns.serviceName}.${dns.namespace}`)} from any namespace`, '');
    }
  }
  if (field === 'serviceName') lines.push(...wiringLines(dns));
  return joinLines(lines);
}

function title(dns: StatefulSetDns, name: string, field: StatefulSetField): string {
  const namespace = `namespace ${code(dns.namespace)}${dns.namespaceFrom ? ` (from the kustomization in ${code(relativePath(dirnameUri(dns.statefulSet.uri), dns.namespaceFrom))})` : ''}`;
  if (field === 'pods') {
    return `**${plural(dns.podCount, 'pod')}** of StatefulSet ${code(name)} (${dns.podCountSource(MARKDOWN)}), in ${namespace}`;
  }
  return `**StatefulSet ${code(name)}**: ${plural(dns.podCount, 'pod')} in ${namespace}`;
}

/**
 * The pods' full names, each its own code span: the first {@link HOVER_PODS}, then the
 * pattern with the remaining ordinals (never a range that reads as two pods).
 */
function podLines(dns: StatefulSetDns): string[] {
  // One name more is shorter than the pattern line that would stand for it.
  const shown = dns.pods.slice(0, dns.podCount === HOVER_PODS + 1 ? HOVER_PODS + 1 : HOVER_PODS);
  const lines = shown.map((p) => `- ${code(p.fqdn)}`);
  const name = dns.statefulSet.name?.value ?? '?';
  const rest = dns.podCount - shown.length;
  if (dns.podCountUnknown !== undefined) {
    lines.push(`- and maybe more: ${code(dns.pattern!)}`);
  } else if (rest > 0 && dns.lastOrdinal !== undefined) {
    const next = dns.firstOrdinal + shown.length;
    const which = `${code(podName(name, next))} ${rest === 2 ? 'and' : 'to'} ${code(podName(name, dns.lastOrdinal))}`;
    lines.push(`- … ${rest} more, ${which}: ${code(dns.pattern!)}`);
  }
  return lines;
}

/** The governing Service and what its records answer, from the same description the Service's hover uses. */
function wiringLines(dns: StatefulSetDns): string[] {
  const records = dns.records;
  if (!records) return [];
  const kind = records.kind === 'headless' ? 'headless ' : records.kind === 'cluster-ip' ? 'ClusterIP ' : '';
  return [
    `Governing ${kind}Service ${code(dns.service?.name?.value ?? '?')}: ${addressLine(records)}`,
    '',
    ...srvLines(records, dns.pods[0]?.fqdn),
  ];
}
