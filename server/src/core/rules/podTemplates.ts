import { labelMap, mapSelectorMismatch } from '../labels';
import type { LabelSet, Resource } from '../model';
import { CONTROLLER_LABEL_KEYS } from '../controllerLabels';
import type { WorkspaceView } from '../workspace';
import { isCheckable } from './rule';

/**
 * The pod templates of a namespace, grouped by label once per analysis, for the rules
 * that ask which workloads a Service selects. Asking every Service to scan every
 * template of its namespace made those rules quadratic: 6.9 s to analyse a file of
 * 4,000 StatefulSet/Service pairs, and most of each keystroke's analysis in a 1 MB file.
 */
export interface NamespaceTemplates {
  all: Resource[];
  /** Some template could not be read completely (templated, syntax errors, unknown labels, labels a kustomization adds). */
  unreadable: boolean;
  /** Templates by `key=value` of their own labels, in the order of `all`. */
  byLabel: Map<string, Resource[]>;
}

/**
 * One view serves one analysis of a file, during which the workspace does not change,
 * so the grouping is kept per view (and dropped with it). The lookup still goes through
 * the view, so the dependency on the namespace's pod templates is recorded.
 */
const templatesByView = new WeakMap<WorkspaceView, Map<string, NamespaceTemplates>>();

export function podTemplatesOf(view: WorkspaceView, namespace: string): NamespaceTemplates {
  let byNamespace = templatesByView.get(view);
  if (!byNamespace) templatesByView.set(view, (byNamespace = new Map()));
  let entry = byNamespace.get(namespace);
  if (!entry) {
    const all = view.podTemplatesIn(namespace);
    const byLabel = new Map<string, Resource[]>();
    for (const workload of all) {
      for (const [key, value] of labelMap(workload.podTemplate?.labels)) {
        const list = byLabel.get(`${key}=${value}`);
        if (list) list.push(workload);
        else byLabel.set(`${key}=${value}`, [workload]);
      }
    }
    const unreadable = all.some((w) => !isCheckable(w) || w.kustomizeLabels || (w.podTemplate?.labels && !w.podTemplate.labels.exact));
    entry = { all, unreadable, byLabel };
    byNamespace.set(namespace, entry);
  }
  return entry;
}

/**
 * The templates that can match `selector`, a superset of those that do, in the order
 * of `all`: those whose own labels have one of its entries (any but the labels that
 * controllers add to pods, see controllerLabels.ts), or all of them when it has only those.
 */
export function podTemplateCandidates(templates: NamespaceTemplates, selector: LabelSet): Resource[] {
  const plain = selector.entries.find((e) => !CONTROLLER_LABEL_KEYS.has(e.key.value));
  return plain ? templates.byLabel.get(`${plain.key.value}=${plain.value.value}`) ?? [] : templates.all;
}

/**
 * The readable pod templates a Service selects (target-port-not-found, service-port-not-served);
 * undefined when that cannot be judged or none is known.
 */
export function selectedPodTemplates(service: Resource, view: WorkspaceView): Resource[] | undefined {
  const selector = service.service?.selector;
  // With labels a kustomization adds (commonLabels…), which pods are selected is not known here.
  if (!selector || !selector.exact || selector.entries.length === 0 || service.kustomizeLabels) return undefined;
  const selected: Resource[] = [];
  for (const w of podTemplateCandidates(podTemplatesOf(view, service.namespace), selector)) {
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
