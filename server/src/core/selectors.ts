import { CONTROLLER_LABEL_KEYS, controllerLabelKeys, controllerLabelMatch } from './controllerLabels';
import { labelMap, requirementMatches } from './labels';
import type { LabelEntry, LabelSelector, LabelSet, Resource, SelectorRequirement } from './model';
import { podTemplateCandidates, podTemplatesOf } from './rules/podTemplates';
import { isCheckable } from './rules/rule';
import { isCoreService, isExternalName } from './rules/serviceLookup';
import { ordinalExists, podCount } from './statefulset';
import type { Range } from './types';
import type { WorkspaceView } from './workspace';

/**
 * Which selectors select which pods: the one answer the selector inlay hints, the label
 * references and the document highlights give, and that service-selects-nothing asks
 * for each workload ({@link podsSelected}). A selector here is any label query over the
 * pods of its own namespace:
 * - a core Service's `spec.selector` (a plain map; ignored for ExternalName, so skipped);
 * - a workload's `spec.selector` (StatefulSet, Deployment, ReplicaSet, DaemonSet);
 * - a PodDisruptionBudget's `spec.selector`;
 * - a NetworkPolicy's `spec.podSelector` ("An empty podSelector matches all pods in this
 *   namespace", networking.k8s.io/v1 NetworkPolicySpec);
 * - pod anti-affinity terms and topology spread constraints of a pod template.
 */

export type SelectorRole = 'service' | 'workload' | 'disruptionBudget' | 'networkPolicy' | 'spread';

export interface PodSelectorSite {
  owner: Resource;
  role: SelectorRole;
  /** The `matchLabels` map, or a Service's selector map. */
  matchLabels?: LabelSet;
  matchExpressions: SelectorRequirement[];
  /** Every part of the selector could be read (and the owner is applied as written). */
  exact: boolean;
  /** The selector's key (`selector:`, `podSelector:`, `labelSelector:`): where a hint goes, where a link lands. */
  keyRange: Range;
  /** A spread term that looks at other namespaces too (`namespaces`, `namespaceSelector`). */
  otherNamespaces: boolean;
  /** For a spread term: `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`, `topologySpreadConstraints`… */
  field?: string;
  /**
   * A selector with no requirement selects every pod of the namespace (a NetworkPolicy, a
   * policy/v1 PodDisruptionBudget: "an empty ({}) selector will select all pods within the
   * namespace"); for the others it is no selection the core describes (a Service manages no
   * endpoints, policy/v1beta1 selects no pod, a workload is rejected).
   */
  emptySelectsAll: boolean;
}

/** Every pod selector a resource has, in the order of its fields. */
export function podSelectorsOf(resource: Resource): PodSelectorSite[] {
  const sites: PodSelectorSite[] = [];
  const exact = isCheckable(resource) && !resource.kustomizeLabels;
  const add = (role: SelectorRole, selector: LabelSelector | undefined, emptySelectsAll = false, otherNamespaces = false, field?: string) => {
    if (!selector) return;
    sites.push({ owner: resource, role, matchLabels: selector.matchLabels, matchExpressions: selector.matchExpressions, exact: exact && selector.exact, keyRange: selector.keyRange, otherNamespaces, emptySelectsAll, field });
  };
  const service = resource.service;
  if (service?.selector && service.selectorKeyRange && isCoreService(resource) && !isExternalName(resource)) {
    sites.push({ owner: resource, role: 'service', matchLabels: service.selector, matchExpressions: [], exact: exact && service.selector.exact, keyRange: service.selectorKeyRange, otherNamespaces: false, emptySelectsAll: false });
  }
  add('workload', resource.selector);
  if (resource.kind.value === 'PodDisruptionBudget') add('disruptionBudget', resource.disruptionBudget?.selector, resource.apiVersion.value === 'policy/v1');
  add('networkPolicy', resource.podSelector, true);
  for (const term of resource.podTemplate?.spreadTerms ?? []) add('spread', term.selector, false, term.otherNamespaces, term.field);
  return sites;
}

