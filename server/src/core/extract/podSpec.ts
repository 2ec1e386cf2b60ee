import type { YAMLMap } from 'yaml';
import { exactSize } from '../arrays';
import { field, isUnknown, mapField, readList, type Read } from '../fields';
import type { NameList, PortReference, SpreadTerm, VolumeMount } from '../model';
import { isTemplated } from '../template';
import { labelSelector } from './labels';
import { knownString, located, scalarOf, type ExtractContext } from './read';

/**
 * What a pod spec says beyond its containers' identity: the volumes it has, what each
 * container mounts, the ports its probes and hooks connect to, and the label selectors
 * of its anti-affinity and spreading. Each reader says when it could not read
 * everything (`exact: false`), so the rules comparing them stay silent then.
 */

/** `spec.volumes[].name`; undefined when the pod spec itself cannot be read. */
export function volumeNames(podSpec: Read<YAMLMap>, ctx: ExtractContext): NameList | undefined {
  if (isUnknown(podSpec)) return undefined;
  return namesOf(podSpec, 'volumes', (item) => item, ctx);
}

/** `spec.volumeClaimTemplates[].metadata.name` of a StatefulSet. */
export function claimTemplateNames(spec: Read<YAMLMap>, ctx: ExtractContext): NameList {
  if (isUnknown(spec)) return { names: [], exact: false };
  return namesOf(spec, 'volumeClaimTemplates', (item) => mapField(item, 'metadata'), ctx);
}

function namesOf(parent: Read<YAMLMap>, key: string, holder: (item: YAMLMap) => Read<YAMLMap>, ctx: ExtractContext): NameList {
  const list = readList(parent, key, (item) => (isUnknown(item) ? undefined : knownString(field(holder(item), 'name'), ctx)));
  return { names: list.items, exact: list.exact };
}

/** A container's `volumeMounts` and `volumeDevices` entries. */
export function volumeMounts(container: YAMLMap, ctx: ExtractContext): { mounts: VolumeMount[]; exact: boolean } {
  const mounts: VolumeMount[] = [];
  let exact = true;
  for (const [key, device] of [['volumeMounts', false], ['volumeDevices', true]] as const) {
    const list = readList(container, key, (item) => {
      const name = isUnknown(item) ? undefined : knownString(field(item, 'name'), ctx);
      return name ? { name, device } : undefined;
    });
    mounts.push(...list.items);
    if (!list.exact) exact = false;
  }
  return { mounts: exactSize(mounts), exact };
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];
/** Handlers whose `port` may name a container port (gRPC probes take a number only). */
const PORT_HANDLERS = ['httpGet', 'tcpSocket'];

/** The `port` of each probe and lifecycle handler of a container that could be read. */
export function portReferences(container: YAMLMap, ctx: ExtractContext): PortReference[] {
  const out: PortReference[] = [];
  const handlers: [string, Read<YAMLMap>][] = [
    ...PROBES.map((probe): [string, Read<YAMLMap>] => [probe, mapField(container, probe)]),
    ...HOOKS.map((hook): [string, Read<YAMLMap>] => [`lifecycle.${hook}`, mapField(mapField(container, 'lifecycle'), hook)]),
  ];
  for (const [where, handler] of handlers) {
    for (const kind of PORT_HANDLERS) {
      const node = field(mapField(handler, kind), 'port');
      const scalar = scalarOf(node, ctx);
      const value = scalar?.value;
      if (typeof value === 'number' || (typeof value === 'string' && value !== '' && !isTemplated(value))) {
        out.push({ where: `${where}.${kind}`, port: located(value, node as never, ctx) });
      }
    }
  }
  return out;
}

/**
 * The selectors of `affinity.podAntiAffinity` terms (required ones, and the
 * `podAffinityTerm` of preferred ones) and of `topologySpreadConstraints`. Terms that
 * cannot be read are left out: a rule can only miss a finding by it.
 */
export function spreadTerms(podSpec: Read<YAMLMap>, ctx: ExtractContext): SpreadTerm[] {
  const out: SpreadTerm[] = [];
  const add = (term: Read<YAMLMap>, where: string, selectorKey: string): void => {
    if (term === undefined || isUnknown(term)) return;
    const selector = labelSelector(term, ctx, selectorKey);
    if (!selector) return;
    out.push({ field: where, selector, otherNamespaces: field(term, 'namespaces') !== undefined || field(term, 'namespaceSelector') !== undefined });
  };
  const anti = mapField(mapField(podSpec, 'affinity'), 'podAntiAffinity');
  const required = 'podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution';
  const preferred = 'podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution';
  for (const item of readList(anti, 'requiredDuringSchedulingIgnoredDuringExecution', (i) => i).items) add(item as Read<YAMLMap>, required, 'labelSelector');
  for (const item of readList(anti, 'preferredDuringSchedulingIgnoredDuringExecution', (i) => i).items) {
    add(isUnknown(item) ? item : mapField(item, 'podAffinityTerm'), preferred, 'labelSelector');
  }
  for (const item of readList(podSpec, 'topologySpreadConstraints', (i) => i).items) add(item as Read<YAMLMap>, 'topologySpreadConstraints', 'labelSelector');
  return out;
}
