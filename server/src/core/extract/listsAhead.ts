import type { YAMLMap } from 'yaml';
import { exactSize } from '../arrays';
import { isUnknown, mapField, mapItems, readItems, seqField } from '../fields';
import type { EnvVar } from '../model';
import type { ExtractContext } from './read';
import { readEnvVar } from './workloads';

/**
 * Env entries read per step when a container's env list is read ahead of its object. An
 * object is modelled in one step (extract/index.ts), and a StatefulSet with a 5 MB env list
 * (92,371 entries) made that step 0.5-1.0 s of CPU, most of it reading the entries
 * (docs/limits.md, "Modelling one object"); 4,096 entries are about 25 ms.
 */
export const ENV_ENTRIES_PER_STEP = 4_096;

/**
 * Reads the env lists longer than `perStep` entries of the containers an object may have
 * (a workload's `spec.template.spec`, a CronJob's `spec.jobTemplate.spec.template.spec`, a
 * Pod's `spec`), `perStep` entries a step, into `ctx.envAhead`, where reading the container
 * then finds them: the same entries readList would give, read before the object's step.
 */
export function* readEnvListsAhead(object: YAMLMap, ctx: ExtractContext, perStep = ENV_ENTRIES_PER_STEP): Generator<void> {
  const spec = mapField(object, 'spec');
  const podSpecs = [
    mapField(mapField(spec, 'template'), 'spec'),
    mapField(mapField(mapField(mapField(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'),
    spec,
  ];
  for (const podSpec of podSpecs) {
    for (const key of ['initContainers', 'containers']) {
      for (const container of mapItems(seqField(podSpec, key))) {
        if (isUnknown(container)) continue;
        const list = seqField(container, 'env');
        if (list === undefined || isUnknown(list) || list.items.length <= perStep) continue;
        const entries = mapItems(list);
        const items: EnvVar[] = [];
        let exact = true;
        for (let from = 0; from < entries.length; from += perStep) {
          if (!readItems(entries, from, from + perStep, (item) => readEnvVar(item, ctx), items)) exact = false;
          yield;
        }
        (ctx.envAhead ??= new Map()).set(list, { items: exactSize(items), exact });
      }
    }
  }
}
