import { coreServicesNamed } from '../rules/serviceLookup';
import { WorkBudget, type Steps } from '../steps';
import type { Workspace, WorkspaceView } from '../workspace';
import { EditCollector, nameRefusal } from './collect';
import { IMMUTABLE_STATEFULSET_FIELD } from './confirmations';
import { dnsNameSiteSteps, RESOURCES_PER_RENAME_STEP } from './dnsNames';
import { where } from './sourceEdits';

/**
 * Renaming a Service: every core Service of that name in the namespace (copies and
 * overlay variants of one object), the `spec.serviceName` of each StatefulSet there that
 * names it and the `spec.subdomain` of each pod template there (both are resolved in the
 * pod's own namespace: dns-pod-service "A Pod's hostname and subdomain"), and the Service
 * label of every cluster DNS name, in any object, that resolves to it (`web-0.nginx`,
 * `nginx.db.svc.cluster.local`, `_http._tcp.nginx.db.svc…`, see dns.ts). A step at a
 * time ({@link RESOURCES_PER_RENAME_STEP} objects).
 */
export function* renameServiceSteps(workspace: Workspace, view: WorkspaceView, name: string, namespace: string, newName: string, edits: EditCollector): Steps<void> {
  const services = coreServicesNamed(view, namespace, name);
  if (services.length === 0) {
    edits.refuse(`No Service ${name} is known in namespace ${namespace}. Rename the Service itself, so nothing points at a missing one.`);
    return;
  }
  for (const service of services) {
    const refusal = nameRefusal(service);
    if (refusal) return edits.refuse(refusal);
    edits.add(service.uri, edits.source.scalar(service.uri, service.name!, newName, 'The Service name'));
  }
  const budget = new WorkBudget(RESOURCES_PER_RENAME_STEP);
  for (const sts of view.inNamespace('StatefulSet', namespace)) {
    if (budget.spend()) yield;
    const spec = sts.statefulSet;
    if (spec?.serviceNameUnreadable) {
      return edits.refuse(`The serviceName of StatefulSet ${sts.name?.value ?? ''} cannot be read (${where(sts.uri, sts.range)}). It comes from a template or an alias and may name this Service.`);
    }
    if (spec?.serviceName?.value === name) {
      edits.add(sts.uri, edits.source.scalar(sts.uri, spec.serviceName, newName, 'The serviceName'), IMMUTABLE_STATEFULSET_FIELD);
    }
  }
  for (const pod of view.podTemplatesIn(namespace)) {
    if (budget.spend()) yield;
    const subdomain = pod.podTemplate?.subdomain;
    if (subdomain?.value === name) edits.add(pod.uri, edits.source.scalar(pod.uri, subdomain, newName, 'The subdomain'));
  }
  const lower = name.toLowerCase();
  for (const { resource, scalar, match } of yield* dnsNameSiteSteps(workspace, view)) {
    if (match.ref.service !== lower || match.ref.namespace !== namespace) continue;
    edits.add(resource.uri, edits.source.span(resource.uri, scalar, match.serviceSpan.start, match.serviceSpan.end, newName));
  }
}
