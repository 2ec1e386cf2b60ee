import type { Node, YAMLMap } from 'yaml';
import { field, isUnknown, mapField, type Read } from '../fields';
import type { DisruptionBudgetSpec, ScaleTarget } from '../model';
import { isTemplated } from '../template';
import { labelSelector } from './labels';
import { getPair, knownString, located, nodeRange, scalarOf, type ExtractContext } from './read';

/**
 * Objects that act on a workload's pods from outside: a PodDisruptionBudget (which pods
 * it protects, and how many may go) and an autoscaler (which workload it scales).
 */

export function disruptionBudgetSpec(spec: Read<YAMLMap>, ctx: ExtractContext): DisruptionBudgetSpec {
  const minAvailable = intOrString(field(spec, 'minAvailable'), ctx);
  const maxUnavailable = intOrString(field(spec, 'maxUnavailable'), ctx);
  return {
    selector: labelSelector(spec, ctx),
    minAvailable: minAvailable.value,
    maxUnavailable: maxUnavailable.value,
    countsUnreadable: isUnknown(spec) || minAvailable.unreadable || maxUnavailable.unreadable,
  };
}

/** An IntOrString field: a number, or a string such as `50%`; unreadable when written but not a plain value. */
function intOrString(node: Read<Node>, ctx: ExtractContext): { value?: ReturnType<typeof located<number | string>>; unreadable: boolean } {
  if (node === undefined) return { unreadable: false };
  const scalar = isUnknown(node) ? undefined : scalarOf(node, ctx);
  const v = scalar?.value;
  if (typeof v === 'number' || (typeof v === 'string' && !isTemplated(v))) return { value: located(v, node as Node, ctx), unreadable: false };
  return { unreadable: true };
}

/** `spec.scaleTargetRef` of a HorizontalPodAutoscaler or a KEDA ScaledObject. */
export function scaleTarget(spec: Read<YAMLMap>, ctx: ExtractContext): ScaleTarget | undefined {
  const ref = mapField(spec, 'scaleTargetRef');
  if (ref === undefined) return undefined;
  const pair = getPair(spec, 'scaleTargetRef');
  const keyRange = nodeRange((pair?.key as Node | undefined) ?? (isUnknown(ref) ? ref.at : ref), ctx);
  if (isUnknown(ref)) return { keyRange, exact: false };
  const read = (key: string) => {
    const node = field(ref, key);
    const value = knownString(node, ctx);
    return { value, exact: node === undefined || value !== undefined };
  };
  const apiVersion = read('apiVersion');
  const kind = read('kind');
  const name = read('name');
  return { keyRange, apiVersion: apiVersion.value, kind: kind.value, name: name.value, exact: apiVersion.exact && kind.exact && name.exact };
}
