import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/core';
import { statefulSet } from '../robustness/manifests';

const K = 'file:///k/kustomization.yaml';
const X = 'file:///k/x.yaml';
const big = (prefix: string, n = 400) => Array.from({ length: n }, (_, i) => statefulSet(`${prefix}-${i}`, `${prefix}-${i}`)).join('---\n');
const kText = (ns: string) => `namespace: ${ns}\nresources:\n  - x.yaml\n`;

function namespaces(ws: Workspace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ns of ['default', 'prod', 'staging']) out[ns] = ws.view().inNamespace('StatefulSet', ns).length;
  return out;
}

/**
 * Issue 16, found by review: a kustomize refresh applied (at once, or at the end of one in
 * steps) while a large open text of a listed file is committed in steps took the objects
 * that commit was about to retire and moved them, and left the new ones placed half by each
 * effects. Commits under way now end before a refresh applies.
 */
describe('a kustomize refresh while a large open text of a listed file commits in steps', () => {
  for (const how of ['setOpen', 'request', 'deferred'] as const) {
    it(`a kustomization changed (${how}) mid-commit of a listed file: the file's new resources follow the new effects`, () => {
      const ws = new Workspace({ scanDiskFiles: false });
      if (how === 'deferred') ws.setDisk(K, kText('staging'));
      else ws.setOpen(K, kText('staging'));
      ws.setOpen(X, big('old'));
      assert.deepEqual(namespaces(ws), { default: 0, prod: 0, staging: 400 });
      const update = ws.beginSetOpen(X, big('new'));
      while (!update.committing) update.step();
      update.step(); // some new resources filed hidden with the effects in use (staging)
      assert.equal(update.done, false);
      if (how === 'setOpen') ws.setOpen(K, kText('prod'));
      else if (how === 'deferred') {
        // the index pass reads the kustomization from disk, its refresh done in steps (passEnd), here at once
        ws.batch(() => ws.setDisk(K, kText('prod')), { deferKustomize: 'passEnd' });
        assert.equal(update.done, false);
        ws.refreshKustomize();
      } else {
        ws.beginSetOpen(K, kText('prod'));
        // a hover in the kustomization right after the keystroke: finishOwn commits it, the refresh runs at once
        const steps = ws.answerSteps(K, () => ws.resources(K).length);
        for (let n = steps.next(); !n.done; n = steps.next());
      }
      while (!update.step());
      const atOnce = new Workspace({ scanDiskFiles: false });
      atOnce.setOpen(X, big('new'));
      atOnce.setOpen(K, kText('prod'));
      const names = ['default', 'prod', 'staging'].flatMap((ns) => ws.view().inNamespace('StatefulSet', ns).map((r) => `${ns}/${r.name?.value}`));
      assert.deepEqual(names.filter((n) => n.includes('/old-')).slice(0, 3), [], 'resources of the old text left in the index');
      assert.deepEqual(namespaces(ws), namespaces(atOnce));
      assert.deepEqual(ws.resources(X).slice(0, 3).map((r) => r.namespace), ['prod', 'prod', 'prod']);
    });
  }
});
