import {
  dnsNamesIn, governedStatefulSets, resolveDnsName, serviceFqdn, srvRecords, statefulSetDns,
  type DnsNameMatch, type StatefulSetDns,
} from './dns';
import { provenanceLines } from './helm/provenance';
import { dnsNameAt, envVarAt, onField, resourceAt } from './locate';
import type { Container, Resource } from './model';
import { expandEnvForPod, firstPods } from './podEnv';
import { headlessness, isCoreService } from './rules/serviceLookup';
import { isTemplated } from './template';
import { rangeContains, type Position, type Range } from './types';
import type { Workspace, WorkspaceView } from './workspace';

/**
 * Hover previews of the DNS names Kubernetes creates, read from the model (no parse):
 * on a StatefulSet's name, serviceName, replicas or ordinals.start; on a Service's name,
 * clusterIP, type or ports; on a DNS name in a string; on an env value with `$(VAR)`.
 */
export interface HoverResult {
  markdown: string;
  range: Range;
}

/** How many pods an env expansion preview shows. */
const ENV_PREVIEW_PODS = 3;

export function hoverAt(workspace: Workspace, uri: string, position: Position): HoverResult | undefined {
  const resource = resourceAt(workspace, uri, position);
  if (!resource) return undefined;
  const view = workspace.view();
  const result = envHover(resource, position, view)
    ?? dnsStringHover(resource, position, view)
    ?? statefulSetHover(resource, position, view)
    ?? serviceHover(resource, position, view);
  if (!result || !workspace.effective(uri)?.helm) return result;
  // In a chart template: the names are the rendered ones; say what made them and where from.
  const spec = resource.statefulSet;
  const fields = spec ? [resource.name, spec.serviceName, spec.replicas, spec.ordinalsStart] : [];
  const ranges = [result.range, ...fields.filter((f) => f !== undefined).map((f) => f.range)];
  return { ...result, markdown: `${result.markdown}\n\n${provenanceLines(workspace, uri, ranges).join('\n')}` };
}

// ------------------------------------------------------------------ StatefulSet

function statefulSetHover(sts: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const spec = sts.statefulSet;
  if (!spec) return undefined;
  const field = [sts.name, spec.serviceName, spec.replicas, spec.ordinalsStart].find((f) => onField(f, position));
  if (!field) return undefined;
  return { markdown: renderStatefulSet(statefulSetDns(sts, view)), range: field.range };
}

export function renderStatefulSet(dns: StatefulSetDns): string {
  const name = dns.statefulSet.name?.value ?? '?';
  const lines = [`**DNS names of StatefulSet \`${name}\`** (namespace \`${dns.namespace}\`, ${plural(dns.podCount, 'pod')})`, ''];
  if (dns.unknown) {
    lines.push(`The names are known only once this is rendered or resolved: ${dns.unknown}`);
    return lines.join('\n');
  }
  lines.push(...renderBlockers(dns.blockers));
  if (dns.podCountUnknown) lines.push(`The number of pods at run time is not known here: ${dns.podCountUnknown}. Listed: the pods the manifests give.`, '');
  if (dns.pods.length === 0) return lines.join('\n');
  lines.push(...dns.pods.map((p) => `- \`${p.fqdn}\``));
  if (dns.podCount > dns.pods.length) lines.push(`- … ${dns.podCount - dns.pods.length} more: \`${dns.pattern}\``);
  const first = dns.pods[0];
  lines.push('', `Short forms: \`${first.name}.${dns.serviceName}\` from namespace \`${dns.namespace}\`, \`${first.name}.${dns.serviceName}.${dns.namespace}\` from any namespace.`);
  lines.push('', `Service record \`${dns.serviceRecord}\` → the IPs of all ${dns.publishNotReadyAddresses ? 'pods (`publishNotReadyAddresses: true`: ready or not)' : 'ready pods'}.`);
  if (!dns.publishNotReadyAddresses) lines.push('Records exist for ready pods only (set `publishNotReadyAddresses: true` on the Service to publish pods before they are ready).');
  if (dns.srv.length > 0) {
    lines.push('', '**SRV records** (one per pod and named port):');
    for (const srv of dns.srv) {
      const port = srv.port === undefined ? 'its port' : `port ${srv.port}`;
      const targets = dns.pods.slice(0, 2).map((p) => `\`${p.fqdn}\``).join(', ');
      lines.push(`- \`${srv.name}\` → ${port} on ${targets}${dns.podCount > 2 ? ', …' : ''}`);
    }
  } else if (dns.service) {
    lines.push('', 'No SRV records: the Service has no named ports.');
  }
  return lines.join('\n');
}

