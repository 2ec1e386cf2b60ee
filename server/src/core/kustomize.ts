import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { basenameUri, dirnameUri, joinUri } from './uris';

/**
 * Kustomize `namespace:` semantics, from the kustomization texts alone (no file I/O).
 *
 * kustomize docs (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/):
 * "Adds namespace to all resources. Will override the existing namespace if it is set on a
 * resource, or add it if it is not set on a resource." A folder listed in `resources:` is
 * built as a kustomization of its own first, then the parent's transformers run over
 * everything it accumulated (api/internal/target/kusttarget.go `accumulateDirectory`), so
 * the OUTERMOST kustomization's `namespace:` wins. Cluster-scoped kinds are left alone
 * (api/filters/namespace/namespace.go skips `IsClusterScoped()` kinds); see
 * {@link isClusterScopedKind}. Research notes: /work/notes/k8s-semantics.md item 8.
 */

/** File names kustomize looks for in a folder (api/konfig/general.go `RecognizedKustomizationFileNames`). */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface Kustomization {
  /** URI of the folder that holds the kustomization file. */
  dir: string;
  /** `namespace:`, when set to a non-empty string. */
  namespace?: string;
  /**
   * `resources:` entries (plus the deprecated `bases:` and `components:`) resolved to URIs:
   * a file, or a folder with a kustomization of its own. Remote bases are dropped.
   */
  entries: string[];
  /**
   * Patch files (`patchesStrategicMerge:` paths, `patches[].path`, `patchesJson6902[].path`)
   * resolved to URIs. A strategic-merge patch looks like a partial object (a StatefulSet
   * with only `replicas`): it is not a resource and must neither be checked nor found.
   */
  patches: string[];
  /** The `components:` entries (also in {@link entries}): their transformers run over this kustomization's resources. */
  components: string[];
  /** `replicas:` entries (`- name: web, count: 3`), in order; unreadable entries are skipped. */
  replicas: ReplicasEntry[];
  /**
   * The kustomization adds labels to pod templates or selectors (`commonLabels:`, or a
   * `labels:` entry with `includeSelectors`, `includeTemplates` or `fields`): see
   * {@link rewritesPodLabels}.
   */
  podLabels: boolean;
}

/** One entry of a kustomization's `replicas:` list. */
export interface ReplicasEntry {
  name: string;
  /** undefined when it cannot be read here (a template): the count is then unknown. */
  count: number | undefined;
}

export function isKustomizationFile(uri: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(basenameUri(uri));
}

/** A remote base: a URL, `github.com/org/repo//path`, `git@…`, or anything with `?ref=`. */
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|(?:github|gitlab)\.com\/|bitbucket\.org\/)|\?ref=/i;

/** Field names whose lists name resources in kustomize (`bases` is the pre-v2.1 spelling of folder resources). */
const RESOURCE_FIELDS = ['resources', 'bases', 'components'];

/**
 * Reads a kustomization file. Returns undefined when the text is not a mapping
 * (broken YAML, an empty file); unreadable entries (templates, non-strings) are skipped.
 */
export function readKustomization(uri: string, text: string): Kustomization | undefined {
  let root: unknown;
  try {
    root = parseDocument(text, { strict: false, uniqueKeys: false }).contents;
  } catch {
    return undefined;
  }
  if (!isMap(root)) return undefined;
  const dir = dirnameUri(uri);
  const namespace = stringValue(root.get('namespace', true));
  const entries: string[] = [];
  const components: string[] = [];
  for (const field of RESOURCE_FIELDS) {
    const list = root.get(field, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = stringValue(item as Node);
      if (!entry || REMOTE.test(entry)) continue;
      entries.push(joinUri(dir, entry));
      if (field === 'components') components.push(joinUri(dir, entry));
    }
  }
  return {
    dir, namespace: namespace || undefined, entries, patches: patchFiles(root, dir), components, replicas: replicasEntries(root), podLabels: rewritesPodLabels(root),
  };
}

