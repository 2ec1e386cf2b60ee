import { isScalar, type Node, type YAMLMap } from 'yaml';
import { exactSize } from '../arrays';
import { field, isUnknown, mapField, readList, seqField, Unknown, type Read } from '../fields';
import type { Container, ContainerPort, EnvVar, PodTemplate, StatefulSetSpec } from '../model';
import type { Range } from '../types';
import { getPair, knownString, locatedNumber, locatedString, nodeRange, scalarText, stringList, type ExtractContext } from './read';
import { labelSetField, unknownLabels } from './labels';
import { claimTemplateNames, portReferences, spreadTerms, volumeMounts, volumeNames } from './podSpec';

export function statefulSetSpec(spec: Read<YAMLMap>, ctx: ExtractContext): StatefulSetSpec {
  const serviceNameNode = field(spec, 'serviceName');
  const serviceName = knownString(serviceNameNode, ctx);
  const replicasNode = field(spec, 'replicas');
  const startNode = field(mapField(spec, 'ordinals'), 'start');
  return {
    serviceName,
    serviceNameUnreadable: !serviceName && serviceNameNode !== undefined && !(isScalar(serviceNameNode) && serviceNameNode.value === ''),
    replicas: locatedNumber(replicasNode, ctx),
    ordinalsStart: locatedNumber(startNode, ctx),
    ordinalsUnreadable: isUnknown(replicasNode) || isUnknown(startNode) || undefined,
    volumeClaimTemplates: claimTemplateNames(spec, ctx),
    partition: locatedNumber(field(mapField(mapField(spec, 'updateStrategy'), 'rollingUpdate'), 'partition'), ctx),
  };
}

export function podTemplate(spec: Read<YAMLMap>, ctx: ExtractContext): PodTemplate | undefined {
  const pair = getPair(spec, 'template');
  const template = mapField(spec, 'template');
  if (template === undefined) return undefined;
  const keyRange = nodeRange((pair?.key as Node | undefined) ?? (template as Unknown).at, ctx);
  // A template behind an alias or a merge key: its labels and containers are unknown.
  if (isUnknown(template)) return { keyRange, labels: unknownLabels(template, ctx), containers: [], exact: false };
  return readPodTemplate(keyRange, template, mapField(template, 'metadata'), mapField(template, 'spec'), ctx);
}

export function barePodTemplate(map: YAMLMap, metadata: Read<YAMLMap>, spec: Read<YAMLMap>, ctx: ExtractContext): PodTemplate {
  const metadataPair = getPair(map, 'metadata');
  return readPodTemplate(nodeRange((metadataPair?.key as Node) ?? map, ctx), map, metadata, spec, ctx);
}

/**
 * A pod template's fields, read the same way from a workload's `spec.template` and from a
 * bare Pod (whose own `metadata` and `spec` are its template): `owner` holds `metadata:`.
 */
function readPodTemplate(keyRange: Range, owner: YAMLMap, metadata: Read<YAMLMap>, podSpec: Read<YAMLMap>, ctx: ExtractContext): PodTemplate {
  const metadataPair = getPair(owner, 'metadata');
  const containers = readContainers(podSpec, ctx);
  return {
    keyRange,
    labels: labelSetField(metadata, 'labels', ctx),
    metadataRange: metadataPair ? nodeRange(metadataPair.key as Node, ctx) : undefined,
    containers: containers.containers,
    exact: containers.exact,
    volumes: volumeNames(podSpec, ctx),
    spreadTerms: spreadTerms(podSpec, ctx),
    subdomain: knownString(field(podSpec, 'subdomain'), ctx),
  };
}

