import { labelMap, mapSelectorMismatch } from '../labels';
import type { LabelSet, Resource } from '../model';
import { podOrdinals } from '../statefulset';
import type { Rule } from './rule';
import { isCheckable } from './rule';

/** Labels the StatefulSet controller puts on each pod (pkg/controller/statefulset/stateful_set_utils.go). */
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Labels whose values only exist at run time: a selector on them cannot be judged here. */
const RUNTIME_LABELS = new Set(['controller-revision-hash', 'pod-template-hash', 'batch.kubernetes.io/controller-uid', 'controller-uid']);

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
    const selector = service.service?.selector;
    const keyRange = service.service?.selectorKeyRange;
    if (!selector || !keyRange || !selector.exact || selector.entries.length === 0 || !isCheckable(service)) return;
    if (selector.entries.some((e) => RUNTIME_LABELS.has(e.key.value))) return;
    const templates = workspace.podTemplatesIn(service.namespace);
    if (templates.length === 0) return;
    for (const workload of templates) {
      if (!isCheckable(workload) || (workload.podTemplate?.labels && !workload.podTemplate.labels.exact)) return;
      if (podLabelSets(workload).some((labels) => mapSelectorMismatch(selector, labels).length === 0)) return;
    }
    const wanted = selector.entries.map((e) => `${e.key.value}: ${e.value.value}`).join(', ');
    report({
      range: keyRange,
      message: `No pod template in namespace '${service.namespace}' has the labels ${wanted}: this Service selects no pods the workspace knows of (labels set at run time are not seen here).`,
    });
  },
};

/**
 * The label sets a workload's pods can have. StatefulSet pods also carry their pod
 * name and index labels, so a Service can select one pod by ordinal.
 */
function podLabelSets(workload: Resource): Map<string, string>[] {
  const base = labelMap(workload.podTemplate?.labels as LabelSet | undefined);
  if (workload.kind.value !== 'StatefulSet' || !workload.name) return [base];
  const sets: Map<string, string>[] = [];
  for (const ordinal of podOrdinals(workload, 10_000)) {
    const labels = new Map(base);
    labels.set(POD_NAME_LABEL, `${workload.name.value}-${ordinal}`);
    labels.set(POD_INDEX_LABEL, String(ordinal));
    sets.push(labels);
  }
  return sets.length ? sets : [base];
}