/**
 * Whether the kustomization changes the labels of pod templates or selectors, which the
 * rules compare. `commonLabels:` adds its labels to metadata.labels, to selectors
 * (Service spec.selector, workload spec.selector.matchLabels) and to pod template labels,
 * overriding a label of the same key
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/commonlabels/:
 * "Add labels and selectors to all resources. If the label key already is present on
 * the resource, the value will be overridden."). A `labels:` entry only touches
 * metadata.labels unless `includeSelectors: true` (metadata, selectors and templates, as
 * commonLabels: api/types/labels.go `labelFromCommonLabels` sets it) or
 * `includeTemplates: true` ("will also apply labels to metadata/labels and
 * spec/template/metadata/labels";
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/labels/); its
 * `fields:` may name any other place. Whatever cannot be read here counts as a change,
 * and so does any `transformers:` entry (a LabelTransformer configuration, a plugin).
 */
function rewritesPodLabels(root: YAMLMap): boolean {
  for (const field of ['commonLabels', 'transformers']) {
    const node = root.get(field, true);
    if (node !== undefined && !isEmpty(node)) return true;
  }
  const labels = root.get('labels', true);
  if (labels === undefined || isEmpty(labels)) return false;
  if (!isSeq(labels)) return true;
  return labels.items.some((item) => {
    if (!isMap(item)) return true;
    const pairs = item.get('pairs', true);
    if (pairs !== undefined && isEmpty(pairs)) return false;
    const set = (field: string) => {
      const node = item.get(field, true);
      return node !== undefined && !(isScalar(node) && (node.value === false || node.value === null));
    };
    return set('includeSelectors') || set('includeTemplates') || set('fields');
  });
}

/** `key:`, `key: null`, `key: {}` or `key: []`: nothing to apply. */
function isEmpty(node: unknown): boolean {
  return (isScalar(node) && node.value === null) || ((isMap(node) || isSeq(node)) && node.items.length === 0);
}

/**
 * `replicas:` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replicas/).
 * `count` is an int64 in kustomize (api/types/replica.go): any other count (a template,
 * a string) is kept as unknown, not dropped, since the entry still replaces the count.
 * An entry without a readable name cannot be matched to a workload and is skipped.
 */
function replicasEntries(root: YAMLMap): ReplicasEntry[] {
  const list = root.get('replicas', true);
  if (!isSeq(list)) return [];
  const out: ReplicasEntry[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const name = stringValue(item.get('name', true));
    const count = item.get('count', true);
    if (!name) continue;
    const readable = isScalar(count) && typeof count.value === 'number' && Number.isInteger(count.value) && count.value >= 0;
    out.push({ name, count: readable ? (count.value as number) : undefined });
  }
  return out;
}

function patchFiles(root: YAMLMap, dir: string): string[] {
  const out: string[] = [];
  const add = (path: string | undefined): void => {
    // Inline patches are YAML text in a string: a path has no line break and no ': '.
    if (path && !/\n|: /.test(path) && !REMOTE.test(path)) out.push(joinUri(dir, path));
  };
  const strategic = root.get('patchesStrategicMerge', true);
  if (isSeq(strategic)) for (const item of strategic.items) add(stringValue(item));
  for (const field of ['patches', 'patchesJson6902']) {
    const list = root.get(field, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) if (isMap(item)) add(stringValue(item.get('path', true)));
  }
  return out;
}

/** Every patch file named by the kustomizations (see {@link Kustomization.patches}). */
export function kustomizePatchFiles(kustomizations: Iterable<Kustomization>): Set<string> {
  const out = new Set<string>();
  for (const k of kustomizations) for (const p of k.patches) out.add(p);
  return out;
}

