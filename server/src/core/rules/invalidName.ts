import { echo } from '../abbreviate';
import type { Resource } from '../model';
import { DNS1035_LABEL, DNS1123_LABEL, DNS_LABEL_MAX, STATEFULSET_NAME_MAX } from '../names';
import { lastOrdinal, podCount } from '../statefulset';
import type { WorkspaceView } from '../workspace';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { isCoreService } from './serviceLookup';

/**
 * Names that break DNS or pod creation:
 * - a Service name must be a DNS-1035 label (pkg/apis/core/validation ValidateServiceName
 *   = NameIsDNS1035Label): it becomes `<service>.<ns>.svc.<domain>`. The alpha feature
 *   gate RelaxedServiceNameValidation (1.34, off by default) also allows a leading digit;
 *   the message says so for such names.
 * - a StatefulSet name must be a DNS-1123 label (ValidateStatefulSetName, since 1.27),
 *   each pod's hostname `<sts>-<ordinal>` must be one too (ValidatePodSpec validates
 *   spec.hostname with ValidateDNS1123Label; the controller sets it to the pod name in
 *   initIdentity), and the name must be at most 52 characters so the
 *   `controller-revision-hash` label of its pods fits in 63 (see names.ts).
 */
export const invalidName: Rule = {
  id: 'invalid-name',
  defaultSeverity: 'error',
  summary: 'A Service name that is not a DNS-1035 label, or a StatefulSet name whose pods cannot get valid names and labels.',
  kinds: ['Service', 'StatefulSet'],
  check(resource, { workspace, report }) {
    const name = resource.name;
    if (!name || !isCheckable(resource)) return;
    if (resource.kind.value === 'Service' && !isCoreService(resource)) return;
    const problem = resource.kind.value === 'Service' ? serviceNameProblem(name.value) : statefulSetNameProblem(name.value, resource, workspace);
    if (problem) report({ range: name.range, message: problem });
  },
};

/** Why a name cannot be a Service's (also asked by rename for a new name); undefined when it can. */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length > DNS_LABEL_MAX) return echo`Service name is ${name.length} characters long, over ${DNS_LABEL_MAX}. A Service name is a DNS label of at most ${DNS_LABEL_MAX} characters.`;
  if (!DNS1035_LABEL.test(name)) {
    const relaxed = DNS1123_LABEL.test(name)
      ? ' A leading digit is accepted only where the alpha feature gate RelaxedServiceNameValidation (Kubernetes 1.34, off by default) is on.'
      : '';
    return echo`Service name '${name}' is not a valid DNS-1035 label. Use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (it becomes the DNS name ${name}.<namespace>.svc).${relaxed}`;
  }
  return undefined;
}

/** Why a name cannot be this StatefulSet's (also asked by rename for a new name); undefined when it can. */
export function statefulSetNameProblem(name: string, sts: Resource, view: WorkspaceView): string | undefined {
  if (!DNS1123_LABEL.test(name) || name.length > DNS_LABEL_MAX) {
    return echo`StatefulSet name is not a valid DNS-1123 label. Each pod's hostname is '${name}-<ordinal>', which needs lower-case letters, digits and '-', at most ${DNS_LABEL_MAX} characters.`;
  }
  // A count some build applies (statefulset.ts podCount), so its last pod is created.
  const last = lastOrdinal(podCount(sts, view));
  const longestPod = last === undefined ? undefined : `${name}-${last}`;
  if (longestPod && longestPod.length > DNS_LABEL_MAX) {
    return echo`StatefulSet name is too long for its pods: pod name has ${longestPod.length} characters, over ${DNS_LABEL_MAX}. A pod's hostname (its name, here '${longestPod}') must be a DNS label of at most ${DNS_LABEL_MAX}, so the API server rejects the pod. Use at most ${STATEFULSET_NAME_MAX} characters.`;
  }
  if (name.length > STATEFULSET_NAME_MAX) {
    return echo`StatefulSet name is ${name.length} characters long, over ${STATEFULSET_NAME_MAX}: pod creation can fail. Its pods get the label controller-revision-hash: ${name}-<hash of up to 10 characters>, which must fit in 63 characters. Use at most ${STATEFULSET_NAME_MAX} characters.`;
  }
  return undefined;
}
