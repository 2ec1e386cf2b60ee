import { atLeast } from '../settings';
import type { Rule } from './rule';
import { isCheckable } from './rule';

/**
 * A StatefulSet without `spec.serviceName`: without it the pods get no subdomain and so
 * no stable per-pod DNS names, which is usually why a StatefulSet was chosen. The API
 * schema marks the field optional from Kubernetes 1.33 (k8s.io/api v0.33.0,
 * apps/v1/types.go: "+optional", commit "Mark StatefulSet's .spec.serviceName optional");
 * before, the OpenAPI schema lists it as required, so schema validators reject the
 * manifest: the message says so when `statefulManifests.kubernetesVersion` is older.
 */
export const serviceNameMissing: Rule = {
  id: 'service-name-missing',
  defaultSeverity: 'information',
  summary: 'A StatefulSet has no `spec.serviceName`, so its pods get no stable DNS names.',
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const spec = sts.statefulSet;
    if (!spec || spec.serviceName || spec.serviceNameUnreadable || !isCheckable(sts)) return;
    const optional = atLeast(workspace.settings.kubernetesVersion, 1, 33);
    report({
      range: (sts.name ?? sts.kind).range,
      message: optional
        ? 'This StatefulSet has no spec.serviceName, so its pods get no stable DNS names. Name a headless Service that selects its pods.'
        : 'This StatefulSet has no spec.serviceName, which the API schema requires before Kubernetes 1.33. Name a headless Service that selects its pods.',
    });
  },
};
