import type { Resource } from '../model';
import { kustomizeNameAffixSteps, namesSeenByKustomize } from './affixes';
import type { Kustomization, NameAffix, PatchEffect } from './kustomization';
import { kustomizeLabelledFileSteps } from './labels';
import { kustomizeNamespaceSourceSteps, type NamespaceSource } from './namespaces';
import { kustomizePatchEffectSteps } from './patchEffects';
import { kustomizePatchFiles } from './patchFiles';
import { literalPattern, patchMatches } from './patchTargets';
import { kustomizeReplicaSteps, replicasFor, type ReplicasOverride } from './replicas';
import { runToEnd, StepCounter, type Steps } from './steps';

/** Everything the kustomizations do to the files they list, as the workspace keeps it. */
export interface KustomizeEffects {
  /** See {@link kustomizeNamespaces}. */
  namespaces: Map<string, string>;
  /** The kustomization folder each namespace in {@link namespaces} comes from (for hovers). */
  namespaceSources: Map<string, NamespaceSource>;
  /** See {@link kustomizePatchFiles}. */
  patchFiles: Set<string>;
  /** See {@link kustomizeReplicas}. */
  replicas: Map<string, ReadonlyMap<string, (ReplicasOverride | undefined)[]>>;
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
  return runToEnd(kustomizeEffectSteps(kustomizations, readFile));
}

/** {@link kustomizeEffects} a step at a time (see ./steps.ts), for a caller that must answer messages meanwhile. */
export function* kustomizeEffectSteps(
  kustomizations: readonly Kustomization[],
  readFile: (uri: string) => string | undefined,
): Steps<KustomizeEffects> {
  const namespaceSources = yield* kustomizeNamespaceSourceSteps(kustomizations);
  const namespaces = new Map<string, string>();
  // A kustomization of 100,000 resources gives as many files: filed in one step with the
  // patch files below, 42-55 ms of its CPU (issue 16, npm run stress hugeKustomization).
  const counter = new StepCounter();
  for (const [uri, source] of namespaceSources) {
    namespaces.set(uri, source.namespace);
    if (counter.tick()) yield;
  }
  yield;
  const patchFiles = kustomizePatchFiles(kustomizations, readFile);
  yield;
  return {
    namespaces,
    namespaceSources,
    patchFiles,
    replicas: yield* kustomizeReplicaSteps(kustomizations),
    labelled: yield* kustomizeLabelledFileSteps(kustomizations),
    patches: yield* kustomizePatchEffectSteps(kustomizations, readFile),
    affixes: yield* kustomizeNameAffixSteps(kustomizations),
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

type Write = 'replicas' | 'labels' | 'podSpec' | 'whole';

function patchedBy(effects: KustomizeEffects, r: Resource, what: Write): PatchEffect | undefined {
  const found = effects.patches.get(r.uri);
  if (!found) return undefined;
  const names = r.name ? namesSeenByKustomize(effects, r.uri, r.name.value) : undefined;
  const kind = r.kind.value;
  if (!names) return found.find((e) => e[what] && patchMatches(e, kind, undefined));
  // The first effect that matches, in list order, among those of the names and those
  // that may match any name: not a scan of every patch for every object (issue #16).
  const index = effectIndex(found, what);
  let first = -1;
  const earliest = (positions: readonly number[] | undefined) => {
    for (const i of positions ?? []) {
      if (first !== -1 && i >= first) return;
      if (names.some((name) => patchMatches(found[i]!, kind, name))) {
        first = i;
        return;
      }
    }
  };
  earliest(index.anyName);
  for (const name of names) earliest(index.byName.get(name));
  return first === -1 ? undefined : found[first];
}

/** The positions of a list's effects that write `what`, by the one name they target, or that may target any name; each ascending. */
interface EffectIndex {
  byName: Map<string, number[]>;
  anyName: number[];
}

/** Built on first use for each effect list, which many files share (see {@link kustomizePatchEffects}). */
const effectIndexes = new WeakMap<readonly PatchEffect[], Map<Write, EffectIndex>>();

function effectIndex(list: readonly PatchEffect[], what: Write): EffectIndex {
  let byWrite = effectIndexes.get(list);
  if (!byWrite) effectIndexes.set(list, (byWrite = new Map()));
  let index = byWrite.get(what);
  if (!index) {
    index = { byName: new Map(), anyName: [] };
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (!e[what]) continue;
      const name = e.name === undefined ? undefined : literalPattern(e.name);
      if (name === undefined) index.anyName.push(i);
      else {
        const positions = index.byName.get(name);
        if (positions) positions.push(i);
        else index.byName.set(name, [i]);
      }
    }
    byWrite.set(what, index);
  }
  return index;
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