/** The containers that could be read; `exact` when none (nor any of their ports) is unknown. */
function readContainers(podSpec: Read<YAMLMap>, ctx: ExtractContext): { containers: Container[]; exact: boolean } {
  const containers: Container[] = [];
  let exact = !isUnknown(podSpec);
  for (const [name, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = readList(podSpec, name, (item) => (isUnknown(item) ? undefined : readContainer(item, init, ctx)));
    if (!list.exact) exact = false;
    for (const read of list.items) {
      containers.push(read.container);
      if (!read.portsExact) exact = false;
    }
  }
  return { containers: exactSize(containers), exact };
}

function readContainer(map: YAMLMap, init: boolean, ctx: ExtractContext): { container: Container; portsExact: boolean } {
  const container: Container = {
    name: knownString(field(map, 'name'), ctx),
    range: nodeRange(map, ctx),
    ports: [],
    volumeMounts: [],
    volumeMountsExact: true,
    portReferences: portReferences(map, ctx),
    env: [],
    // Unknown (a merge key) counts as present: envFrom may then define any name.
    hasEnvFrom: field(map, 'envFrom') !== undefined,
    envExact: true,
    command: stringList(field(map, 'command'), ctx),
    args: stringList(field(map, 'args'), ctx),
    init,
  };
  const ports = readList(map, 'ports', (item) => containerPort(item, ctx));
  container.ports = ports.items;
  const mounts = volumeMounts(map, ctx);
  container.volumeMounts = mounts.mounts;
  container.volumeMountsExact = mounts.exact;
  // Read ahead in steps when long (listsAhead.ts); the field is looked up again only then.
  const envList = ctx.envAhead ? seqField(map, 'env') : undefined;
  const env = (envList && !isUnknown(envList) ? ctx.envAhead!.get(envList) : undefined) ?? readList(map, 'env', (item) => readEnvVar(item, ctx));
  container.env = env.items;
  container.envExact = env.exact;
  return { container, portsExact: ports.exact };
}

/** A container port, or undefined when its name, number or protocol is unknown. */
function containerPort(map: YAMLMap | Unknown, ctx: ExtractContext): ContainerPort | undefined {
  if (isUnknown(map)) return undefined;
  const name = field(map, 'name');
  const containerPort = field(map, 'containerPort');
  const protocol = field(map, 'protocol');
  if (isUnknown(name) || isUnknown(containerPort) || isUnknown(protocol)) return undefined;
  return {
    name: knownString(name, ctx),
    containerPort: locatedNumber(containerPort, ctx),
    protocol: scalarText(protocol) ?? 'TCP',
    range: nodeRange(map, ctx),
  };
}

/** An env entry, or undefined when its name or value cannot be read. */
export function readEnvVar(map: YAMLMap | Unknown, ctx: ExtractContext): EnvVar | undefined {
  if (isUnknown(map)) return undefined;
  const name = knownString(field(map, 'name'), ctx);
  if (!name) return undefined;
  const valueFrom = mapField(map, 'valueFrom');
  const valueNode = field(map, 'value');
  const value = locatedString(valueNode, ctx);
  if (valueNode !== undefined && !value) return undefined;
  return {
    name,
    value,
    fieldPath: knownString(field(mapField(valueFrom, 'fieldRef'), 'fieldPath'), ctx),
    // An unknown valueFrom is still there: the value comes from elsewhere.
    hasValueFrom: valueFrom !== undefined,
    range: nodeRange(map, ctx),
  };
}

/**
 * A custom resource with a `spec` (an Argo Rollout, an operator's Prometheus) may make
 * pods, through a controller not known here. They count as pods whose labels are not all
 * known (`exact: false`): a `spec.template` (Rollout) gives the labels they surely have,
 * for completions; the controller may add labels and containers of its own.
 */
export function customResourcePods(spec: YAMLMap | Unknown, ctx: ExtractContext): PodTemplate {
  const template = podTemplate(spec, ctx);
  const range = nodeRange(isUnknown(spec) ? spec.at : spec, ctx);
  const labels = template?.labels ?? { range: template?.keyRange ?? range, entries: [], exact: false };
  return { ...(template ?? { keyRange: range, containers: [] }), labels: { ...labels, exact: false }, exact: false };
}
