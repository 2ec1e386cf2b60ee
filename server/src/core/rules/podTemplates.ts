import { labelMap, mapSelectorMismatch } from '../labels';
import type { LabelSet, Resource } from '../model';
import { CONTROLLER_LABEL_KEYS } from '../controllerLabels';
import type { WorkspaceView } from '../workspace';
import { isCheckable } from './rule';
import { compareLocations } from '../workspace/keys';

/**
 * The pod templates of a namespace, for the rules that ask which workloads a selector
 * selects. Each question reads the index's narrow keys (workspace/dependencies.ts): the
 * templates with one label of the selector, whether some template's labels are not known,
 * whether there is any template at all. Walking every template of the namespace made those
 * rules quadratic on large files (6.9 s for a file of 4,000 StatefulSet/Service pairs), and
 * made every file of the namespace depend on every template in it, so that one keystroke in
 * a workload re-checked every Service of the namespace.
 */
export interface NamespaceTemplates {
  /** Every template of the namespace: reads, and depends on, all of them (only for what needs them all). */
  all(): readonly Resource[];
  /** The namespace has no pod template in the workspace. */
  readonly none: boolean;
  /** Some template could not be read completely (templated, syntax errors, unknown labels, labels a kustomization adds). */
  readonly unreadable: boolean;
  /** Templates whose own labels have `key: value`, in the workspace's order. */
  labelled(key: string, value: string): Resource[];
}

/**
 * One view serves one analysis of a file, during which the workspace does not change,
 * so the answers are kept per view (and dropped with it). The lookups still go through
 * the view, so each dependency is recorded.
 */
const templatesByView = new WeakMap<WorkspaceView, Map<string, NamespaceTemplates>>();

export function podTemplatesOf(view: WorkspaceView, namespace: string): NamespaceTemplates {
  let byNamespace = templatesByView.get(view);
  if (!byNamespace) templatesByView.set(view, (byNamespace = new Map()));
  let entry = byNamespace.get(namespace);
  if (!entry) {
    let all: readonly Resource[] | undefined;
    let none: boolean | undefined;
    let unreadable: boolean | undefined;
    const byLabel = new Map<string, Resource[]>();
    entry = {
      all: () => (all ??= view.podTemplatesIn(namespace)),
      get none() { return (none ??= !view.hasPodTemplates(namespace)); },
      get unreadable() { return (unreadable ??= view.uncertainPodTemplates(namespace).length > 0); },
      labelled: (key, value) => {
        const label = `${key}=${value}`;
        let list = byLabel.get(label);
        if (!list) byLabel.set(label, (list = view.podTemplatesLabelled(namespace, key, value)));
        return list;
      },
    };
    byNamespace.set(namespace, entry);
  }
  return entry;
}

/**
 * The templates that can match `selector`, a superset of those that do, in the workspace's
 * order: those whose own labels have one of its entries (any but the labels that
 * controllers add to pods, see controllerLabels.ts), or all of them when it has only those.
 */
export function podTemplateCandidates(templates: NamespaceTemplates, selector: LabelSet): readonly Resource[] {
  const plain = selector.entries.find((e) => !CONTROLLER_LABEL_KEYS.has(e.key.value));
  return plain ? templates.labelled(plain.key.value, plain.value.value) : templates.all();
}

/**
 * The templates whose own labels have at least one entry of `selector`, in the workspace's
 * order: a superset of those that have some of its entries and lack the others entirely
 * (service-selects-nothing's labels set at run time), read from the narrow keys: walking
 * every template of the namespace was one step of 230 ms for one Service beside 35,000 of them.
 */
export function templatesWithSomeEntry(templates: NamespaceTemplates, selector: LabelSet): Resource[] {
  const found = new Set<Resource>();
  for (const e of selector.entries) for (const r of templates.labelled(e.key.value, e.value.value)) found.add(r);
  return [...found].sort(compareLocations);
}

/**
 * The readable pod templates a Service selects (target-port-not-found, service-port-not-served);
 * undefined when that cannot be judged or none is known.
 */
export function selectedPodTemplates(service: Resource, view: WorkspaceView): readonly Resource[] | undefined {
  const selector = service.service?.selector;
  // With labels a kustomization adds (commonLabels…), which pods are selected is not known here.
  if (!selector || !selector.exact || selector.entries.length === 0 || service.kustomizeLabels) return undefined;
  // Services of one namespace with the same selector select the same pods: the selection is
  // made once per view. 12,278 Services of one file all selecting `app: web` (stress
  // `requests`) each walked the 12,278 templates: 50 s before the file's first diagnostics.
  let byKey = selectionsByView.get(view);
  if (!byKey) selectionsByView.set(view, (byKey = new Map()));
  const key = selectionKey(service.namespace, selector);
  if (byKey.has(key)) return byKey.get(key);
  const selected = selectPodTemplates(view, service.namespace, selector);
  byKey.set(key, selected);
  return selected;
}

/** The selections of one view (one analysis: the workspace does not change meanwhile), by namespace and selector. */
const selectionsByView = new WeakMap<WorkspaceView, Map<string, readonly Resource[] | undefined>>();

/** The namespace and the selector's entries in a canonical order: equal for selectors that select the same pods. */
function selectionKey(namespace: string, selector: LabelSet): string {
  const entries = selector.entries.map((e) => [e.key.value, e.value.value]).sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return JSON.stringify([namespace, entries]);
}

function selectPodTemplates(view: WorkspaceView, namespace: string, selector: LabelSet): Resource[] | undefined {
  const selected: Resource[] = [];
  for (const w of podTemplateCandidates(podTemplatesOf(view, namespace), selector)) {
    const template = w.podTemplate;
    if (w.kustomizeLabels) return undefined;
    if (!template || (template.labels && !template.labels.exact)) continue;
    if (mapSelectorMismatch(selector, labelMap(template.labels)).length > 0) continue;
    // A selected template that cannot be read completely may hold the port.
    if (!isCheckable(w) || !template.exact) return undefined;
    selected.push(w);
  }
  return selected.length > 0 ? selected : undefined;
}
