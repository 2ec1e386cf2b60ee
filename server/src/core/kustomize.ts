import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument, visit, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMergeKey } from './fields';
import type { Resource } from './model';
import { basenameUri, dirnameUri, joinUri } from './uris';

/**
 * Kustomize semantics (`namespace:`, `replicas:`, labels, components, patches), from the
 * kustomization texts and the patch files' resources (no file I/O).
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
   * Patch files (`patchesStrategicMerge:` paths, `patches[].path`, `patchesJson6902[].path`:
   * the files of {@link patchEdits}) resolved to URIs, then the {@link transformerFiles}. A strategic-merge patch looks like a partial object (a StatefulSet
   * with only `replicas`): it is not a resource and must neither be checked nor found.
   */
  patches: string[];
  /**
   * `transformers:` files (also in {@link patches}: a transformer configuration such as
   * `apiVersion: builtin`, `kind: PatchStrategicMergeTransformer` is not a resource). The
   * `paths:` of a PatchStrategicMergeTransformer are patch files too: see {@link kustomizePatchFiles}.
   */
  transformerFiles: string[];
  /** Every patch, with what it may touch (see {@link KustomizePatch}). */
  patchEdits: KustomizePatch[];
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
  /**
   * `namePrefix:` / `nameSuffix:` (one entry when either is set), then those of the
   * components it lists (see {@link withComponents}): see {@link kustomizeNameAffixes}.
   */
  affixes: NameAffix[];
}

/** A `namePrefix:` and `nameSuffix:` pair ('' when unset). */
export interface NameAffix {
  prefix: string;
  suffix: string;
}

/**
 * One patch of a kustomization: its file or its inline text (neither when it cannot be
 * read here), and its `target:` when it has one. A patch without a target names the
 * objects it patches by its own kind and name (a strategic-merge patch); one with a
 * target patches every object the target matches, whatever the patch says its name is
 * (api/filters/patchstrategicmerge, api/internal/builtins/PatchTransformer.go). What it
 * writes is read from the content: see {@link patchContentEffects}.
 */
export interface KustomizePatch {
  file?: string;
  text?: string;
  target?: PatchTarget;
}

/**
 * A patch's `target:` selector: kind and name are regular expressions in kustomize
 * (api/types/selector.go `NewSelectorRegex` anchors and compiles them); undefined = any.
 */
export interface PatchTarget {
  kind?: string;
  name?: string;
}

/** What a patch may do to the objects it targets, as far as the rules care. */
export interface PatchEffect extends PatchTarget {
  /** It may write `spec.replicas` (or `spec.ordinals`): the pod count is unknown. */
  replicas: boolean;
  /** It may write pod template labels or selectors: the labels as built are unknown. */
  labels: boolean;
  /**
   * It may write pod spec details only the newer rules read (volumes, mounts, probe ports,
   * affinity, claim templates, update strategy, disruption counts, a scale target): those
   * rules stay silent about the object (see {@link Resource.kustomizePodSpec}).
   */
  podSpec: boolean;
  /**
   * It may write other fields the rules read (serviceName, clusterIP, ports, containers,
   * the name…), or what it does cannot be read: nothing about the object is known
   * (see {@link isKustomizePatched}). Implies `replicas` and `labels`.
   */
  whole: boolean;
  /** The kustomization that applies it. */
  dir: string;
}

/** One entry of a kustomization's `replicas:` list. */
export interface ReplicasEntry {
  name: string;
  /** undefined when it cannot be read here (a template): the count is then unknown. */
  count: number | undefined;
  /** The component that sets it, when it comes from one (see {@link withComponents}). */
  dir?: string;
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
  const prefix = stringValue(root.get('namePrefix', true)) ?? '';
  const suffix = stringValue(root.get('nameSuffix', true)) ?? '';
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
  const transformerFiles = listedFiles(root.get('transformers', true), dir);
  const edits = patchEdits(root, dir);
  const patchFiles = edits.flatMap((p) => (p.file ? [p.file] : []));
  return {
    dir, namespace: namespace || undefined, entries, patches: [...patchFiles, ...transformerFiles], transformerFiles,
    patchEdits: edits, components, replicas: replicasEntries(root), podLabels: rewritesPodLabels(root),
    affixes: prefix || suffix ? [{ prefix, suffix }] : [],
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

/** Inline patches are YAML text in a string: a path has no line break and no ': '. */
function patchPath(path: string | undefined): string | undefined {
  return path && !/\n|: /.test(path) && !REMOTE.test(path) ? path : undefined;
}

/** The file paths of a list of paths and inline texts (`patchesStrategicMerge:`, `transformers:`, `paths:`). */
function listedFiles(list: unknown, dir: string): string[] {
  if (!isSeq(list)) return [];
  const out: string[] = [];
  for (const item of list.items) {
    const file = patchPath(stringValue(item));
    if (file) out.push(joinUri(dir, file));
  }
  return out;
}

/**
 * The patches of a kustomization (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/,
 * …/patchesstrategicmerge/, …/patchesjson6902/): each with its file or inline text and
 * its target. Whatever cannot be read here is a patch of unknown content on every object.
 *
 * `transformers:` (a ReplicaCountTransformer, a PatchTransformer, a plugin…) and
 * `replacements:` (values copied from one object's field into others') may write any
 * field of any object of the build, and reading them here would mean following every
 * builtin's configuration: when either is not empty, the build counts as patching every
 * object in unknown ways (coarse: rules about those objects stay silent).
 */
function patchEdits(root: YAMLMap, dir: string): KustomizePatch[] {
  const out: KustomizePatch[] = [];
  for (const field of ['transformers', 'replacements']) {
    const node = root.get(field, true);
    if (node !== undefined && !isEmpty(node)) out.push({});
  }
  const strategic = root.get('patchesStrategicMerge', true);
  if (strategic !== undefined && !isEmpty(strategic) && !isSeq(strategic)) out.push({});
  if (isSeq(strategic)) for (const item of strategic.items) out.push(strategicSource(stringValue(item), dir));
  for (const field of ['patches', 'patchesJson6902']) {
    const list = root.get(field, true);
    if (list !== undefined && !isEmpty(list) && !isSeq(list)) out.push({});
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) {
        out.push({});
        continue;
      }
      const file = patchPath(stringValue(item.get('path', true)));
      const text = stringValue(item.get('patch', true));
      const source: KustomizePatch = file ? { file: joinUri(dir, file) } : text !== undefined ? { text } : {};
      const target = item.get('target', true);
      out.push(target === undefined ? source : { ...source, target: patchTarget(target) });
    }
  }
  return out;
}

