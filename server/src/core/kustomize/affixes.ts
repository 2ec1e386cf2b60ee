import type { KustomizeEffects } from './effects';
import type { Kustomization, NameAffix } from './kustomization';
import { ANY_NAME } from './replicas';
import { runToEnd, type Steps } from './steps';
import { walkKustomizations } from './walk';

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
  return runToEnd(kustomizeNameAffixSteps(kustomizations));
}

/** {@link kustomizeNameAffixes} a step at a time (see ./steps.ts). */
export function* kustomizeNameAffixSteps(kustomizations: Iterable<Kustomization>): Steps<Map<string, NameAffix[] | undefined>> {
  const result = new Map<string, Map<string, NameAffix> | undefined>();
  yield* walkKustomizations<NameAffix[][]>(
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
