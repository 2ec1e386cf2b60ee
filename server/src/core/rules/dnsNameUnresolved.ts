import { echo } from '../abbreviate';
import { dnsNamesIn, resolveDnsName } from '../dns';
import { PLAIN } from '../markdown';
import { rangeInScalar } from '../scalarRange';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { DNS_NAME_KINDS } from '../dnsNameKinds';
import { foldedInto } from './followsFrom';

/**
 * A cluster DNS name in a string (env value, args, ConfigMap data…) that will not
 * resolve, although the workspace knows what it is about: a pod name
 * `<sts>-<ordinal>.<svc>…` of a known StatefulSet whose ordinal is out of range or whose
 * service part is not the StatefulSet's `serviceName`; `<svc>.<ns>.svc…` where the
 * namespace has a StatefulSet whose serviceName it is, but not the Service; an SRV name
 * with a port name the known Service does not have. Names of things the workspace does
 * not know are left alone, and so are names in another zone than the cluster domain.
 * A name that fails only because of a StatefulSet's missing Service is listed by that
 * StatefulSet's service-not-found finding instead (followsFrom.ts).
 */
export const dnsNameUnresolved: Rule = {
  id: 'dns-name-unresolved',
  defaultSeverity: 'warning',
  summary: 'A cluster DNS name in a string names a pod or port that does not exist, or a Service missing beside its StatefulSet.',
  kinds: DNS_NAME_KINDS,
  check(resource, { workspace, report }) {
    if (!isCheckable(resource)) return;
    for (const candidate of resource.dnsCandidates) {
      for (const match of dnsNamesIn(candidate.value, resource.namespace, workspace)) {
        if (match.otherZone) continue;
        const resolution = resolveDnsName(match.ref, workspace);
        if (resolution.problems.length === 0 || foldedInto(resolution, workspace)) continue;
        const target = resolution.statefulSet ?? resolution.service;
        const [first, ...rest] = resolution.problems;
        const details = [first.detail, ...rest.flatMap((p) => [p.says, p.detail])].filter((p) => p !== undefined).map((p) => capitalize(p(PLAIN)));
        report({
          range: rangeInScalar(candidate, match.start, match.end),
          // What is wrong first (short); the name itself is under the squiggle.
          message: [capitalize(first.says(PLAIN)), echo`So ${PLAIN.name(match.text)} will not resolve.`, ...details].join(' '),
          related: target ? [{ uri: target.uri, range: (target.name ?? target.kind).range, message: echo`${target.kind.value} '${target.name?.value ?? '?'}'` }] : [],
          data: { name: match.text },
        });
      }
    }
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
