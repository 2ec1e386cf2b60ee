import { echo } from '../abbreviate';
import type { Resource, ServicePort } from '../model';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { selectedPodTemplates } from './podTemplates';
import { isExternalName } from './serviceLookup';

/**
 * A Service port whose numeric `targetPort` (or `port`, when `targetPort` is absent: the
 * API defaults it to the same value) no container of the selected pods declares, while
 * those containers do declare ports. Declaring a container port is informational
 * ("Not specifying a port here DOES NOT prevent that port from being exposed", core/v1
 * Container.ports), so traffic may still be served: a hint only. A corpus Service that
 * points its SRV records at another component's ports is why it is not more.
 * Init containers count too (sidecars serve ports). Silent when a selected template
 * cannot be read completely, or declares no ports at all, or declares the number with
 * another protocol (the app listens on it; the declaration lacks one protocol).
 */
export const servicePortNotServed: Rule = {
  id: 'service-port-not-served',
  defaultSeverity: 'hint',
  summary: "A Service's numeric `targetPort` is declared by none of the containers it selects, although they declare other ports.",
  kinds: ['Service'],
  check(service, { workspace, report }) {
    const spec = service.service;
    if (!spec || !isCheckable(service) || isExternalName(service)) return;
    const numbered = spec.ports.map((port) => ({ port, target: targetNumber(port) })).filter((p): p is { port: ServicePort; target: number } => p.target !== undefined);
    if (numbered.length === 0) return;
    const pods = selectedPodTemplates(service, workspace);
    if (!pods) return;
    const served = portsServed(pods);
    if (served.someDeclareNone) return;
    for (const { port, target } of numbered) {
      const protocol = port.protocol.value;
      // The number declared with another protocol: the app listens there (DNS on 53/UDP and
      // 53/TCP, Consul's serf on 8301 both); the missing protocol is an omission in the declaration.
      if (served.numbers.has(target)) continue;
      const declared = [...new Set(pods.flatMap((w) => declaredPorts(w).map((p) => `${p.number}/${p.protocol}`)))].join(', ');
      report({
        range: (port.targetPort ?? port.port)!.range,
        message: echo`No selected container declares port ${target}/${protocol}. They declare ${declared}: declare it too, or check the Service targets the right port.`,
        related: pods.map((w) => ({ uri: w.uri, range: (w.name ?? w.kind).range, message: echo`pods of ${w.kind.value} '${w.name?.value ?? '?'}'` })),
        data: { targetPort: target, protocol },
      });
    }
  },
};

/**
 * The port numbers the selected pods declare, and whether one of them declares none: read
 * once per selection (Services with the same selector share it, podTemplates.ts), not once
 * per Service, which was quadratic when thousands of Services select the same pods.
 */
const servedBySelection = new WeakMap<readonly Resource[], { someDeclareNone: boolean; numbers: Set<number> }>();

function portsServed(pods: readonly Resource[]): { someDeclareNone: boolean; numbers: Set<number> } {
  let served = servedBySelection.get(pods);
  if (!served) {
    const declared = pods.map(declaredPorts);
    served = { someDeclareNone: declared.some((ports) => ports.length === 0), numbers: new Set(declared.flat().map((p) => p.number)) };
    servedBySelection.set(pods, served);
  }
  return served;
}

/** The port traffic goes to when it is a number: `targetPort`, else `port`. */
function targetNumber(port: ServicePort): number | undefined {
  if (port.targetPort) return typeof port.targetPort.value === 'number' ? port.targetPort.value : undefined;
  return port.port?.value;
}

function declaredPorts(workload: Resource): { number: number; protocol: string }[] {
  return (workload.podTemplate?.containers ?? []).flatMap((c) => c.ports)
    .filter((p) => p.containerPort !== undefined).map((p) => ({ number: p.containerPort!.value, protocol: p.protocol }));
}
