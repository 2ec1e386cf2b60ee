import { echo } from '../abbreviate';
import { dnsNamesIn, parsePodHost } from '../dns';
import type { Resource } from '../model';
import { expandEnvForPod, firstPods } from '../podEnv';
import { podCount } from '../statefulset';
import type { WorkspaceView } from '../workspace';
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
 * ClusterIP Services too, which the specification does not promise: hence "not
 * guaranteed". An ExternalName Service has no endpoints at all.
 *
 * How loud (docs/rules/service-not-headless.md has the corpus evidence): a warning when
 * the StatefulSet has more than one pod, or a count not known here, or when a string of
 * the namespace or its own env uses one of its per-pod names or SRV records; information
 * when it has exactly one pod and nothing uses a per-pod name: a single-replica database
 * whose serviceName is its client Service, which clients reach by the Service name.
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
    const why = headless.reason === 'external-name' ? 'it is of type ExternalName' : headless.reason === 'cluster-ip-set' ? echo`its clusterIP is ${headless.field?.value ?? '?'}` : 'it has no clusterIP: None';
    const pods = podCount(sts, workspace);
    const single = pods.count === 1 && pods.unknown === undefined;
    const quiet = single && !usesPerPodNames(sts, serviceName.value, workspace);
    report({
      range: serviceName.range,
      message: echo`Service '${serviceName.value}' is not headless, so per-pod DNS names are not guaranteed. ${capitalize(why)}. Kubernetes DNS defines <pod>.${serviceName.value}.${sts.namespace}.svc only for a Service with clusterIP: None.${quiet ? ' This StatefulSet has one pod and nothing here uses a per-pod name.' : ''}`,
      related: [{ uri: service.uri, range: anchor.range, message: echo`Service '${serviceName.value}' is defined here` }],
      data: { serviceName: serviceName.value, namespace: sts.namespace },
      severity: quiet ? 'information' : undefined,
    });
  },
};

/**
 * Whether a per-pod name of this StatefulSet under the Service, or one of the Service's
 * SRV names, is written in a string of the namespace, or made by the StatefulSet's own env
 * (`$(POD_NAME).<service>…`, expanded for its first pod as the kubelet does).
 */
function usesPerPodNames(sts: Resource, service: string, view: WorkspaceView): boolean {
  const stsName = sts.name?.value;
  if (!stsName) return true;
  const lower = service.toLowerCase();
  const isPerPod = (text: string) => dnsNamesIn(text, sts.namespace, view).some((m) => m.ref.service === lower
    && (m.ref.kind === 'srv' || (m.ref.kind === 'pod' && parsePodHost(m.ref.host)?.statefulSet === stsName.toLowerCase())));
  // Only strings with a DNS name under this Service can hold one (workspace/dependencies.ts).
  for (const resource of view.mentioningDnsLabel(sts.namespace, lower)) {
    if (resource.dnsCandidates.some((c) => c.value.toLowerCase().includes(lower) && isPerPod(c.value))) return true;
  }
  const pod = firstPods(sts, 1, view)[0];
  for (const container of sts.podTemplate?.containers ?? []) {
    for (let i = 0; i < container.env.length; i++) {
      if (!container.env[i].value?.value.includes('$(')) continue;
      if (isPerPod(expandEnvForPod(container, i, pod.identity).value)) return true;
    }
  }
  return false;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
