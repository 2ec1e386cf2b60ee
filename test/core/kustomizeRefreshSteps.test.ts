import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace, type FileChange } from '../../server/src/core';
import { UNITS_PER_STEP } from '../../server/src/core/kustomize/steps';

// Issue 16: the kustomize effects read a step at a time (Workspace.refreshKustomizeStep).

const DIR = 'file:///k';
const sts = (name: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: ${name}\n  replicas: 1\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec: { containers: [{ name: c, image: i }] }\n`;
const RESOURCES = 2_000;
const KUSTOMIZATION = `namespace: prod\nresources:\n${Array.from({ length: RESOURCES }, (_, i) => `  - r${i}.yaml`).join('\n')}\npatches:\n  - path: patch.yaml\n`;
const PATCH = (replicas: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-1\nspec:\n  ${replicas}\n`;

function workspace(): Workspace {
  const ws = new Workspace();
  for (let i = 0; i < 50; i++) ws.setDisk(`${DIR}/r${i}.yaml`, sts(`web-${i}`));
  return ws;
}

/** Sets the kustomization and its patch in one batch whose refresh is put off to steps. */
function deferred(ws: Workspace, patch: string): void {
  ws.batch(() => {
    ws.setDisk(`${DIR}/kustomization.yaml`, KUSTOMIZATION);
    ws.setDisk(`${DIR}/patch.yaml`, patch);
  }, { deferKustomize: 'steps' });
}

function stepToEnd(ws: Workspace): { steps: number; change: FileChange } {
  for (let steps = 1; ; steps++) {
    const change = ws.refreshKustomizeStep();
    if (change) return { steps, change };
  }
}

describe('the kustomize effects read in steps (issue 16)', () => {
  it('keeps the effects from before until the last step, then gives what a refresh at once gives', () => {
    const stepped = workspace();
    deferred(stepped, PATCH('replicas: 3'));
    assert.equal(stepped.kustomizeRefreshDue, 'steps');
    assert.equal(stepped.refreshKustomizeStep(), undefined, 'more than one step');
    assert.equal(stepped.namespaceForFile(`${DIR}/r1.yaml`), undefined, 'still the effects from before');
    const { steps, change } = stepToEnd(stepped);
    assert.ok(steps > 2, `${steps} steps`);
    assert.equal(stepped.kustomizeRefreshDue, undefined);
    assert.ok(change.affected.includes(`${DIR}/r1.yaml`));
    const atOnce = workspace();
    atOnce.batch(() => {
      atOnce.setDisk(`${DIR}/kustomization.yaml`, KUSTOMIZATION);
      atOnce.setDisk(`${DIR}/patch.yaml`, PATCH('replicas: 3'));
    });
    for (const uri of [`${DIR}/r1.yaml`, `${DIR}/r2.yaml`]) {
      assert.equal(stepped.namespaceForFile(uri), 'prod');
      assert.deepEqual(stepped.resources(uri).map((r) => [r.namespace, r.kustomizePatched, r.kustomizePodSpec, stepped.view().kustomizeReplicas(r)]), atOnce.resources(uri).map((r) => [r.namespace, r.kustomizePatched, r.kustomizePodSpec, atOnce.view().kustomizeReplicas(r)]));
      assert.deepEqual(analyzeFile(stepped, uri), analyzeFile(atOnce, uri));
    }
  });

  it('begins again when a patch file it read changes before its last step', () => {
    const measure = workspace();
    deferred(measure, PATCH('replicas: 3'));
    const { steps } = stepToEnd(measure);
    const ws = workspace();
    deferred(ws, PATCH('replicas: 3'));
    // Every step but the last: the patch file has been read.
    for (let i = 0; i < steps - 1; i++) assert.equal(ws.refreshKustomizeStep(), undefined);
    // The patch now writes serviceName: nothing about web-1 as written can be trusted.
    ws.batch(() => ws.setDisk(`${DIR}/patch.yaml`, PATCH('serviceName: other')), { deferKustomize: 'steps' });
    stepToEnd(ws);
    const [web1] = ws.resources(`${DIR}/r1.yaml`);
    assert.equal(web1!.kustomizePatched, true, 'the patch as it is now');
  });

  it('compares the files the effects move a bounded number per step, none in the step that applies them', () => {
    const ws = workspace();
    deferred(ws, PATCH('replicas: 3'));
    const compared: number[] = [];
    for (let done = false; !done;) {
      const before = ws.kustomizeStats.filesCompared;
      done = ws.refreshKustomizeStep() !== undefined;
      compared.push(ws.kustomizeStats.filesCompared - before);
    }
    // 2,000 listed files (50 on disk) and the patch file; before, the last step compared them all.
    assert.ok(compared.reduce((a, b) => a + b, 0) > UNITS_PER_STEP, `${compared.join(' ')}`);
    assert.ok(Math.max(...compared) <= UNITS_PER_STEP, `${compared.join(' ')}`);
    assert.equal(compared[compared.length - 1], 0, 'the last step only applies');
  });

  it('places the resources it moves before the step that applies the effects, which only moves them in the index', () => {
    const ws = workspace();
    deferred(ws, PATCH('replicas: 3'));
    const before = ws.kustomizeStats.placedWhenApplied;
    const { change } = stepToEnd(ws);
    // Before, the last step placed every resource of the 50 files it moved (and the patch's).
    assert.equal(ws.kustomizeStats.placedWhenApplied - before, 0);
    assert.ok(change.affected.length >= 50, `${change.affected.length} files moved`);
    const view = ws.view();
    assert.equal(view.inNamespace('StatefulSet', 'prod').length, 50);
    assert.equal(view.inNamespace('StatefulSet', 'default').length, 0);
    const atOnce = workspace();
    atOnce.batch(() => {
      atOnce.setDisk(`${DIR}/kustomization.yaml`, KUSTOMIZATION);
      atOnce.setDisk(`${DIR}/patch.yaml`, PATCH('replicas: 3'));
    });
    for (let i = 0; i < 50; i++) assert.deepEqual(analyzeFile(ws, `${DIR}/r${i}.yaml`), analyzeFile(atOnce, `${DIR}/r${i}.yaml`));
    assert.deepEqual(view.podTemplatesLabelled('prod', 'app', 'web-1').map((r) => r.name?.value), ['web-1']);
  });

  it('compares again, in its last step, a file whose resources changed after it was compared', () => {
    const empty = (ws: Workspace) => ws.setDisk(`${DIR}/r7.yaml`, '# nothing yet\n');
    const measure = workspace();
    empty(measure);
    deferred(measure, PATCH('replicas: 3'));
    const { steps } = stepToEnd(measure);
    const ws = workspace();
    empty(ws);
    deferred(ws, PATCH('replicas: 3'));
    // Every step but the last: r7.yaml was compared while it held nothing, so nothing of it moved.
    for (let i = 0; i < steps - 1; i++) assert.equal(ws.refreshKustomizeStep(), undefined);
    ws.setDisk(`${DIR}/r7.yaml`, sts('web-7'));
    assert.equal(ws.resources(`${DIR}/r7.yaml`)[0]!.namespace, 'default', 'placed with the effects in use');
    const { change } = stepToEnd(ws);
    assert.equal(ws.resources(`${DIR}/r7.yaml`)[0]!.namespace, 'prod');
    assert.ok(change.affected.includes(`${DIR}/r7.yaml`));
  });
});
