import { echo } from '../abbreviate';
import { labelMap } from '../labels';
import type { LabelSet, Resource } from '../model';
import { podsSelectedByLabels } from '../selectors';
import type { WorkspaceView } from '../workspace';
import type { Rule } from './rule';
import { podTemplateCandidates, podTemplatesOf, templatesWithSomeEntry } from './podTemplates';
import { isCheckable } from './rule';
import { selectsNothingFollowsFromMismatch } from './followsFrom';
import { endpointSelector, isCoreService } from './serviceLookup';

/**
 * A Service selector that matches no pod template known in the Service's namespace.
 * A warning (docs/rules/service-selects-nothing.md has the corpus evidence): a Service
 * without endpoints is usually a typo. Information only when a workload has every other
 * entry of the selector and lacks the rest entirely: a label set at run time (an
 * operator's `role: primary`). Said only when the namespace has at least one pod
 * template the core could read, and none of them could match.
 */
export const serviceSelectsNothing: Rule = {
  id: 'service-selects-nothing',
  defaultSeverity: 'warning',
  summary: "A Service's selector matches no pod template in its namespace known to the workspace.",
  kinds: ['Service'],
  check(service, { workspace, report }) {
    const selector = endpointSelector(service);
    const keyRange = service.service?.selectorKeyRange;
    if (!selector || !keyRange || !selector.exact || selector.entries.length === 0 || !isCheckable(service) || !isCoreService(service)) return;
    if (service.kustomizeLabels) return; // the selector as built has labels a kustomization adds
    const templates = podTemplatesOf(workspace, service.namespace);
    if (templates.none || templates.unreadable) return;
    if (podTemplateCandidates(templates, selector).some((workload) => selectsSomePod(selector, workload, workspace))) return;
    // The StatefulSet it governs already reports this selector (followsFrom.ts).
    if (selectsNothingFollowsFromMismatch(service, workspace)) return;
    const wanted = selector.entries.map((e) => echo`${e.key.value}: ${e.value.value}`).join(', ');
    const runtime = runtimeLabelsMayMatch(selector, templatesWithSomeEntry(templates, selector));
    report({
      range: keyRange,
      // Every template is read only for this rare message: a workload or several.
      message: runtime
        ? echo`This Service selects no pod unless ${runtime.join(', ')} is set at run time. Pods of ${templates.all().length === 1 ? 'the workload' : 'a workload'} in namespace '${service.namespace}' have the other labels of ${wanted}, but not ${runtime.join(', ')} (an operator or sidecar may add it).`
        : echo`This Service selects no pod of the workspace. No pod template in namespace '${service.namespace}' has the labels ${wanted}.`,
      severity: runtime ? 'information' : undefined,
    });
  },
};

/**
 * The selector keys a workload's template does not have at all while it has every other
 * entry of the selector: a label set at run time (an operator labelling the primary
 * `role: primary`), the intended pattern that makes this finding information, not a
 * warning. A key the template has with another value is a typo, never this.
 */
function runtimeLabelsMayMatch(selector: LabelSet, workloads: readonly Resource[]): string[] | undefined {
  for (const workload of workloads) {
    const labels = labelMap(workload.podTemplate?.labels);
    const absent = selector.entries.filter((e) => !labels.has(e.key.value));
    const rest = selector.entries.filter((e) => labels.has(e.key.value));
    if (absent.length > 0 && rest.length > 0 && rest.every((e) => labels.get(e.key.value) === e.value.value)) {
      return absent.map((e) => e.key.value);
    }
  }
  return undefined;
}

/**
 * Whether the selector may match at least one of the workload's pods, as selectors.ts
 * decides for every feature: each entry is in the template's labels, or is a label the
 * workload's controller adds to its pods (a value known only at run time may match any
 * pod; a StatefulSet pod name or index selects one pod, which must exist).
 */
function selectsSomePod(selector: LabelSet, workload: Resource, view: WorkspaceView): boolean {
  return podsSelectedByLabels(selector.entries, [], workload, view) !== 'none';
}
