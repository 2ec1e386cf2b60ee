import type { LabelSet, Resource, SelectorRequirement } from './model';
import type { WorkspaceView } from './workspace';
import { coreServicesIn } from './rules/serviceLookup';

/**
 * Every label selector of a namespace that picks pods, with where it is: a workload's
 * own `spec.selector`, a Service's `spec.selector`, a PodDisruptionBudget's selector,
 * and the pod anti-affinity and topology spread terms of every pod template (which
 * count pods of their own namespace unless they name others). Rename reads them to
 * keep them selecting the same pods; NetworkPolicies are not in the model (yet).
 */
export interface SelectorSite {
  resource: Resource;
  /** For messages: `spec.selector`, `topologySpreadConstraints`… */
  field: string;
  /** A Service selector is a plain map: its entries are ANDed like matchLabels. */
  matchLabels?: LabelSet;
  matchExpressions: SelectorRequirement[];
  /** Everything in it could be read (no alias, merge key or template). */
  exact: boolean;
}

export function podSelectorsIn(view: WorkspaceView, namespace: string): SelectorSite[] {
  const out: SelectorSite[] = [];
  for (const service of coreServicesIn(view, namespace)) {
    const selector = service.service?.selector;
    if (selector) out.push({ resource: service, field: 'spec.selector', matchLabels: selector, matchExpressions: [], exact: selector.exact });
  }
  for (const pdb of view.inNamespace('PodDisruptionBudget', namespace)) {
    const selector = pdb.disruptionBudget?.selector;
    if (selector) out.push({ resource: pdb, field: 'spec.selector', matchLabels: selector.matchLabels, matchExpressions: selector.matchExpressions, exact: selector.exact });
  }
  for (const workload of view.podTemplatesIn(namespace)) {
    const own = workload.selector;
    if (own) out.push({ resource: workload, field: 'spec.selector', matchLabels: own.matchLabels, matchExpressions: own.matchExpressions, exact: own.exact });
    for (const term of workload.podTemplate?.spreadTerms ?? []) {
      if (term.otherNamespaces) continue;
      const s = term.selector;
      out.push({ resource: workload, field: term.field, matchLabels: s.matchLabels, matchExpressions: s.matchExpressions, exact: s.exact });
    }
  }
  return out;
}
