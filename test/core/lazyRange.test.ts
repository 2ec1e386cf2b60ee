import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lazyLocated, lazyRange, type DocumentAnchor } from '../../server/src/core/lazyRange';
import { LineIndex } from '../../server/src/core/lines';

const text = 'kind: Service\nmetadata:\n  name: web\n';
const anchor = (): DocumentAnchor => ({ startLine: 10, lineStarts: new LineIndex(text).starts, length: text.length });

describe('lazy ranges and values', () => {
  it('look like plain objects to every reader: keys, JSON, spreading, deep equality', () => {
    const a = anchor();
    const range = lazyRange(a, 32, 35);
    const plain = { start: { line: 12, character: 8 }, end: { line: 12, character: 11 } };
    assert.equal(Object.getPrototypeOf(range), Object.prototype);
    assert.deepStrictEqual(range, plain);
    assert.deepStrictEqual({ ...range }, plain);
    assert.equal(JSON.stringify(range), JSON.stringify(plain));
    const value = lazyLocated('web', a, 32, 35);
    assert.deepStrictEqual(value, { value: 'web', range: plain });
    assert.deepEqual(Object.keys(value), ['value', 'range']);
  });

  it('keep their offsets out of sight, even of Reflect.ownKeys (private fields, not properties)', () => {
    assert.deepEqual(Reflect.ownKeys(lazyRange(anchor(), 0, 4)), ['start', 'end']);
    assert.deepEqual(Reflect.ownKeys(lazyLocated('Service', anchor(), 6, 13)), ['value', 'range']);
  });

  it('read the anchor when read: a document moved after the range was made moves the range', () => {
    const a = anchor();
    const value = lazyLocated('web', a, 32, 35);
    a.startLine = 20;
    assert.deepEqual(value.range.start, { line: 22, character: 8 });
  });
});
