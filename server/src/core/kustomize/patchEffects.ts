import { withComponents } from './components';
import type { Kustomization, KustomizePatch, PatchEffect } from './kustomization';
import { patchContentEffects } from './patchContent';
import { runToEnd, StepCounter, type Steps } from './steps';

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
  return runToEnd(kustomizePatchEffectSteps(kustomizations, readFile));
}

/** {@link kustomizePatchEffects} a step at a time (see ./steps.ts): a patch read or a file reached is a unit. */
export function* kustomizePatchEffectSteps(
  kustomizations: Iterable<Kustomization>,
  readFile: (uri: string) => string | undefined,
): Steps<Map<string, PatchEffect[]>> {
  const counter = new StepCounter();
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) byDir.set(k.dir, k);
  // Per file, the effect lists of the kustomizations above it, shared and not copied:
  // copying every list into every file cost files x patches (100,000 resources under
  // 20,000 patches, issue #16).
  const perFile = new Map<string, PatchEffect[][]>();
  // Effects are collected per file over all builds, not per build: it is enough to walk
  // down once from each kustomization that patches (a walk per path would be exponential).
  for (const k of byDir.values()) {
    const { patchEdits } = withComponents(k, byDir);
    if (patchEdits.length === 0) continue;
    const read: PatchEffect[] = [];
    for (const p of patchEdits) {
      if (counter.tick()) yield;
      read.push(...cachedPatchEffects(p, k.dir, readFile));
    }
    const effects = distinctEffects([read]);
    for (const uri of filesBelow(k, byDir)) {
      if (counter.tick()) yield;
      const found = perFile.get(uri);
      if (found) found.push(effects);
      else perFile.set(uri, [effects]);
    }
  }
  // Files reached by the same patching kustomizations share one merged list: merging per
  // file cost files x patches again when a base of many patches sits under a patching overlay.
  const listIds = new Map<PatchEffect[], number>();
  const merged = new Map<string, PatchEffect[]>();
  const result = new Map<string, PatchEffect[]>();
  for (const [uri, lists] of perFile) {
    if (counter.tick()) yield;
    if (lists.length === 1) {
      result.set(uri, lists[0]!);
      continue;
    }
    const key = lists.map((list) => listIds.get(list) ?? listIds.set(list, listIds.size).get(list)!).join(',');
    let list = merged.get(key);
    if (!list) merged.set(key, (list = distinctEffects(lists)));
    result.set(uri, list);
  }
  return result;
}

/** The effects of the lists, each distinct effect once (see {@link effectKey}), in order. */
function distinctEffects(lists: readonly PatchEffect[][]): PatchEffect[] {
  const byKey = new Map<string, PatchEffect>();
  for (const list of lists) for (const e of list) byKey.set(effectKey(e), e);
  return [...byKey.values()];
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
