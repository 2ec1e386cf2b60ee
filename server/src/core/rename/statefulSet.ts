import { POD_NAME_LABEL } from '../controllerLabels';
import { parsePodHost, resolveDnsName } from '../dns';
import type { Resource } from '../model';
import { podSelectorsIn } from '../selectors';
import type { Workspace, WorkspaceView } from '../workspace';
import { EditCollector, nameRefusal } from './collect';
import { newClaimsConfirmation } from './confirmations';
import { dnsNameSiteSteps } from './dnsNames';
import type { Steps } from '../steps';
import { where } from './sourceEdits';

/**
 * Renaming a StatefulSet: every StatefulSet of that name in the namespace (copies,
 * overlay variants), the autoscalers that scale it by name, its pods' names where they
 * are written: the hostname label of cluster DNS names that resolve to its pods
 * (`web-0.nginx` becomes `db-0.nginx`) and `statefulset.kubernetes.io/pod-name: web-0`
 * in selectors (the controller labels each pod with its name, controllerLabels.ts). A
 * step at a time, as the DNS names of the workspace are read (./dnsNames.ts).
 */
export function* renameStatefulSetSteps(workspace: Workspace, view: WorkspaceView, name: string, namespace: string, newName: string, edits: EditCollector): Steps<void> {
  const sets = view.named('StatefulSet', namespace, name);
  if (sets.length === 0) return edits.refuse(`No StatefulSet ${name} is known in namespace ${namespace}.`);
  for (const sts of sets) {
    const refusal = nameRefusal(sts) ?? replicasRefusal(sts, view);
    if (refusal) return edits.refuse(refusal);
    const claims = sts.statefulSet?.volumeClaimTemplates.names.map((c) => c.value) ?? [];
    edits.add(sts.uri, edits.source.scalar(sts.uri, sts.name!, newName, 'The StatefulSet name'), claims.length > 0 ? newClaimsConfirmation(name, claims) : undefined);
  }
  renameScaleTargets(view, name, namespace, newName, edits);
  renamePodNameSelectors(view, name, namespace, newName, edits);
  for (const { resource, scalar, match } of yield* dnsNameSiteSteps(workspace, view)) {
    const ref = match.ref;
    if (ref.kind !== 'pod' || ref.namespace !== namespace || !match.hostSpan) continue;
    if (parsePodHost(ref.host)?.statefulSet !== name) continue;
    // The name must point at this StatefulSet's pods (not a look-alike host of a Service elsewhere).
    if (resolveDnsName(ref, view).statefulSet?.name?.value !== name) continue;
    const start = match.hostSpan.start;
    edits.add(resource.uri, edits.source.span(resource.uri, scalar, start, start + name.length, newName));
  }
}

/** A kustomization's `replicas:` finds the workload by name: renaming it would silently drop the count. */
function replicasRefusal(sts: Resource, view: WorkspaceView): string | undefined {
  const overrides = view.kustomizeReplicas(sts);
  if (!overrides?.some((o) => o !== undefined)) return undefined;
  return `A kustomization sets the replicas of StatefulSet ${sts.name?.value ?? ''} by name. Rename it there first.`;
}

function renameScaleTargets(view: WorkspaceView, name: string, namespace: string, newName: string, edits: EditCollector): void {
  for (const kind of ['HorizontalPodAutoscaler', 'ScaledObject']) {
    for (const autoscaler of view.inNamespace(kind, namespace)) {
      const target = autoscaler.scaleTarget;
      if (!target) continue;
      if (!target.exact && !target.name) {
        return edits.refuse(`The scaleTargetRef of ${kind} ${autoscaler.name?.value ?? ''} cannot be read (${where(autoscaler.uri, autoscaler.range)}). It may name this StatefulSet.`);
      }
      // A missing kind defaults to nothing: an autoscaler names its target's kind.
      if (target.name?.value === name && target.kind?.value === 'StatefulSet') {
        edits.add(autoscaler.uri, edits.source.scalar(autoscaler.uri, target.name, newName, 'The scaleTargetRef name'));
      }
    }
  }
}

function renamePodNameSelectors(view: WorkspaceView, name: string, namespace: string, newName: string, edits: EditCollector): void {
  for (const site of podSelectorsIn(view, namespace)) {
    for (const entry of site.matchLabels?.entries ?? []) {
      if (entry.key.value !== POD_NAME_LABEL) continue;
      const pod = parsePodHost(entry.value.value);
      if (pod?.statefulSet === name) edits.add(site.owner.uri, edits.source.scalar(site.owner.uri, entry.value, `${newName}-${pod.ordinal}`, `The ${POD_NAME_LABEL} label`));
    }
    for (const req of site.matchExpressions) {
      if (req.key.value !== POD_NAME_LABEL) continue;
      for (const node of req.valueNodes ?? []) {
        const pod = parsePodHost(node.value);
        if (pod?.statefulSet === name) edits.add(site.owner.uri, edits.source.scalar(site.owner.uri, node, `${newName}-${pod.ordinal}`, `The ${POD_NAME_LABEL} value`));
      }
    }
  }
}
