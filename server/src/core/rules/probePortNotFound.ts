import { echo } from '../abbreviate';
import { POD_TEMPLATE_KINDS } from '../model';
import type { Rule } from './rule';
import { isPodSpecCheckable } from './rule';

/**
 * A probe or lifecycle handler whose `port` is a name that no port of the same container
 * has. The kubelet resolves a named port against that container's own ports only
 * (pkg/kubelet/prober/prober.go via probe.ResolveContainerPort, and
 * pkg/kubelet/lifecycle/handlers.go resolvePort: "couldn't find port"), so the probe
 * fails every time: a readiness probe keeps the pod unready, and with the default
 * OrderedReady policy a StatefulSet never creates the next pod; a liveness probe restarts
 * the container forever. API validation only checks the name's format.
 */
export const probePortNotFound: Rule = {
  id: 'probe-port-not-found',
  defaultSeverity: 'warning',
  summary: 'A probe or lifecycle handler names a `port` that its container does not declare: it fails every time.',
  kinds: POD_TEMPLATE_KINDS,
  check(resource, { report }) {
    if (!isPodSpecCheckable(resource) || !resource.podTemplate?.exact) return;
    for (const container of resource.podTemplate.containers) {
      const names = new Set(container.ports.map((p) => p.name?.value).filter((n) => n !== undefined));
      for (const ref of container.portReferences) {
        const port = ref.port.value;
        if (typeof port !== 'string' || /^\d+$/.test(port) || names.has(port)) continue;
        const declared = [...names];
        report({
          range: ref.port.range,
          message: echo`Container '${container.name?.value ?? '?'}' has no port named '${port}': its ${ref.where.replace(/\.(httpGet|tcpSocket)$/, '')} fails every time.`,
          related: declared.length ? [] : [{ uri: resource.uri, range: container.name?.range ?? container.range, message: 'this container declares no named ports' }],
          data: { port, declared },
        });
      }
    }
  },
};
