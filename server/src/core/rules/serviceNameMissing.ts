import type { Rule } from './rule';
import { isCheckable } from './rule';

/**
 * A StatefulSet without `spec.serviceName`: the field is optional in apps/v1, but
 * without it the pods get no subdomain and so no stable per-pod DNS names, which is
 * usually why a StatefulSet was chosen.
 */
export const serviceNameMissing: Rule = {
  id: 'service-name-missing',
  defaultSeverity: 'information',
  summary: 'A StatefulSet has no `spec.serviceName`, so its pods get no stable DNS names.',
  kinds: ['StatefulSet'],
  check(sts, { report }) {
    const spec = sts.statefulSet;
    if (!spec || spec.serviceName || spec.serviceNameUnreadable || !isCheckable(sts)) return;
    report({
      range: (sts.name ?? sts.kind).range,
      message: `This StatefulSet has no spec.serviceName, so its pods get no stable DNS names. Name a headless Service that selects its pods.`,
    });
  },
};
