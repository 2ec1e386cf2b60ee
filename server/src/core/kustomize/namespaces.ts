import type { Kustomization } from './kustomization';
import { runToEnd, type Steps } from './steps';
import { walkKustomizations } from './walk';

/**
 * The namespace kustomize gives to each listed file: file URI → namespace. A file gets
 * the `namespace:` of the outermost kustomization above it that has one. Files listed by
 * no kustomization with a namespace are absent.
 *
 * A file reached from several top-level kustomizations with different namespaces (a base
 * shared by overlays `dev` and `prod`) exists in each of them after `kustomize build`; the
 * workspace keeps one namespace per resource, so the first top-level kustomization in URI
 * order wins. Files of the same base always end up together, so a StatefulSet and its
 * Service in one base are looked up in the same namespace.
 */
export function kustomizeNamespaces(kustomizations: Iterable<Kustomization>): Map<string, string> {
  return new Map([...kustomizeNamespaceSources(kustomizations)].map(([uri, source]) => [uri, source.namespace]));
}

/** A namespace a kustomization gives, and the folder of the kustomization that gives it. */
export interface NamespaceSource {
  namespace: string;
  dir: string;
}

/** {@link kustomizeNamespaces} with the kustomization each namespace comes from, so hovers can name it. */
export function kustomizeNamespaceSources(kustomizations: Iterable<Kustomization>): Map<string, NamespaceSource> {
  return runToEnd(kustomizeNamespaceSourceSteps(kustomizations));
}

/** {@link kustomizeNamespaceSources} a step at a time (see ./steps.ts). */
export function* kustomizeNamespaceSourceSteps(kustomizations: Iterable<Kustomization>): Steps<Map<string, NamespaceSource>> {
  const result = new Map<string, NamespaceSource>();
  yield* walkKustomizations<NamespaceSource | undefined>(
    kustomizations,
    (k, outer) => outer ?? (k.namespace === undefined ? undefined : { namespace: k.namespace, dir: k.dir }),
    (source) => source?.namespace ?? '',
    (uri, source) => {
      if (source !== undefined && !result.has(uri)) result.set(uri, source);
    },
  );
  return result;
}

/**
 * Kinds that have no namespace, which kustomize's namespace transformer leaves alone.
 * The list is kustomize's `notNamespaceableKinds` (api/resid/gvk.go, v4; newer versions read
 * the same facts from the built-in OpenAPI document) plus cluster-scoped kinds added to
 * Kubernetes since (IngressClass, admission policies, flow control).
 */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding',
  'ComponentStatus', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'Namespace', 'Node',
  'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview', 'ValidatingWebhookConfiguration',
  'VolumeAttachment', 'IngressClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'FlowSchema', 'PriorityLevelConfiguration',
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
