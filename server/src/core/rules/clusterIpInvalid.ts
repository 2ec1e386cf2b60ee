import { echo } from '../abbreviate';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { isCoreService, isMisspelledNone } from './serviceLookup';

/**
 * `clusterIP: none` (any case but `None`). The API server compares with `None` exactly;
 * any other value must be an IP address (pkg/apis/core/validation/validation.go
 * ValidateServiceClusterIPsRelatedFields, "clusterIPs stand alone validation": only
 * `core.ClusterIPNone` is accepted besides `IsValidIP`; the registry fills `clusterIPs`
 * from `clusterIP`), so the Service is rejected: an error, with a quick fix to `None`.
 * headlessness() calls such a Service unknown, so service-not-headless says nothing.
 */
export const clusterIpInvalid: Rule = {
  id: 'cluster-ip-invalid',
  defaultSeverity: 'error',
  summary: 'A Service `clusterIP` written `none` in another case than `None`: the API server rejects it.',
  kinds: ['Service'],
  check(service, { report }) {
    const clusterIP = service.service?.clusterIP;
    if (!clusterIP || !isCheckable(service) || !isCoreService(service) || !isMisspelledNone(clusterIP.value)) return;
    report({
      range: clusterIP.range,
      message: echo`clusterIP '${clusterIP.value}' is rejected by the API server: write None. Only None (that case), "" or an IP address is valid; the Service would not be created.`,
      data: { clusterIP: clusterIP.value },
    });
  },
};