function renderBlockers(blockers: string[]): string[] {
  if (blockers.length === 0) return [];
  return ['⚠️ **These names will not resolve:**', ...blockers.map((b) => `- ${b}`), ''];
}

// ------------------------------------------------------------------ Service

function serviceHover(service: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const spec = service.service;
  // Other API groups have kinds named Service too (Knative): no cluster DNS records of theirs.
  if (!spec || !service.name || !isCoreService(service)) return undefined;
  const field = [service.name, spec.clusterIP, spec.type].find((f) => onField(f, position))
    ?? spec.ports.find((p) => rangeContains(p.range, position));
  if (!field) return undefined;
  return { markdown: renderService(service, view), range: field.range };
}

export function renderService(service: Resource, view: WorkspaceView): string {
  const name = service.name!.value;
  const domain = view.settings.clusterDomain;
  const record = serviceFqdn(name, service.namespace, domain);
  const headless = headlessness(service);
  if (headless.state === 'not-headless' && headless.reason === 'external-name') {
    return `**ExternalName Service \`${name}\`**: \`${record}\` is a CNAME to its \`spec.externalName\`; no pod records, no SRV records.`;
  }
  const governed = governedStatefulSets(service, view);
  const lines: string[] = [];
  if (headless.state === 'headless') {
    lines.push(`**Headless Service \`${name}\`**: \`${record}\` → the IPs of the ready pods it selects.`, '');
    if (governed.length === 0) lines.push(`No StatefulSet in namespace \`${service.namespace}\` has \`serviceName: ${name}\`, so no pod gets a name under it.`);
    for (const sts of governed) lines.push(renderStatefulSet(statefulSetDns(sts, view)), '');
    if (governed.length === 0) lines.push(...renderSrv(service, domain));
    return lines.join('\n').trimEnd();
  }
  if (headless.state === 'unknown') {
    lines.push(`**Service \`${name}\`**: \`${record}\`. Headless or not is known only once this is rendered or fixed: ${headless.message}.`);
  } else {
    lines.push(`**Service \`${name}\`**: \`${record}\` → its cluster IP (one record).`, '');
    lines.push(`No per-pod names: ${headless.message}. Per-pod records \`<pod>.${record}\` are guaranteed only for a headless Service (\`clusterIP: None\`).`);
  }
  if (governed.length > 0) lines.push('', `StatefulSets using it as \`serviceName\`: ${governed.map((s) => `\`${s.name?.value ?? '?'}\``).join(', ')}.`);
  lines.push(...renderSrv(service, domain));
  return lines.join('\n').trimEnd();
}

function renderSrv(service: Resource, domain: string): string[] {
  const records = srvRecords(service, domain);
  if (records.length === 0) return [];
  return ['', '**SRV records:**', ...records.map((r) => `- \`${r.name}\`${r.port === undefined ? '' : ` → port ${r.port}`}`)];
}

// ------------------------------------------------------------------ DNS names in strings

function dnsStringHover(resource: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const found = dnsNameAt(resource, position, view);
  if (!found) return undefined;
  return { markdown: renderDnsName(found.match, view), range: found.range };
}

