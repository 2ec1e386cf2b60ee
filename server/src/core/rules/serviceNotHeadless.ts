import type { Rule } from './rule';
import { isCheckable } from './rule';
import { governingService, headlessness } from './serviceLookup';

/**
 * The governing Service has a cluster IP (or is an ExternalName). Kubernetes DNS
 * defines per-pod records `<pod>.<service>.<ns>.svc.<domain>` only for headless
 * Services (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-hostname-and-subdomain-fields:
 * "If there exists a headless Service in the same namespace as the Pod, with the same
 * name as the subdomain, the cluster's DNS Server also returns A and/or AAAA records
 * for the Pod's fully qualified hostname"). CoreDNS happens to answer such names for
 * ClusterIP Services too, which the specification does not promise: hence a warning
 * that says "not guaranteed". An ExternalName Service has no endpoints at all.
 */
export const serviceNotHeadless: Rule = {
  id: 'service-not-headless',
  defaultSeverity: 'warning',
  summary: "The Service a StatefulSet's `spec.serviceName` names is not headless (`clusterIP: None`): its pods are not guaranteed per-pod DNS names.",
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const serviceName = sts.statefulSet?.serviceName;
    if (!serviceName || !isCheckable(sts)) return;
    const service = governingService(sts, workspace);
    if (!service || !isCheckable(service)) return;
    const headless = headlessness(service);
    if (headless.state !== 'not-headless') return;
    const anchor = headless.field ?? service.name ?? service.kind;
    report({
      range: serviceName.range,
      message: `Service '${serviceName.value}' is not headless: ${headless.message}. Pods of StatefulSet '${sts.name?.value ?? '?'}' are not guaranteed per-pod DNS names (<pod>.${serviceName.value}.${sts.namespace}.svc), which Kubernetes DNS defines for headless Services only. Point serviceName at a Service with \`clusterIP: None\` (the clusterIP of an existing Service cannot be changed in place).`,
      related: [{ uri: service.uri, range: anchor.range, message: `Service '${serviceName.value}' is defined here` }],
      data: { serviceName: serviceName.value, namespace: sts.namespace },
    });
  },
};
