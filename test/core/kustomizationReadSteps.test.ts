import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readKustomizationSteps, Workspace } from '../../server/src/core';
import { UNITS_PER_STEP } from '../../server/src/core/kustomize/steps';

// Issue 16: a kustomization of many entries read a step at a time, as an open document
// (Workspace.beginSetOpen) and from disk (Workspace.setDiskSteps), not in one piece.

const DIR = 'file:///k';
const URI = `${DIR}/kustomization.yaml`;

function kustomization(resources: number, patches: number, namespace = 'prod'): string {
  const lines = [`namespace: ${namespace}`, 'resources:'];
  for (let i = 0; i < resources; i++) lines.push(`  - r${i}.yaml`);
  lines.push('patches:');
  for (let i = 0; i < patches; i++) lines.push(`  - path: p${i}.yaml`);
  return `${lines.join('\n')}\n`;
}

/** Runs the generator to its end, counting its steps (the yields, plus the last call). */
function countSteps<T>(steps: Generator<void, T>): { steps: number; value: T } {
  for (let count = 1; ; count++) {
    const next = steps.next();
    if (next.done) return { steps: count, value: next.value };
  }
}

describe('a kustomization read in steps (issue 16)', () => {
  it('reads its entries a bounded number per step', () => {
    const resources = 20_000;
    const patches = 5_000;
    const { steps, value } = countSteps(readKustomizationSteps(URI, kustomization(resources, patches)));
    // At most UNITS_PER_STEP entries per step, besides the steps of the parse.
    assert.ok(steps > (resources + patches) / UNITS_PER_STEP, `${steps} steps`);
    assert.equal(value!.entries.length, resources);
    assert.equal(value!.entries[resources - 1], `${DIR}/r${resources - 1}.yaml`);
    assert.equal(value!.patchEdits.length, patches);
    assert.deepEqual(value!.patchEdits[patches - 1], { file: `${DIR}/p${patches - 1}.yaml` });
    assert.equal(value!.namespace, 'prod');
  });

  it('reads an open kustomization before the step that commits it, not in that step', () => {
    // The limit's listener says when the kustomization was read: a small limit makes it speak.
    let readAtStep: number | undefined;
    let step = 0;
    const ws = new Workspace({ maxKustomizationEntries: 10, onKustomizationLimit: () => { readAtStep ??= step; } });
    const update = ws.beginSetOpen(URI, kustomization(3_000, 0));
    let committedAtStep = 0;
    for (step = 1; ; step++) {
      if (update.step()) {
        committedAtStep = step;
        break;
      }
    }
    assert.ok(readAtStep !== undefined, 'read past the limit');
    assert.ok(readAtStep < committedAtStep, `read in step ${readAtStep}, committed in step ${committedAtStep}`);
    assert.equal(ws.isOpen(URI), true);
  });

  it('puts a large kustomization read from disk in place at its last step only, and a write meanwhile wins', () => {
    const ws = new Workspace();
    ws.setDisk(`${DIR}/r1.yaml`, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    const text = kustomization(10_000, 0);
    const read = ws.setDiskSteps(URI, text);
    let steps = 0;
    for (; steps < 10; steps++) assert.equal(read.next().done, false, `step ${steps}`);
    assert.equal(ws.has(URI), false, 'not in the workspace before its last step');
    const { value: change } = countSteps(read);
    assert.equal(ws.has(URI), true);
    ws.refreshKustomize();
    assert.equal(ws.namespaceForFile(`${DIR}/r1.yaml`), 'prod');
    assert.equal(change.uri, URI);

    // A newer text of the file on disk, set while a read of an older one is under way: the newer stays.
    const older = ws.setDiskSteps(URI, kustomization(10_000, 0, 'old'));
    older.next();
    ws.setDisk(URI, kustomization(10_000, 0, 'new'));
    countSteps(older);
    ws.refreshKustomize();
    assert.equal(ws.namespaceForFile(`${DIR}/r1.yaml`), 'new');
  });

  it('reads an open kustomization from the YAML document of its parse, not parsing it twice', () => {
    const entries = 8_000;
    const text = kustomization(entries, 0); // over 64 KiB: parsed in steps
    const stepsToCommit = (uri: string) => {
      const update = new Workspace().beginSetOpen(uri, text);
      let steps = 1;
      while (!update.step()) steps++;
      return steps;
    };
    const asManifest = stepsToCommit(`${DIR}/other.yaml`);
    const asKustomization = stepsToCommit(URI);
    // Its entries read, a step each UNITS_PER_STEP, and a step before the commit; a second parse took about as many steps again.
    assert.ok(asKustomization - asManifest <= entries / UNITS_PER_STEP + 3, `${asManifest} steps as a manifest, ${asKustomization} as a kustomization`);
  });
});
