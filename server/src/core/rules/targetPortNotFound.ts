import { echo } from '../abbreviate';
import type { Resource, ServicePort } from '../model';
import { findNamedPort } from '../ports';
import type { Rule } from './rule';
import { selectedPodTemplates } from './podTemplates';
import { isCheckable } from './rule';
import { isExternalName } from './serviceLookup';

/**
 * A Service port's named `targetPort` that no container port of the selected pods has
 * with the same protocol. The EndpointSlice controller then leaves those pods out of
 * the endpoints for that port ("no suitable port", k8s.io/endpointslice utils.go
 * findPort / pkg/api/v1/pod FindPort match name AND protocol), so clients and SRV
 * records never reach them. Judged only against pod templates in the Service's
 * namespace that the Service selects and that could be read completely; a Service
 * without a selector, or selecting nothing known, is left alone.
 */
export const targetPortNotFound: Rule = {
  id: 'target-port-not-found',
  defaultSeverity: 'warning',
  summary: "A Service's named `targetPort` matches no container port (name and protocol) of the pods it selects.",
  kinds: ['Service'],
  check(service, { workspace, report }) {
    const spec = service.service;
    if (!spec || !isCheckable(service) || isExternalName(service)) return;
    const named = spec.ports.filter((p) => typeof p.targetPort?.value === 'string');
    if (named.length === 0) return;
    const pods = selectedPodTemplates(service, workspace);
    if (!pods) return;
    for (const port of named) {
      const missing = podsMissingPort(pods, port.targetPort!.value as string, port.protocol.value);
      if (missing.length === 0) continue;
      report({
        range: port.targetPort!.range,
        message: message(port, missing, pods.length),
        related: missing.map(({ workload, lookup }) => ({
          uri: workload.uri,
          range: (lookup.otherProtocol?.range ?? (workload.name ?? workload.kind).range),
          message: lookup.otherProtocol ? echo`port '${port.targetPort!.value}' is ${lookup.otherProtocol.protocol} here` : echo`pods of ${workload.kind.value} '${workload.name?.value ?? '?'}'`,
        })),
        data: { targetPort: port.targetPort!.value, protocol: port.protocol.value },
      });
    }
  },
};

type MissingPort = { workload: Resource; lookup: ReturnType<typeof findNamedPort> };

/**
 * The selected pods without a container port of that name and protocol, looked up once per
 * selection (Services with the same selector share it, podTemplates.ts), not once per
 * Service, which was quadratic when thousands of Services select the same pods.
 */
const missingBySelection = new WeakMap<readonly Resource[], Map<string, MissingPort[]>>();

function podsMissingPort(pods: readonly Resource[], name: string, protocol: string): MissingPort[] {
  let byPort = missingBySelection.get(pods);
  if (!byPort) missingBySelection.set(pods, (byPort = new Map()));
  const key = JSON.stringify([protocol, name]);
  let missing = byPort.get(key);
  if (!missing) {
    missing = pods.map((w) => ({ workload: w, lookup: findNamedPort(w.podTemplate!, name, protocol) })).filter((x) => !x.lookup.port);
    byPort.set(key, missing);
  }
  return missing;
}

function message(port: ServicePort, missing: MissingPort[], selected: number): string {
  const target = port.targetPort!.value;
  const protocol = port.protocol.value;
  const who = missing.map(({ workload }) => echo`${workload.kind.value} '${workload.name?.value ?? '?'}'`).join(', ');
  const wrongProtocol = missing.find((m) => m.lookup.otherProtocol);
  const why = wrongProtocol
    ? echo` (there is a port '${target}', but it is ${wrongProtocol.lookup.otherProtocol!.protocol}: the protocol must match too)`
    : '';
  const scope = missing.length === selected ? 'so the Service has no endpoints for this port' : 'so those pods get no endpoint for this port';
  return echo`No ${protocol} container port named '${target}' in the pods it selects. Missing in the pods of ${who}${why}, ${scope}.`;
}
