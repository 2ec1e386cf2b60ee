import { expandBounded, referencedNames, type Expansion } from './envExpansion';
import type { Container, Resource } from './model';
import { POD_INDEX_LABEL, POD_NAME_LABEL } from './controllerLabels';
import { podCount, podOrdinals } from './statefulset';
import type { WorkspaceView } from './workspace';

/** What the downward API gives a pod that is known before it runs. */
export interface PodIdentity {
  /** Pod name: known for StatefulSet pods (`<sts>-<ordinal>`), not for Deployment pods. */
  name?: string;
  namespace: string;
  ordinal?: number;
}

export interface ExpandedEnvValue {
  value: string;
  /** `value` is only the first EXPANSION_LIMIT characters of what the kubelet makes. */
  truncated: boolean;
  /** Variables defined before, whose value is only known at run time (secrets, configMaps, other fields). */
  runtime: string[];
  /** Variables not defined before this entry: their references stay as written. */
  notDefined: string[];
}

/** `valueFrom.fieldRef.fieldPath` values the manifest already decides for a pod. */
function fieldValue(fieldPath: string, pod: PodIdentity): string | undefined {
  const label = /^metadata\.labels\[['"](.+)['"]\]$/.exec(fieldPath)?.[1];
  if (fieldPath === 'metadata.namespace') return pod.namespace;
  if (fieldPath === 'metadata.name' || label === POD_NAME_LABEL) return pod.name;
  if (label === POD_INDEX_LABEL) return pod.ordinal === undefined ? undefined : String(pod.ordinal);
  return undefined;
}

/**
 * The value env entry `index` gets in a pod, as the kubelet computes it
 * (makeEnvironmentVariables): entries before it are defined in order, each `value`
 * expanded against what came before; `valueFrom.fieldRef` gives the pod's own fields.
 * What is known only at run time (envFrom, secrets, other fields) stays `$(NAME)`.
 */
export function expandEnvForPod(container: Container, index: number, pod: PodIdentity): ExpandedEnvValue {
  const known = new Map<string, Expansion>();
  const runtime = new Set<string>();
  const define = (name: string, value: Expansion | undefined) => {
    if (value === undefined) {
      known.delete(name);
      runtime.add(name);
    } else {
      known.set(name, value);
      runtime.delete(name);
    }
  };
  const lookup = (name: string) => known.get(name);
  for (const variable of container.env.slice(0, index)) {
    const name = variable.name.value;
    if (variable.value && variable.value.value !== '') define(name, expandBounded(variable.value.value, lookup));
    else if (variable.fieldPath) define(name, whole(fieldValue(variable.fieldPath.value, pod)));
    else if (variable.hasValueFrom) define(name, undefined);
    else define(name, { value: '', truncated: false });
  }
  const raw = container.env[index]?.value?.value ?? '';
  const names = referencedNames(raw);
  return {
    ...expandBounded(raw, lookup),
    runtime: names.filter((n) => runtime.has(n)),
    notDefined: names.filter((n) => !known.has(n) && !runtime.has(n)),
  };
}

function whole(value: string | undefined): Expansion | undefined {
  return value === undefined ? undefined : { value, truncated: false };
}

/**
 * The part of an expanded value in which DNS names may be looked for: all of it, or, when
 * it was cut, up to the last character that cannot be part of a name, so a name cut in
 * the middle (`web-0.we`) is never read as a name of its own.
 */
export function wholeWordsOf(expanded: { value: string; truncated: boolean }): string {
  if (!expanded.truncated) return expanded.value;
  const match = /[^A-Za-z0-9._-][A-Za-z0-9._-]*$/.exec(expanded.value);
  return match ? expanded.value.slice(0, match.index) : '';
}

/**
 * The identities of a workload's first pods: StatefulSet pods have known names and
 * ordinals; any other pod only its namespace (one entry, labelled "each pod").
 */
export function firstPods(resource: Resource, limit: number, view: WorkspaceView): { label: string; identity: PodIdentity }[] {
  const stsName = resource.kind.value === 'StatefulSet' ? resource.name?.value : undefined;
  if (!stsName) return [{ label: 'each pod', identity: { namespace: resource.namespace } }];
  return podOrdinals(podCount(resource, view), limit).map((ordinal) => {
    const name = `${stsName}-${ordinal}`;
    return { label: name, identity: { name, namespace: resource.namespace, ordinal } };
  });
}
