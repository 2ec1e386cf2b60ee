import { echo } from '../abbreviate';
import { isEmptySelector } from '../labels';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { podTemplatesOf } from './podTemplates';
import { templatesSelectedBy } from './podSelection';

/**
 * A PodDisruptionBudget whose selector matches no pod template of its namespace: it
 * protects nothing (the disruption controller counts only the pods the selector selects,
 * pkg/controller/disruption). Said only when the namespace has pod templates and every
 * one of them could be read, like service-selects-nothing; an empty selector (every pod
 * in policy/v1) is left alone.
 */
export const pdbSelectsNothing: Rule = {
  id: 'pdb-selects-nothing',
  defaultSeverity: 'warning',
  summary: "A PodDisruptionBudget's selector matches no pod template of its namespace: it protects nothing.",
  kinds: ['PodDisruptionBudget'],
  check(pdb, { workspace, report }) {
    const selector = pdb.disruptionBudget?.selector;
    if (!selector || !isCheckable(pdb) || pdb.kustomizeLabels || isEmptySelector(selector)) return;
    if (podTemplatesOf(workspace, pdb.namespace).none) return;
    const selected = templatesSelectedBy(selector, pdb.namespace, workspace);
    if (!selected || selected.length > 0) return;
    report({
      range: selector.keyRange,
      message: echo`No pod template in namespace '${pdb.namespace}' matches this selector: the budget protects no pods.`,
    });
  },
};