/** The selector's field, for messages: `spec.selector`, `spec.podSelector`, `topologySpreadConstraints`… */
export function siteField(site: PodSelectorSite): string {
  return site.field ?? (site.role === 'networkPolicy' ? 'spec.podSelector' : 'spec.selector');
}

export function isEmptySite(site: PodSelectorSite): boolean {
  return !site.matchLabels?.entries.length && site.matchExpressions.length === 0;
}

/**
 * Which of a workload's pods a selector selects:
 * - `all`: every pod;
 * - `none`: no pod;
 * - `unknown`: some may be selected (a label known only at run time, a template that
 *   cannot be read, a pod that may or may not exist);
 * - `{ ordinal }`: the one pod with that ordinal (a StatefulSet pod-name or pod-index label).
 */
export type PodsSelected = 'all' | 'none' | 'unknown' | { ordinal: number };

/**
 * Each requirement is met by the template's labels first, then by the labels the
 * workload's controller adds to its pods (controllerLabels.ts). A selected ordinal must
 * exist, as statefulset.ts `ordinalExists` says. Matching only, not readability: see
 * {@link podsSelected}.
 */
export function podsSelectedByLabels(matchLabels: readonly LabelEntry[], matchExpressions: readonly SelectorRequirement[], workload: Resource, view: WorkspaceView): PodsSelected {
  const labels = labelMap(workload.podTemplate?.labels);
  let ordinal: number | undefined;
  let unknown = false;
  for (const { key, value } of matchLabels) {
    if (labels.get(key.value) === value.value) continue;
    // A label written in the template with another value may still be the controller's:
    // StatefulSet and DaemonSet controllers overwrite theirs, and the API server rejects a
    // Job whose template gives job-name another value (ValidateGeneratedSelector).
    const match = controllerLabelMatch(workload, key.value, value.value);
    if (match === 'none' || (typeof match === 'number' && ordinal !== undefined && ordinal !== match)) return 'none';
    if (match === 'unknown') unknown = true;
    if (typeof match === 'number') ordinal = match;
  }
  if (matchExpressions.length > 0) {
    // An expression on a label the controller sets is left unknown: its value per pod is not in the template.
    const controllerKeys = controllerLabelKeys(workload.kind.value);
    for (const req of matchExpressions) {
      if (controllerKeys.has(req.key.value)) unknown = true;
      else if (!requirementMatches(req, labels)) return 'none';
    }
  }
  if (ordinal !== undefined) {
    const exists = ordinalExists(podCount(workload, view), ordinal);
    if (exists === false) return 'none';
    if (exists === undefined || unknown) return 'unknown';
    return { ordinal };
  }
  return unknown ? 'unknown' : 'all';
}

/** Whether the workload's pod labels can be known here: its template is read exactly and no kustomization adds labels. */
export function podLabelsKnown(workload: Resource): boolean {
  const labels = workload.podTemplate?.labels;
  return isCheckable(workload) && !workload.kustomizeLabels && workload.podTemplate !== undefined && (!labels || labels.exact);
}

/** {@link podsSelectedByLabels} for a selector site, `unknown` when the selector or the workload's labels cannot be read. */
export function podsSelected(site: PodSelectorSite, workload: Resource, view: WorkspaceView): PodsSelected {
  if (!site.exact || !podLabelsKnown(workload) || site.owner.namespace !== workload.namespace) return 'unknown';
  if (isEmptySite(site)) return site.emptySelectsAll ? 'all' : 'unknown';
  return podsSelectedByLabels(site.matchLabels?.entries ?? [], site.matchExpressions, workload, view);
}

export interface SiteSelection {
  /** Workloads the selector selects pods of (all of them, or one ordinal), in the workspace's order. */
  selected: { workload: Resource; pods: 'all' | { ordinal: number } }[];
  /** Workloads with readable labels whose pods it may select (a label known only at run time, a pod that may not exist). */
  maybe: Resource[];
  /**
   * Pods of the namespace may be selected that are not listed: some template cannot be
   * read (a Helm template, labels a kustomization adds…), or the term looks at other namespaces.
   */
  incomplete: boolean;
  /** The namespace has no pod template in the workspace at all (its pods may be made elsewhere). */
  noTemplates: boolean;
}