/** A `patchesStrategicMerge:` entry: a patch file (a path) or an inline patch (YAML text); `{}` when it is neither. */
function strategicSource(value: string | undefined, dir: string): KustomizePatch {
  if (value === undefined) return {};
  const file = patchPath(value);
  return file ? { file: joinUri(dir, file) } : { text: value };
}

/** A `target:` selector; `{}` (every resource) when it is not a mapping. */
function patchTarget(node: unknown): PatchTarget {
  if (!isMap(node)) return {};
  const field = (name: string) => {
    const value = node.get(name, true);
    // Absent: any. Present but unreadable (a template, a number): any, to be safe.
    return value === undefined ? undefined : stringValue(value) || undefined;
  };
  return { kind: field('kind'), name: field('name') };
}

/** What a patch writes, as far as the rules care (see {@link PatchEffect}). */
type Writes = Pick<PatchEffect, 'replicas' | 'labels' | 'podSpec' | 'whole'>;

const NOTHING: Writes = { replicas: false, labels: false, podSpec: false, whole: false };
const ANYTHING: Writes = { replicas: true, labels: true, podSpec: true, whole: true };

/**
 * The fields the rules read, as a tree of field names: a leaf says what writing there
 * changes. `identity` is the object's name or namespace: in a strategic-merge patch it
 * says which object is patched (nothing is written), in a JSON 6902 op it renames the
 * object. `containers` is a list of containers merged by name (see {@link CONTAINER_READS}).
 * Writing to a field on the way to a read field (`spec: null`, replacing `/spec/template`)
 * writes them all.
 */
type Reads = 'replicas' | 'labels' | 'podSpec' | 'whole' | 'identity' | 'containers' | { readonly [field: string]: Reads };

const POD_SPEC_READS = {
  containers: 'containers', initContainers: 'containers', hostname: 'whole', subdomain: 'whole',
  // volume-mount-not-found, spread-selector-mismatch
  volumes: 'podSpec', affinity: 'podSpec', topologySpreadConstraints: 'podSpec',
} as const;

const TEMPLATE_READS = { metadata: { labels: 'labels' }, spec: POD_SPEC_READS } as const;

const READS: Reads = {
  metadata: { name: 'identity', namespace: 'identity' },
  // ConfigMap and Secret values: dns-name-unresolved checks the DNS names in them.
  data: 'whole', stringData: 'whole', binaryData: 'whole',
  spec: {
    // StatefulSet (and other workloads): see statefulset.ts, dns.ts and the rules.
    serviceName: 'whole', replicas: 'replicas', ordinals: 'replicas', selector: 'labels',
    template: TEMPLATE_READS,
    // A CronJob's pods (dns-name-unresolved reads their containers).
    jobTemplate: { spec: { template: TEMPLATE_READS } },
    // Service: see serviceLookup.ts headlessness, podSelection and the port rules.
    clusterIP: 'whole', clusterIPs: 'whole', type: 'whole', externalName: 'whole', ports: 'whole', publishNotReadyAddresses: 'whole',
    // StatefulSet claim templates and partition; PodDisruptionBudget counts; autoscaler targets.
    volumeClaimTemplates: 'podSpec', updateStrategy: 'podSpec', minAvailable: 'podSpec', maxUnavailable: 'podSpec', scaleTargetRef: 'podSpec',
    // A bare Pod.
    ...POD_SPEC_READS,
  },
};

/** A bare Pod's own labels are its pod labels. */
const POD_READS: Reads = { ...READS, metadata: { name: 'identity', namespace: 'identity', labels: 'labels' } };

/** Container fields the rules read (port names, env order, DNS names in commands); `name` is the merge key. */
const CONTAINER_READS = new Set(['name', 'ports', 'env', 'envFrom', 'command', 'args']);

