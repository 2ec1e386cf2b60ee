import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt, referencesAt, renameAt, Workspace } from '../../server/src/core';
import { SCANNED_PARSES_PER_STEP } from '../../server/src/core/workspace/scannedParses';
import { service, statefulSet } from '../robustness/manifests';

/**
 * A request whose lookups read thousands of files only scanned so far (a hover on a
 * Service beside 22,000 StatefulSets of its namespace known from their scans) parses them a
 * bounded number per step when answered in steps (Workspace.answerSteps; issue 16: the
 * hover had parsed them all in one turn of 30 s, `npm run stress requestsBesideScanned`),
 * and gives the answer the same request gives at once on the same files parsed.
 */

const SERVICE = 'file:///ws/web-svc.yaml';
const FILES = SCANNED_PARSES_PER_STEP * 4 + 3;
const fileUri = (i: number) => `file:///ws/web-${i}.yaml`;
const SERVICE_TEXT = service('web');
// On the Service's name: its hover lists the StatefulSets it governs, references and rename find them.
const lines = SERVICE_TEXT.split('\n');
const nameLine = lines.findIndex((line) => /^\s+name: web$/.test(line));
const AT_NAME = { line: nameLine, character: lines[nameLine].indexOf('web') + 1 };

function workspace(scanDiskFiles: boolean): Workspace {
  const ws = new Workspace({ scanDiskFiles });
  for (let i = 0; i < FILES; i++) ws.setDisk(fileUri(i), statefulSet(`web-${i}`, 'web'));
  ws.setOpen(SERVICE, SERVICE_TEXT);
  return ws;
}

const scannedCount = (ws: Workspace) => Array.from({ length: FILES }, (_, i) => fileUri(i)).filter((uri) => ws.isOnlyScanned(uri)).length;

/** Runs a request in steps: the most scanned files one step parsed, the steps, the answer. */
function inSteps<T>(ws: Workspace, uri: string | undefined, answer: () => T): { most: number; steps: number; value: T } {
  const steps = ws.answerSteps(uri, answer);
  let before = scannedCount(ws);
  let most = 0;
  let count = 0;
  for (;;) {
    const next = steps.next();
    const now = scannedCount(ws);
    most = Math.max(most, before - now);
    before = now;
    count++;
    if (next.done) return { most, steps: count, value: next.value };
  }
}

const REQUESTS: { name: string; uri: string | undefined; answer: (ws: Workspace) => unknown }[] = [
  { name: 'hover', uri: SERVICE, answer: (ws) => hoverAt(ws, SERVICE, AT_NAME) },
  { name: 'references', uri: SERVICE, answer: (ws) => referencesAt(ws, SERVICE, AT_NAME, true) },
  // A rename reads every file (the Service's DNS names anywhere): Workspace.allResources within the budget.
  { name: 'rename', uri: undefined, answer: (ws) => renameAt(ws, SERVICE, AT_NAME, 'cache') },
];

describe('a request beside many scanned files, answered in steps', () => {
  for (const request of REQUESTS) {
    it(`${request.name}: parses at most ${SCANNED_PARSES_PER_STEP} of them per step, and answers as at once`, () => {
      const ws = workspace(true);
      assert.equal(scannedCount(ws), FILES, 'the files are not scanned: the test tests nothing');
      const { most, steps, value } = inSteps(ws, request.uri, () => request.answer(ws));
      assert.equal(scannedCount(ws), 0, 'the request read none of the scanned files: the test tests nothing');
      assert.ok(most <= SCANNED_PARSES_PER_STEP, `one step parsed ${most} scanned files`);
      assert.ok(steps > FILES / SCANNED_PARSES_PER_STEP, `${steps} steps for ${FILES} files`);
      const expected = request.answer(workspace(false));
      assert.ok(expected !== undefined && JSON.stringify(expected, (_, v: unknown) => (v instanceof Map ? [...v] : v)).includes('web-1'), `the ${request.name} names no StatefulSet: the test compares little`);
      assert.deepEqual(value, expected);
    });
  }

  it('hover: parses only the scanned StatefulSets whose serviceName may be the Service\'s, not every one of its namespace', () => {
    // Found by `npm run stress hugeKustomization`: a hover on a small Service parsed every
    // StatefulSet the index had added to its namespace since the last hover (421-542 ms).
    const others = Array.from({ length: FILES }, (_, i) => `file:///ws/other-${i}.yaml`);
    // Its serviceName behind an anchor: the scan is not sure of it, so the hover must read it.
    const unsure = 'file:///ws/unsure.yaml';
    const build = (scanDiskFiles: boolean) => {
      const ws = workspace(scanDiskFiles);
      others.forEach((uri, i) => ws.setDisk(uri, statefulSet(`other-${i}`, `other-${i}`)));
      ws.setDisk(unsure, statefulSet('unsure', 'web').replace('serviceName: web', 'serviceName: &n web'));
      return ws;
    };
    const ws = build(true);
    assert.equal(others.filter((uri) => ws.isOnlyScanned(uri)).length, FILES, 'the files are not scanned: the test tests nothing');
    const { value } = inSteps(ws, SERVICE, () => hoverAt(ws, SERVICE, AT_NAME));
    assert.equal(others.filter((uri) => ws.isOnlyScanned(uri)).length, FILES, 'the hover parsed StatefulSets of other Services');
    assert.equal(scannedCount(ws), 0, 'the hover did not read the StatefulSets of its Service');
    assert.equal(ws.isOnlyScanned(unsure), false, 'the hover did not read the StatefulSet whose serviceName the scan was not sure of');
    assert.deepEqual(value, hoverAt(build(false), SERVICE, AT_NAME));
    assert.match(JSON.stringify(value), /unsure/);
  });

  it('answers in one step when the files are parsed already', () => {
    const ws = workspace(false);
    const { steps, value } = inSteps(ws, SERVICE, () => hoverAt(ws, SERVICE, AT_NAME));
    assert.equal(steps, 1);
    assert.ok(value);
  });
});
