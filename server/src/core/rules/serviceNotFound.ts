import { echo } from '../abbreviate';
import { PLAIN } from '../markdown';
import { rangeInScalar } from '../scalarRange';
import type { Rule } from './rule';
import { dependentNames, serviceIsMissing } from './followsFrom';
import { isCoreService } from './serviceLookup';
import { servicesSimilarTo } from './similarServices';

/**
 * `spec.serviceName` names no Service in the StatefulSet's namespace. The pods'
 * subdomain is resolved in their own namespace only, so a Service of that name
 * elsewhere does not help: the message says where it is.
 *
 * Nothing is said while a Service of the namespace has a name that cannot be read
 * here (its `metadata` is an alias, the name comes from a template, or it is still
 * being typed), or one a kustomization renames (`namePrefix` / `nameSuffix`) to the
 * name written: it may be the one named (followsFrom.ts serviceIsMissing).
 *
 * The DNS names in strings that do not resolve only because of this (followsFrom.ts)
 * are listed in the related information, not reported again by dns-name-unresolved.
 */
export const serviceNotFound: Rule = {
  id: 'service-not-found',
  defaultSeverity: 'warning',
  summary: "A StatefulSet's `spec.serviceName` names no Service in its namespace.",
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const serviceName = sts.statefulSet?.serviceName;
    if (!serviceName || !serviceIsMissing(sts, workspace)) return;
    const elsewhere = workspace.namedAnywhere('Service', serviceName.value).filter((s) => isCoreService(s) && s.namespace !== sts.namespace);
    const stsName = sts.name?.value ?? 'this StatefulSet';
    const message = elsewhere.length > 0
      ? echo`Service '${serviceName.value}' is in namespace ${listNamespaces(elsewhere.map((s) => s.namespace))}, not '${sts.namespace}'. A StatefulSet's governing Service must be in its own namespace.`
      : echo`No Service named '${serviceName.value}' in namespace '${sts.namespace}'. The pods of StatefulSet '${stsName}' get their DNS names from a headless Service of this name.`;
    // Services of the namespace the name may have meant: where to look, not a guess of the fix.
    const similar = elsewhere.length > 0 ? [] : servicesSimilarTo(workspace, sts.namespace, serviceName.value).slice(0, MAX_SIMILAR);
    const dependents = dependentNames(sts, workspace);
    report({
      range: serviceName.range,
      message: dependents.length === 0 ? message : echo`${message} ${dependents.length === 1 ? 'One DNS name depends' : echo`${dependents.length} DNS names depend`} on it (see below).`,
      related: [
        ...elsewhere.map((s) => ({ uri: s.uri, range: (s.name ?? s.kind).range, message: echo`Service '${serviceName.value}' in namespace '${s.namespace}'` })),
        ...similar.map((s) => ({ uri: s.uri, range: s.name!.range, message: echo`Service '${s.name!.value}' in this namespace has a similar name` })),
        ...dependents.map((d) => ({
          uri: d.resource.uri,
          range: rangeInScalar(d.scalar, d.match.start, d.match.end),
          message: echo`${PLAIN.name(d.match.text)} will not resolve until serviceName is fixed`,
        })),
      ],
      data: { serviceName: serviceName.value, namespace: sts.namespace },
    });
  },
};

const MAX_SIMILAR = 3;

function listNamespaces(namespaces: string[]): string {
  return [...new Set(namespaces)].map((n) => echo`'${n}'`).join(', ');
}
