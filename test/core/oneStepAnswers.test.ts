import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runToEnd, Workspace } from '../../server/src/core';
import { service, statefulSet } from '../robustness/manifests';

const A = 'file:///ws/a.yaml';
const B = 'file:///ws/b.yaml';
const BIG = 'file:///ws/big.yaml';
const bigText = (prefix: string, pairs = 400) => Array.from({ length: pairs }, (_, i) => `${service(`${prefix}-${i}`)}---\n${statefulSet(`${prefix}-ss-${i}`, `${prefix}-${i}`)}`).join('---\n');


/**
 * Issue 16, found by review: a request answered through Workspace.answerInSteps in one step
 * (a hover, a completion) is made once when it reads another file's small pending text,
 * and a large document closing in steps is not finished inside it (its size is its text's).
 */
describe('one-step answers beside pending work', () => {
  it('a hover in A while a small text of B is pending is made once', () => {
    const ws = new Workspace({ scanDiskFiles: false });
    ws.setOpen(A, statefulSet('x', 'web'));
    ws.setOpen(B, service('web'));
    ws.beginSetOpen(B, service('web2')); // didChange of B, not yet stepped
    let attempts = 0;
    const value = runToEnd(ws.answerSteps(A, () => {
      attempts++;
      return ws.requestView().inNamespace('Service', 'default').map((r) => r.name?.value).join(',');
    }));
    assert.equal(value, 'web2');
    assert.equal(attempts, 1);
  });
  it('a hover in A while BIG closes in steps does not finish the close and is made once', () => {
    const ws = new Workspace({ scanDiskFiles: false });
    ws.setOpen(A, statefulSet('x', 'web'));
    ws.setOpen(BIG, bigText('open'));
    const close = ws.beginClose(BIG);
    assert.equal(close.done, false);
    close.step();
    let attempts = 0;
    runToEnd(ws.answerSteps(A, () => {
      attempts++;
      return ws.requestView().inNamespace('Service', 'default').length;
    }));
    assert.equal(close.done, false, 'the close was finished in one piece inside the hover');
    assert.equal(attempts, 1, 'attempts');
  });
});
