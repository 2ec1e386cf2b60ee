import type { LabelSet, Resource } from '../model';
import { isTemplated } from '../template';
import type { WorkspaceView } from '../workspace';

/**
 * The Service that governs a StatefulSet: `spec.serviceName` names a Service in the
 * StatefulSet's own namespace (the pods' `subdomain` is looked up there:
 * https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-hostname-and-subdomain-fields).
 * With several of that name in the workspace (overlays, copies), the first one that
 * could be read completely stands for them.
 */
export function governingService(sts: Resource, workspace: WorkspaceView): Resource | undefined {
  const name = sts.statefulSet?.serviceName?.value;
  if (!name) return undefined;
  const candidates = coreServicesNamed(workspace, sts.namespace, name);
  return candidates.find((s) => !s.templated && !s.hasSyntaxErrors) ?? candidates[0];
}

/**
 * A Service of the core API group (`apiVersion: v1`). Other groups have kinds named
 * Service too (Knative's serving.knative.dev/v1 Service): they are not what a
 * StatefulSet's serviceName names, and the core validation and selector rules do not
 * apply to them.
 */
export function isCoreService(resource: Resource): boolean {
  return resource.kind.value === 'Service' && resource.apiVersion.value === 'v1';
}

/** Core v1 Services of a name in a namespace: the only ones a serviceName or a DNS name can mean. */
export function coreServicesNamed(view: WorkspaceView, namespace: string, name: string): Resource[] {
  return view.named('Service', namespace, name).filter(isCoreService);
}

/** Core v1 Services in a namespace. */
export function coreServicesIn(view: WorkspaceView, namespace: string): Resource[] {
  return view.inNamespace('Service', namespace).filter(isCoreService);
}

/** Why a Service gives pods no per-pod DNS names, or undefined when it is headless. */
export function notHeadlessReason(service: Resource): string | undefined {
  const spec = service.service;
  if (!spec || spec.headlessUnknown) return undefined;
  if (isTemplated(spec.type?.value ?? '') || isTemplated(spec.clusterIP?.value ?? '')) return undefined;
  if (spec.type?.value === 'ExternalName') return 'it is of type ExternalName (a CNAME, no endpoints)';
  const clusterIP = spec.clusterIP?.value;
  if (clusterIP === 'None') return undefined;
  // Absent or "" both mean "allocate one" (ServiceSpec.clusterIP: "Valid values are
  // "None", empty string (""), or a valid IP address").
  if (clusterIP === undefined || clusterIP === '') return 'it has no `clusterIP: None`, so it gets a cluster IP';
  return `its clusterIP is ${clusterIP}, not None`;
}

/**
 * The selector the endpoint controllers act on: none for an ExternalName Service
 * (ServiceSpec.selector: "Ignored if type is ExternalName"; the EndpointSlice
 * controller's syncService skips ExternalName Services).
 */
export function endpointSelector(service: Resource): LabelSet | undefined {
  const spec = service.service;
  return spec?.type?.value === 'ExternalName' ? undefined : spec?.selector;
}
