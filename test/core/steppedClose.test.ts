import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace, type Finding } from '../../server/src/core';
import { RESOURCES_PER_COMMIT_STEP } from '../../server/src/core/workspace/steppedCommit';
import { ResourceIndex } from '../../server/src/core/workspace/resourceIndex';
import { countingCalls } from '../support/spy';
import { service, statefulSet } from '../robustness/manifests';

/**
 * Issue 16: closing a large open document gives its objects' places back to those of the
 * file on disk in steps (Workspace.beginClose, core/workspace/steppedCommit.ts): removing
 * the 24,556 objects of a 5 MB document was one step of 168 ms. No step files or removes
 * more than a step's worth of objects; a lookup between two steps sees the open document
 * or the disk's, whole; a read of the file, or its text opened again, ends the close first.
 */

const BIG = 'file:///ws/big.yaml';
const OTHER = 'file:///ws/other.yaml';
const PAIRS = 400;

/** Services `${prefix}-i` with their StatefulSets. */
const bigText = (prefix: string, pairs = PAIRS) => Array.from({ length: pairs }, (_, i) => `${service(`${prefix}-${i}`)}---\n${statefulSet(`${prefix}-ss-${i}`, `${prefix}-${i}`)}`).join('---\n');
/** A StatefulSet naming a Service of the open text, one naming a Service of the disk's. */
const OTHER_TEXT = `${statefulSet('x', 'open-1')}---\n${statefulSet('y', 'disk-2')}`;

/** Counts what the index files, retires or takes out. */
function counting<T>(fn: (counted: () => number) => T): T {
  return countingCalls(ResourceIndex.prototype, ['addUnder', 'removeUnder', 'fileHidden', 'retire', 'settle'], fn);
}

/** The big file on disk (`disk`, scanned or not) and opened with another text. */
function workspace(disk: string | undefined, scan = false): Workspace {
  const ws = new Workspace({ scanDiskFiles: scan });
  if (disk !== undefined) ws.setDisk(BIG, disk);
  ws.setOpen(OTHER, OTHER_TEXT);
  ws.setOpen(BIG, bigText('open'));
  return ws;
}

const serviceNames = (ws: Workspace) => ws.view().inNamespace('Service', 'default').map((r) => r.name?.value).sort().join(',');
const findingsOf = (ws: Workspace, uri: string) => analyzeFile(ws, uri).map((f: Finding) => `${f.ruleId} ${f.message}`).sort();

/** A workspace holding only what is on disk, for comparison. */
function fresh(disk: string | undefined): Workspace {
  const ws = new Workspace();
  if (disk !== undefined) ws.setDisk(BIG, disk);
  ws.setOpen(OTHER, OTHER_TEXT);
  return ws;
}

describe('a large document closed in steps (issue 16)', () => {
  for (const [what, disk, scan] of [['nothing on disk', undefined, false], ['another text on disk', bigText('disk'), false], ['another text on disk, known from its scan', bigText('disk'), true]] as const) {
    it(`${what}: at most ${RESOURCES_PER_COMMIT_STEP} objects a step, lookups between steps seeing one version whole`, () => {
      const ws = workspace(disk, scan);
      const open = serviceNames(ws);
      const closed = serviceNames(fresh(disk));
      const seen: string[] = [open];
      let most = 0;
      let steps = 0;
      const update = counting((counted) => {
        const begun = ws.beginClose(BIG);
        assert.equal(begun.done, false, 'made in steps');
        for (let done = false; !done; steps++) {
          const before = counted();
          done = begun.step();
          most = Math.max(most, counted() - before);
          const now = serviceNames(ws);
          assert.ok(now === open || now === closed, `a lookup saw ${now.slice(0, 80)}…`);
          if (seen.at(-1) !== now) seen.push(now);
        }
        return begun;
      });
      assert.ok(steps > 2, `${steps} steps`);
      assert.ok(most <= RESOURCES_PER_COMMIT_STEP, `one step filed or took out ${most} objects`);
      assert.deepEqual(seen, [open, closed]);
      assert.equal(ws.isOpen(BIG), false);
      assert.ok(update.change!.keys.size > 0);
      assert.deepEqual(findingsOf(ws, OTHER), findingsOf(fresh(disk), OTHER));
      if (disk === undefined) assert.equal(ws.has(BIG), false);
    });
  }

  it('ends first when the file is read, or opened again', () => {
    const ws = workspace(bigText('disk'));
    const update = ws.beginClose(BIG);
    update.step();
    assert.equal(ws.source(BIG)!.text, bigText('disk'), 'a read sees the file as closed');
    assert.equal(update.done, true);

    const again = workspace(undefined);
    const close = again.beginClose(BIG);
    close.step();
    const reopened = again.beginSetOpen(BIG, bigText('reopened', 3));
    assert.equal(close.done, true, 'the close ended before the new text');
    const change = reopened.finish();
    assert.ok(change.keys.size > 0);
    assert.match(serviceNames(again), /reopened-0/);
    assert.doesNotMatch(serviceNames(again), /open-1/);
  });

  it('closes a small document at once', () => {
    const ws = new Workspace();
    ws.setOpen(BIG, bigText('open', 3));
    const update = ws.beginClose(BIG);
    assert.equal(update.done, true);
    assert.equal(ws.has(BIG), false);
  });
  it('keeps a file written to disk while the close is under way (found by review: its layers were dropped)', () => {
    const ws = workspace(undefined);
    const close = ws.beginClose(BIG);
    close.step();
    // The index pass reads the file from disk before the close ends.
    ws.setDisk(BIG, bigText('disk', 3));
    while (!close.step());
    assert.equal(ws.has(BIG), true);
    assert.equal(serviceNames(ws), serviceNames(fresh(bigText('disk', 3))));
  });

  it('changes the revision as it begins, so a request in steps begins again (found by review)', () => {
    const ws = workspace(undefined);
    const revision = ws.revision;
    ws.beginClose(BIG);
    assert.notEqual(ws.revision, revision);
  });
});
