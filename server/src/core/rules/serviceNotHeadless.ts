import type { Rule } from './rule';
import { isCheckable } from './rule';
import { governingService, notHeadlessReason } from './serviceLookup';

/**
 * The governing Service has a cluster IP (or is an ExternalName): CoreDNS serves
 * per-pod records `<pod>.<service>.<ns>.svc.<domain>` only for headless Services
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-hostname-and-subdomain-fields,
 * "a headless Service in the same namespace as the Pod").
 */
export const serviceNotHeadless: Rule = {
  id: 'service-not-headless',
  defaultSeverity: 'warning',
  summary: "The Service a StatefulSet's `spec.serviceName` names is not headless (`clusterIP: None`): its pods get no DNS names.",
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const serviceName = sts.statefulSet?.serviceName;
    if (!serviceName || !isCheckable(sts)) return;
    const service = governingService(sts, workspace);
    if (!service || !isCheckable(service)) return;
    const reason = notHeadlessReason(service);
    if (!reason) return;
    const spec = service.service;
    const anchor = spec?.type?.value === 'ExternalName' ? spec.type : spec?.clusterIP ?? service.name ?? service.kind;
    report({
      range: serviceName.range,
      message: `Service '${serviceName.value}' is not headless: ${reason}. Pods of StatefulSet '${sts.name?.value ?? '?'}' get no per-pod DNS names. Point serviceName at a Service with \`clusterIP: None\` (the clusterIP of an existing Service cannot be changed in place).`,
      related: [{ uri: service.uri, range: anchor.range, message: `Service '${serviceName.value}' is defined here` }],
      data: { serviceName: serviceName.value, namespace: sts.namespace },
    });
  },
};
