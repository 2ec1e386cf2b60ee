import { cutForEcho } from '../abbreviate';
import { lastIndexWhere } from '../arrays';
import { PLAIN } from '../markdown';
import type { Resource } from '../model';
import type { Location } from '../navigation';
import { isEmptySite, podSelectorsOf, selectorsSelecting, workloadsSelectedBy, type PodSelectorSite, type SiteSelection } from '../selectors';
import { podCount } from '../statefulset';
import { runToEnd, type Steps } from '../steps';
import type { Range } from '../types';
import type { Workspace, WorkspaceView } from '../workspace';

/**
 * What selects what, as inlay hints: on every pod selector, the pods it selects
 * ("3 pods: StatefulSet web"); on a pod template's labels, what selects them ("selected
 * by Service web, PDB web-pdb"). Each name is a part that links to the object. Every
 * answer comes from selectors.ts, which decides selection for the rules too; a count
 * comes from statefulset.ts `podCount`. Where the core cannot know, the hint says
 * unknown or maybe, never "no pods".
 */

export interface HintPart {
  text: string;
  /** Where a click on the part goes. */
  target?: Location;
}

export interface SelectionHint {
  /** The hint goes at the end of this line. */
  line: number;
  parts: HintPart[];
  /** Plain text: where each count comes from. */
  tooltip?: string;
}

/** At most this many names in one hint, then "and N more". */
const MAX_NAMES = 3;
/** At most this many lines in a hint's tooltip, then "and N more". */
export const MAX_TOOLTIP_LINES = 20;

/**
 * Bounds of one request (issue 16): the editor asks for the visible lines, a few objects,
 * but a client may ask for the whole file, and on a file of 17,000 objects that share a
 * label every selector selects every workload: each hint weighs them all. So at most
 * {@link MAX_HINTED_OBJECTS} objects of the range get hints, at most {@link MAX_HINTS}
 * hints, and once the hints made weighed {@link MAX_WEIGHED} objects (the workloads or
 * selectors each hint looked at, plus one per hint), the rest of the range gets none: a
 * missing hint is better than a request that holds the server.
 */
export const MAX_HINTED_OBJECTS = 100;
export const MAX_HINTS = 300;
export const MAX_WEIGHED = 20_000;
/**
 * The pods of at most this many selected workloads are counted for one hint: each count
 * reads the workload's replicas, its kustomizations and autoscalers, and on 17,000 objects
 * sharing a label the counts of a hint were most of a 190 ms request (stress `requests`).
 * Past it the hint names the workloads and says their pods were not counted: nothing false.
 */
export const MAX_COUNTED = 1_000;

/**
 * How many objects the hints weigh between two steps of {@link selectionHintSteps}: on a file
 * of 24,556 objects sharing a label, the first request's hints weighed 12,278 in one step of
 * 107 ms (stress `requests`). A hint is never cut: one hint weighs at most every workload of
 * its namespace once.
 */
export const WEIGHED_PER_STEP = 2_000;

/** The hints of the file whose line is in `range` (without one, of the whole file), within the bounds above. */
export function selectionHints(workspace: Workspace, uri: string, range?: Range): SelectionHint[] {
  return runToEnd(selectionHintSteps(workspace, uri, range));
}

