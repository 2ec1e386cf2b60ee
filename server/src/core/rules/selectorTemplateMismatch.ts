import { echo } from '../abbreviate';
import { describeLabel, isEmptySelector, labelMap, selectorMismatch } from '../labels';
import { WORKLOAD_KINDS } from '../model';
import type { Rule } from './rule';
import { isCheckable } from './rule';

/**
 * The workload's `spec.selector` does not match `spec.template.metadata.labels`. The
 * API server rejects such an object: "selector does not match template labels"
 * (pkg/apis/apps/validation/validation.go, ValidateStatefulSetSpec and its siblings for
 * Deployment, ReplicaSet and DaemonSet). One finding per requirement that fails.
 *
 * An empty selector (no matchLabels entry, no matchExpressions) matches every template,
 * but apps/v1 rejects it too: "empty selector is invalid for statefulset" (same file,
 * `len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0` in each of
 * the four spec validations). Reported once, on the `selector` key.
 *
 * A missing selector is rejected as well: `if spec.Selector == nil { field.Required(
 * fldPath.Child("selector"), "") }` in the same functions. Only apps/v1: the older
 * apps/v1beta1 and extensions/v1beta1 defaulted the selector from the template labels.
 * Reported on the workload's name, like service-name-missing (the `spec` key when
 * there is no name).
 */
export const selectorTemplateMismatch: Rule = {
  id: 'selector-template-mismatch',
  defaultSeverity: 'error',
  summary: '`spec.selector` does not match `spec.template.metadata.labels` (the API server rejects it).',
  kinds: [...WORKLOAD_KINDS],
  check(workload, { report }) {
    const selector = workload.selector;
    const template = workload.podTemplate;
    if (!isCheckable(workload)) return;
    // A kustomization adds labels (commonLabels…) to the selector and/or the template
    // (creating the selector when there is none): not these.
    if (workload.kustomizeLabels) return;
    const kind = workload.kind.value;
    const name = workload.name?.value ?? '?';
    // Only a workload that looks complete: its template has labels. A strategic-merge
    // patch checked without its kustomization (a partial Deployment that only sets a
    // container image) has neither selector nor template labels, and is no error.
    const completeLooking = !!template?.labels?.exact && template.labels.entries.length > 0;
    if (workload.selectorAbsentAt && completeLooking && workload.apiVersion.value === 'apps/v1') {
      report({
        range: workload.name?.range ?? workload.selectorAbsentAt,
        message: echo`${kind} '${name}' has no spec.selector. apps/v1 requires one ("spec.selector: Required value"): add spec.selector.matchLabels with labels of the pod template.`,
      });
      return;
    }
    if (!selector || !selector.exact) return;
    if (isEmptySelector(selector) && workload.apiVersion.value === 'apps/v1') {
      report({
        range: selector.keyRange,
        message: echo`The selector of ${kind} '${name}' is empty. It has no matchLabels entry and no matchExpressions; the API server rejects an empty selector for a ${kind}: it would select every pod in the namespace.`,
      });
      return;
    }
    if (!template || !template.exact || (template.labels && !template.labels.exact)) return;
    const labels = labelMap(template.labels);
    const mismatch = selectorMismatch(selector, labels);
    if (!mismatch) return;
    for (const d of mismatch.labels) {
      const entry = selector.matchLabels?.entries.find((e) => e.key.value === d.key);
      if (!entry) continue;
      report({
        range: { start: entry.key.range.start, end: entry.value.range.end },
        message: echo`The pod template does not match the selector: it has ${describeLabel(d.key, d.actual)}. ${kind} '${name}' selects ${d.key}: ${d.expected}; the API server rejects a selector that does not match the template labels.`,
        data: { key: d.key, value: d.expected },
      });
    }
    for (const req of mismatch.expressions) {
      const actual = describeLabel(req.key.value, labels.get(req.key.value));
      const values = req.values.length ? echo` (${req.values.join(', ')})` : '';
      report({
        range: req.key.range,
        message: echo`The pod template does not match the selector: it has ${actual}. ${kind} '${name}' requires ${req.key.value} ${req.operator.value}${values}; the API server rejects a selector that does not match the template labels.`,
        data: { key: req.key.value, operator: req.operator.value, values: req.values },
      });
    }
  },
};
