import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/core';
import { ResourceIndex } from '../../server/src/core/workspace/resourceIndex';
import { countingCalls } from '../support/spy';
import { statefulSet } from '../robustness/manifests';

const DIR = 'file:///k';
const FILES = 1_200;
const uriOf = (i: number) => `${DIR}/r${i}.yaml`;
const K = `${DIR}/kustomization.yaml`;
const KUSTOMIZATION = (namespace: string) => `namespace: ${namespace}\nresources:\n${Array.from({ length: FILES }, (_, i) => `  - r${i}.yaml`).join('\n')}\n`;

function workspace(): Workspace {
  const ws = new Workspace({ scanDiskFiles: false });
  for (let i = 0; i < FILES; i++) ws.setDisk(uriOf(i), statefulSet(`web-${i}`, `web-${i}`));
  return ws;
}
const count = (ws: Workspace, ns: string) => ws.view().inNamespace('StatefulSet', ns).length;

/**
 * Issue 16, found by review: a kustomize refresh made in steps must end on the effects the
 * kustomization's text says, whatever arrives while it is under way: a new text of the
 * kustomization itself pending when it applies (reading it there began a second refresh
 * inside the first, whose moves then put the first's effects back), or a second change
 * while its moves are under way (the refresh at once stopped after the first).
 */
describe('a kustomize refresh in steps beside changes of the kustomization', () => {
  it('ends on the effects of its text when a new text of it is pending as the refresh applies', () => {
    const ws = workspace();
    ws.batch(() => ws.setDisk(K, KUSTOMIZATION('prod')), { deferKustomize: 'steps' });
    // Part-way through the comparison, the kustomization is opened with the same content (a comment):
    // noted as changed, no refresh asked.
    while (ws.kustomizeStats.filesCompared === 0) assert.equal(ws.refreshKustomizeStep(), undefined);
    ws.batch(() => ws.setOpen(K, `# a comment\n${KUSTOMIZATION('prod')}`), { deferKustomize: 'steps' });
    // Then a new text of it arrives, not parsed yet.
    ws.beginSetOpen(K, KUSTOMIZATION('staging'));
    while (ws.kustomizeRefreshDue) ws.refreshKustomizeStep();
    assert.equal(ws.source(K)!.text, KUSTOMIZATION('staging'));
    while (ws.kustomizeRefreshDue) ws.refreshKustomizeStep();
    assert.deepEqual({ prod: count(ws, 'prod'), staging: count(ws, 'staging'), ns: ws.namespaceForFile(uriOf(1)) }, { prod: 0, staging: FILES, ns: 'staging' });
  });

  it('refreshKustomize() (at once) goes on until none is due', () => {
    const ws = workspace();
    ws.batch(() => ws.setDisk(K, KUSTOMIZATION('prod')), { deferKustomize: 'steps' });
    countingCalls(ResourceIndex.prototype, ['fileMoving'], (counted) => {
      while (counted() === 0) assert.equal(ws.refreshKustomizeStep(), undefined);
    });
    ws.batch(() => ws.setDisk(K, KUSTOMIZATION('staging')), { deferKustomize: 'steps' });
    ws.refreshKustomize();
    assert.equal(ws.kustomizeRefreshDue, undefined);
    assert.equal(count(ws, 'staging'), FILES);
  });
});
