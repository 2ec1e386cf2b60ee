import type { Resource } from './model';
/**
 * Name formats of k8s.io/apimachinery/pkg/util/validation/validation.go.
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_LABEL_MAX = 63;

/**
 * The StatefulSet controller labels each pod `controller-revision-hash: <name>-<hash>`
 * (pkg/controller/history/controller_history.go ControllerRevisionName; the hash is a
 * uint32 written with up to 10 characters), and label values are at most 63
 * characters: 63 - 1 - 10 = 52 is the longest name whose pods can always be created
 * (kubernetes/kubernetes#64023).
 */
export const STATEFULSET_NAME_MAX = 52;

/** "StatefulSet web": an object as findings, hints and refusals name it. */
export function kindAndName(r: Pick<Resource, 'kind' | 'name'>): string {
  return `${r.kind.value} ${r.name?.value ?? '(unnamed)'}`;
}
