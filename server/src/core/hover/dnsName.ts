import { abbreviateJoined } from '../abbreviate';
import { governedStatefulSets, joinedLength, LONGEST_DNS_NAME, resolveDnsName, serviceFqdnParts, serviceRecords, statefulSetDns, type DnsNameMatch, type NameParts } from '../dns';
import { code, MARKDOWN } from '../markdown';
import type { WorkspaceView } from '../workspace';
import { addressLine, joinLines, srvLine, warningLines } from './records';

/**
 * A cluster DNS name written in a string: what it expands to, and what it resolves to. A
 * name that will not resolve gets the warning and why, and is never described as an
 * existing pod or port.
 */
export function renderDnsName(match: DnsNameMatch, view: WorkspaceView): string {
  const domain = view.settings.clusterDomain;
  const ref = match.ref;
  const under = serviceFqdnParts(ref.service, ref.namespace, domain);
  const parts: NameParts = ref.kind === 'pod' ? [ref.host, '.', ...under] : ref.kind === 'srv' ? [`_${ref.portName}._${ref.protocol}.`, ...under] : under;
  // Cut part by part: the namespace of the resource the name is written in may be megabytes.
  const lines = [`**${code(match.text)}**${match.qualified ? '' : ` → ${code(abbreviateJoined(parts))} (through the search path of namespace ${code(ref.namespace)})`}`, ''];
  const length = joinedLength(parts);
  if (length > LONGEST_DNS_NAME) {
    lines.push(`⚠️ **This name will not resolve:** through the search path it is ${length} characters long, and a DNS name has at most ${LONGEST_DNS_NAME}.`);
    return joinLines(lines);
  }
  if (match.otherZone) {
    lines.push(`⚠️ This name is in zone ${code(match.otherZone)}, but the cluster domain is ${code(domain)} (setting ${code('statefulManifests.clusterDomain')}): it will not resolve in that cluster.`);
    return joinLines(lines);
  }
  const resolution = resolveDnsName(ref, view);
  if (resolution.problems.length > 0) {
    const blockers = resolution.problems.map((p) => (q: typeof MARKDOWN) => `${capitalize(p.says(q))}${p.detail ? ` ${p.detail(q)}` : ''}`);
    lines.push(...warningLines(blockers, 'one'));
    return joinLines(lines);
  }
  const service = resolution.service;
  if (ref.kind === 'pod' && resolution.statefulSet && resolution.ordinal !== undefined) {
    const sts = resolution.statefulSet;
    const blockers = statefulSetDns(sts, view, 0).blockers;
    lines.push(...warningLines(blockers, 'one'));
    const pod = `Pod ${code(ref.host)} of StatefulSet ${code(sts.name?.value ?? '?')} (ordinal ${resolution.ordinal})`;
    const ready = service?.service?.publishNotReadyAddresses?.value === true ? 'once it has an IP, ready or not (publishNotReadyAddresses)' : 'while it is ready';
    lines.push(blockers.length > 0 ? `${pod}.` : `${pod}: its IP, ${ready}.`);
  } else if (service) {
    // The pods a headless Service's SRV answers name are those of the StatefulSet it governs.
    const governed = governedStatefulSets(service, view)[0];
    const records = serviceRecords(service, domain, governed);
    if (ref.kind === 'srv') {
      const srv = records.srv.find((r) => r.portName.toLowerCase() === ref.portName && r.protocol === ref.protocol);
      const firstPod = governed ? statefulSetDns(governed, view, 1).pods[0]?.fqdn : undefined;
      lines.push(`SRV record of port ${code(srv?.portName ?? ref.portName)} of Service ${code(ref.service)}${srv ? ` ${srvLine(records, srv, firstPod, false)}` : '.'}`);
    } else if (ref.kind === 'service') {
      lines.push(addressLine(records));
    } else {
      lines.push(`A pod's name under Service ${code(ref.service)}: it resolves when a pod with that hostname and subdomain is one of its endpoints.`);
    }
  } else {
    lines.push(`The workspace has no ${ref.kind === 'pod' ? 'StatefulSet' : 'Service'} for this name in namespace ${code(ref.namespace)}.`);
  }
  return joinLines(lines);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
