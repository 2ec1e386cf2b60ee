import { labelMap } from '../labels';
import type { LabelSet, Resource } from '../model';
import { firstOrdinal, POD_INDEX_LABEL, POD_NAME_LABEL, replicaCount, REVISION_LABEL } from '../statefulset';
import type { Rule } from './rule';
import { podTemplateCandidates, podTemplatesOf } from './podTemplates';
import { isCheckable } from './rule';
import { endpointSelector, isCoreService } from './serviceLookup';

/** Labels whose values only exist at run time: a selector on them cannot be judged here. */
const RUNTIME_LABELS = new Set([REVISION_LABEL, 'pod-template-hash', 'batch.kubernetes.io/controller-uid', 'controller-uid']);

/**
 * A Service selector that matches no pod template known in the Service's namespace.
 * Only a hint: labels are often added at run time (an operator's `role: primary`), and
 * the workspace may not hold every workload. Said only when the namespace has at least
 * one pod template the core could read, and none of them could match.
 */
export const serviceSelectsNothing: Rule = {
  id: 'service-selects-nothing',
  defaultSeverity: 'hint',
  summary: "A Service's selector matches no pod template in its namespace known to the workspace.",
  kinds: ['Service'],
  check(service, { workspace, report }) {
    const selector = endpointSelector(service);
    const keyRange = service.service?.selectorKeyRange;
    if (!selector || !keyRange || !selector.exact || selector.entries.length === 0 || !isCheckable(service) || !isCoreService(service)) return;
    if (selector.entries.some((e) => RUNTIME_LABELS.has(e.key.value))) return;
    const templates = podTemplatesOf(workspace, service.namespace);
    if (templates.all.length === 0 || templates.unreadable) return;
    if (podTemplateCandidates(templates, selector).some((workload) => selectsSomePod(selector, workload))) return;
    const wanted = selector.entries.map((e) => `${e.key.value}: ${e.value.value}`).join(', ');
    report({
      range: keyRange,
      message: `No pod template in namespace '${service.namespace}' has the labels ${wanted}: this Service selects no pods the workspace knows of (labels set at run time are not seen here).`,
    });
  },
};

/**
 * Whether the selector matches at least one of the workload's pods. StatefulSet pods
 * also carry their pod name and index labels, so a Service can select one pod by
 * ordinal; that pod must exist (ordinal within `ordinals.start` + `replicas`).
 */
function selectsSomePod(selector: LabelSet, workload: Resource): boolean {
  const labels = labelMap(workload.podTemplate?.labels);
  const isStatefulSet = workload.kind.value === 'StatefulSet' && !!workload.name;
  let ordinal: number | undefined;
  for (const { key, value } of selector.entries) {
    if (labels.get(key.value) === value.value) continue;
    if (!isStatefulSet || labels.has(key.value)) return false;
    const wanted = podOrdinalFromLabel(key.value, value.value, workload.name!.value);
    if (wanted === undefined || (ordinal !== undefined && ordinal !== wanted)) return false;
    ordinal = wanted;
  }
  if (ordinal === undefined || workload.statefulSet?.podCountUnknown) return true;
  const start = firstOrdinal(workload);
  return ordinal >= start && ordinal < start + replicaCount(workload);
}

/** The ordinal a pod-name or pod-index label value names, if it is one of this StatefulSet's pods. */
function podOrdinalFromLabel(key: string, value: string, stsName: string): number | undefined {
  let digits: string | undefined;
  if (key === POD_INDEX_LABEL) digits = value;
  else if (key === POD_NAME_LABEL && value.startsWith(`${stsName}-`)) digits = value.slice(stsName.length + 1);
  return digits !== undefined && /^(0|[1-9]\d*)$/.test(digits) ? Number(digits) : undefined;
}