/** The workloads of its namespace a selector selects; undefined when the selector itself cannot be read. */
export function workloadsSelectedBy(site: PodSelectorSite, view: WorkspaceView): SiteSelection | undefined {
  if (!site.exact) return undefined;
  if (isEmptySite(site) && !site.emptySelectsAll) return undefined;
  const templates = podTemplatesOf(view, site.owner.namespace);
  const out: SiteSelection = { selected: [], maybe: [], incomplete: templates.unreadable || site.otherNamespaces, noTemplates: templates.none };
  const candidates = site.matchLabels?.entries.length ? podTemplateCandidates(templates, site.matchLabels) : templates.all();
  for (const workload of candidates) {
    // Labels that cannot be read (an alias, a merge key, a kustomization's commonLabels) are
    // what `incomplete` says already; "maybe" is for pods whose labels are read.
    if (!podLabelsKnown(workload)) {
      out.incomplete = true;
      continue;
    }
    // A term naming other namespaces may leave its own out (`namespaces: [other]`): its pods are a maybe.
    const pods = site.otherNamespaces ? maybeOnly(podsSelected(site, workload, view)) : podsSelected(site, workload, view);
    if (pods === 'none') continue;
    if (pods === 'unknown') out.maybe.push(workload);
    else out.selected.push({ workload, pods });
  }
  return out;
}

/**
 * The pod selectors of a namespace, once per view (see podTemplates.ts for why per view),
 * indexed like the pod templates: by the first `matchLabels` entry on a label no
 * controller adds, which a template must then have itself to be selected. So asking what
 * selects each template of a file costs the selectors that share a label with it, not
 * every selector of the namespace.
 */
interface NamespaceSelectors {
  all: PodSelectorSite[];
  /** Readable selectors by `key=value` of that entry. */
  byLabel: Map<string, PodSelectorSite[]>;
  /** Readable selectors without such an entry (expressions only, controller labels only, empty). */
  unindexed: PodSelectorSite[];
  /** Place of each selector in `all`: candidates are listed in the workspace's order. */
  order: Map<PodSelectorSite, number>;
}

const selectorsByView = new WeakMap<WorkspaceView, Map<string, NamespaceSelectors>>();

const SELECTOR_KINDS = ['PodDisruptionBudget', 'NetworkPolicy'];

/**
 * The selectors of a namespace read from the index's own lists (a Service, PDB or
 * NetworkPolicy list, the pod templates), kept while those lists are the same objects: the
 * index replaces a list when one of its objects changes. A request makes a view of its own,
 * and building the selectors of a namespace of 24,556 objects again for each highlight was
 * 60 ms of it (stress `requests`).
 */
const selectorsByLists = new WeakMap<readonly Resource[], { others: readonly (readonly Resource[])[]; entry: NamespaceSelectors }>();

function selectorsOfNamespace(view: WorkspaceView, namespace: string): NamespaceSelectors {
  let byNamespace = selectorsByView.get(view);
  if (!byNamespace) selectorsByView.set(view, (byNamespace = new Map()));
  let entry = byNamespace.get(namespace);
  if (!entry) {
    const services = view.inNamespace('Service', namespace);
    const others = [...SELECTOR_KINDS.map((kind) => view.inNamespace(kind, namespace)), view.podTemplatesIn(namespace)];
    const kept = selectorsByLists.get(services);
    if (kept && kept.others.length === others.length && kept.others.every((list, i) => list === others[i])) entry = kept.entry;
    else {
      entry = indexSelectors([...services.filter(isCoreService), ...others.flat()]);
      selectorsByLists.set(services, { others, entry });
    }
    byNamespace.set(namespace, entry);
  }
  return entry;
}

