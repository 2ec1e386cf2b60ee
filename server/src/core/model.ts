import type { Located, Range } from './types';

/**
 * The Kubernetes model the rules, hovers and completions read. It is extracted once
 * per YAML document and keeps only what the features need, each value with the range
 * of its node, so the YAML syntax tree can be dropped after parsing.
 *
 * `exact: false` on a label set or selector means the source has something the core
 * cannot evaluate (an alias, a merge key, a template, a non-scalar value): rules then
 * say nothing about it rather than guess.
 */

export interface LabelEntry {
  key: Located;
  value: Located;
}

export interface LabelSet {
  range: Range;
  entries: LabelEntry[];
  exact: boolean;
}

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: Located;
  operator: Located<SelectorOperator>;
  values: string[];
  /** The same values with their ranges, as read from a manifest (for rename). */
  valueNodes?: Located[];
  range: Range;
}

export interface LabelSelector {
  /** Range of the `selector` map. */
  range: Range;
  /** Range of the `selector` key, a one-line anchor for the finding. */
  keyRange: Range;
  matchLabels?: LabelSet;
  matchExpressions: SelectorRequirement[];
  exact: boolean;
}

export interface ContainerPort {
  name?: Located;
  containerPort?: Located<number>;
  protocol: string;
  range: Range;
}

export interface EnvVar {
  name: Located;
  value?: Located;
  /** `valueFrom.fieldRef.fieldPath`, when that is where the value comes from. */
  fieldPath?: Located;
  /** The variable comes from somewhere else (secret, configMap, resourceFieldRef). */
  hasValueFrom: boolean;
  range: Range;
}

/** A container's `volumeMounts[]` or `volumeDevices[]` entry: the volume it names. */
export interface VolumeMount {
  name: Located;
  /** From `volumeDevices` (a raw block device) rather than `volumeMounts`. */
  device: boolean;
}

/**
 * A port a probe or lifecycle handler connects to (`livenessProbe.httpGet.port`,
 * `lifecycle.preStop.tcpSocket.port`…): a number, or the name of one of the container's ports.
 */
export interface PortReference {
  /** Where it is, for messages: `readinessProbe.httpGet`. */
  where: string;
  port: Located<number | string>;
}

/** Names read from a list (`volumes`, `volumeClaimTemplates`); `exact: false` when some item could not be read. */
export interface NameList {
  names: Located[];
  exact: boolean;
}

export interface Container {
  name?: Located;
  range: Range;
  ports: ContainerPort[];
  /** `volumeMounts` and `volumeDevices`, each entry whose name could be read. */
  volumeMounts: VolumeMount[];
  /** Every entry of `volumeMounts` and `volumeDevices` could be read. */
  volumeMountsExact: boolean;
  /** Probe and lifecycle handler ports whose value could be read. */
  portReferences: PortReference[];
  env: EnvVar[];
  /** The container imports variables with `envFrom`: their names are not known here. */
  hasEnvFrom: boolean;
  /** Whether `env` could be read completely (no aliases or templates in it). */
  envExact: boolean;
  command: Located[];
  args: Located[];
  init: boolean;
}

export interface PodTemplate {
  /** Range of the `template` key (or of `metadata` for a bare Pod). */
  keyRange: Range;
  labels?: LabelSet;
  /** Range of `template.metadata` when present, else of `template`. */
  metadataRange?: Range;
  containers: Container[];
  /** The whole template could be read without unknowns. */
  exact: boolean;
  /** `spec.volumes` (absent: an empty exact list); undefined when the pod spec could not be read. */
  volumes?: NameList;
  /** Pod anti-affinity terms and topology spread constraints: the pods each one counts. */
  spreadTerms?: SpreadTerm[];
  /** `spec.subdomain` when written as a plain string: the headless Service the pod's hostname is published under. */
  subdomain?: Located;
}

/**
 * A label selector that decides where the pod may go relative to other pods: a pod
 * anti-affinity term (required or preferred) or a topology spread constraint.
 */
export interface SpreadTerm {
  /** `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`, `topologySpreadConstraints`… */
  field: string;
  selector: LabelSelector;
  /** The term names other namespaces (`namespaces`, `namespaceSelector`): the pods it counts may be anywhere. */
  otherNamespaces: boolean;
}

export interface ServicePort {
  name?: Located;
  port?: Located<number>;
  targetPort?: Located<number | string>;
  protocol: Located;
  range: Range;
}

export interface ServiceSpec {
  clusterIP?: Located;
  /** `clusterIP` is there but could not be read (a list, a map, an alias of one), or may come from a merge key. */
  clusterIPUnreadable?: boolean;
  /** `spec.clusterIPs` when written; `exact: false` when the list or one of its items could not be read. */
  clusterIPs?: { values: Located[]; exact: boolean };
  type?: Located;
  /** `type` may come from a merge key, or is an alias of a map or list. */
  typeUnreadable?: boolean;
  selector?: LabelSet;
  /** Range of the `selector` key. */
  selectorKeyRange?: Range;
  ports: ServicePort[];
  /** Whether `ports` could be read completely (no alias or merge key in the way). */
  portsExact: boolean;
  publishNotReadyAddresses?: Located<boolean>;
}

