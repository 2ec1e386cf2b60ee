import { removalOf, REMOVAL_KINDS } from '../removedApis';
import { formatVersion } from '../settings';
import type { Rule } from './rule';
import { isCheckable } from './rule';

/**
 * An apiVersion the target Kubernetes version (`statefulManifests.kubernetesVersion`)
 * no longer serves: `kubectl apply` fails with "no matches for kind … in version …".
 * See ../removedApis.ts for the table and its sources.
 */
export const removedApiVersion: Rule = {
  id: 'removed-api-version',
  defaultSeverity: 'error',
  summary: 'An `apiVersion` the target Kubernetes version no longer serves (e.g. `apps/v1beta1` StatefulSets, removed in 1.16), with its replacement.',
  kinds: REMOVAL_KINDS,
  check(resource, { workspace, report }) {
    if (!isCheckable(resource)) return;
    const removal = removalOf(resource.apiVersion.value, resource.kind.value);
    const target = workspace.settings.kubernetesVersion;
    if (!removal || target.major !== 1 || target.minor < removal.removedIn) return;
    const what = `${removal.apiVersion} ${removal.kind}`;
    const also = removal.alsoChange?.(resource);
    const instead = removal.replacement ? `; use ${removal.replacement}.` : ', with no replacement.';
    report({
      range: resource.apiVersion.range,
      message: `${what} was removed in Kubernetes 1.${removal.removedIn}${instead}${also ? ` ${also}` : ''}`,
      data: {
        target: formatVersion(target),
        // Only the apiVersion must change: the quick fix may rewrite it.
        ...(removal.replacement && removal.alsoChange && !also ? { replacement: removal.replacement } : {}),
      },
    });
  },
};
