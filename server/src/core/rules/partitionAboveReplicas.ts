import { echo } from '../abbreviate';
import { podCount } from '../statefulset';
import type { Rule } from './rule';
import { isPodSpecCheckable } from './rule';

/**
 * A StatefulSet rolling update `partition` at or above its replica count. The controller
 * updates only the pods whose position is at or above the partition (apps/v1
 * RollingUpdateStatefulSetStrategy.partition: "Ordinals less than the partition stay on
 * the old revision"; pkg/controller/statefulset/stateful_set_control.go updates from the
 * last replica down to the partition), so a template change reaches no pod. Staged
 * rollouts set it on purpose, hence information. Silent when the pod count is not known.
 */
export const partitionAboveReplicas: Rule = {
  id: 'partition-above-replicas',
  defaultSeverity: 'information',
  summary: 'A StatefulSet rolling-update `partition` at or above its replica count: template changes reach no pod.',
  kinds: ['StatefulSet'],
  check(sts, { workspace, report }) {
    const partition = sts.statefulSet?.partition;
    if (!partition || !isPodSpecCheckable(sts)) return;
    const pods = podCount(sts, workspace);
    if (pods.unknown !== undefined || pods.count === 0 || partition.value < pods.count) return;
    report({
      range: partition.range,
      message: echo`Partition ${partition.value} is not below the ${pods.count} replicas: a template change updates no pod.`,
      data: { partition: partition.value, replicas: pods.count },
    });
  },
};
