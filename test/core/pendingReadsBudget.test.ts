import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runToEnd, Workspace } from '../../server/src/core';
import { SMALL_PENDING_TEXT } from '../../server/src/core/workspace/pendingTexts';
import { service, statefulSet } from '../robustness/manifests';

const A = 'file:///ws/a.yaml';
const file = (i: number) => `file:///ws/b${i}.yaml`;
/** Services of one file, just under SMALL_PENDING_TEXT characters. */
function smallText(prefix: string): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const s = `${service(`${prefix}-${i}`)}---\n`;
    if (length + s.length > SMALL_PENDING_TEXT - 100) break;
    out.push(s);
    length += s.length;
  }
  return out.join('');
}

/**
 * Issue 16, found by review: a request answered in steps reads other files' small pending
 * texts within one budget, shared by what is finished before its attempt and its steps:
 * with a budget each, a one-step answer finished a fifth text in its step and was made twice.
 */
describe('a one-step answer reading more small pending texts than the budget', () => {
  it('is made once', () => {
    const ws = new Workspace({ scanDiskFiles: false });
    ws.setOpen(A, statefulSet('x', 'web'));
    for (let i = 0; i < 5; i++) ws.setOpen(file(i), smallText(`old${i}`));
    for (let i = 0; i < 5; i++) ws.beginSetOpen(file(i), smallText(`new${i}`));
    let attempts = 0;
    const names = runToEnd(ws.answerSteps(A, () => {
      attempts++;
      return ws.requestView().inNamespace('Service', 'default').map((r) => r.name?.value?.split('-')[0]);
    }));
    assert.equal(attempts, 1, `attempts; answer read ${[...new Set(names)].join(',')}`);
  });
});

describe('the same answer through answering()', () => {
  it('reads the texts the stepped answer reads', () => {
    const make = () => {
      const ws = new Workspace({ scanDiskFiles: false });
      ws.setOpen(A, statefulSet('x', 'web'));
      for (let i = 0; i < 5; i++) ws.setOpen(file(i), smallText(`old${i}`));
      for (let i = 0; i < 5; i++) ws.beginSetOpen(file(i), smallText(`new${i}`));
      return ws;
    };
    const read = (ws: Workspace) => [...new Set(ws.requestView().inNamespace('Service', 'default').map((r) => r.name?.value?.split('-')[0]))].join(',');
    const one = make();
    const stepped = make();
    assert.equal(runToEnd(stepped.answerSteps(A, () => read(stepped))), one.answering(A, () => read(one)));
  });
});