/** {@link selectionHints} in steps of about {@link WEIGHED_PER_STEP} objects weighed, for a caller that answers other messages between them. */
export function* selectionHintSteps(workspace: Workspace, uri: string, range?: Range): Steps<SelectionHint[]> {
  const inRange = (line: number) => !range || (line >= range.start.line && line <= range.end.line);
  const file = workspace.effective(uri);
  const resources = file ? resourcesInRange(file.resources, range, !file.helm) : [];
  if (resources.length === 0) return [];
  const view = workspace.requestView();
  const hints: SelectionHint[] = [];
  const budget = { weighed: 0 };
  const spent = () => hints.length >= MAX_HINTS || budget.weighed >= MAX_WEIGHED;
  let weighedBefore = 0;
  function* stepWhenDue(): Steps<void> {
    if (budget.weighed - weighedBefore < WEIGHED_PER_STEP) return;
    weighedBefore = budget.weighed;
    yield;
  }
  for (const resource of resources) {
    for (const site of podSelectorsOf(resource)) {
      if (spent()) break;
      if (!inRange(site.keyRange.start.line)) continue;
      const hint = selectorHint(site, view, budget);
      if (hint) hints.push(hint);
      yield* stepWhenDue();
    }
    const labels = resource.podTemplate?.labels;
    if (!spent() && labels?.entries.length && inRange(labels.range.start.line)) {
      const hint = labelsHint(resource, labels.range.start.line, view, budget);
      if (hint) hints.push(hint);
      yield* stepWhenDue();
    }
    if (spent()) break;
  }
  return hints.sort((a, b) => a.line - b.line);
}

/**
 * The first {@link MAX_HINTED_OBJECTS} resources of a file that touch the range. In a plain
 * file the resources are in text order, so the first is found by binary search, not by
 * reading the range of each of 24,556 objects; a Helm template's resources are read from its
 * rendered output, their ranges mapped back into the template, and are all looked at.
 */
function resourcesInRange(all: readonly Resource[], range: Range | undefined, inTextOrder: boolean): readonly Resource[] {
  if (!range) return all.slice(0, MAX_HINTED_OBJECTS);
  const first = inTextOrder ? lastIndexWhere(all, (r) => r.range.end.line < range.start.line) + 1 : 0;
  const out: Resource[] = [];
  for (let i = first; i < all.length && out.length < MAX_HINTED_OBJECTS; i++) {
    const { start, end } = all[i].range;
    if (inTextOrder && start.line > range.end.line) break;
    if (end.line >= range.start.line && start.line <= range.end.line) out.push(all[i]);
  }
  return out;
}

/** "StatefulSet web", its name cut when long (a 20 MB name is shown by its ends). */
function kindAndName(r: Resource): string {
  return `${r.kind.value} ${r.name ? cutForEcho(r.name.value) : '(unnamed)'}`;
}

/** "StatefulSet 'web'", for a tooltip line. */
function quoted(r: Resource): string {
  return `${r.kind.value} '${r.name ? cutForEcho(r.name.value) : '(unnamed)'}'`;
}

/** The name of a workload's pod ("web" of "web-0"), cut when long. */
function podPrefix(r: Resource): string {
  return r.name ? cutForEcho(r.name.value) : '?';
}

/** "StatefulSet web", linking to its name. */
function workloadPart(workload: Resource, prefix = ''): HintPart {
  return { text: `${prefix}${kindAndName(workload)}`, target: { uri: workload.uri, range: workload.name?.range ?? workload.kind.range } };
}

/** "StatefulSet web", or "web-0 of StatefulSet web" when the selector selects one pod. */
function selectedPart(workload: Resource, pods: 'all' | { ordinal: number }): HintPart {
  return workloadPart(workload, pods === 'all' ? '' : `${podPrefix(workload)}-${pods.ordinal} of `);
}

/** How many pods the workload has, when the manifests say; with the reason for the tooltip, built only when shown. */
function podsOfWorkload(workload: Resource, view: WorkspaceView): { count?: number; why: () => string } {
  const name = () => quoted(workload);
  if (workload.kind.value === 'Pod') return { count: 1, why: () => `${name()}: one pod` };
  if (workload.kind.value === 'StatefulSet') {
    const pods = podCount(workload, view);
    if (pods.unknown) return { why: () => `${name()}: count unknown, ${pods.unknown!(PLAIN)}` };
    return { count: pods.count, why: () => `${name()}: ${pods.source(PLAIN)}` };
  }
  return { why: () => `${name()}: count unknown, its replica count is not read (only a StatefulSet's is)` };
}

