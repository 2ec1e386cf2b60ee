import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renameAt, renameAtSteps, Workspace, type RenameRefusal, type WorkspaceRename } from '../../server/src/core';
import { RESOURCES_PER_RENAME_STEP } from '../../server/src/core/rename/dnsNames';
import { MAX_ANSWER_RESTARTS } from '../../server/src/core/workspace/workspace';
import { runToEnd } from '../../server/src/core/steps';
import { ResourceIndex } from '../../server/src/core/workspace/resourceIndex';
import { countingCalls } from '../support/spy';
import { service, statefulSet } from '../robustness/manifests';

/**
 * Issue 16: the rename of a name the whole workspace refers to is made a few hundred
 * objects a step (core/rename/), and a request answered in steps begins again when the
 * workspace changes between two of its steps (Workspace.answerInSteps): its edits are
 * never read from two versions of the workspace.
 */

const SERVICE = 'file:///ws/svc.yaml';
const FILES = 1_500;
const uriOf = (i: number) => `file:///ws/web-${i}.yaml`;
/** On the Service's name (`metadata.name: web`, line 3 of test/support/manifests.ts serviceYaml). */
const ON_NAME = { line: 3, character: 9 };

/** Files on disk parsed when read (not scanned): the attempts counted are then only those the changes began again. */
function workspace(): Workspace {
  const ws = new Workspace({ scanDiskFiles: false });
  ws.setOpen(SERVICE, service('web'));
  for (let i = 0; i < FILES; i++) ws.setDisk(uriOf(i), statefulSet(`web-${i}`, 'web'));
  return ws;
}

/** The files a rename edits, and the number of edits in all. */
function summary(answer: WorkspaceRename | RenameRefusal | undefined): { files: string[]; edits: number } {
  assert.ok(answer && 'files' in answer, JSON.stringify(answer));
  return { files: [...answer.files.keys()].sort(), edits: [...answer.files.values()].reduce((n, edits) => n + edits.length, 0) };
}

