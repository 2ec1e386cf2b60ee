import { controllerLabelKeys } from '../controllerLabels';
import { labelMap, requirementMatches } from '../labels';
import type { Resource } from '../model';
import { renameSelectorSitesIn, type SelectorSite } from '../selectors';
import type { WorkspaceView } from '../workspace';
import type { EditCollector } from './collect';
import { IMMUTABLE_STATEFULSET_FIELD, IMMUTABLE_WORKLOAD_SELECTOR } from './confirmations';
import { where } from './sourceEdits';

export interface LabelRename {
  workload: Resource;
  key: string;
  value: string;
  /** What changes: the key, or the value. */
  part: 'key' | 'value';
  newText: string;
}

/**
 * Renaming a label key or value of a pod template, so that nothing that selected these
 * pods stops selecting them: every selector of the namespace that selects the workload's
 * pods and reads this label (its own `spec.selector`, Services, PodDisruptionBudgets,
 * anti-affinity and spread terms, see selectors.ts) changes with it. A selector that also
 * selects another workload's pods is not changed behind its back: the rename is refused,
 * naming them. NetworkPolicies and pod affinity terms are not read by the core: a
 * namespace with a NetworkPolicy is refused rather than guessed about.
 */
export function renameLabel(view: WorkspaceView, rename: LabelRename, edits: EditCollector): void {
  const { workload, key, part, newText } = rename;
  const labels = workload.podTemplate?.labels;
  const entry = labels?.entries.find((e) => e.key.value === key);
  if (!labels || !entry) return edits.refuse(`The pod template has no label ${key}.`);
  const refusal = workloadRefusal(workload, view);
  if (refusal) return edits.refuse(refusal);
  if (part === 'key' && newText !== key && labels.entries.some((e) => e.key.value === newText)) {
    return edits.refuse(`The pod template already has a label ${newText}. Two labels cannot have one key.`);
  }
  edits.add(workload.uri, edits.source.scalar(workload.uri, part === 'key' ? entry.key : entry.value, newText, `The label ${part}`));

  const others = view.podTemplatesIn(workload.namespace).filter((r) => !sameObject(r, workload));
  for (const site of renameSelectorSitesIn(view, workload.namespace)) {
    if (!readsLabel(site, key)) continue;
    if (site.resource.templated || site.resource.kustomizeLabels || !site.exact) {
      return edits.refuse(`The ${site.field} of ${describe(site.resource)} cannot be read completely (${where(site.resource.uri, site.resource.range)}). It may select these pods.`);
    }
    if (!selects(site, workload)) continue;
    const alsoSelected = others.filter((o) => selects(site, o));
    if (alsoSelected.length > 0) {
      const names = [...new Set(alsoSelected.map(describe))];
      return edits.refuse(`The ${site.field} of ${describe(site.resource)} also selects ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}. `
        + `Renaming ${key} there would stop it selecting their pods; rename the label in each workload, or give this one a label of its own.`);
    }
    editSite(site, rename, edits);
  }
}

function editSite(site: SelectorSite, rename: LabelRename, edits: EditCollector): void {
  const { key, value, part, newText } = rename;
  const uri = site.resource.uri;
  const confirm = immutableSelector(site);
  for (const e of site.matchLabels?.entries ?? []) {
    if (e.key.value !== key) continue;
    if (part === 'key') edits.add(uri, edits.source.scalar(uri, e.key, newText, 'The selector key'), confirm);
    else if (e.value.value === value) edits.add(uri, edits.source.scalar(uri, e.value, newText, 'The selector value'), confirm);
  }
  for (const req of site.matchExpressions) {
    if (req.key.value !== key) continue;
    if (part === 'key') {
      edits.add(uri, edits.source.scalar(uri, req.key, newText, 'The matchExpressions key'), confirm);
    } else if (req.operator.value === 'In') {
      // `In` selects these pods by this value (selects() said so): the value changes with them.
      for (const node of req.valueNodes ?? []) {
        if (node.value === value) edits.add(uri, edits.source.scalar(uri, node, newText, 'The matchExpressions value'), confirm);
      }
    } else if (req.operator.value === 'NotIn' && req.values.includes(newText)) {
      return edits.refuse(`The ${site.field} of ${describe(site.resource)} excludes ${key}: ${newText} (NotIn). With the new value it would stop selecting these pods.`);
    }
  }
}

/** Whether any requirement of the selector is about this key. */
function readsLabel(site: SelectorSite, key: string): boolean {
  return !!site.matchLabels?.entries.some((e) => e.key.value === key) || site.matchExpressions.some((r) => r.key.value === key);
}

/**
 * Whether the selector selects the workload's pods: every requirement holds for the pod
 * template's labels, a label the controller adds to each pod (`statefulset.kubernetes.io/pod-name`…)
 * counting as held, since some pod has it.
 */
function selects(site: SelectorSite, workload: Resource): boolean {
  const labels = workload.podTemplate?.labels;
  if (!labels?.exact) return false;
  const map = labelMap(labels);
  const added = controllerLabelKeys(workload.kind.value);
  const matchLabels = site.matchLabels?.entries ?? [];
  if (site.field === 'spec.selector' && site.resource.kind.value === 'Service' && matchLabels.length === 0) return false;
  return matchLabels.every((e) => added.has(e.key.value) || map.get(e.key.value) === e.value.value)
    && site.matchExpressions.every((r) => added.has(r.key.value) || requirementMatches(r, map));
}

function workloadRefusal(workload: Resource, view: WorkspaceView): string | undefined {
  const at = where(workload.uri, workload.range);
  if (workload.templated) return `${describe(workload)} is in a Helm chart template (${at}). Its labels may come from values or helpers that rename cannot follow.`;
  if (workload.kustomizeLabels) return `A kustomization adds labels to ${describe(workload)} (${at}). Its applied labels and selectors are not the written ones.`;
  if (!workload.podTemplate?.labels?.exact) return `The pod template labels of ${describe(workload)} cannot be read completely (${at}).`;
  const policy = view.inNamespace('NetworkPolicy', workload.namespace)[0];
  if (policy) {
    return `NetworkPolicy ${policy.name?.value ?? ''} may select these pods (${where(policy.uri, policy.range)}). Rename does not read NetworkPolicy selectors, so it cannot keep them selecting.`;
  }
  return undefined;
}

/** Copies of the same object (overlay variants): not "another workload". */
function sameObject(a: Resource, b: Resource): boolean {
  return a === b || (a.kind.value === b.kind.value && a.name?.value !== undefined && a.name.value === b.name?.value);
}

function immutableSelector(site: SelectorSite) {
  if (site.field !== 'spec.selector') return undefined;
  const kind = site.resource.kind.value;
  if (kind === 'StatefulSet') return IMMUTABLE_STATEFULSET_FIELD;
  return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'DaemonSet' ? IMMUTABLE_WORKLOAD_SELECTOR : undefined;
}

function describe(r: Resource): string {
  return `${r.kind.value} ${r.name?.value ?? '(unnamed)'}`;
}
