import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kustomizeEffects, kustomizeEffectSteps, readKustomization } from '../../server/src/core/kustomize';
import { UNITS_PER_STEP } from '../../server/src/core/kustomize/steps';

/**
 * The effects of one kustomization are read a bounded amount of work a step (issue 16).
 * Found by an event-loop probe on `npm run stress hugeKustomization`: the namespace of each
 * of the 100,000 files a kustomization lists was filed in one step (42-55 ms of CPU).
 */
describe('reading the effects of a large kustomization in steps', () => {
  it(`files at most about ${UNITS_PER_STEP} namespaces a step, to the effects read at once`, () => {
    const resources = 20 * UNITS_PER_STEP;
    const text = `namespace: prod\nresources:\n${Array.from({ length: resources }, (_, i) => `  - r${i}.yaml`).join('\n')}\n`;
    const kustomization = readKustomization('file:///k/kustomization.yaml', text)!;
    const readFile = () => undefined;
    // Map.prototype.set counts the filing of every map the read builds, a step at a time.
    const original = Map.prototype.set;
    let sets = 0;
    Map.prototype.set = function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
      sets++;
      return original.call(this, key, value);
    };
    let most = 0;
    let effects;
    try {
      const steps = kustomizeEffectSteps([kustomization], readFile);
      for (;;) {
        sets = 0;
        const next = steps.next();
        most = Math.max(most, sets);
        if (next.done) {
          effects = next.value;
          break;
        }
      }
    } finally {
      Map.prototype.set = original;
    }
    assert.equal(effects.namespaces.size, resources, 'every listed file has its namespace: the test reads what it should');
    assert.ok(most <= 4 * UNITS_PER_STEP, `${most} map entries filed in one step of ${resources} files`);
    assert.deepEqual(effects, kustomizeEffects([kustomization], readFile));
  });
});