describe('a rename made in steps (issue 16)', () => {
  it(`reads at most ${RESOURCES_PER_RENAME_STEP} objects a step, and answers as at once`, () => {
    const ws = workspace();
    assert.equal(ws.source(SERVICE)!.text.split('\n')[ON_NAME.line], '  name: web');
    const steps = renameAtSteps(ws, SERVICE, ON_NAME, 'cache');
    let count = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) count++;
    // The StatefulSets of the namespace, its pod templates, then every object's DNS names: 1,501 objects each.
    assert.ok(count >= Math.floor((3 * FILES) / RESOURCES_PER_RENAME_STEP), `${count} steps`);
    assert.deepEqual(summary(next.value), summary(renameAt(ws, SERVICE, ON_NAME, 'cache')));
    assert.equal(summary(next.value).files.length, FILES + 1);
  });

  it('begins again when the workspace changes between two steps, answering from the workspace as it is', () => {
    const ws = workspace();
    const attempts: number[] = [];
    const steps = ws.answerInSteps(undefined, function* () {
      attempts.push(0);
      return yield* renameAtSteps(ws, SERVICE, ON_NAME, 'cache');
    });
    let between = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) {
      // Part-way through the first attempt: one more StatefulSet of the Service, on disk.
      if (++between === 3) ws.setDisk(uriOf(FILES), statefulSet(`web-${FILES}`, 'web'));
    }
    assert.equal(attempts.length, 2, 'began again once');
    const answer = summary(next.value);
    assert.ok(answer.files.includes(uriOf(FILES)), 'the file added part-way is renamed too');
    assert.deepEqual(answer, summary(renameAt(ws, SERVICE, ON_NAME, 'cache')));
  });

  it('begins again when a document gets a new text between two steps', () => {
    const ws = workspace();
    ws.setOpen(uriOf(1), statefulSet('web-1', 'web'));
    const steps = ws.answerInSteps(undefined, () => renameAtSteps(ws, SERVICE, ON_NAME, 'cache'));
    let between = 0;
    let next = steps.next();
    // The new text is only received (not parsed yet): the answer must not be made from the old one.
    for (; !next.done; next = steps.next()) if (++between === 2) ws.beginSetOpen(uriOf(1), statefulSet('web-1', 'other'));
    assert.ok(!summary(next.value).files.includes(uriOf(1)), 'web-1 no longer names the Service');
  });

  it(`is made in one go after ${MAX_ANSWER_RESTARTS} beginnings, however often the workspace changes`, () => {
    const ws = workspace();
    let attempts = 0;
    const steps = ws.answerInSteps(undefined, function* () {
      attempts++;
      return yield* renameAtSteps(ws, SERVICE, ON_NAME, 'cache');
    });
    let added = FILES;
    let next = steps.next();
    // A change between every two steps.
    for (; !next.done; next = steps.next()) ws.setDisk(uriOf(added), statefulSet(`web-${added++}`, 'web'));
    assert.equal(attempts, MAX_ANSWER_RESTARTS + 1);
    assert.deepEqual(summary(next.value), summary(runToEnd(renameAtSteps(ws, SERVICE, ON_NAME, 'cache'))));
  });
  it('begins again when a step itself changes the workspace (found by review: it read the moves ended by its own parse)', () => {
    // 1,499 StatefulSets naming web, parsed, and one ConfigMap naming web-0.web known only
    // from its scan, all moved to prod by a kustomization; the moves under way when the
    // rename begins: its read of every object parses the ConfigMap, which ends the moves.
    const ws = new Workspace();
    ws.setOpen(SERVICE, service('web'));
    for (let i = 0; i < FILES - 1; i++) ws.setDisk(uriOf(i), statefulSet(`web-${i}`, 'web'));
    const config = uriOf(FILES - 1);
    ws.setDisk(config, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  url: web-0.web\n');
    for (let i = 0; i < FILES - 1; i++) ws.source(uriOf(i));
    assert.ok(ws.isOnlyScanned(config));
    const listed = Array.from({ length: FILES }, (_, i) => `  - web-${i}.yaml`).join('\n');
    ws.batch(() => ws.setDisk('file:///ws/kustomization.yaml', `namespace: prod\nresources:\n${listed}\n`), { deferKustomize: 'steps' });
    let moving = false;
    countingCalls(ResourceIndex.prototype, ['fileMoving'], (counted) => {
      while (counted() === 0) assert.equal(ws.refreshKustomizeStep(), undefined);
      moving = true;
    });
    assert.ok(moving);
    const steps = ws.answerInSteps(undefined, () => renameAtSteps(ws, SERVICE, ON_NAME, 'cache'));
    let next = steps.next();
    for (; !next.done; next = steps.next());
    // The Service is in default, the StatefulSets and the ConfigMap now in prod: only the Service is renamed.
    assert.deepEqual(summary(next.value), summary(renameAt(ws, SERVICE, ON_NAME, 'cache')));
    assert.deepEqual(summary(next.value).files, [SERVICE]);
  });
  it('makes a one-step answer once, when its step finishes a text still pending (a hover after a keystroke)', () => {
    const ws = workspace();
    ws.beginSetOpen(SERVICE, service('web').replace('clusterIP: None', 'clusterIP: 10.0.0.1'));
    let attempts = 0;
    const steps = ws.answerSteps(SERVICE, () => {
      attempts++;
      return ws.resources(SERVICE)[0]?.name?.value;
    });
    let next = steps.next();
    for (; !next.done; next = steps.next());
    assert.equal(next.value, 'web');
    assert.equal(attempts, 1);
  });
  it('begins again when its first step ends kustomize moves (found by review: target read before, lookups after)', () => {
    // Scanned StatefulSets (default Workspace scans) and the Service, all moved to prod by a kustomization.
    const ws = new Workspace();
    ws.setOpen(SERVICE, service('web'));
    for (let i = 0; i < FILES; i++) ws.setDisk(uriOf(i), statefulSet(`web-${i}`, 'web'));
    for (let i = 1; i < FILES; i++) ws.source(uriOf(i));
    assert.ok(ws.isOnlyScanned(uriOf(0)));
    const listed = [...Array.from({ length: FILES }, (_, i) => `  - web-${i}.yaml`), '  - svc.yaml'].join('\n');
    ws.batch(() => ws.setDisk('file:///ws/kustomization.yaml', `namespace: prod\nresources:\n${listed}\n`), { deferKustomize: 'steps' });
    countingCalls(ResourceIndex.prototype, ['fileMoving'], (counted) => {
      while (counted() === 0) assert.equal(ws.refreshKustomizeStep(), undefined);
    });
    let attempts = 0;
    const steps = ws.answerInSteps(undefined, function* () {
      attempts++;
      return yield* renameAtSteps(ws, SERVICE, ON_NAME, 'cache');
    });
    let next = steps.next();
    for (; !next.done; next = steps.next());
    while (ws.kustomizeRefreshDue) ws.refreshKustomizeStep();
    const expected = summary(renameAt(ws, SERVICE, ON_NAME, 'cache'));
    assert.equal(expected.files.length, FILES + 1);
    assert.deepEqual(summary(next.value), expected, `attempts ${attempts}`);
  });
});
