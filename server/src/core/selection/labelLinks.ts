import type { LabelEntry, Resource } from '../model';
import { eachSelectorSelecting, podSelectorsOf, workloadsSelectedBy, type PodSelectorSite } from '../selectors';
import { rangeContains, type Position, type Range } from '../types';
import type { Workspace, WorkspaceView } from '../workspace';

/**
 * Labels and the selector entries that select them, for find references and document
 * highlights:
 * - on a pod template label (key or value): every selector entry on that key, in the
 *   workspace, of a selector that selects the template's pods (same namespace, as
 *   selectors.ts decides: the workload's own `spec.selector` too), and the label;
 * - on a selector entry (a `matchLabels` or Service selector entry, or a
 *   `matchExpressions` key): the label of that key of every pod template the selector
 *   selects, and the entry.
 * Only selections that are known count: a selector that may select (a label known only at
 * run time, labels a kustomization adds) is no reference.
 */

export interface LabelLink {
  uri: string;
  range: Range;
  /** The label a pod template writes, or a selector entry that reads it. */
  role: 'label' | 'selector';
}

/**
 * With `enough`, the links may stop once it says so (it is asked after each link): a
 * highlight needs the first 1,000 of its file, not 24,000 of a label every Service selects.
 */
export function labelLinksAt(workspace: Workspace, uri: string, position: Position, enough?: (links: readonly LabelLink[]) => boolean): LabelLink[] {
  for (const resource of workspace.resources(uri)) {
    if (!rangeContains(resource.range, position)) continue;
    const label = resource.podTemplate?.labels?.entries.find((e) => rangeContains(entryRange(e), position));
    if (label) return linksOfLabel(resource, label, workspace.requestView(), enough);
    for (const site of podSelectorsOf(resource)) {
      const key = selectorKeyAt(site, position);
      if (key) return linksOfSelectorEntry(site, key, workspace.requestView());
    }
  }
  return [];
}

/** `app: web`, from the key to the end of the value. */
function entryRange(entry: LabelEntry): Range {
  return { start: entry.key.range.start, end: entry.value.range.end };
}

/** The label key of the selector entry under the position, with the entry's range. */
function selectorKeyAt(site: PodSelectorSite, position: Position): { key: string; range: Range } | undefined {
  for (const entry of site.matchLabels?.entries ?? []) {
    const range = entryRange(entry);
    if (rangeContains(range, position)) return { key: entry.key.value, range };
  }
  for (const req of site.matchExpressions) {
    if (rangeContains(req.key.range, position)) return { key: req.key.value, range: req.key.range };
  }
  return undefined;
}

/** The entries of a selector on `key`: its matchLabels entry and matchExpressions keys. */
function selectorEntries(site: PodSelectorSite, key: string): Range[] {
  return [
    ...(site.matchLabels?.entries.filter((e) => e.key.value === key).map(entryRange) ?? []),
    ...site.matchExpressions.filter((req) => req.key.value === key).map((req) => req.key.range),
  ];
}

function linksOfLabel(workload: Resource, label: LabelEntry, view: WorkspaceView, enough?: (links: readonly LabelLink[]) => boolean): LabelLink[] {
  const links: LabelLink[] = [{ uri: workload.uri, range: entryRange(label), role: 'label' }];
  for (const { site, pods } of eachSelectorSelecting(workload, view, true)) {
    // A selector that may select the pods (known only at run time) is no reference.
    if (pods === 'unknown') continue;
    for (const range of selectorEntries(site, label.key.value)) links.push({ uri: site.owner.uri, range, role: 'selector' });
    if (enough?.(links)) break;
  }
  return links;
}

function linksOfSelectorEntry(site: PodSelectorSite, entry: { key: string; range: Range }, view: WorkspaceView): LabelLink[] {
  const links: LabelLink[] = [{ uri: site.owner.uri, range: entry.range, role: 'selector' }];
  for (const { workload } of workloadsSelectedBy(site, view)?.selected ?? []) {
    const label = workload.podTemplate?.labels?.entries.find((e) => e.key.value === entry.key);
    // A label the controller adds (a StatefulSet's pod name) is written nowhere.
    if (label) links.push({ uri: workload.uri, range: entryRange(label), role: 'label' });
  }
  return links;
}

/**
 * Find references on a label or a selector entry: every link of {@link labelLinksAt}, the
 * one under the position only with `includeDeclaration`.
 */
export function labelReferencesAt(workspace: Workspace, uri: string, position: Position, includeDeclaration: boolean): LabelLink[] {
  const links = labelLinksAt(workspace, uri, position);
  return includeDeclaration ? links : links.filter((l) => !(l.uri === uri && rangeContains(l.range, position)));
}

/**
 * At most this many highlights, the one under the cursor first (issue 16): a label that
 * 12,000 Services of the file select made 24,000 highlights, a 2.3 MB answer, for a click.
 */
export const MAX_HIGHLIGHTS = 1_000;

/** Document highlights: the links in the same file (labels written, selector entries read). */
export function labelHighlightsAt(workspace: Workspace, uri: string, position: Position): LabelLink[] {
  let inFile = 0;
  let counted = 0;
  const enough = (links: readonly LabelLink[]): boolean => {
    for (; counted < links.length; counted++) if (links[counted].uri === uri) inFile++;
    return inFile >= MAX_HIGHLIGHTS;
  };
  return labelLinksAt(workspace, uri, position, enough).filter((l) => l.uri === uri).slice(0, MAX_HIGHLIGHTS);
}
