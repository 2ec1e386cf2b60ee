import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, analyzeFileSteps, Workspace } from '../../server/src/core';
import { SCANNED_PARSES_PER_STEP } from '../../server/src/core/workspace/scannedParses';
import { service, statefulSet } from '../robustness/manifests';

/**
 * The analysis of a small open file whose lookups read thousands of files only scanned so
 * far parses them a bounded number per step (issue 16: the ping file's Service, beside
 * 22,000 scanned StatefulSet files, parsed them all in one step of seconds, `npm run stress
 * hugeKustomization`), and finds what it found when they were parsed all at once.
 */

const PING = 'file:///ws/ping.yaml';
const FILES = SCANNED_PARSES_PER_STEP * 5 + 7;
const fileUri = (i: number) => `file:///ws/web-${i}.yaml`;

function workspace(scanDiskFiles: boolean): Workspace {
  const ws = new Workspace({ scanDiskFiles });
  // None has the ping Service's pods, and none is the Service of the StatefulSet beside it: a finding about each.
  for (let i = 0; i < FILES; i++) ws.setDisk(fileUri(i), statefulSet(`web-${i}`, 'nowhere', `web-${i}`));
  ws.setOpen(PING, `${service('ping')}---\n${statefulSet('db', 'missing')}`);
  return ws;
}

const scannedCount = (ws: Workspace) => Array.from({ length: FILES }, (_, i) => fileUri(i)).filter((uri) => ws.isOnlyScanned(uri)).length;

describe('an analysis beside many scanned files', () => {
  it(`parses at most ${SCANNED_PARSES_PER_STEP} of them per step, with the findings of an analysis of them parsed`, () => {
    const ws = workspace(true);
    assert.equal(scannedCount(ws), FILES, 'the files are not scanned: the test tests nothing');
    const steps = analyzeFileSteps(ws, PING);
    let before = scannedCount(ws);
    let most = 0;
    let stepCount = 0;
    let next = steps.next();
    for (;;) {
      const now = scannedCount(ws);
      most = Math.max(most, before - now);
      before = now;
      stepCount++;
      if (next.done) break;
      next = steps.next();
    }
    assert.ok(before < FILES, 'no scanned file was parsed: the lookups read none');
    assert.ok(most <= SCANNED_PARSES_PER_STEP, `one step parsed ${most} scanned files`);
    assert.ok(stepCount > 1);
    const expected = analyzeFile(workspace(false), PING);
    assert.ok(expected.length > 0, 'no finding to compare: the test tests little');
    assert.deepEqual(next.value, expected);
  });
});