/**
 * A tooltip's lines about each workload, at most {@link MAX_TOOLTIP_LINES} (each built only
 * then: a selector of 17,000 workloads would write 17,000), then "and N more", then the
 * notes about the whole selection, always shown.
 */
class Tooltip {
  private readonly lines: string[] = [];
  private more = 0;
  readonly notes: string[] = [];

  add(line: () => string): void {
    if (this.lines.length < MAX_TOOLTIP_LINES) this.lines.push(line());
    else this.more++;
  }

  text(): string | undefined {
    const all = [...this.lines, ...(this.more > 0 ? [`and ${this.more} more`] : []), ...this.notes];
    return all.length > 0 ? all.join('\n') : undefined;
  }
}

function selectorHint(site: PodSelectorSite, view: WorkspaceView, budget: { weighed: number }): SelectionHint | undefined {
  const line = site.keyRange.start.line;
  budget.weighed++;
  if (isEmptySite(site) && !site.emptySelectsAll) return undefined;
  const selection = workloadsSelectedBy(site, view);
  if (selection) budget.weighed += selection.selected.length + selection.maybe.length;
  if (!selection) {
    // Nothing is said about what a Helm template or a broken document selects.
    if (site.owner.templated || site.owner.hasSyntaxErrors) return undefined;
    return { line, parts: [{ text: 'pods unknown' }], tooltip: 'This selector cannot be read completely here (an alias, a merge key, or labels a kustomization adds).' };
  }
  if (isEmptySite(site)) return { line, parts: [{ text: `every pod of namespace ${site.owner.namespace}` }] };
  const { selected, maybe, incomplete, noTemplates } = selection;
  // As service-selects-nothing: with no pod template in the namespace, its pods may be defined elsewhere.
  if (noTemplates && !incomplete) return { line, parts: [{ text: `no pod templates in namespace ${site.owner.namespace}` }] };
  const parts: HintPart[] = [];
  const tooltip = new Tooltip();
  if (selected.length > 0) {
    const groups = groupAlternatives(selected);
    const counted = groups.length <= MAX_COUNTED;
    let total: number | undefined = counted ? 0 : undefined;
    const named: (() => HintPart)[] = [];
    for (const alternatives of groups) {
      const [{ workload, pods }] = alternatives;
      if (!counted) {
        named.push(() => selectedPart(workload, pods));
      } else if (pods === 'all') {
        const counts = alternatives.map((a) => (a.pods === 'all' ? podsOfWorkload(a.workload, view) : { count: 1, why: undefined }));
        // Definitions of one object that disagree: which count applies is not known.
        const count = counts.every((c) => c.count === counts[0].count) ? counts[0].count : undefined;
        total = total === undefined || count === undefined ? undefined : total + count;
        for (const { why } of counts) if (why) tooltip.add(why);
        if (alternatives.length > 1) tooltip.add(() => `${quoted(workload)}: ${alternatives.length} definitions in the workspace, one object`);
        named.push(() => workloadPart(workload));
      } else {
        total = total === undefined || alternatives.some((a) => a.pods === 'all' || a.pods.ordinal !== pods.ordinal) ? undefined : total + 1;
        named.push(() => selectedPart(workload, pods));
      }
    }
    parts.push({ text: total === undefined ? 'pods of ' : `${total} ${total === 1 ? 'pod' : 'pods'}: ` }, ...list(named));
    if (!counted) {
      parts.push({ text: ` (not counted: over ${MAX_COUNTED.toLocaleString('en')} workloads)` });
      tooltip.notes.push(`The pods of ${groups.length.toLocaleString('en')} workloads are not counted: a hint counts those of at most ${MAX_COUNTED.toLocaleString('en')}.`);
    } else if (total === undefined) parts.push({ text: ' (count unknown)' });
  }
  if (maybe.length > 0) {
    parts.push({ text: selected.length > 0 ? '; maybe ' : 'maybe pods of ' }, ...list(maybe.map((w) => () => workloadPart(w))));
    tooltip.notes.push('maybe: a label known only at run time, or a pod that may not exist');
  }
  if (parts.length === 0) parts.push({ text: incomplete ? 'pods unknown' : 'no pods' });
  else if (incomplete) parts.push({ text: '; others unknown' });
  if (incomplete) tooltip.notes.push(site.otherNamespaces ? 'the term looks at other namespaces too' : `some pod template of namespace '${site.owner.namespace}' cannot be read here`);
  return { line, parts, tooltip: tooltip.text() };
}

