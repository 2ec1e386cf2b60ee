import type { Resource } from '../model';
import { kindAndName } from '../names';
import { podSelectorsIn, podsSelected, sameObject, siteField, type PodSelectorSite } from '../selectors';
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
 * NetworkPolicy podSelectors, anti-affinity and spread terms: the sites of selectors.ts,
 * the ones the inlay hints and label references read) changes with it. A selector that also
 * selects another workload's pods is not changed behind its back: the rename is refused,
 * naming them; so is one that may select them and cannot be read. Pod affinity terms are
 * not read by the core.
 */
export function renameLabel(view: WorkspaceView, rename: LabelRename, edits: EditCollector): void {
  const { workload, key, part, newText } = rename;
  const labels = workload.podTemplate?.labels;
  const entry = labels?.entries.find((e) => e.key.value === key);
  if (!labels || !entry) return edits.refuse(`The pod template has no label ${key}.`);
  const refusal = workloadRefusal(workload);
  if (refusal) return edits.refuse(refusal);
  if (part === 'key' && newText !== key && labels.entries.some((e) => e.key.value === newText)) {
    return edits.refuse(`The pod template already has a label ${newText}. Two labels cannot have one key.`);
  }
  edits.add(workload.uri, edits.source.scalar(workload.uri, part === 'key' ? entry.key : entry.value, newText, `The label ${part}`));

  const others = view.podTemplatesIn(workload.namespace).filter((r) => !sameObject(r, workload));
  for (const site of podSelectorsIn(view, workload.namespace)) {
    // A term that looks at other namespaces was never one rename keeps selecting (as before).
    if (site.otherNamespaces || !readsLabel(site, key)) continue;
    const owner = site.owner;
    if (owner.templated || owner.kustomizeLabels || !site.exact) {
      return edits.refuse(`The ${siteField(site)} of ${kindAndName(owner)} cannot be read completely (${where(owner.uri, owner.range)}). It may select these pods.`);
    }
    if (!selects(site, workload, view)) continue;
    if (site.role === 'networkPolicy' && owner.networkPolicyRules) {
      return edits.refuse(`NetworkPolicy ${owner.name?.value ?? ''} has ingress or egress rules (${where(owner.uri, owner.range)}). Rename does not read their peer selectors, so it cannot keep them selecting these pods.`);
    }
    const alsoSelected = others.filter((o) => selects(site, o, view));
    if (alsoSelected.length > 0) {
      const names = [...new Set(alsoSelected.map(kindAndName))];
      return edits.refuse(`The ${siteField(site)} of ${kindAndName(owner)} also selects ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}. `
        + `Renaming ${key} there would stop it selecting their pods; rename the label in each workload, or give this one a label of its own.`);
    }
    editSite(site, rename, edits);
  }
}

function editSite(site: PodSelectorSite, rename: LabelRename, edits: EditCollector): void {
  const { key, value, part, newText } = rename;
  const uri = site.owner.uri;
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
      return edits.refuse(`The ${siteField(site)} of ${kindAndName(site.owner)} excludes ${key}: ${newText} (NotIn). With the new value it would stop selecting these pods.`);
    }
  }
}

/** Whether any requirement of the selector is about this key. */
function readsLabel(site: PodSelectorSite, key: string): boolean {
  return !!site.matchLabels?.entries.some((e) => e.key.value === key) || site.matchExpressions.some((r) => r.key.value === key);
}

/**
 * Whether the selector selects pods of the workload, all or one ordinal, as the rules and
 * hints decide (selectors.ts `podsSelected`: controller-added labels count, a selected
 * ordinal must exist). A selector that only may select them counts as selecting: rename
 * would rather refuse than leave it behind.
 */
function selects(site: PodSelectorSite, workload: Resource, view: WorkspaceView): boolean {
  if (site.role === 'service' && !site.matchLabels?.entries.length) return false;
  return podsSelected(site, workload, view) !== 'none';
}

function workloadRefusal(workload: Resource): string | undefined {
  const at = where(workload.uri, workload.range);
  if (workload.templated) return `${kindAndName(workload)} is in a Helm chart template (${at}). Its labels may come from values or helpers that rename cannot follow.`;
  if (workload.kustomizeLabels) return `A kustomization adds labels to ${kindAndName(workload)} (${at}). Its applied labels and selectors are not the written ones.`;
  if (!workload.podTemplate?.labels?.exact) return `The pod template labels of ${kindAndName(workload)} cannot be read completely (${at}).`;
  return undefined;
}

function immutableSelector(site: PodSelectorSite) {
  if (site.role !== 'workload') return undefined;
  const kind = site.owner.kind.value;
  if (kind === 'StatefulSet') return IMMUTABLE_STATEFULSET_FIELD;
  return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'DaemonSet' ? IMMUTABLE_WORKLOAD_SELECTOR : undefined;
}
