import { CONTROLLER_LABEL_KEYS } from '../controllerLabels';
import { labelMap, selectorMismatch } from '../labels';
import type { LabelSelector, Resource } from '../model';
import type { WorkspaceView } from '../workspace';
import { podTemplateCandidates, podTemplatesOf } from './podTemplates';

/**
 * Which pod templates a label selector (a PodDisruptionBudget's, an anti-affinity term's,
 * a topology spread constraint's) may select, for the rules that say "it selects nothing".
 * A requirement on a label that a controller adds to pods (controllerLabels.ts: pod name,
 * revision hash…) is taken as met: the pod may well have it.
 */
export function selectorMayMatch(selector: LabelSelector, workload: Resource): boolean {
  const mismatch = selectorMismatch(selector, labelMap(workload.podTemplate?.labels));
  if (!mismatch) return true;
  return mismatch.labels.every((d) => CONTROLLER_LABEL_KEYS.has(d.key)) && mismatch.expressions.every((e) => CONTROLLER_LABEL_KEYS.has(e.key.value));
}

/**
 * The pod templates of `namespace` the selector may select, or undefined when that cannot
 * be known: the selector is not read exactly, or some template of the namespace is not
 * (a template, unknown labels, labels a kustomization adds, a custom resource's pods).
 */
export function templatesSelectedBy(selector: LabelSelector, namespace: string, view: WorkspaceView): Resource[] | undefined {
  if (!selector.exact) return undefined;
  const templates = podTemplatesOf(view, namespace);
  if (templates.unreadable) return undefined;
  const candidates = selector.matchLabels?.entries.length ? podTemplateCandidates(templates, selector.matchLabels) : templates.all();
  return candidates.filter((w) => selectorMayMatch(selector, w));
}
