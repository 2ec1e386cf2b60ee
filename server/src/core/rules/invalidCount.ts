import { echo } from '../abbreviate';
import type { Located } from '../types';
import { countProblem } from '../statefulset';
import type { Rule } from './rule';
import { isCheckable } from './rule';

/**
 * `spec.replicas` or `spec.ordinals.start` of a StatefulSet that the API server rejects:
 * both are int32 fields (the apps/v1 OpenAPI schema: `type: integer, format: int32`, so a
 * fraction or a number past 2147483647 does not decode), and ValidateStatefulSetSpec
 * (pkg/apis/apps/validation/validation.go) checks both with ValidateNonnegativeField.
 */
export const invalidCount: Rule = {
  id: 'invalid-count',
  defaultSeverity: 'error',
  summary: 'A StatefulSet `spec.replicas` or `spec.ordinals.start` that is negative, not a whole number, or past the int32 range: the API server rejects it.',
  kinds: ['StatefulSet'],
  check(resource, { report }) {
    const spec = resource.statefulSet;
    if (!spec || !isCheckable(resource)) return;
    const fields: [string, Located<number> | undefined][] = [['spec.replicas', spec.replicas], ['spec.ordinals.start', spec.ordinalsStart]];
    for (const [path, field] of fields) {
      const problem = field && countProblem(field.value);
      if (field && problem) report({ range: field.range, message: echo`${path} is ${problem}; the API server rejects it.` });
    }
  },
};
