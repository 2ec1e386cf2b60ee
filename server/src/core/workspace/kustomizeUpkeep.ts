import { filesWithEffects, kustomizeEffects, kustomizationLimitMessage, NO_KUSTOMIZE_EFFECTS, patchFileSummary, readKustomization, type Kustomization, type KustomizeEffects } from '../kustomize';
import type { Resource } from '../model';
import { indexKeys, type DependencyKey } from './keys';
import { sameEffects } from './kustomizeFacts';
import type { FileLayers, WorkspaceOptions } from './types';

/** What the kustomize upkeep reads from the workspace and asks of its index. */
export interface KustomizeHost {
  layers(uri: string): FileLayers | undefined;
  /** The text of the file's layer that counts (open, else on disk). */
  text(uri: string): string | undefined;
  /** The resources the index holds for the file. */
  indexed(uri: string): readonly Resource[];
  /** Files a resource in the index, placed with the current effects. */
  place(r: Resource): void;
  unplace(r: Resource): void;
}

/**
 * The workspace's kustomizations and what they do to the files they list (namespaces,
 * patch files, replica counts, labels, patches: see ../kustomize/), kept up to date as
 * kustomizations and patch files change.
 */
export class KustomizeUpkeep {
  /** Files named like a kustomization (kustomization.yaml…), whatever their content. */
  readonly files = new Set<string>();
  /** What the kustomizations do to the files they list. */
  effects: KustomizeEffects = NO_KUSTOMIZE_EFFECTS;

  constructor(private readonly options: WorkspaceOptions, private readonly host: KustomizeHost) {}

  /** Reads a kustomization's text, telling the options' listener when it is past the entry limit. */
  read(uri: string, text: string): Kustomization | undefined {
    const k = readKustomization(uri, text, this.options.maxKustomizationEntries);
    if (k?.overLimit !== undefined) this.options.onKustomizationLimit?.(uri, kustomizationLimitMessage(uri, k.overLimit, this.options.maxKustomizationEntries));
    return k;
  }

  /** The kustomization of the file's layer that counts (open, else on disk). */
  effective(uri: string): Kustomization | undefined {
    const layers = this.host.layers(uri);
    return layers?.open ? layers.openKustomization : layers?.diskKustomization;
  }

  private *kustomizations(): Iterable<Kustomization> {
    for (const uri of this.files) {
      const k = this.effective(uri);
      if (k) yield k;
    }
  }

  /**
   * What a kustomize patch file says, as far as the rules care (undefined for other files):
   * a keystroke in a patch refreshes the kustomize effects only when this changes.
   */
  patchSummary(uri: string): string | undefined {
    return this.effects.patchFiles.has(uri) ? patchFileSummary(this.host.text(uri)) : undefined;
  }

  /** Reads the effects of all kustomizations afresh (the caller decides when they apply). */
  readEffects(): KustomizeEffects {
    return kustomizeEffects([...this.kustomizations()], (uri) => this.host.text(uri));
  }

  /**
   * Re-reads what the kustomizations do (namespaces, patch files, replica counts, labels,
   * patches) after a kustomization or a patch file changed, and re-indexes the files whose
   * resources it moved (their index keys re-check the files that looked them up). Costs
   * the number of kustomizations plus the resources that move, and runs only when what a
   * kustomization or a patch file says changes, not on every keystroke in one.
   */
  refresh(keys: Set<DependencyKey>): string[] {
    const before = this.effects;
    const after = this.readEffects();
    const moved: string[] = [];
    for (const uri of new Set([...filesWithEffects(before), ...filesWithEffects(after)])) {
      // Stand-ins of scanned files have all that the kustomize effects read (uri, kind, name): not parsed for this.
      const resources = this.host.indexed(uri);
      if (resources.length === 0) continue;
      if (resources.every((r) => sameEffects(before, after, r))) continue;
      moved.push(uri);
      for (const r of resources) {
        for (const k of indexKeys(r)) keys.add(k);
        this.host.unplace(r);
      }
    }
    this.effects = after;
    for (const uri of moved) {
      for (const r of this.host.indexed(uri)) {
        this.host.place(r);
        for (const k of indexKeys(r)) keys.add(k);
      }
    }
    return moved;
  }
}
