import { describeLabel, labelMap, mapSelectorMismatch } from '../labels';
import { controllerLabelKeys } from '../controllerLabels';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { endpointSelector, governingService } from './serviceLookup';

/**
 * The governing Service's selector does not select the StatefulSet's pods, so its
 * endpoints (and the DNS records made from them) never include these pods. A Service
 * without a selector manages no endpoints itself and is left alone. Labels the
 * controller adds to each pod (pod name, pod index, revision hash) are not in the
 * template: a selector entry on them is not a difference the template can show.
 */
export const serviceSelectorMismatch: Rule = {
  id: 'service-selector-mismatch',
  defaultSeverity: 'warning',
  summary: "The governing Service's selector does not select the StatefulSet's pod template labels.",
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const serviceName = sts.statefulSet?.serviceName;
    const template = sts.podTemplate;
    if (!serviceName || !template || !isCheckable(sts)) return;
    if (!template.labels?.exact && template.labels !== undefined) return;
    const service = governingService(sts, workspace);
    const selector = service && endpointSelector(service);
    if (!service || !selector || !selector.exact || !isCheckable(service) || selector.entries.length === 0) return;
    const controllerLabels = controllerLabelKeys('StatefulSet');
    const differences = mapSelectorMismatch(selector, labelMap(template.labels)).filter((d) => !controllerLabels.has(d.key));
    if (differences.length === 0) return;
    const wanted = differences.map((d) => `${d.key}: ${d.expected}`).join(', ');
    const actual = differences.map((d) => describeLabel(d.key, d.actual)).join(', ');
    report({
      range: serviceName.range,
      message: `Service '${serviceName.value}' selects ${wanted}, but the pod template of StatefulSet '${sts.name?.value ?? '?'}' has ${actual}: the Service's endpoints and DNS records will not include these pods.`,
      related: [{ uri: service.uri, range: selector.range, message: `selector of Service '${serviceName.value}'` }],
      data: { serviceName: serviceName.value, namespace: sts.namespace, differences },
    });
  },
};