/** Container fields only the pod spec rules read (mounts, probe ports): writing them is a `podSpec` write. */
const CONTAINER_POD_SPEC_READS = new Set(['volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']);

function child(reads: Reads, field: string): Reads | undefined {
  return typeof reads === 'object' && Object.prototype.hasOwnProperty.call(reads, field) ? reads[field] : undefined;
}

function add(writes: Writes, leaf: 'replicas' | 'labels' | 'podSpec' | 'whole'): Writes {
  return leaf === 'whole' ? ANYTHING : { ...writes, [leaf]: true };
}

/**
 * What a strategic-merge patch object writes: the fields it sets along {@link READS}.
 * A `$patch` (`delete`, `replace`, `merge`), `$setElementOrder`, `$retainKeys` or
 * `$deleteFromPrimitiveList` directive anywhere, a merge key, an alias or a key that is
 * not a string may change anything
 * (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md).
 */
function strategicWrites(map: YAMLMap, reads: Reads, writes: Writes): Writes {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string' || isMergeKey(pair.key)) return ANYTHING;
    const leaf = child(reads, key);
    if (leaf === undefined || leaf === 'identity') continue;
    if (leaf === 'containers') {
      if (!harmlessContainers(pair.value)) return ANYTHING;
      if (touchesPodSpecReads(pair.value)) writes = add(writes, 'podSpec');
    } else if (typeof leaf === 'string') {
      writes = add(writes, leaf);
    } else if (isMap(pair.value)) {
      writes = strategicWrites(pair.value, leaf, writes);
    } else {
      return ANYTHING; // deletes or replaces a field on the way to fields the rules read
    }
    if (writes.whole) return writes;
  }
  return writes;
}