export function renderDnsName(match: DnsNameMatch, view: WorkspaceView): string {
  const domain = view.settings.clusterDomain;
  const ref = match.ref;
  const fqdn = ref.kind === 'pod' ? `${ref.host}.${serviceFqdn(ref.service, ref.namespace, domain)}`
    : ref.kind === 'srv' ? `_${ref.portName}._${ref.protocol}.${serviceFqdn(ref.service, ref.namespace, domain)}`
      : serviceFqdn(ref.service, ref.namespace, domain);
  const lines = [`**\`${match.text}\`**${match.qualified ? '' : ` → \`${fqdn}\` (through the search path of namespace \`${ref.namespace}\`)`}`, ''];
  if (match.otherZone) {
    lines.push(`⚠️ This name is in zone \`${match.otherZone}\`, but the cluster domain is \`${domain}\` (setting \`statefulManifests.clusterDomain\`): it will not resolve in that cluster.`);
    return lines.join('\n');
  }
  const resolution = resolveDnsName(ref, view);
  if (resolution.problems.length > 0) lines.push(...renderBlockers(resolution.problems.map(capitalize)));
  if (ref.kind === 'pod' && resolution.statefulSet && resolution.ordinal !== undefined) {
    const sts = resolution.statefulSet;
    lines.push(`Pod \`${ref.host}\` of StatefulSet \`${sts.name?.value ?? '?'}\` (ordinal ${resolution.ordinal}).`);
    if (resolution.problems.length === 0) {
      const blockers = statefulSetDns(sts, view, 0).blockers;
      if (blockers.length > 0) lines.push('', ...renderBlockers(blockers));
    }
  } else if (resolution.service) {
    const headless = headlessness(resolution.service).state;
    const what = ref.kind === 'srv' ? `SRV records of port \`${ref.portName}\` of` : ref.kind === 'pod' ? 'A pod name under' : 'The record of';
    const answers = ref.kind !== 'service' ? '' : headless === 'headless' ? ': the IPs of its ready pods' : headless === 'not-headless' ? ': its cluster IP' : '';
    lines.push(`${what} ${headless === 'headless' ? 'headless ' : ''}Service \`${ref.service}\`${answers}.`);
  } else if (resolution.problems.length === 0) {
    lines.push(`The workspace has no ${ref.kind === 'pod' ? 'StatefulSet' : 'Service'} for this name in namespace \`${ref.namespace}\`.`);
  }
  return lines.join('\n').trimEnd();
}

// ------------------------------------------------------------------ env values with $(VAR)

function envHover(resource: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const at = envVarAt(resource, position);
  const value = at?.variable.value;
  if (!at || !value || !value.value.includes('$(')) return undefined;
  return { markdown: renderEnvValue(resource, at.container, at.index, view), range: value.range };
}

function renderEnvValue(resource: Resource, container: Container, index: number, view: WorkspaceView): string {
  const variable = container.env[index];
  const pods = firstPods(resource, ENV_PREVIEW_PODS, view);
  const expansions = pods.map((p) => ({ label: p.label, result: expandEnvForPod(container, index, p.identity) }));
  const lines = [`**\`${variable.name.value}\`** as the kubelet expands it:`, ''];
  // A value built from a template placeholder is not known until the template is rendered.
  lines.push(...expansions.map((e) => `- ${e.label}: ${isTemplated(e.result.value) ? 'known only once the template is rendered' : `\`${e.result.value}\``}`));
  if (expansions.length === 0) return lines.join('\n');
  const { runtime, notDefined } = expansions[0].result;
  if (runtime.length > 0) lines.push('', `Known only at run time, shown unexpanded: ${runtime.map((n) => `\`${n}\``).join(', ')}.`);
  if (notDefined.length > 0) {
    lines.push('', `Not defined before this entry, so left as written${container.hasEnvFrom ? ' unless envFrom defines them' : ''}: ${notDefined.map((n) => `\`$(${n})\``).join(', ')}.`);
  }
  const firstValue = expansions[0].result.value;
  if (isTemplated(firstValue)) return lines.join('\n');
  const names = dnsNamesIn(firstValue, resource.namespace, view);
  for (const match of names) lines.push('', '---', '', renderDnsName(match, view));
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
