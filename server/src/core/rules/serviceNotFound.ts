import type { Rule } from './rule';
import { isCheckable } from './rule';
import { coreServicesNamed, isCoreService, serviceMayBeNamed } from './serviceLookup';

/**
 * `spec.serviceName` names no Service in the StatefulSet's namespace. The pods'
 * subdomain is resolved in their own namespace only, so a Service of that name
 * elsewhere does not help: the message says where it is.
 *
 * Nothing is said while a Service of the namespace has a name that cannot be read
 * here (its `metadata` is an alias, the name comes from a template, or it is still
 * being typed), or one a kustomization renames (`namePrefix` / `nameSuffix`) to the
 * name written: it may be the one named.
 */
export const serviceNotFound: Rule = {
  id: 'service-not-found',
  defaultSeverity: 'warning',
  summary: "A StatefulSet's `spec.serviceName` names no Service in its namespace.",
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const serviceName = sts.statefulSet?.serviceName;
    if (!serviceName || !isCheckable(sts)) return;
    if (coreServicesNamed(workspace, sts.namespace, serviceName.value).length > 0) return;
    if (serviceMayBeNamed(workspace, sts.namespace, serviceName.value)) return;
    const elsewhere = workspace.namedAnywhere('Service', serviceName.value).filter((s) => isCoreService(s) && s.namespace !== sts.namespace);
    const stsName = sts.name?.value ?? 'this StatefulSet';
    const message = elsewhere.length > 0
      ? `Service '${serviceName.value}' is in namespace ${listNamespaces(elsewhere.map((s) => s.namespace))}, not in '${sts.namespace}' where StatefulSet '${stsName}' is: the governing Service must be in the StatefulSet's namespace.`
      : `No Service named '${serviceName.value}' in namespace '${sts.namespace}': the pods of StatefulSet '${stsName}' get their DNS names from a headless Service of this name. Create it, or fix the name.`;
    report({
      range: serviceName.range,
      message,
      related: elsewhere.map((s) => ({ uri: s.uri, range: (s.name ?? s.kind).range, message: `Service '${serviceName.value}' in namespace '${s.namespace}'` })),
      data: { serviceName: serviceName.value, namespace: sts.namespace },
    });
  },
};

function listNamespaces(namespaces: string[]): string {
  return [...new Set(namespaces)].map((n) => `'${n}'`).join(', ');
}
