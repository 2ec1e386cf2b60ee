import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
