import type { KustomizeEffects } from '../kustomize';
import type { Resource } from '../model';
import type { Settings } from '../settings';
import type { ResourceIndex } from './resourceIndex';
import { applyPlacement, placedKeys, type Placement } from './placement';

/** What a staged index reads from the workspace. */
export interface StagingHost {
  /** Every file's URI, now. */
  uris(): string[];
  /** The resources the index holds for the file as it is now (a pending text is not parsed for this). */
  indexed(uri: string): readonly Resource[];
  placement(r: Resource, settings: Settings, effects: KustomizeEffects): Placement;
  newIndex(): ResourceIndex;
}

/**
 * Resources placed between two yields of {@link StagedIndex.build}: a few milliseconds
 * (a resource costs a few microseconds: its namespace, kustomize facts and five keys).
 */
export const RESOURCES_PER_STAGING_STEP = 1_000;

/**
 * A new index for new settings (a default namespace that moves every resource), built a
 * step at a time beside the one in use, which lookups keep reading until the new one is
 * complete: requests answered meanwhile see the previous settings whole, never half of
 * each. Resources are not written to until {@link finish}: their placements wait here.
 *
 * Files changed in the index in use while it is built (a document closed, files indexed
 * from disk, a parse committed) are listed in {@link changed} by the workspace and staged
 * again by {@link finish}, which costs their resources only.
 */
export class StagedIndex {
  readonly index: ResourceIndex;
  /** Files whose resources changed in the index in use since this one was begun. */
  readonly changed = new Set<string>();
  private readonly placements = new Map<Resource, Placement>();
  private readonly byFile = new Map<string, Resource[]>();

  constructor(private readonly host: StagingHost, readonly settings: Settings, readonly effects: KustomizeEffects) {
    this.index = host.newIndex();
  }

  /** Stages every file's resources, yielding every {@link RESOURCES_PER_STAGING_STEP}. */
  *build(): Generator<void, void> {
    let placed = 0;
    for (const uri of this.host.uris()) {
      // A file changed after this point is in `changed`: staged again at the end.
      for (const r of this.host.indexed(uri)) {
        this.stage(uri, r);
        if (++placed % RESOURCES_PER_STAGING_STEP === 0) yield;
      }
    }
  }

  /** Stages again the files changed meanwhile, writes every placement on its resource, and returns the index. */
  finish(): ResourceIndex {
    for (const uri of this.changed) {
      this.unstage(uri);
      for (const r of this.host.indexed(uri)) this.stage(uri, r);
    }
    this.changed.clear();
    for (const [r, placement] of this.placements) applyPlacement(r, placement);
    return this.index;
  }

  private stage(uri: string, r: Resource): void {
    const placement = this.host.placement(r, this.settings, this.effects);
    this.placements.set(r, placement);
    let staged = this.byFile.get(uri);
    if (!staged) {
      staged = [];
      this.byFile.set(uri, staged);
    }
    staged.push(r);
    if (!placement.patchFile) this.index.addUnder(r, placedKeys(r, placement));
  }

  private unstage(uri: string): void {
    for (const r of this.byFile.get(uri) ?? []) {
      const placement = this.placements.get(r);
      if (!placement) continue;
      this.placements.delete(r);
      if (!placement.patchFile) this.index.removeUnder(r, placedKeys(r, placement));
    }
    this.byFile.delete(uri);
  }
}
