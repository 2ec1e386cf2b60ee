import type { Kustomization } from './kustomization';
import { runToEnd, StepCounter, type Steps } from './steps';
import { walkKustomizations } from './walk';

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
export function kustomizeReplicas(kustomizations: Iterable<Kustomization>): Map<string, ReadonlyMap<string, (ReplicasOverride | undefined)[]>> {
  return runToEnd(kustomizeReplicaSteps(kustomizations));
}

/** {@link kustomizeReplicas} a step at a time (see ./steps.ts). */
export function* kustomizeReplicaSteps(kustomizations: Iterable<Kustomization>): Steps<Map<string, ReadonlyMap<string, (ReplicasOverride | undefined)[]>>> {
  const perFile = new Map<string, Map<string, ReplicasOverride>[]>();
  yield* walkKustomizations<Map<string, ReplicasOverride>>(
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
  const result = new Map<string, ReadonlyMap<string, (ReplicasOverride | undefined)[]>>();
  const counter = new StepCounter();
  for (const [uri, builds] of perFile) {
    if (counter.tick()) yield;
    if (builds.some((b) => b.size > 0)) result.set(uri, new ReplicasByName(builds));
  }
  return result;
}

/**
 * The counts of each name in each build of one file, looked up when asked: the builds
 * (shared by every file they reach) are kept, not a map of every name per file, which
 * cost files × names (20,000 resources under 4,000 `replicas:` entries: 80 million
 * entries, issue #16).
 */
class ReplicasByName implements ReadonlyMap<string, (ReplicasOverride | undefined)[]> {
  private names?: string[];

  constructor(private readonly builds: readonly Map<string, ReplicasOverride>[]) {}

  get(name: string): (ReplicasOverride | undefined)[] | undefined {
    if (!this.builds.some((b) => b.has(name))) return undefined;
    return this.builds.map((b) => b.get(name) ?? b.get(ANY_NAME));
  }

  has(name: string): boolean {
    return this.builds.some((b) => b.has(name));
  }

  get size(): number {
    return this.allNames().length;
  }

  *keys(): MapIterator<string> {
    yield* this.allNames();
  }

  *values(): MapIterator<(ReplicasOverride | undefined)[]> {
    for (const name of this.allNames()) yield this.get(name)!;
  }

  *entries(): MapIterator<[string, (ReplicasOverride | undefined)[]]> {
    for (const name of this.allNames()) yield [name, this.get(name)!];
  }

  [Symbol.iterator](): MapIterator<[string, (ReplicasOverride | undefined)[]]> {
    return this.entries();
  }

  forEach(fn: (value: (ReplicasOverride | undefined)[], key: string, map: ReadonlyMap<string, (ReplicasOverride | undefined)[]>) => void): void {
    for (const [name, value] of this.entries()) fn(value, name, this);
  }

  private allNames(): string[] {
    if (!this.names) {
      const names = new Set<string>();
      for (const b of this.builds) for (const name of b.keys()) names.add(name);
      this.names = [...names];
    }
    return this.names;
  }
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
