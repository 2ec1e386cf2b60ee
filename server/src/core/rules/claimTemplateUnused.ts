import { echo } from '../abbreviate';
import type { Rule } from './rule';
import { isPodSpecCheckable } from './rule';

/**
 * A StatefulSet `volumeClaimTemplates` entry that no container mounts (`volumeMounts` or
 * `volumeDevices`): each pod still gets a PersistentVolumeClaim of that name, storage
 * allocated and never used. The API documents the intent: "Every claim in this list must
 * have at least one matching (by name) volumeMount in one container in the template"
 * (k8s.io/api apps/v1 StatefulSetSpec.volumeClaimTemplates). A hint: silent when any
 * container or mount list cannot be read.
 */
export const claimTemplateUnused: Rule = {
  id: 'claim-template-unused',
  defaultSeverity: 'hint',
  summary: 'A StatefulSet `volumeClaimTemplates` entry that no container mounts: every pod gets a volume claim it never uses.',
  kinds: ['StatefulSet'],
  check(sts, { report }) {
    const template = sts.podTemplate;
    const claims = sts.statefulSet?.volumeClaimTemplates;
    if (!isPodSpecCheckable(sts) || !template?.exact || !claims || claims.names.length === 0) return;
    if (template.containers.some((c) => !c.volumeMountsExact)) return;
    const mounted = new Set(template.containers.flatMap((c) => c.volumeMounts.map((m) => m.name.value)));
    for (const claim of claims.names) {
      if (mounted.has(claim.value)) continue;
      report({
        range: claim.range,
        message: echo`No container mounts claim template '${claim.value}': each pod gets a volume claim it never uses.`,
      });
    }
  },
};
