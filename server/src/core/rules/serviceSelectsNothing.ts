import { controllerLabelMatch } from '../controllerLabels';
import { labelMap } from '../labels';
import type { LabelSet, Resource } from '../model';
import { ordinalExists, podCount } from '../statefulset';
import type { WorkspaceView } from '../workspace';
import type { Rule } from './rule';
import { podTemplateCandidates, podTemplatesOf } from './podTemplates';
import { isCheckable } from './rule';
import { endpointSelector, isCoreService } from './serviceLookup';

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
    if (service.kustomizeLabels) return; // the selector as built has labels a kustomization adds
    const templates = podTemplatesOf(workspace, service.namespace);
    if (templates.all.length === 0 || templates.unreadable) return;
    if (podTemplateCandidates(templates, selector).some((workload) => selectsSomePod(selector, workload, workspace))) return;
    const wanted = selector.entries.map((e) => `${e.key.value}: ${e.value.value}`).join(', ');
    report({
      range: keyRange,
      message: `No pod template in namespace '${service.namespace}' has the labels ${wanted}: this Service selects no pods the workspace knows of (labels set at run time are not seen here).`,
    });
  },
};

/**
 * Whether the selector may match at least one of the workload's pods: each entry is
 * in the template's labels, or is a label the workload's controller adds to its pods
 * (controllerLabels.ts). A value known only at run time (a hash, a UID) may match
 * any pod. StatefulSet pods carry their pod name and index, so a Service can select one
 * pod by ordinal; that pod must exist, as statefulset.ts `ordinalExists` says (the same
 * answer dns-name-unresolved gets).
 */
function selectsSomePod(selector: LabelSet, workload: Resource, view: WorkspaceView): boolean {
  const labels = labelMap(workload.podTemplate?.labels);
  let ordinal: number | undefined;
  for (const { key, value } of selector.entries) {
    if (labels.get(key.value) === value.value) continue;
    // A label written in the template with another value may still be the controller's:
    // StatefulSet and DaemonSet controllers overwrite theirs, and the API server rejects a
    // Job whose template gives job-name another value (ValidateGeneratedSelector).
    const match = controllerLabelMatch(workload, key.value, value.value);
    if (match === 'none' || (typeof match === 'number' && ordinal !== undefined && ordinal !== match)) return false;
    if (typeof match === 'number') ordinal = match;
  }
  return ordinal === undefined || ordinalExists(podCount(workload, view), ordinal) !== false;
}