export interface StatefulSetSpec {
  serviceName?: Located;
  /** `serviceName` is there but could not be read (an alias, a template, a non-string). */
  serviceNameUnreadable: boolean;
  replicas?: Located<number>;
  ordinalsStart?: Located<number>;
  /** `replicas` or `ordinals.start` is behind an alias or a merge key: which ordinals exist is not known. */
  ordinalsUnreadable?: boolean;
  /** `spec.volumeClaimTemplates[].metadata.name` (absent: an empty exact list). */
  volumeClaimTemplates: NameList;
  /** `spec.updateStrategy.rollingUpdate.partition`, when written as a number. */
  partition?: Located<number>;
}

/** A PodDisruptionBudget's spec. */
export interface DisruptionBudgetSpec {
  selector?: LabelSelector;
  /** An integer or a percentage string. */
  minAvailable?: Located<number | string>;
  maxUnavailable?: Located<number | string>;
  /** `minAvailable` or `maxUnavailable` is there but could not be read (alias, template, merge key). */
  countsUnreadable: boolean;
}

/** The workload an autoscaler (HorizontalPodAutoscaler, KEDA ScaledObject) scales. */
export interface ScaleTarget {
  /** Range of the `scaleTargetRef` key. */
  keyRange: Range;
  apiVersion?: Located;
  kind?: Located;
  name?: Located;
  /** Every field of the reference could be read (no alias, template or merge key). */
  exact: boolean;
}

/** A Kubernetes object found in a YAML document (or in a `kind: List`). */
export interface Resource {
  uri: string;
  /** Index of the YAML document in its file. */
  documentIndex: number;
  apiVersion: Located;
  kind: Located;
  name?: Located;
  /** `metadata.namespace` as written; the effective namespace is {@link Resource.namespace}. */
  namespaceNode?: Located;
  /** Effective namespace, filled in by the workspace from the settings and kustomizations. */
  namespace: string;
  /**
   * A kustomization adds labels to this object's pod template or selectors (commonLabels,
   * `labels:` with includeSelectors/includeTemplates), so the labels and selectors written
   * here are not the ones applied: rules comparing them stay silent. Filled in by the
   * workspace, like {@link Resource.namespace}.
   */
  kustomizeLabels?: boolean;
  /**
   * A kustomize build may change this object in fields the rules read beyond replicas and
   * labels (a patch of its serviceName, clusterIP, ports or containers, `$patch`,
   * `transformers:`…): it is never the subject of a finding, and what it says is unknown
   * to the rules about other objects. Implies {@link kustomizeLabels}. Filled in by the workspace.
   */
  kustomizePatched?: boolean;
  /**
   * A kustomize patch may write this object's volumes, mounts, probes, affinity, claim
   * templates, update strategy, disruption counts or scale target: the rules reading those
   * stay silent about it ({@link isPodSpecCheckable}). Filled in by the workspace.
   */
  kustomizePodSpec?: boolean;
  /**
   * A kustomization gives this object a `namePrefix` / `nameSuffix`: the names it may have
   * once built besides the written one, or `'any'` when there are too many combinations
   * to list. Undefined when no prefix or suffix applies. Filled in by the workspace.
   */
  kustomizeNames?: readonly string[] | 'any';
  /** Whole object. */
  range: Range;
  /**
   * `metadata.annotations["stateful-manifests.io/ignore"]` as written: rule ids, comma
   * separated, whose findings inside this object are not reported (see suppressions.ts).
   */
  ignoreAnnotation?: Located;
  labels?: LabelSet;
  /** The document holds Helm/Go template syntax: it is indexed but never the subject of a finding. */
  templated: boolean;
  /** The document has YAML syntax errors: what was read is indexed, but the object is never the subject of a finding. */
  hasSyntaxErrors?: boolean;
  selector?: LabelSelector;
  /**
   * A workload's `spec` is readable and has no `selector` (absent or null, and no merge
   * key it could come from): the range of the `spec` key. Undefined otherwise.
   */
  selectorAbsentAt?: Range;
  podTemplate?: PodTemplate;
  statefulSet?: StatefulSetSpec;
  service?: ServiceSpec;
  disruptionBudget?: DisruptionBudgetSpec;
  /** A NetworkPolicy's `spec.podSelector`: the pods of its namespace it applies to. */
  podSelector?: LabelSelector;
  /** A NetworkPolicy has (or may have) `ingress` or `egress` rules: their peers select pods by labels the core does not read. */
  networkPolicyRules?: boolean;
  /** The workload this autoscaler scales (HorizontalPodAutoscaler, KEDA ScaledObject). */
  scaleTarget?: ScaleTarget;
  /** String scalars anywhere in the object that may hold a cluster DNS name. */
  dnsCandidates: Located[];
}

/** Kinds whose pods the core reads from a pod template (or, for a Pod, from the object itself). */
export const POD_TEMPLATE_KINDS: readonly string[] = ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'];

/** Kinds whose `spec.selector` must match `spec.template.metadata.labels`. */
export const WORKLOAD_KINDS = new Set(['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet']);
