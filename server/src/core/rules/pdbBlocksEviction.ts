import { echo } from '../abbreviate';
import { PLAIN } from '../markdown';
import type { Located } from '../types';
import { podCount } from '../statefulset';
import type { Rule } from './rule';
import { isCheckable, isPodSpecCheckable } from './rule';
import { templatesSelectedBy } from './podSelection';

/**
 * A PodDisruptionBudget that allows no voluntary eviction at all: `maxUnavailable: 0`
 * (or 0%), `minAvailable: 100%`, or a `minAvailable` at or above the replicas of the
 * StatefulSets it selects. The Kubernetes docs (tasks/run-application/configure-pdb.md,
 * "Specifying a PodDisruptionBudget"): "If you set maxUnavailable to 0% or 0, or you set
 * minAvailable to 100% or the number equal to the number of replicas, you are requiring
 * zero voluntary evictions … you cannot successfully drain a Node running one of those
 * Pods." Counts that cannot be read, and selections that include other workloads or
 * StatefulSets whose pod count is not known (autoscalers, kustomize), stay silent.
 */
export const pdbBlocksEviction: Rule = {
  id: 'pdb-blocks-eviction',
  defaultSeverity: 'warning',
  summary: 'A PodDisruptionBudget allows no eviction (`maxUnavailable: 0`, `minAvailable` of 100% or of all replicas): node drains block.',
  kinds: ['PodDisruptionBudget'],
  check(pdb, { workspace, report }) {
    const spec = pdb.disruptionBudget;
    if (!spec || !isPodSpecCheckable(pdb) || spec.countsUnreadable) return;
    const { minAvailable, maxUnavailable } = spec;
    if (maxUnavailable && isZero(maxUnavailable)) {
      report({ range: maxUnavailable.range, message: 'maxUnavailable 0 allows no voluntary eviction: draining a node with these pods blocks.' });
      return;
    }
    if (!minAvailable || maxUnavailable) return; // the API server rejects both at once
    if (minAvailable.value === '100%') {
      report({ range: minAvailable.range, message: 'minAvailable 100% allows no voluntary eviction: draining a node with these pods blocks.' });
      return;
    }
    if (typeof minAvailable.value !== 'number' || !spec.selector || pdb.kustomizeLabels) return;
    const selected = templatesSelectedBy(spec.selector, pdb.namespace, workspace);
    if (!selected || selected.length === 0 || selected.some((w) => w.kind.value !== 'StatefulSet' || !isCheckable(w))) return;
    const counts = selected.map((sts) => podCount(sts, workspace));
    if (counts.some((c) => c.unknown !== undefined)) return;
    const replicas = counts.reduce((sum, c) => sum + c.count, 0);
    if (replicas === 0 || minAvailable.value < replicas) return;
    const names = selected.map((s) => echo`'${s.name?.value ?? '?'}'`).join(', ');
    report({
      range: minAvailable.range,
      message: echo`minAvailable ${minAvailable.value} is not below the ${replicas} replicas it selects: no pod may be evicted, so node drains block.`,
      related: selected.map((sts, i) => ({ uri: sts.uri, range: (sts.statefulSet?.replicas ?? sts.name ?? sts.kind).range, message: echo`StatefulSet ${names.split(', ')[i]}: ${counts[i].source(PLAIN)}` })),
    });
  },
};

function isZero(value: Located<number | string>): boolean {
  return value.value === 0 || value.value === '0%' || value.value === '0';
}
