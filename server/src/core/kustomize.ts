import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
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
   * Patch files (`patchesStrategicMerge:` paths, `patches[].path`, `patchesJson6902[].path`)
   * resolved to URIs. A strategic-merge patch looks like a partial object (a StatefulSet
   * with only `replicas`): it is not a resource and must neither be checked nor found.
   */
  patches: string[];
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
 * One patch of a kustomization. A strategic-merge patch file (`patchesStrategicMerge:`, or
 * `patches:` with a path and no target) names the objects it patches by its own kind and
 * name, so its content tells what it changes: `file` is set. Any other patch (inline, JSON
 * 6902, or a file applied to a `target:`) is judged by its target alone: `target`, or
 * undefined for "every resource" when there is none or it cannot be read.
 */
export interface KustomizePatch {
  file?: string;
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
  return {
    dir, namespace: namespace || undefined, entries, patches: patchFiles(root, dir), patchEdits: patchEdits(root, dir), components, replicas: replicasEntries(root), podLabels: rewritesPodLabels(root),
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

function patchFiles(root: YAMLMap, dir: string): string[] {
  const out: string[] = [];
  const add = (path: string | undefined): void => {
    const file = patchPath(path);
    if (file) out.push(joinUri(dir, file));
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

/**
 * The patches of a kustomization (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/,
 * …/patchesstrategicmerge/, …/patchesjson6902/). A `patches:` entry with a path and no
 * target is a strategic-merge patch file (a JSON 6902 patch needs a target); whatever
 * else cannot be told here touches every resource.
 */
function patchEdits(root: YAMLMap, dir: string): KustomizePatch[] {
  const out: KustomizePatch[] = [];
  const strategic = root.get('patchesStrategicMerge', true);
  if (strategic !== undefined && !isEmpty(strategic) && !isSeq(strategic)) out.push({});
  if (isSeq(strategic)) {
    for (const item of strategic.items) {
      const file = patchPath(stringValue(item));
      out.push(file ? { file: joinUri(dir, file) } : {});
    }
  }
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
      const target = item.get('target', true);
      if (field === 'patches' && file && target === undefined) out.push({ file: joinUri(dir, file) });
      else out.push({ target: patchTarget(target) });
    }
  }
  return out;
}

/** A `target:` selector; undefined (every resource) when it is absent or not a mapping. */
function patchTarget(node: unknown): PatchTarget | undefined {
  if (!isMap(node)) return undefined;
  const field = (name: string) => {
    const value = node.get(name, true);
    // Absent: any. Present but unreadable (a template, a number): any, to be safe.
    return value === undefined ? undefined : stringValue(value) || undefined;
  };
  return { kind: field('kind'), name: field('name') };
}

/**
 * What a strategic-merge patch file does, from its resources (undefined: the file is not
 * in the workspace). A patch object changes only the fields it writes, on the object of
 * its kind and name: `spec.replicas` or `spec.ordinals` → the pod count; pod template
 * labels or a selector → the labels. An object that cannot be read (a template, broken
 * YAML, no name) or a file with no object at all (a JSON 6902 list) may touch anything.
 */
export function strategicPatchEffects(resources: readonly Resource[] | undefined, dir: string): PatchEffect[] {
  if (!resources || resources.length === 0) return [{ replicas: true, labels: true, dir }];
  return resources.flatMap((r): PatchEffect[] => {
    const kind = escapeRegExp(r.kind.value);
    if (r.templated || r.hasSyntaxErrors || !r.name) return [{ kind, replicas: true, labels: true, dir }];
    const sts = r.statefulSet;
    const replicas = !!sts && (sts.replicas !== undefined || sts.ordinalsStart !== undefined || !!sts.ordinalsUnreadable);
    const labels = r.podTemplate?.labels !== undefined || r.selector !== undefined || r.service?.selector !== undefined;
    return replicas || labels ? [{ kind, name: escapeRegExp(r.name.value), replicas, labels, dir }] : [];
  });
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
  const result = new Map<string, string>();
  walkKustomizations<string | undefined>(
    kustomizations,
    (k, outer) => outer ?? k.namespace,
    (namespace) => namespace ?? '',
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
 * `readFile` gives the resources of a patch file (undefined when it is not in the workspace).
 */
export function kustomizePatchEffects(
  kustomizations: Iterable<Kustomization>,
  readFile: (uri: string) => readonly Resource[] | undefined,
): Map<string, PatchEffect[]> {
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) byDir.set(k.dir, k);
  const perFile = new Map<string, Map<string, PatchEffect>>();
  // Effects are collected per file over all builds, not per build: it is enough to walk
  // down once from each kustomization that patches (a walk per path would be exponential).
  for (const k of byDir.values()) {
    const { patchEdits } = withComponents(k, byDir);
    if (patchEdits.length === 0) continue;
    const effects = patchEdits.flatMap((p) => (p.file ? cachedStrategicPatchEffects(readFile(p.file), k.dir) : [{ ...p.target, replicas: true, labels: true, dir: k.dir }]));
    for (const uri of filesBelow(k, byDir)) {
      let found = perFile.get(uri);
      if (!found) perFile.set(uri, (found = new Map()));
      for (const e of effects) found.set(effectKey(e), e);
    }
  }
  return new Map([...perFile].map(([uri, effects]) => [uri, [...effects.values()]]));
}

/**
 * {@link strategicPatchEffects}, kept per version of a patch file (the workspace gives an
 * unchanged file the same resources array) and folder: re-reading the effects after one
 * patch file changed then costs a look-up for each other patch, not a re-read of its objects.
 */
const strategicEffectsCache = new WeakMap<readonly Resource[], Map<string, PatchEffect[]>>();

function cachedStrategicPatchEffects(resources: readonly Resource[] | undefined, dir: string): PatchEffect[] {
  if (!resources) return strategicPatchEffects(resources, dir);
  let byDir = strategicEffectsCache.get(resources);
  if (!byDir) strategicEffectsCache.set(resources, (byDir = new Map()));
  let effects = byDir.get(dir);
  if (!effects) byDir.set(dir, (effects = strategicPatchEffects(resources, dir)));
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
  namespaces: new Map(), patchFiles: new Set(), replicas: new Map(), labelled: new Set(), patches: new Map(), affixes: new Map(),
};

export function kustomizeEffects(
  kustomizations: readonly Kustomization[],
  readFile: (uri: string) => readonly Resource[] | undefined,
): KustomizeEffects {
  return {
    namespaces: kustomizeNamespaces(kustomizations),
    patchFiles: kustomizePatchFiles(kustomizations),
    replicas: kustomizeReplicas(kustomizations),
    labelled: kustomizeLabelledFiles(kustomizations),
    patches: kustomizePatchEffects(kustomizations, readFile),
    affixes: kustomizeNameAffixes(kustomizations),
  };
}

/** Every file some effect names: the only ones a change of effects can move. */
export function filesWithEffects(effects: KustomizeEffects): Iterable<string> {
  return [...effects.namespaces.keys(), ...effects.patchFiles, ...effects.replicas.keys(), ...effects.labelled, ...effects.patches.keys()];
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

function patchedBy(effects: KustomizeEffects, r: Resource, what: 'replicas' | 'labels'): PatchEffect | undefined {
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
