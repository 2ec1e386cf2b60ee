import { LONGEST_DNS_NAME, whichPods, type ServiceRecords, type SrvRecord } from '../dns';
import { code, MARKDOWN, type Phrase } from '../markdown';

/**
 * Hover lines about a Service's records, from dns.ts serviceRecords(): the one
 * description the StatefulSet, Service, port and DNS-name hovers all show, so a ClusterIP
 * Service is never described with per-pod answers anywhere.
 */

/** What the Service's own name answers: one line. */
export function addressLine(records: ServiceRecords): string {
  const name = code(records.fqdn);
  if (records.tooLong) return `${name} is ${records.tooLong} characters long: a DNS name has at most ${LONGEST_DNS_NAME}, so no record answers it.`;
  switch (records.kind) {
    case 'headless':
      return `${name} → the IP of ${whichPods(records)}.`;
    case 'cluster-ip':
      return `${name} → the Service's cluster IP (one address; no per-pod answers).`;
    case 'external-name':
      return `${name} → a CNAME to its ${code('spec.externalName')}; no pod records, no SRV records.`;
    case 'unknown':
      return `${name}: headless or not is known only once this is rendered or fixed: ${records.unknownReason}.`;
  }
}

/**
 * One SRV record: name, then port, protocol and target (spec 2.3.2 / 2.4.2). `firstPod` is a
 * pod name under a headless Service, shown as an example target.
 */
export function srvLine(records: ServiceRecords, srv: SrvRecord, firstPod?: string, withName = true): string {
  const port = srv.port === undefined ? 'its port' : `port ${srv.port}`;
  const where = `${withName ? `${code(srv.name)} ` : ''}→ ${port}/${srv.protocol.toUpperCase()}`;
  switch (srv.target) {
    case 'each-pod':
      return `${where}, one answer per pod (${records.allPods ? 'ready or not' : 'ready ones'}), target ${firstPod ? `${code(firstPod)}, …` : "the pod's name"}`;
    case 'service':
      return `${where}, target ${code(records.fqdn)}`;
    case 'unknown':
      return `${where}; targets depend on whether the Service is headless`;
  }
}

/** The SRV records as a list; a sentence when there are none. */
export function srvLines(records: ServiceRecords, firstPod?: string): string[] {
  if (records.kind === 'external-name' || records.tooLong) return [];
  if (records.srv.length === 0) return ['No SRV records: the Service has no named ports.'];
  return ['**SRV records:**', ...records.srv.map((srv) => `- ${srvLine(records, srv, firstPod)}`)];
}

/** A warning block: "This name will not resolve" / "These names will not resolve", then why. */
export function warningLines(blockers: Phrase[], names: 'one' | 'several'): string[] {
  if (blockers.length === 0) return [];
  const head = names === 'one' ? 'This name will not resolve' : 'These names will not resolve';
  if (blockers.length === 1) return [`⚠️ **${head}:** ${blockers[0](MARKDOWN)}`, ''];
  return [`⚠️ **${head}:**`, ...blockers.map((b) => `- ${b(MARKDOWN)}`), ''];
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lines joined, runs of blank lines made one, no trailing blank. */
export function joinLines(lines: string[]): string {
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}
