import { appendAll } from '../arrays';
import type { Kustomization } from './kustomization';

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
export function withComponents(k: Kustomization, byDir: ReadonlyMap<string, Kustomization>, seen = new Set<string>([k.dir])): Kustomization {
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
    appendAll(replicas, component.replicas.map((r) => ({ ...r, dir: r.dir ?? component.dir })));
    podLabels ||= component.podLabels;
    appendAll(patchEdits, component.patchEdits);
    appendAll(affixes, component.affixes);
  }
  return { ...k, namespace, replicas, podLabels, patchEdits, affixes };
}
