import { dnsNamesIn } from './dns';
import { renderDnsName } from './hover/dnsName';
import { renderService, renderServicePort } from './hover/service';
import { renderStatefulSet, type StatefulSetField } from './hover/statefulSet';
import { statefulSetDns } from './dns';
import { dnsNameAt, envVarAt, onField, resourceAt } from './locate';
import { code } from './markdown';
import type { Container, Resource } from './model';
import { expandEnvForPod, firstPods } from './podEnv';
import { isCoreService } from './rules/serviceLookup';
import { isTemplated } from './template';
import { rangeContains, type Located, type Position, type Range } from './types';
import type { Workspace, WorkspaceView } from './workspace';

export { renderDnsName } from './hover/dnsName';
export { renderService } from './hover/service';
export { renderStatefulSet } from './hover/statefulSet';

/**
 * Hover previews of the DNS names Kubernetes creates, read from the model (no parse):
 * on a StatefulSet's name, serviceName, replicas or ordinals.start; on a Service's name,
 * clusterIP, type or ports; on a DNS name in a string; on an env value with `$(VAR)`.
 * Each field gets what is about it (hover/statefulSet.ts, hover/service.ts); every value
 * from a file is escaped by markdown.ts.
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
  const view = workspace.requestView();
  return envHover(resource, position, view)
    ?? dnsStringHover(resource, position, view)
    ?? statefulSetHover(resource, position, view)
    ?? serviceHover(resource, position, view);
}

function statefulSetHover(sts: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const spec = sts.statefulSet;
  if (!spec) return undefined;
  const fields: [StatefulSetField, Located<unknown> | undefined][] = [['name', sts.name], ['serviceName', spec.serviceName], ['pods', spec.replicas], ['pods', spec.ordinalsStart]];
  const hit = fields.find(([, f]) => onField(f, position));
  if (!hit) return undefined;
  return { markdown: renderStatefulSet(statefulSetDns(sts, view), hit[0]), range: hit[1]!.range };
}

function serviceHover(service: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const spec = service.service;
  // Other API groups have kinds named Service too (Knative): no cluster DNS records of theirs.
  if (!spec || !service.name || !isCoreService(service)) return undefined;
  const field = [service.name, spec.clusterIP, spec.type].find((f) => onField(f, position));
  if (field) return { markdown: renderService(service, view), range: field.range };
  const port = spec.ports.find((p) => rangeContains(p.range, position));
  return port ? { markdown: renderServicePort(service, port, view), range: port.range } : undefined;
}

function dnsStringHover(resource: Resource, position: Position, view: WorkspaceView): HoverResult | undefined {
  const found = dnsNameAt(resource, position, view);
  if (!found) return undefined;
  return { markdown: renderDnsName(found.match, view), range: found.range };
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
  // A pod's name in a code span; "each pod" (a workload without pod names) as text.
  const expansions = pods.map((p) => ({ label: p.identity.name ? code(p.identity.name) : p.label, result: expandEnvForPod(container, index, p.identity) }));
  const lines = [`**${code(variable.name.value)}** as the kubelet expands it:`, ''];
  // A value built from a template placeholder is not known until the template is rendered.
  lines.push(...expansions.map((e) => `- ${e.label}: ${isTemplated(e.result.value) ? 'known only once the template is rendered' : code(e.result.value)}`));
  if (expansions.length === 0) return lines.join('\n');
  const { runtime, notDefined } = expansions[0].result;
  if (runtime.length > 0) lines.push('', `Known only at run time, shown unexpanded: ${runtime.map(code).join(', ')}.`);
  if (notDefined.length > 0) {
    lines.push('', `Not defined before this entry, so left as written${container.hasEnvFrom ? ' unless envFrom defines them' : ''}: ${notDefined.map((n) => code(`$(${n})`)).join(', ')}.`);
  }
  const firstValue = expansions[0].result.value;
  if (isTemplated(firstValue)) return lines.join('\n');
  const names = dnsNamesIn(firstValue, resource.namespace, view);
  for (const match of names) lines.push('', '---', '', renderDnsName(match, view));
  return lines.join('\n');
}

