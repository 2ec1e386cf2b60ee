import type { Container, ContainerPort, PodTemplate, ServicePort } from './model';

/**
 * Resolution of a Service's named `targetPort` against a pod, as the EndpointSlice
 * controller does it (k8s.io/endpointslice utils.go `findPort`, pkg/api/v1/pod
 * `FindPort`): the first port of any container with that name AND the Service port's
 * protocol. Init containers are searched too: sidecars (`restartPolicy: Always`) count
 * in current versions, and the model does not say which init containers are sidecars,
 * so a match there is taken as a match (no false "not found").
 */
export interface NamedPortLookup {
  port?: ContainerPort;
  container?: Container;
  /** A port with that name but another protocol (the usual reason for "not found"). */
  otherProtocol?: ContainerPort;
}

export function findNamedPort(template: PodTemplate, name: string, protocol: string): NamedPortLookup {
  const named = portsByName(template).get(name);
  if (!named) return {};
  const match = named.find(({ port }) => port.protocol === protocol);
  return match ? { port: match.port, container: match.container } : { otherProtocol: named[0].port };
}

/**
 * The container ports of a pod template by name, in order, made once per template: each
 * named `targetPort` of a Service searched every container port before, and a Service of
 * 8,000 ports over pods of 8,000 took 757 ms in one step (issue 16).
 */
const portsByNameOf = new WeakMap<PodTemplate, Map<string, { port: ContainerPort; container: Container }[]>>();

function portsByName(template: PodTemplate): Map<string, { port: ContainerPort; container: Container }[]> {
  let byName = portsByNameOf.get(template);
  if (!byName) {
    byName = new Map();
    for (const container of template.containers) {
      for (const port of container.ports) {
        const name = port.name?.value;
        if (name === undefined) continue;
        const list = byName.get(name);
        if (list) list.push({ port, container });
        else byName.set(name, [{ port, container }]);
      }
    }
    portsByNameOf.set(template, byName);
  }
  return byName;
}

/**
 * The port number the pod's endpoint gets for a Service port: a number `targetPort`
 * as written, a named one resolved in the pod template, none (defaulted) = `port`
 * (SetDefaults_ServicePort). Undefined when it cannot be known.
 */
export function endpointPort(servicePort: ServicePort, template: PodTemplate | undefined): number | undefined {
  const target = servicePort.targetPort?.value;
  if (target === undefined) return servicePort.port?.value;
  if (typeof target === 'number') return target;
  if (!template) return undefined;
  return findNamedPort(template, target, servicePort.protocol.value).port?.containerPort?.value;
}