/**
 * The selected workloads, definitions of one object (selectors.ts sameObject) together, in
 * order: grouped by kind and name (the namespace is the selector's, the same for all), so
 * a selector of 17,000 workloads costs 17,000 lookups, not a search of the groups for each.
 * An unnamed workload is an object of its own.
 */
function groupAlternatives(selected: SiteSelection['selected']): SiteSelection['selected'][] {
  const groups: SiteSelection['selected'][] = [];
  // By kind, then by name: no key string is built for each of 12,000 workloads.
  const byKind = new Map<string, Map<string, SiteSelection['selected']>>();
  for (const entry of selected) {
    const { workload } = entry;
    if (!workload.name) {
      groups.push([entry]);
      continue;
    }
    let byName = byKind.get(workload.kind.value);
    if (!byName) byKind.set(workload.kind.value, (byName = new Map()));
    const group = byName.get(workload.name.value);
    if (group) {
      group.push(entry);
      continue;
    }
    const fresh = [entry];
    groups.push(fresh);
    byName.set(workload.name.value, fresh);
  }
  return groups;
}

function labelsHint(workload: Resource, line: number, view: WorkspaceView, budget: { weighed: number }): SelectionHint | undefined {
  budget.weighed++;
  const found = selectorsSelecting(workload, view);
  if (found) budget.weighed += found.selecting.length + found.maybe.length;
  if (!found || (found.selecting.length === 0 && found.maybe.length === 0)) return undefined;
  const parts: HintPart[] = [];
  if (found.selecting.length > 0) {
    const named = found.selecting.map(({ site, pods }) => () => sitePart(site, pods === 'all' ? '' : ` (pod ${podPrefix(workload)}-${pods.ordinal} only)`));
    parts.push({ text: 'selected by ' }, ...list(named));
  }
  if (found.maybe.length > 0) {
    parts.push({ text: found.selecting.length > 0 ? '; maybe by ' : 'maybe selected by ' }, ...list(found.maybe.map((site) => () => sitePart(site))));
  }
  return { line, parts };
}

const ROLE_NAMES: Record<PodSelectorSite['role'], string> = { service: 'Service', workload: '', disruptionBudget: 'PDB', networkPolicy: 'NetworkPolicy', spread: '' };

/** "Service web", "PDB web-pdb", "anti-affinity of Deployment api", linking to the selector. */
function sitePart(site: PodSelectorSite, suffix = ''): HintPart {
  const owner = kindAndName(site.owner);
  let text: string;
  if (site.role === 'spread') text = `${site.field?.startsWith('topology') ? 'topology spread' : 'anti-affinity'} of ${owner}`;
  else if (site.role === 'workload') text = `selector of ${owner}`;
  else text = `${ROLE_NAMES[site.role]} ${site.owner.name ? cutForEcho(site.owner.name.value) : '(unnamed)'}`;
  return { text: `${text}${suffix}`, target: { uri: site.owner.uri, range: site.keyRange } };
}

/** The parts joined with ", ", at most {@link MAX_NAMES} (only those are made), then "and N more". */
function list(named: (() => HintPart)[]): HintPart[] {
  const out: HintPart[] = [];
  named.slice(0, MAX_NAMES).forEach((part, i) => {
    if (i > 0) out.push({ text: ', ' });
    out.push(part());
  });
  if (named.length > MAX_NAMES) out.push({ text: ` and ${named.length - MAX_NAMES} more` });
  return out;
}
