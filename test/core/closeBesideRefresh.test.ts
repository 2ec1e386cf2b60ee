import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/core';
import { statefulSet } from '../robustness/manifests';

const K = 'file:///k/kustomization.yaml';
const X = 'file:///k/x.yaml';
const big = (prefix: string, n = 700) => Array.from({ length: n }, (_, i) => statefulSet(`${prefix}-${i}`, `${prefix}-${i}`)).join('---\n');
const kText = (ns: string) => `namespace: ${ns}\nresources:\n  - x.yaml\n`;

function names(ws: Workspace): string[] {
  return ['default', 'prod', 'staging'].flatMap((ns) => ws.view().inNamespace('StatefulSet', ns).map((r) => `${ns}/${r.name?.value}`)).sort();
}

/**
 * Issue 16, checked by review: a kustomize refresh in steps beside a close in steps ends
 * as the same operations done at once, whichever begins first and however they interleave.
 */
describe('a refresh in steps beside a close in steps', () => {
  for (const disk of [undefined, 'plain', 'scanned'] as const) {
    for (const closeSteps of [0, 1, 3]) {
      for (const refreshSteps of [0, 1, 2, 5]) for (const order of ['closeFirst', 'refreshFirst']) for (const interleave of [false, true]) {
        it(`${order} ${interleave} disk ${disk}, close stepped ${closeSteps}, refresh stepped ${refreshSteps}`, () => {
          const ws = new Workspace({ scanDiskFiles: disk === 'scanned' });
          ws.setDisk(K, kText('staging'));
          if (disk) ws.setDisk(X, big('disk'));
          ws.setOpen(X, big('open'));
          ws.batch(() => ws.setDisk(K, kText('prod')), { deferKustomize: 'passEnd' });
          const close = order === 'closeFirst' ? ws.beginClose(X) : undefined;
          for (let i = 0; i < refreshSteps; i++) ws.refreshKustomizeStep();
          const c = close ?? ws.beginClose(X);
          for (let i = 0; i < closeSteps; i++) c.step();
          // alternate
          for (let i = 0; i < 200 && ws.kustomizeRefreshDue; i++) { ws.refreshKustomizeStep(); if (interleave) c.step(); }
          while (!c.step());
          const atOnce = new Workspace({ scanDiskFiles: disk === 'scanned' });
          atOnce.setDisk(K, kText('prod'));
          if (disk) atOnce.setDisk(X, big('disk'));
          assert.deepEqual(names(ws), names(atOnce));
          assert.equal(ws.has(X), atOnce.has(X));
        });
      }
    }
  }
});
