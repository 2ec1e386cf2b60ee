import { echo } from '../abbreviate';
import { isEmptySelector, labelMap } from '../labels';
import { WORKLOAD_KINDS } from '../model';
import type { Rule } from './rule';
import { isPodSpecCheckable } from './rule';
import { selectorMayMatch, templatesSelectedBy } from './podSelection';

/**
 * A pod anti-affinity term or topology spread constraint whose label selector matches
 * none of the pods of the workload's namespace, the workload's own included. The
 * scheduler counts only the pods the selector matches (pod affinity: "a label query over
 * a set of resources, in this case pods"; topology spread: "used to find matching pods.
 * Pods that match this label selector are counted"), so the term never applies and the
 * replicas may all land in one node or zone. The usual cause is a copy of another app's
 * labels. Said only when the selector uses a label key the pods have (so it was meant
 * for them, with another value), the term looks at its own namespace only, and every pod
 * template there could be read.
 */
export const spreadSelectorMismatch: Rule = {
  id: 'spread-selector-mismatch',
  defaultSeverity: 'warning',
  summary: "A pod anti-affinity or topology spread selector matches none of its namespace's pods (not even the workload's own): it never spreads them.",
  kinds: [...WORKLOAD_KINDS],
  check(workload, { workspace, report }) {
    const template = workload.podTemplate;
    if (!template?.spreadTerms?.length || !isPodSpecCheckable(workload) || workload.kustomizeLabels || !template.labels?.exact) return;
    const own = labelMap(template.labels);
    for (const term of template.spreadTerms) {
      const { selector } = term;
      if (term.otherNamespaces || isEmptySelector(selector) || !selector.exact || selectorMayMatch(selector, workload)) continue;
      const keys = [...(selector.matchLabels?.entries.map((e) => e.key.value) ?? []), ...selector.matchExpressions.map((e) => e.key.value)];
      if (!keys.some((k) => own.has(k))) continue;
      const selected = templatesSelectedBy(selector, workload.namespace, workspace);
      if (!selected || selected.length > 0) continue;
      report({
        range: selector.keyRange,
        message: echo`This ${term.field.startsWith('topology') ? 'topology spread' : 'anti-affinity'} selector matches no pod in namespace '${workload.namespace}', not even these. It never spreads them.`,
        related: [{ uri: workload.uri, range: template.labels.range, message: 'the labels of these pods' }],
        data: { field: term.field },
      });
    }
  },
};
