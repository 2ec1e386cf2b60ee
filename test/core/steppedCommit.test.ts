import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace, type FileChange, type Finding } from '../../server/src/core';
import { ResourceIndex } from '../../server/src/core/workspace/resourceIndex';
import { RESOURCES_PER_COMMIT_STEP } from '../../server/src/core/workspace/steppedCommit';
import { service, statefulSet } from '../robustness/manifests';

/**
 * A large text is put in the index in steps (core/workspace/steppedCommit.ts, issue 16):
 * no step files more than a step's worth of objects, a lookup between two steps sees the
 * file's old objects or its new ones, never half of each, and whatever happens between
 * two steps (another file analysed or changed, a newer text, a close) the findings at the
 * end are those of a fresh workspace holding the same texts.
 */

const BIG = 'file:///ws/big.yaml';
const OTHER = 'file:///ws/other.yaml';
const PAIRS = 400;

/** Services `${prefix}-i` with their StatefulSets; a Deployment in namespace `pods` when asked. */
function bigText(prefix: string, podsElsewhere: boolean): string {
  const docs: string[] = [];
  // Even pairs keep their text (reused documents), odd ones are renamed.
  for (let i = 0; i < PAIRS; i++) docs.push(service(i % 2 === 0 ? `svc-${i}` : `${prefix}-${i}`), statefulSet(`ss-${i}`, i % 2 === 0 ? `svc-${i}` : `${prefix}-${i}`));
  if (podsElsewhere) docs.push('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dep\n  namespace: pods\nspec:\n  selector:\n    matchLabels:\n      app: o\n  template:\n    metadata:\n      labels:\n        app: o\n    spec:\n      containers:\n        - name: c\n          image: nginx\n');
  return docs.join('---\n');
}

/** A StatefulSet whose Service only the old text has, and a Service whose pods only the old text has. */
const OTHER_TEXT = `${statefulSet('x', 'old-1')}---\n${statefulSet('y', 'svc-2')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: o-svc\n  namespace: pods\nspec:\n  clusterIP: None\n  selector:\n    app: o\n`;

const OLD = bigText('old', true);
const NEW = bigText('new', false);
/** The new text with a comment added: its own commit touches no key, so what the abandoned commit changed must be announced with it. */
const NEWER = `${NEW}# newer\n`;

/** Counts the objects the index files, retires or takes out, per step of a parse. */
function countFilings(): { count: number; restore: () => void } {
  const counter = { count: 0, restore: () => {} };
  const proto = ResourceIndex.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ['addUnder', 'removeUnder', 'fileHidden', 'retire', 'settle'];
  const originals = names.map((name) => proto[name]);
  names.forEach((name, i) => {
    proto[name] = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return originals[i].apply(this, args);
    };
  });
  counter.restore = () => names.forEach((name, i) => { proto[name] = originals[i]; });
  return counter;
}

describe('a large text is committed in steps', () => {
  it(`no step files more than ${RESOURCES_PER_COMMIT_STEP} objects`, () => {
    const ws = new Workspace();
    ws.setOpen(BIG, OLD);
    const counter = countFilings();
    try {
      const update = ws.beginSetOpen(BIG, NEW);
      let most = 0;
      let total = 0;
      let commitSteps = 0;
      for (let done = false; !done;) {
        counter.count = 0;
        done = update.step();
        most = Math.max(most, counter.count);
        total += counter.count;
        if (update.committing || done) commitSteps++;
      }
      // Every renamed pair leaves and comes back: 2 x 350 x 2 objects at least.
      assert.ok(total >= 2 * PAIRS, `filed ${total}`);
      assert.ok(commitSteps > 2, `${commitSteps} commit steps`);
      assert.ok(most <= RESOURCES_PER_COMMIT_STEP, `one step filed ${most} objects`);
    } finally {
      counter.restore();
    }
  });

  it('a lookup between two steps sees the old objects or the new ones, never half of each', () => {
    const ws = new Workspace();
    ws.setOpen(OTHER, OTHER_TEXT);
    ws.setOpen(BIG, OLD);
    const names = () => ws.view().inNamespace('Service', 'default').map((r) => r.name?.value).sort().join(',');
    // A request about another file reads the index as it is, not waiting for the commit.
    const requested = () => ws.answering(OTHER, () => ws.requestView().named('Service', 'default', 'new-1').length + ws.requestView().named('Service', 'default', 'old-1').length);
    const pods = () => ws.view().hasPodTemplates('pods');
    const before = names();
    const update = ws.beginSetOpen(BIG, NEW);
    const seen: string[] = [];
    for (let done = false; !done;) {
      done = update.step();
      const now = names();
      assert.equal(requested(), 1);
      assert.equal(pods(), now === before);
      if (seen.at(-1) !== now) seen.push(now);
    }
    const fresh = new Workspace();
    fresh.setOpen(BIG, NEW);
    const after = fresh.view().inNamespace('Service', 'default').map((r) => r.name?.value).sort().join(',');
    assert.deepEqual(seen, [before, after]);
  });

  it('a read of the file inside a request about another, while its first open text commits, leaves no disk object beside it', () => {
    // Found by review: the file known from its scan, read through source() inside a request
    // about another file (which does not finish the text), had its disk objects parsed into
    // the index beside the open text's being committed.
    const ws = new Workspace();
    ws.setDisk(BIG, OLD);
    ws.setOpen(OTHER, OTHER_TEXT);
    assert.ok(ws.isOnlyScanned(BIG));
    const update = ws.beginSetOpen(BIG, NEW);
    while (!update.committing) update.step();
    update.step();
    ws.answering(OTHER, () => ws.source(BIG));
    while (!update.step());
    const fresh = new Workspace();
    fresh.setOpen(BIG, NEW);
    fresh.setOpen(OTHER, OTHER_TEXT);
    const names = (w: Workspace) => w.view().inNamespace('Service', 'default').map((r) => r.name?.value).sort().join(',');
    assert.equal(names(ws), names(fresh));
  });
});

