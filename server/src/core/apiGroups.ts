/**
 * API groups served by kube-apiserver itself, as listed by the API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/group-versions/; `core` is the
 * empty group, written `apiVersion: v1`), plus groups removed since that old manifests
 * still use (`extensions`, `settings.k8s.io`). An object of any other group is a custom
 * resource (or an aggregated API): what its controller does, such as creating pods, is
 * not known here.
 */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io',
  'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
  'storagemigration.k8s.io', 'extensions', 'settings.k8s.io',
]);

/** The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → the core group ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether the `apiVersion` belongs to a group built into Kubernetes (see {@link BUILT_IN_GROUPS}). */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  return BUILT_IN_GROUPS.has(apiGroup(apiVersion.trim()));
}
