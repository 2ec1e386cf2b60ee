import { isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { field, isUnknown, readList, Unknown, type Read } from '../fields';
import type { ServicePort, ServiceSpec } from '../model';
import { isTemplated } from '../template';
import { getPair, knownString, located, locatedNumber, locatedString, nodeRange, stringList, type ExtractContext } from './read';
import { labelSet, unknownLabels } from './labels';

/** `spec.clusterIPs` (dual-stack Services): the items that could be read, and whether that is all of them. */
function clusterIPList(node: Read<Node>, ctx: ExtractContext): ServiceSpec['clusterIPs'] {
  if (node === undefined) return undefined;
  if (!isSeq(node)) return { values: [], exact: false };
  const values = stringList(node, ctx);
  return { values, exact: values.length === node.items.length };
}

export function serviceSpec(spec: Read<YAMLMap>, ctx: ExtractContext): ServiceSpec {
  const service: ServiceSpec = { ports: [], portsExact: true };
  if (!spec) return service;
  const clusterIP = field(spec, 'clusterIP');
  const type = field(spec, 'type');
  service.clusterIP = locatedString(clusterIP, ctx);
  service.clusterIPUnreadable = clusterIP !== undefined && !service.clusterIP;
  service.clusterIPs = clusterIPList(field(spec, 'clusterIPs'), ctx);
  service.type = locatedString(type, ctx);
  service.typeUnreadable = type !== undefined && !service.type;
  const selector = field(spec, 'selector');
  if (selector !== undefined) {
    service.selector = isUnknown(selector) ? unknownLabels(selector, ctx) : labelSet(selector, ctx);
    service.selectorKeyRange = nodeRange((getPair(spec, 'selector')?.key as Node | undefined) ?? (selector as Unknown).at, ctx);
  }
  const pna = field(spec, 'publishNotReadyAddresses');
  if (isScalar(pna) && typeof pna.value === 'boolean') {
    service.publishNotReadyAddresses = located(pna.value as boolean, pna, ctx);
  }
  const ports = readList(spec, 'ports', (item) => servicePort(item, ctx));
  service.ports = ports.items;
  service.portsExact = ports.exact;
  return service;
}

/** A Service port, or undefined when one of its fields is unknown. */
function servicePort(map: YAMLMap | Unknown, ctx: ExtractContext): ServicePort | undefined {
  if (isUnknown(map)) return undefined;
  const name = field(map, 'name');
  const port = field(map, 'port');
  const targetNode = field(map, 'targetPort');
  const protocolNode = field(map, 'protocol');
  if (isUnknown(name) || isUnknown(port) || isUnknown(targetNode) || isUnknown(protocolNode)) return undefined;
  const target = isScalar(targetNode) && (typeof targetNode.value === 'number' || typeof targetNode.value === 'string')
    && !isTemplated(String(targetNode.value))
    ? located(targetNode.value as number | string, targetNode, ctx)
    : undefined;
  return {
    name: knownString(name, ctx),
    port: locatedNumber(port, ctx),
    targetPort: target,
    protocol: locatedString(protocolNode, ctx) ?? located('TCP', map, ctx),
    range: nodeRange(map, ctx),
  };
}