function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' && !node.value.includes('{{') ? node.value.trim() : undefined;
}

/**
 * Walks every top-level kustomization (one not listed by another) in URI order, down
 * through the folders it lists. `enter` gives the state inside a kustomization from the
 * state of the one that lists it (undefined for a top-level one); `file` is called for
 * each listed file that is not a kustomization folder, once per path that reaches it
 * from a top-level kustomization. Kustomize builds a listed folder first and then runs
 * the parent's transformers over the result (api/internal/target/kusttarget.go
 * `accumulateDirectory`), so an outer kustomization's settings win over inner ones.
 */
function walkKustomizations<S>(
  kustomizations: Iterable<Kustomization>,
  enter: (k: Kustomization, outer: S | undefined) => S,
  file: (uri: string, state: S) => void,
): void {
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) byDir.set(k.dir, k);
  const nested = new Set<string>();
  for (const k of byDir.values()) for (const entry of k.entries) if (byDir.has(entry) && entry !== k.dir) nested.add(entry);
  const roots = [...byDir.values()].filter((k) => !nested.has(k.dir)).sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  for (const root of roots) {
    const visit = (k: Kustomization, state: S, path: Set<string>): void => {
      for (const entry of k.entries) {
        const child = byDir.get(entry);
        if (child) {
          // A cycle is an error for kustomize; here it just stops the walk.
          if (!path.has(entry)) visit(child, enter(child, state), new Set(path).add(entry));
        } else {
          file(entry, state);
        }
      }
    };
    visit(root, enter(root, undefined), new Set([root.dir]));
  }
}

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
  const result = new Map<string, string>();
  walkKustomizations<string | undefined>(
    kustomizations,
    (k, outer) => outer ?? k.namespace,
    (uri, namespace) => {
      if (namespace !== undefined && !result.has(uri)) result.set(uri, namespace);
    },
  );
  return result;
}

/**
 * The files whose resources get labels from a kustomization in some build (see
 * {@link Kustomization.podLabels}): their pod template labels and selectors are not the
 * ones written. Unlike `namespace:`, labels of every level apply (an inner kustomization's
 * labels are kept by the outer build), and a base shared by overlays is in the set when
 * any one of its builds adds labels: rules compare labels as built, so a finding must hold
 * for every build, and with unknown labels none is sure.
 */
export function kustomizeLabelledFiles(kustomizations: Iterable<Kustomization>): Set<string> {
  const all = [...kustomizations];
  const byDir = new Map(all.map((k) => [k.dir, k]));
  // A component's transformers run over the resources of the kustomization that lists it
  // (https://kubectl.docs.kubernetes.io/guides/config_management/components/), not only its own.
  const addsLabels = (k: Kustomization) => k.podLabels || k.components.some((c) => byDir.get(c)?.podLabels);
  const result = new Set<string>();
  walkKustomizations<boolean>(
    all,
    (k, outer) => !!outer || addsLabels(k),
    (uri, labelled) => {
      if (labelled) result.add(uri);
    },
  );
  return result;
}

/** A replica count a kustomization sets, and the folder of that kustomization. */
export interface ReplicasOverride {
  /** undefined when the kustomization's count cannot be read here. */
  count: number | undefined;
  dir: string;
}

/**
 * What kustomize does to the replica counts of the workloads in each file:
 * file URI → workload name → one entry per top-level kustomization that builds the file
 * (in URI order): the count it sets, or undefined where that build keeps the count the
 * manifest gives. Only names that some build overrides are present.
 *
 * The replicas transformer matches any Deployment, ReplicationController, ReplicaSet or
 * StatefulSet by name alone, in any namespace (api/internal/builtins/ReplicaCountTransformer.go
 * `createMatcher`), and creates `spec.replicas` when it is absent (`create: true` in
 * api/konfig/builtinpluginconsts/replicas.go). The outermost kustomization's entry wins,
 * as for `namespace:`. A base shared by overlays is built once per overlay, possibly with
 * other counts: the caller sees them all.
 */
export function kustomizeReplicas(kustomizations: Iterable<Kustomization>): Map<string, Map<string, (ReplicasOverride | undefined)[]>> {
  const perFile = new Map<string, Map<string, ReplicasOverride>[]>();
  walkKustomizations<Map<string, ReplicasOverride>>(
    kustomizations,
    (k, outer) => {
      if (k.replicas.length === 0) return outer ?? new Map();
      const state = new Map(outer);
      for (const { name, count } of k.replicas) if (!state.has(name)) state.set(name, { count, dir: k.dir });
      return state;
    },
    (uri, state) => {
      const builds = perFile.get(uri);
      if (builds) builds.push(state);
      else perFile.set(uri, [state]);
    },
  );
  const result = new Map<string, Map<string, (ReplicasOverride | undefined)[]>>();
  for (const [uri, builds] of perFile) {
    const names = new Set(builds.flatMap((b) => [...b.keys()]));
    if (names.size === 0) continue;
    result.set(uri, new Map([...names].map((name) => [name, builds.map((b) => b.get(name))])));
  }
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