function indexSelectors(owners: Resource[]): NamespaceSelectors {
  const entry: NamespaceSelectors = { all: owners.flatMap(podSelectorsOf), byLabel: new Map(), unindexed: [], order: new Map() };
  for (const site of entry.all) {
    entry.order.set(site, entry.order.size);
    if (!site.exact) continue;
    const plain = site.matchLabels?.entries.find((e) => !CONTROLLER_LABEL_KEYS.has(e.key.value));
    if (!plain) {
      entry.unindexed.push(site);
      continue;
    }
    const key = `${plain.key.value}=${plain.value.value}`;
    const list = entry.byLabel.get(key);
    if (list) list.push(site);
    else entry.byLabel.set(key, [site]);
  }
  return entry;
}

/** Every pod selector of a namespace, in the workspace's order. */
export function podSelectorsIn(view: WorkspaceView, namespace: string): PodSelectorSite[] {
  return selectorsOfNamespace(view, namespace).all;
}

export interface WorkloadSelectors {
  /** Selectors of other objects that select the workload's pods (all, or one). */
  selecting: { site: PodSelectorSite; pods: 'all' | { ordinal: number } }[];
  /** Selectors that may select them (a label known only at run time, a term that looks at other namespaces). */
  maybe: PodSelectorSite[];
}

/**
 * The readable selectors of the workload's namespace that select its pods, in the
 * workspace's order, its own `spec.selector` and spread terms left out unless
 * `includeOwn`; undefined when its pod labels cannot be known. A selector that cannot be
 * read is not listed, not even as a maybe.
 */
export function selectorsSelecting(workload: Resource, view: WorkspaceView, includeOwn = false): WorkloadSelectors | undefined {
  if (!podLabelsKnown(workload)) return undefined;
  const out: WorkloadSelectors = { selecting: [], maybe: [] };
  for (const { site, pods } of eachSelectorSelecting(workload, view, includeOwn)) {
    if (pods === 'unknown') out.maybe.push(site);
    else out.selecting.push({ site, pods });
  }
  return out;
}

/**
 * {@link selectorsSelecting} one selector at a time, for who needs only the first ones (a
 * highlight shows 1,000); nothing when the workload's pod labels cannot be known.
 */
export function* eachSelectorSelecting(workload: Resource, view: WorkspaceView, includeOwn = false): Generator<{ site: PodSelectorSite; pods: 'all' | { ordinal: number } | 'unknown' }> {
  if (!podLabelsKnown(workload)) return;
  const selectors = selectorsOfNamespace(view, workload.namespace);
  const candidates = new Set(selectors.unindexed);
  for (const [key, value] of labelMap(workload.podTemplate?.labels)) {
    for (const site of selectors.byLabel.get(`${key}=${value}`) ?? []) candidates.add(site);
  }
  for (const site of [...candidates].sort((a, b) => selectors.order.get(a)! - selectors.order.get(b)!)) {
    if (!includeOwn && sameObject(site.owner, workload)) continue;
    // An empty selector that selects no pod set the core describes is not listed at all.
    if (isEmptySite(site) && !site.emptySelectsAll) continue;
    const pods = site.otherNamespaces ? maybeOnly(podsSelected(site, workload, view)) : podsSelected(site, workload, view);
    if (pods !== 'none') yield { site, pods };
  }
}

/**
 * The same object: itself, or another definition of the same kind and name in its
 * namespace (variants of one example, overlays): a namespace holds one object of a name,
 * so those are alternatives of which one is applied (as serviceLookup.ts governingService).
 */
export function sameObject(a: Resource, b: Resource): boolean {
  return a === b || (a.name !== undefined && a.kind.value === b.kind.value && a.namespace === b.namespace && a.name.value === b.name?.value);
}

/** A term that names other namespaces may not look at its own: a match there is a maybe. */
function maybeOnly(pods: PodsSelected): PodsSelected {
  return pods === 'none' ? 'none' : 'unknown';
}
