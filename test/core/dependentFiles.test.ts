import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workUnitsSoFar } from '../../server/src/core/steps';
import { DependentFiles } from '../../server/src/core/workspace/dependentFiles';

describe('DependentFiles: which files looked at which keys', () => {
  it('answers from the last analysis of each file, in the order files were first recorded', () => {
    const files = new DependentFiles();
    files.record('file:///b.yaml', new Set(['Service/db', 'pods/db']));
    files.record('file:///a.yaml', new Set(['Service/db']));
    files.record('file:///c.yaml', new Set(['StatefulSet/db']));
    assert.deepEqual(files.lookingAt(['Service/db', 'StatefulSet/db']), ['file:///b.yaml', 'file:///a.yaml', 'file:///c.yaml']);
    // A new analysis of b replaces its keys: it no longer looks at the Service.
    files.record('file:///b.yaml', new Set(['pods/db']));
    assert.deepEqual(files.lookingAt(['Service/db']), ['file:///a.yaml']);
    assert.deepEqual(files.lookingAt(['pods/db', 'Service/db']), ['file:///b.yaml', 'file:///a.yaml']);
    assert.equal(files.lookedAtAny('file:///b.yaml', ['Service/db']), false);
    assert.equal(files.lookedAtAny('file:///b.yaml', ['Service/db', 'pods/db']), true);
    files.forget('file:///a.yaml');
    assert.deepEqual(files.lookingAt(['Service/db']), []);
    assert.equal(files.lookedAtAny('file:///a.yaml', ['Service/db']), false);
    assert.deepEqual(files.lookingAt(['nothing']), []);
  });

  /** Every key's files, sorted: the whole state, to compare a stepped record with a whole one. */
  function state(files: DependentFiles, keys: string[]): string[] {
    return keys.map((key) => `${key}: ${files.lookingAt([key]).join(' ')}`);
  }

  const keysOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}/${i}`);
  const OLD = [...keysOf('old', 30), ...keysOf('both', 20)];
  const NEW = [...keysOf('both', 20), ...keysOf('new', 25)];
  const ALL = [...new Set([...OLD, ...NEW])];

  it('a stepped record ends as a whole one, each step looking at most perStep keys, the file always found under its old or its new keys', () => {
    const whole = new DependentFiles();
    whole.record('file:///a.yaml', new Set(['other']));
    whole.record('file:///b.yaml', new Set(OLD));
    whole.record('file:///b.yaml', new Set(NEW));
    const stepped = new DependentFiles();
    stepped.record('file:///a.yaml', new Set(['other']));
    stepped.record('file:///b.yaml', new Set(OLD));
    const steps = stepped.recordSteps('file:///b.yaml', new Set(NEW), 7);
    let added = 0;
    for (;;) {
      const before = workUnitsSoFar();
      const next = steps.next();
      const work = workUnitsSoFar() - before;
      assert.ok(work <= 7, `a step looked at ${work} keys`);
      if (next.done) break;
      added += work;
      // Between steps (where messages are handled): under every old key and the new ones
      // added so far, then, once all are added, under every new key.
      const filedUnder = added < NEW.length ? [...OLD, ...NEW.slice(0, added)] : NEW;
      for (const key of filedUnder) assert.deepEqual(stepped.lookingAt([key]), ['file:///b.yaml'], key);
    }
    assert.deepEqual(state(stepped, [...ALL, 'other']), state(whole, [...ALL, 'other']));
    assert.equal(stepped.lookedAtAny('file:///b.yaml', keysOf('old', 30)), false);
    assert.deepEqual(stepped.lookingAt(['other', 'both/3']), ['file:///a.yaml', 'file:///b.yaml']);
  });

  it('a record or forget of the same file between steps stops the stepped one, which leaves it as they did', () => {
    for (const meanwhile of ['record', 'forget'] as const) {
      const files = new DependentFiles();
      files.record('file:///b.yaml', new Set(OLD));
      const steps = files.recordSteps('file:///b.yaml', new Set(NEW), 5);
      steps.next();
      steps.next();
      if (meanwhile === 'record') files.record('file:///b.yaml', new Set(['mine']));
      else files.forget('file:///b.yaml');
      let rest = 0;
      while (!steps.next().done) rest++;
      assert.equal(rest, 0, `${meanwhile}: the stepped record stopped`);
      const expected = new DependentFiles();
      if (meanwhile === 'record') expected.record('file:///b.yaml', new Set(['mine']));
      assert.deepEqual(state(files, [...ALL, 'mine']), state(expected, [...ALL, 'mine']), meanwhile);
    }
  });
});

