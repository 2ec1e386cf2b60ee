import { echo } from '../abbreviate';
import { POD_TEMPLATE_KINDS } from '../model';
import { capitalized, invalidPodSpecOutcome } from './podCreation';
import type { Rule } from './rule';
import { isPodSpecCheckable } from './rule';

/**
 * A container's `volumeMounts[].name` (or `volumeDevices[].name`) that names no volume
 * of the pod (and, in a StatefulSet, no `volumeClaimTemplates` entry, which the
 * controller adds to each pod as a volume of that name). Pod validation rejects it
 * (pkg/apis/core/validation/validation.go validateVolumeMounts: field.NotFound on
 * `volumeMounts[i].name` when the name is not among the pod's volumes). Silent when the
 * volumes or claim templates cannot all be read.
 */
export const volumeMountNotFound: Rule = {
  id: 'volume-mount-not-found',
  defaultSeverity: 'error',
  summary: 'A container mounts a volume that is neither a pod volume nor (in a StatefulSet) a `volumeClaimTemplates` entry: its pods cannot be created.',
  kinds: POD_TEMPLATE_KINDS,
  check(resource, { report }) {
    const template = resource.podTemplate;
    if (!isPodSpecCheckable(resource) || !template?.volumes?.exact) return;
    const claims = resource.statefulSet?.volumeClaimTemplates;
    if (resource.kind.value === 'StatefulSet' && !claims?.exact) return;
    const known = new Set([...template.volumes.names, ...(claims?.names ?? [])].map((n) => n.value));
    for (const container of template.containers) {
      for (const mount of container.volumeMounts) {
        if (known.has(mount.name.value)) continue;
        const where = resource.kind.value === 'StatefulSet' ? 'volume or claim template' : 'volume';
        report({
          range: mount.name.range,
          message: echo`No ${where} named '${mount.name.value}' in this pod. ${capitalized(invalidPodSpecOutcome(resource))}.`,
          data: { volume: mount.name.value },
        });
      }
    }
  },
};
