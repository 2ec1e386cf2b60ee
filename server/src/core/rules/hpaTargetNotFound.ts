import { echo } from '../abbreviate';
import { autoscalerTargets } from '../autoscalers';
import type { Rule } from './rule';
import { isPodSpecCheckable } from './rule';

/** Workload kinds of the apps group a scaleTargetRef is checked for; other targets (custom resources) may be anywhere. */
const CHECKED_KINDS = new Set(['StatefulSet', 'Deployment', 'ReplicaSet']);

/**
 * A HorizontalPodAutoscaler whose `scaleTargetRef` names no StatefulSet, Deployment or
 * ReplicaSet of its namespace (the target is looked up in the HPA's own namespace:
 * autoscaling/v2 CrossVersionObjectReference). The controller reports FailedGetScale and
 * never scales anything. Said only when the namespace holds at least one workload of that
 * kind (so the workspace knows its workloads) and none of them may be the one, with
 * kustomize renames and unreadable names taken as possible matches (./autoscalers.ts).
 */
export const hpaTargetNotFound: Rule = {
  id: 'hpa-target-not-found',
  defaultSeverity: 'warning',
  summary: "A HorizontalPodAutoscaler's `scaleTargetRef` names no StatefulSet, Deployment or ReplicaSet of its namespace: it scales nothing.",
  kinds: ['HorizontalPodAutoscaler'],
  check(hpa, { workspace, report }) {
    const ref = hpa.scaleTarget;
    if (!ref?.exact || !ref.kind || !ref.name || !isPodSpecCheckable(hpa) || !CHECKED_KINDS.has(ref.kind.value)) return;
    if (ref.apiVersion && ref.apiVersion.value.split('/')[0] !== 'apps' && ref.apiVersion.value.split('/')[0] !== 'extensions') return;
    const candidates = workspace.inNamespace(ref.kind.value, hpa.namespace);
    if (candidates.length === 0 || candidates.some((w) => autoscalerTargets(hpa, w) !== 'no')) return;
    // A chart's output that an unknown decided may hold the target (helm/unseenOutput.ts).
    if (workspace.mayHoldUnseen(ref.kind.value, hpa.namespace)) return;
    const others = candidates.map((w) => w.name?.value).filter((n) => n !== undefined).slice(0, 5);
    report({
      range: ref.name.range,
      message: echo`No ${ref.kind.value} named '${ref.name.value}' in namespace '${hpa.namespace}': this autoscaler scales nothing.`,
      related: candidates.slice(0, 5).map((w) => ({ uri: w.uri, range: (w.name ?? w.kind).range, message: echo`${ref.kind!.value} '${w.name?.value ?? '?'}'` })),
      data: { kind: ref.kind.value, name: ref.name.value, others },
    });
  },
};
