import { basenameUri } from '../uris';

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
  /**
   * Set when the kustomization has more entries than the limit (see {@link MAX_KUSTOMIZATION_ENTRIES}
   * in read.ts): how many it has. Its patches, replica counts and labels are then not read:
   * {@link patchEdits} is one patch of unknown content, so nothing is said about the objects it builds.
   */
  overLimit?: number;
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
