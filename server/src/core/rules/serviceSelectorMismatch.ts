import { echo } from '../abbreviate';
import { describeLabel } from '../labels';
import type { Rule } from './rule';
import { governingService, podSelection } from './serviceLookup';

/**
 * The governing Service's selector does not select the StatefulSet's pods, so its
 * endpoints (and the DNS records made from them) never include these pods. A Service
 * without a selector manages no endpoints itself and is left alone (the DNS hover says
 * so, as a hint, not a finding). What counts as selecting is {@link podSelection}'s,
 * shared with the hovers.
 */
export const serviceSelectorMismatch: Rule = {
  id: 'service-selector-mismatch',
  defaultSeverity: 'warning',
  summary: "The governing Service's selector does not select the StatefulSet's pod template labels.",
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const serviceName = sts.statefulSet?.serviceName;
    const service = serviceName && governingService(sts, workspace);
    if (!serviceName || !service) return;
    const selection = podSelection(service, sts);
    if (selection.state !== 'mismatch') return;
    const { differences, selector } = selection;
    const wanted = differences.map((d) => echo`${d.key}: ${d.expected}`).join(', ');
    const actual = differences.map((d) => describeLabel(d.key, d.actual)).join(', ');
    report({
      range: serviceName.range,
      message: echo`Service '${serviceName.value}' does not select these pods. It selects ${wanted}, but the pod template of StatefulSet '${sts.name?.value ?? '?'}' has ${actual}: the Service's endpoints and DNS records will not include these pods.`,
      related: [{ uri: service.uri, range: selector.range, message: echo`selector of Service '${serviceName.value}'` }],
      data: { serviceName: serviceName.value, namespace: sts.namespace, differences },
    });
  },
};
