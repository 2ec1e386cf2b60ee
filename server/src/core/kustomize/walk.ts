import { withComponents } from './components';
import type { Kustomization } from './kustomization';
import { StepCounter, type Steps } from './steps';

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
 *
 * It runs a step at a time (see ./steps.ts): the caller drives it with `yield*`.
 */
export function* walkKustomizations<S>(
  kustomizations: Iterable<Kustomization>,
  enter: (k: Kustomization, outer: S | undefined) => S,
  key: (state: S) => string,
  file: (uri: string, state: S) => void,
  widen?: (state: S, dir: string) => S,
): Steps<void> {
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
  // A state is pushed once per entry of its kustomization: its key is computed once per
  // state object, and stands in the visited ids as a small number. Keying each entry anew
  // made 20,000 resources under 4,000 replicas entries quadratic (87 s, issue #16).
  const stateIds = new Map<string, number>();
  const idOfState = new WeakMap<object, number>();
  const stateId = (state: S): number => {
    const cached = typeof state === 'object' && state !== null ? idOfState.get(state) : undefined;
    if (cached !== undefined) return cached;
    const text = key(state);
    let id = stateIds.get(text);
    if (id === undefined) stateIds.set(text, (id = stateIds.size));
    if (typeof state === 'object' && state !== null) idOfState.set(state, id);
    return id;
  };
  const visited = new Set<string>();
  const states = new Map<string, number>();
  // An explicit stack rather than recursion (a long chain of folders must not overflow the
  // call stack), holding folders and files in the order a recursive walk would meet them.
  const stack: [string, S][] = [];
  const counter = new StepCounter();
  for (const root of roots) {
    if (states.has(root.dir)) continue; // reached from an earlier root
    stack.push([root.dir, enter(settings(root), undefined)]);
    for (let top = stack.pop(); top; top = stack.pop()) {
      if (counter.tick()) yield;
      const [uri] = top;
      let [, state] = top;
      let id = `${uri}\n${stateId(state)}`;
      if (visited.has(id)) continue; // also stops cycles, an error for kustomize
      const seen = states.get(uri) ?? 0;
      if (widen && seen >= MAX_STATES) {
        state = widen(state, uri);
        id = `${uri}\n${stateId(state)}`;
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