type Interruption = (ws: Workspace, announce: (change: FileChange) => void) => { bigText: string | undefined; open: boolean };

const INTERRUPTIONS: Record<string, Interruption> = {
  'another file analysed': (ws) => {
    analyzeFile(ws, OTHER);
    return { bigText: NEW, open: true };
  },
  'another file changed on disk': (ws, announce) => {
    announce(ws.setDisk(OTHER, OTHER_TEXT.replace('svc-2', 'new-3')));
    return { bigText: NEW, open: true };
  },
  'a newer text of the file': (ws, announce) => {
    const newer = ws.beginSetOpen(BIG, NEWER);
    announce(newer.finish());
    return { bigText: NEWER, open: true };
  },
  'the file closed': (ws, announce) => {
    announce(ws.close(BIG));
    return { bigText: undefined, open: false };
  },
};

describe('whatever happens between two steps of a commit, the findings are those of a fresh analysis', () => {
  // Where the commit starts and where its new objects show, in steps of the update.
  const ws0 = new Workspace();
  ws0.setOpen(BIG, OLD);
  const probe = ws0.beginSetOpen(BIG, NEW);
  let steps0 = 0;
  let firstCommit = 0;
  let reveal = 0;
  while (!probe.step()) {
    steps0++;
    if (!firstCommit && probe.committing) firstCommit = steps0;
    if (!reveal && ws0.view().named('Service', 'default', 'new-1').length > 0) reveal = steps0;
  }
  assert.ok(firstCommit > 1 && reveal > firstCommit + 1 && steps0 > reveal, `commit from step ${firstCommit}, revealed at ${reveal}, of ${steps0}`);

  for (const [name, interrupt] of Object.entries(INTERRUPTIONS)) {
    // In the commit: its first step, just before and right after the reveal, its last steps.
    for (const at of [firstCommit, reveal - 1, reveal, steps0]) {
      it(`${name}, after step ${at} (commit from ${firstCommit}, revealed at ${reveal}, of ${steps0 + 1})`, () => {
        const disk = new Map([[OTHER, OTHER_TEXT], [BIG, OLD]]);
        const ws = new Workspace();
        ws.batch(() => { for (const [uri, text] of disk) ws.setDisk(uri, text); });
        const findings = new Map<string, Finding[]>();
        const analyse = (uri: string) => findings.set(uri, analyzeFile(ws, uri));
        const announce = (change: FileChange) => {
          for (const uri of [change.uri, ...ws.dependents(change)]) analyse(uri);
        };
        announce(ws.setOpen(BIG, OLD.replace('ss-5', 'ss-five')));
        analyse(OTHER);
        const update = ws.beginSetOpen(BIG, NEW);
        let steps = 0;
        let outcome: { bigText: string | undefined; open: boolean } = { bigText: NEW, open: true };
        let interrupted = false;
        while (!update.step()) {
          if (++steps !== at) continue;
          outcome = interrupt(ws, announce);
          interrupted = true;
          if (update.done) break;
        }
        assert.ok(interrupted, 'the interruption ran');
        // The scheduler announces the update's change unless a newer text or a close took it over.
        if (outcome.open && outcome.bigText === NEW) announce(update.change!);
        disk.set(OTHER, ws.source(OTHER)!.text);
        const reference = new Workspace();
        reference.batch(() => { for (const [uri, text] of disk) reference.setDisk(uri, text); });
        if (outcome.bigText !== undefined) reference.setOpen(BIG, outcome.bigText);
        for (const uri of [BIG, OTHER]) {
          assert.deepEqual(JSON.parse(JSON.stringify(findings.get(uri))), JSON.parse(JSON.stringify(analyzeFile(reference, uri))), `${uri} differs from a fresh analysis`);
        }
      });
    }
  }
});