/** A strategic-merge list of containers that only touches fields the rules do not read (image, resources, probes…). */
function harmlessContainers(node: unknown): boolean {
  if (!isSeq(node)) return false;
  return node.items.every((item) => isMap(item) && stringValue(item.get('name', true)) !== undefined
    && item.items.every((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && (pair.key.value === 'name' || !CONTAINER_READS.has(pair.key.value))));
}

/** A strategic-merge list of containers that sets mounts or probes (read by the pod spec rules). */
function touchesPodSpecReads(node: unknown): boolean {
  return isSeq(node) && node.items.some((item) => isMap(item) && item.items.some((pair) => isScalar(pair.key) && CONTAINER_POD_SPEC_READS.has(String(pair.key.value))));
}

/** Whether a document has a key starting with `$` anywhere (a strategic-merge directive). */
function hasDirective(node: Node): boolean {
  let found = false;
  visit(node, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value.startsWith('$')) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * What a JSON 6902 patch (RFC 6902: a list of `{ op, path, value | from }`) writes: each
 * op's `path` (and a `move`'s `from`, which it removes) along {@link READS}. `test` writes
 * nothing. An op that cannot be read may write anything.
 */
function jsonPatchWrites(list: YAMLSeq, reads: Reads): Writes {
  let writes = NOTHING;
  for (const item of list.items) {
    if (!isMap(item)) return ANYTHING;
    const op = stringValue(item.get('op', true));
    const paths = op === 'move' ? [item.get('path', true), item.get('from', true)] : [item.get('path', true)];
    if (op === 'test') continue;
    for (const path of paths) {
      const text = stringValue(path);
      if (!op || text === undefined || (text !== '' && !text.startsWith('/'))) return ANYTHING;
      // RFC 6901: "~1" is "/", "~0" is "~".
      const segments = text === '' ? [] : text.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      writes = pointerWrites(segments, reads, writes);
      if (writes.whole) return writes;
    }
  }
  return writes;
}

function pointerWrites(segments: readonly string[], reads: Reads, writes: Writes): Writes {
  let at: Reads = reads;
  for (let i = 0; i < segments.length; i++) {
    const leaf = child(at, segments[i]!);
    if (leaf === undefined) return writes;
    // A container as a whole (`/containers/0`, `/containers/-`) or a field of one the rules read.
    if (leaf === 'containers') {
      if (segments.length < i + 3 || CONTAINER_READS.has(segments[i + 2]!)) return ANYTHING;
      return CONTAINER_POD_SPEC_READS.has(segments[i + 2]!) ? add(writes, 'podSpec') : writes;
    }
    if (leaf === 'identity') return ANYTHING; // renames the object
    if (typeof leaf === 'string') return add(writes, leaf);
    at = leaf;
  }
  return ANYTHING; // the path ends on a field that holds fields the rules read
}

const PATCH_PARSE_OPTIONS = { strict: false, uniqueKeys: false } as const;

/**
 * What a patch does to the objects it reaches, from its content (a patch file's text or
 * an inline patch; undefined when it cannot be read here) and its target: one effect per
 * object it may write fields of that the rules read, none for a patch that only writes
 * fields they do not read (an image, resources, annotations). A document that is a list
 * is a JSON 6902 patch, a mapping a strategic-merge patch (kustomize tries the first,
 * then the second: api/filters/patchjson6902, api/internal/builtins/PatchTransformer.go).
 * With a target, the effect is on what the target matches; without one, on the object
 * of the patch's own kind and name. Anything that cannot be read (a template, broken
 * YAML, a patch object without a name, an empty patch) may touch anything.
 */
export function patchContentEffects(text: string | undefined, target: PatchTarget | undefined, dir: string): PatchEffect[] {
  const everything: PatchEffect[] = [{ ...target, ...ANYTHING, dir }];
  if (text === undefined || text.includes('{{')) return everything;
  let documents;
  try {
    documents = parseAllDocuments(text, PATCH_PARSE_OPTIONS);
  } catch {
    return everything;
  }
  if (!Array.isArray(documents) || documents.length === 0) return everything;
  const out: PatchEffect[] = [];
  for (const doc of documents) {
    const root = doc.contents;
    if (doc.errors.length > 0 || !(isMap(root) || isSeq(root))) return everything;
    const object = isMap(root) ? patchedObject(root) : undefined;
    const on = target ?? object;
    const reads = mayBePod(on?.kind) ? POD_READS : READS;
    const writes = isSeq(root) ? jsonPatchWrites(root, reads) : hasDirective(root) ? ANYTHING : strategicWrites(root, reads, NOTHING);
    if (!target && object?.name === undefined) out.push({ ...object, ...ANYTHING, dir });
    else if (writes.replicas || writes.labels || writes.podSpec || writes.whole) out.push({ ...on, ...writes, dir });
  }
  return out;
}

/** The kind and name a strategic-merge patch object names, as anchored target patterns. */
function patchedObject(root: YAMLMap): PatchTarget {
  const kind = stringValue(root.get('kind', true));
  const metadata = root.get('metadata', true);
  const name = isMap(metadata) ? stringValue(metadata.get('name', true)) : undefined;
  return { kind: kind && escapeRegExp(kind), name: name && escapeRegExp(name) };
}

function mayBePod(kind: string | undefined): boolean {
  return patchMatches({ kind }, 'Pod', undefined);
}

/**
 * What a patch file says, as far as the rules care: its effects, and the `paths:` it
 * names when it is a transformer configuration. A keystroke in a patch file refreshes
 * the kustomize effects only when this changes.
 */
export function patchFileSummary(text: string | undefined): string {
  return JSON.stringify([patchContentEffects(text, undefined, ''), transformerPaths(text, '')]);
}

/**
 * The `paths:` of a PatchStrategicMergeTransformer configuration (strategic-merge patch
 * files, relative to the kustomization's folder like its other entries:
 * https://kubectl.docs.kubernetes.io/references/kustomize/builtins/#_patchstrategicmergetransformer_).
 */
function transformerPaths(text: string | undefined, dir: string): string[] {
  if (text === undefined || !text.includes('paths')) return [];
  try {
    return parseAllDocuments(text, PATCH_PARSE_OPTIONS).flatMap((doc) => (isMap(doc.contents) ? listedFiles(doc.contents.get('paths', true), dir) : []));
  } catch {
    return [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a patch target (kustomize regular expressions, anchored) may match the object. */
export function patchMatches(target: PatchTarget, kind: string, name: string | undefined): boolean {
  const test = (pattern: string | undefined, value: string | undefined) => {
    if (pattern === undefined || value === undefined) return true;
    // null: Go's RE2 syntax that JavaScript does not read: assume it matches
    return targetMatcher(pattern)?.(value) ?? true;
  };
  return test(target.kind, kind) && test(target.name, name);
}

/** Compiled target patterns: every re-read of the effects tests the same few thousand at most. */
const compiledTargets = new Map<string, ((value: string) => boolean) | null>();
const MAX_COMPILED_TARGETS = 10_000;

/** A pattern with no regular expression operator (a name, or a name escaped by {@link escapeRegExp}). */
const LITERAL = /^(?:[^.*+?^${}()|[\]\\]|\\[.*+?^${}()|[\]\\])*$/;

/** A test of a kustomize target pattern, anchored (api/types/selector.go); null when JavaScript cannot compile it. */
function targetMatcher(pattern: string): ((value: string) => boolean) | null {
  let compiled = compiledTargets.get(pattern);
  if (compiled === undefined) {
    if (LITERAL.test(pattern)) {
      const literal = pattern.replace(/\\(.)/g, '$1');
      compiled = (value) => value === literal;
    } else {
      try {
        const re = new RegExp(`^(?:${pattern})$`);
        compiled = (value) => re.test(value);
      } catch {
        compiled = null;
      }
    }
    if (compiledTargets.size >= MAX_COMPILED_TARGETS) compiledTargets.clear();
    compiledTargets.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Every patch file named by the kustomizations (see {@link Kustomization.patches}),
 * with the `paths:` of their transformer configurations (`readFile` gives a file's text).
 */
export function kustomizePatchFiles(kustomizations: Iterable<Kustomization>, readFile: (uri: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  for (const k of kustomizations) {
    for (const p of k.patches) out.add(p);
    for (const t of k.transformerFiles) for (const p of transformerPaths(readFile(t), k.dir)) out.add(p);
  }
  return out;
}

function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' && !node.value.includes('{{') ? node.value.trim() : undefined;
}

/**
 * A kustomization's own transformer settings merged with those of the components it lists.
 * Kustomize accumulates a kustomization's resources, then builds each component over that
 * accumulation (api/internal/target/kusttarget.go `accumulateComponents` passes the parent's
 * accumulator to `accumulateDirectory(ra, ldr, true)`), and only then runs the
 * kustomization's own transformers: a component's `namespace:`, `replicas:` and labels reach
 * the resources of the kustomization that lists it
 * (https://kubectl.docs.kubernetes.io/guides/config_management/components/), a later
 * component wins over an earlier one, and the kustomization's own settings win over both.
 */
function withComponents(k: Kustomization, byDir: ReadonlyMap<string, Kustomization>, seen = new Set<string>([k.dir])): Kustomization {
  if (k.components.length === 0) return k;
  let namespace = k.namespace;
  const replicas = [...k.replicas];
  let podLabels = k.podLabels;
  const patchEdits = [...k.patchEdits];
  const affixes = [...k.affixes];
  for (const dir of [...k.components].reverse()) {
    const found = byDir.get(dir);
    if (!found || seen.has(dir)) continue;
    const component = withComponents(found, byDir, new Set(seen).add(dir));
    namespace ??= component.namespace;
    replicas.push(...component.replicas.map((r) => ({ ...r, dir: r.dir ?? component.dir })));
    podLabels ||= component.podLabels;
    patchEdits.push(...component.patchEdits);
    affixes.push(...component.affixes);
  }
  return { ...k, namespace, replicas, podLabels, patchEdits, affixes };
}

/** Distinct states a walk takes into one folder or file before it widens them (see {@link walkKustomizations}). */
const MAX_STATES = 16;

/**
 * Walks every top-level kustomization (one not listed by another) in URI order, then any not
 * reached from one (a ring of kustomizations listing each other), down
 * through the folders it lists. `enter` gives the state inside a kustomization (its
 * settings merged with its components', see {@link withComponents}) from the state of the
 * one that lists it (undefined for a top-level one); `file` is called for each listed file
 * that is not a kustomization folder, once per distinct state (`key`) that reaches it.
 * Kustomize builds a listed folder first and then runs the parent's transformers over the
 * result (api/internal/target/kusttarget.go `accumulateDirectory`), so an outer
 * kustomization's settings win over inner ones.
 *
 * A folder entered twice with the same state gives the same results, so it is walked once:
 * the walk costs (folders × distinct states) rather than one visit per path, which grows
 * exponentially with shared bases listed through several levels ("diamonds"; in one build
 * that is a duplicate-resource error for kustomize anyway). States can still multiply
 * (every level of a diamond setting a count for another name): past {@link MAX_STATES}
 * states at one folder or file, `widen` replaces the state by a coarser one that stands
 * for all of them (every replica count unknown), so the walk stays bounded.
 */
function walkKustomizations<S>(
  kustomizations: Iterable<Kustomization>,
  enter: (k: Kustomization, outer: S | undefined) => S,
  key: (state: S) => string,
  file: (uri: string, state: S) => void,
  widen?: (state: S, dir: string) => S,
): void {
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) byDir.set(k.dir, k);
  const nested = new Set<string>();
  for (const k of byDir.values()) for (const entry of k.entries) if (byDir.has(entry) && entry !== k.dir) nested.add(entry);
  const byUri = (a: Kustomization, b: Kustomization) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0);
  const all = [...byDir.values()].sort(byUri);
  // Kustomizations that list each other in a ring (an error for kustomize) have no top-level
  // one: after the top-level walks, each one still unvisited starts a walk of its own, so the
  // ring's settings still reach its files (rules stay silent rather than ignore them).
  const roots = [...all.filter((k) => !nested.has(k.dir)), ...all.filter((k) => nested.has(k.dir))];
  const merged = new Map<string, Kustomization>();
  const settings = (k: Kustomization) => merged.get(k.dir) ?? merged.set(k.dir, withComponents(k, byDir)).get(k.dir)!;
  const visited = new Set<string>();
  const states = new Map<string, number>();
  // An explicit stack rather than recursion (a long chain of folders must not overflow the
  // call stack), holding folders and files in the order a recursive walk would meet them.
  const stack: [string, S][] = [];
  for (const root of roots) {
    if (states.has(root.dir)) continue; // reached from an earlier root
    stack.push([root.dir, enter(settings(root), undefined)]);
    for (let top = stack.pop(); top; top = stack.pop()) {
      const [uri] = top;
      let [, state] = top;
      let id = `${uri}\n${key(state)}`;
      if (visited.has(id)) continue; // also stops cycles, an error for kustomize
      const seen = states.get(uri) ?? 0;
      if (widen && seen >= MAX_STATES) {
        state = widen(state, uri);
        id = `${uri}\n${key(state)}`;
        if (visited.has(id)) continue;
      }
      states.set(uri, seen + 1);
      visited.add(id);
      const k = byDir.get(uri);
      if (!k) {
        file(uri, state);
        continue;
      }
      for (let i = k.entries.length - 1; i >= 0; i--) {
        const entry = k.entries[i]!;
        const child = byDir.get(entry);
        stack.push([entry, child ? enter(settings(child), state) : state]);
      }
    }
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
  return new Map([...kustomizeNamespaceSources(kustomizations)].map(([uri, source]) => [uri, source.namespace]));
}

/** A namespace a kustomization gives, and the folder of the kustomization that gives it. */
export interface NamespaceSource {
  namespace: string;
  dir: string;
}

/** {@link kustomizeNamespaces} with the kustomization each namespace comes from, so hovers can name it. */
export function kustomizeNamespaceSources(kustomizations: Iterable<Kustomization>): Map<string, NamespaceSource> {
  const result = new Map<string, NamespaceSource>();
  walkKustomizations<NamespaceSource | undefined>(
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
 * The files whose resources get labels from a kustomization in some build (see
 * {@link Kustomization.podLabels}): their pod template labels and selectors are not the
 * ones written. Unlike `namespace:`, labels of every level apply (an inner kustomization's
 * labels are kept by the outer build), and a base shared by overlays is in the set when
 * any one of its builds adds labels: rules compare labels as built, so a finding must hold
 * for every build, and with unknown labels none is sure.
 */
export function kustomizeLabelledFiles(kustomizations: Iterable<Kustomization>): Set<string> {
  const result = new Set<string>();
  walkKustomizations<boolean>(
    kustomizations,
    (k, outer) => !!outer || k.podLabels,
    String,
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
 * file URI → workload name → one entry per distinct build of the file (top-level
 * kustomizations in URI order): the count it sets, or undefined where that build keeps the
 * count the manifest gives. Only names that some build overrides are present.
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
      for (const { name, count, dir } of k.replicas) if (!state.has(name)) state.set(name, { count, dir: dir ?? k.dir });
      return state;
    },
    // Builds that differ only in which kustomization set a count end the same: one is kept.
    (state) => JSON.stringify([...state].map(([name, o]) => [name, o.count])),
    (uri, state) => {
      const builds = perFile.get(uri);
      if (builds) builds.push(state);
      else perFile.set(uri, [state]);
    },
    // Too many different builds to tell apart: every count unknown.
    (_, dir) => new Map([[ANY_NAME, { count: undefined, dir }]]),
  );
  const result = new Map<string, Map<string, (ReplicasOverride | undefined)[]>>();
  for (const [uri, builds] of perFile) {
    const names = new Set(builds.flatMap((b) => [...b.keys()]));
    if (names.size === 0) continue;
    result.set(uri, new Map([...names].map((name) => [name, builds.map((b) => b.get(name) ?? b.get(ANY_NAME))])));
  }
  return result;
}

/** Past this many prefix/suffix pairs for one file, every name counts as matching (see {@link kustomizeNameAffixes}). */
const MAX_AFFIXES = 64;

/**
 * The prefix/suffix pairs kustomize may have added to the names of each file's objects
 * by the time some kustomization above it patches them or sets their replica count:
 * file URI → pairs (never the empty pair), or undefined for "too many to list: any name".
 * Files with no `namePrefix:`/`nameSuffix:` above them are absent.
 *
 * A patch target or a strategic-merge patch's name matches an object by its original name
 * OR its current one (kustomize api/resmap/reswrangler.go `Select`: "It first tries to
 * match with the original name then matches with the current name"), and `replicas:`
 * entries match any of the object's ids (api/internal/builtins/ReplicaCountTransformer.go
 * uses `GetMatchingResourcesByAnyId`); the current name carries the prefixes and suffixes
 * of the kustomizations built so far (api/filters/prefixsuffix), and within one
 * kustomization `replicas:` and JSON 6902 patches run after its own prefix and suffix,
 * strategic-merge patches and `patches:` before them (api/internal/target/kusttarget.go
 * `configureBuiltinTransformers` order). This does not track which level patches: every
 * combination of the prefixes and suffixes of the kustomizations above a file, their own
 * included, counts, a superset of the names any patch of any build can see. For patches
 * that only makes more values unknown (rules stay silent).
 */
export function kustomizeNameAffixes(kustomizations: Iterable<Kustomization>): Map<string, NameAffix[] | undefined> {
  const result = new Map<string, Map<string, NameAffix> | undefined>();
  walkKustomizations<NameAffix[][]>(
    kustomizations,
    (k, outer) => (k.affixes.length === 0 ? outer ?? [] : [...(outer ?? []), k.affixes]),
    (levels) => JSON.stringify(levels),
    (uri, levels) => {
      if (levels.length === 0 || (result.has(uri) && result.get(uri) === undefined)) return;
      const found = result.get(uri) ?? new Map<string, NameAffix>();
      // Innermost level first: an outer prefix goes in front of an inner one.
      let pairs: NameAffix[] = [{ prefix: '', suffix: '' }];
      for (let i = levels.length - 1; i >= 0; i--) {
        if (pairs.length > MAX_AFFIXES || levels[i]!.some((a) => a.prefix === ANY_NAME)) {
          result.set(uri, undefined);
          return;
        }
        pairs = [...pairs, ...levels[i]!.flatMap((a) => pairs.map((p) => ({ prefix: a.prefix + p.prefix, suffix: p.suffix + a.suffix })))];
      }
      for (const pair of pairs) if (pair.prefix || pair.suffix) found.set(`${pair.prefix}\n${pair.suffix}`, pair);
      result.set(uri, found.size > MAX_AFFIXES ? undefined : found);
    },
    // Too many different builds to list: any name.
    () => [[{ prefix: ANY_NAME, suffix: '' }]],
  );
  return new Map([...result].map(([uri, pairs]) => [uri, pairs && [...pairs.values()]]));
}

/**
 * The names an object of the file may have when a patch or a `replicas:` entry looks for
 * it (see {@link kustomizeNameAffixes}): its own first; undefined when any name may be.
 */
export function namesSeenByKustomize(effects: Pick<KustomizeEffects, 'affixes'>, uri: string, name: string): string[] | undefined {
  if (!effects.affixes.has(uri)) return [name];
  const pairs = effects.affixes.get(uri);
  return pairs ? [name, ...pairs.map((a) => a.prefix + name + a.suffix)] : undefined;
}

/**
 * The key of {@link kustomizeReplicas} results that stands for every workload name (no
 * Kubernetes name has a `*`): look a name up with {@link replicasFor}.
 */
export const ANY_NAME = '*';

/** The builds of {@link kustomizeReplicas} for one workload name. */
export function replicasFor<T>(byName: ReadonlyMap<string, T> | undefined, name: string): T | undefined {
  return byName?.get(name) ?? byName?.get(ANY_NAME);
}

/**
 * What the patches of the kustomizations may do to the objects of each listed file:
 * file URI → the effects of every patch of every build of the file (see
 * {@link PatchEffect}); files no patch reaches are absent. Patches of every level apply
 * (an outer kustomization patches what the inner ones built), and the rules judge objects
 * as built, so an effect in any one build makes the patched value unknown.
 * `readFile` gives the text of a patch file (undefined when it is not in the workspace).
 */
export function kustomizePatchEffects(
  kustomizations: Iterable<Kustomization>,
  readFile: (uri: string) => string | undefined,
): Map<string, PatchEffect[]> {
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) byDir.set(k.dir, k);
  const perFile = new Map<string, Map<string, PatchEffect>>();
  // Effects are collected per file over all builds, not per build: it is enough to walk
  // down once from each kustomization that patches (a walk per path would be exponential).
  for (const k of byDir.values()) {
    const { patchEdits } = withComponents(k, byDir);
    if (patchEdits.length === 0) continue;
    const effects = patchEdits.flatMap((p) => cachedPatchEffects(p, k.dir, readFile));
    for (const uri of filesBelow(k, byDir)) {
      let found = perFile.get(uri);
      if (!found) perFile.set(uri, (found = new Map()));
      for (const e of effects) found.set(effectKey(e), e);
    }
  }
  return new Map([...perFile].map(([uri, effects]) => [uri, [...effects.values()]]));
}

/**
 * {@link patchContentEffects} of a patch, kept while its text (the same string while the
 * workspace keeps the same version of a patch file) and folder stay the same: re-reading
 * the effects after one patch file changed then costs a look-up for each other patch, not
 * a re-parse of its text. Keyed by the patch object, which lives as long as the
 * kustomization that reads it.
 */
const patchEffectsCache = new WeakMap<KustomizePatch, { text: string | undefined; dir: string; effects: PatchEffect[] }>();

function cachedPatchEffects(p: KustomizePatch, dir: string, readFile: (uri: string) => string | undefined): PatchEffect[] {
  const text = p.file ? readFile(p.file) : p.text;
  const cached = patchEffectsCache.get(p);
  if (cached && cached.text === text && cached.dir === dir) return cached.effects;
  const effects = patchContentEffects(text, p.target, dir);
  patchEffectsCache.set(p, { text, dir, effects });
  return effects;
}

/** An effect's identity (equal effects of two patches count once), computed once per effect object. */
const effectKeys = new WeakMap<PatchEffect, string>();

function effectKey(e: PatchEffect): string {
  let key = effectKeys.get(e);
  if (key === undefined) effectKeys.set(e, (key = JSON.stringify(e)));
  return key;
}

/** The files a kustomization lists, directly or through the folders it lists (each once). */
function filesBelow(k: Kustomization, byDir: ReadonlyMap<string, Kustomization>): Set<string> {
  const files = new Set<string>();
  const seen = new Set([k.dir]);
  const stack = [k];
  for (let top = stack.pop(); top; top = stack.pop()) {
    for (const entry of top.entries) {
      const child = byDir.get(entry);
      if (!child) files.add(entry);
      else if (!seen.has(entry)) {
        seen.add(entry);
        stack.push(child);
      }
    }
  }
  return files;
}

/** Everything the kustomizations do to the files they list, as the workspace keeps it. */
export interface KustomizeEffects {
  /** See {@link kustomizeNamespaces}. */
  namespaces: Map<string, string>;
  /** The kustomization folder each namespace in {@link namespaces} comes from (for hovers). */
  namespaceSources: Map<string, NamespaceSource>;
  /** See {@link kustomizePatchFiles}. */
  patchFiles: Set<string>;
  /** See {@link kustomizeReplicas}. */
  replicas: Map<string, Map<string, (ReplicasOverride | undefined)[]>>;
  /** See {@link kustomizeLabelledFiles}. */
  labelled: Set<string>;
  /** See {@link kustomizePatchEffects}. */
  patches: Map<string, PatchEffect[]>;
  /** See {@link kustomizeNameAffixes}. */
  affixes: Map<string, NameAffix[] | undefined>;
}

export const NO_KUSTOMIZE_EFFECTS: KustomizeEffects = {
  namespaces: new Map(), namespaceSources: new Map(), patchFiles: new Set(), replicas: new Map(), labelled: new Set(), patches: new Map(), affixes: new Map(),
};

/** `readFile` gives the text of a file (undefined when it is not in the workspace). */
export function kustomizeEffects(
  kustomizations: readonly Kustomization[],
  readFile: (uri: string) => string | undefined,
): KustomizeEffects {
  const namespaceSources = kustomizeNamespaceSources(kustomizations);
  return {
    namespaces: new Map([...namespaceSources].map(([uri, source]) => [uri, source.namespace])),
    namespaceSources,
    patchFiles: kustomizePatchFiles(kustomizations, readFile),
    replicas: kustomizeReplicas(kustomizations),
    labelled: kustomizeLabelledFiles(kustomizations),
    patches: kustomizePatchEffects(kustomizations, readFile),
    affixes: kustomizeNameAffixes(kustomizations),
  };
}

/** Every file some effect names: the only ones a change of effects can move. */
export function filesWithEffects(effects: KustomizeEffects): Iterable<string> {
  return [...effects.namespaces.keys(), ...effects.patchFiles, ...effects.replicas.keys(), ...effects.labelled, ...effects.patches.keys(), ...effects.affixes.keys()];
}

/**
 * The replica counts the builds of a workload give (see {@link kustomizeReplicas}), with an
 * unknown count from a patch that may write its `spec.replicas`; undefined when nothing
 * overrides the count written.
 */
export function replicaBuilds(effects: KustomizeEffects, workload: Resource): (ReplicasOverride | undefined)[] | undefined {
  const builds = workload.name ? replicasByAnyName(effects, workload.uri, workload.name.value) : undefined;
  const patch = patchedBy(effects, workload, 'replicas');
  return patch ? [...(builds ?? []), { count: undefined, dir: patch.dir }] : builds;
}

/** Whether the labels of the object's pod template or selectors as built may differ from those written. */
export function hasKustomizeLabels(effects: KustomizeEffects, r: Resource): boolean {
  return effects.labelled.has(r.uri) || patchedBy(effects, r, 'labels') !== undefined;
}

/**
 * Whether the build may change the object in fields the rules read beyond replicas and
 * labels (a patch writing its serviceName, clusterIP, ports, containers or name, a
 * `$patch` directive, a patch that cannot be read, `transformers:`, `replacements:`):
 * nothing about it as written can be trusted, so it is never the subject of a finding
 * and answers about it are unknown. See {@link Resource.kustomizePatched}.
 */
export function isKustomizePatched(effects: KustomizeEffects, r: Resource): boolean {
  return patchedBy(effects, r, 'whole') !== undefined;
}

/** Whether a patch may write the pod spec details of the object (see {@link PatchEffect.podSpec}). */
export function hasKustomizePodSpec(effects: KustomizeEffects, r: Resource): boolean {
  return patchedBy(effects, r, 'podSpec') !== undefined;
}

function patchedBy(effects: KustomizeEffects, r: Resource, what: 'replicas' | 'labels' | 'podSpec' | 'whole'): PatchEffect | undefined {
  const found = effects.patches.get(r.uri);
  if (!found) return undefined;
  const names = r.name ? namesSeenByKustomize(effects, r.uri, r.name.value) : undefined;
  const matches = (e: PatchEffect) => (names ? names.some((name) => patchMatches(e, r.kind.value, name)) : patchMatches(e, r.kind.value, undefined));
  return found.find((e) => e[what] && matches(e));
}

/**
 * The builds' counts for a workload (see {@link kustomizeReplicas}) under any name a
 * `replicas:` entry may know it by ({@link namesSeenByKustomize}): in each build, the entry
 * for its own name, else the first for a prefixed or suffixed one; with names unknown,
 * every count that reaches the file is possible, so the count is unknown.
 */
function replicasByAnyName(effects: KustomizeEffects, uri: string, name: string): (ReplicasOverride | undefined)[] | undefined {
  const byName = effects.replicas.get(uri);
  if (!byName) return undefined;
  const names = namesSeenByKustomize(effects, uri, name);
  if (!names) {
    const builds = [...byName.values()][0]!;
    return builds.map((_, i) => {
      const set = [...byName.values()].map((b) => b[i]).find((o) => o !== undefined);
      return set && { count: undefined, dir: set.dir };
    });
  }
  const found = names.map((n) => replicasFor(byName, n));
  if (found.every((b) => b === undefined)) return undefined;
  const builds = found.find((b) => b !== undefined)!;
  return builds.map((_, i) => found.map((b) => b?.[i]).find((o) => o !== undefined));
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
