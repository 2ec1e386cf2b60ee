import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAlias, isMap, parseDocument, type Node, type YAMLMap } from 'yaml';
import { field, identityField, isMergeKey, isUnknown, mapField, mapItems, seqField, Unknown, type Read } from '../../server/src/core/fields';

/** The top map of a one-document YAML text. */
function top(text: string): YAMLMap {
  const doc = parseDocument(text, { uniqueKeys: false });
  assert.ok(isMap(doc.contents), 'test text must be a map');
  return doc.contents;
}

/** What a read says, in words: absent, unknown (with the source of the node it stopped at), or the node's JSON. */
function describeRead(read: Read<Node>, text: string): string {
  if (read === undefined) return 'absent';
  if (isUnknown(read)) return `unknown at ${text.slice(read.at.range![0], read.at.range![1]).trim()}`;
  if (isAlias(read)) return `alias *${read.source}`;
  return `node ${JSON.stringify(read.toJSON())}`;
}

describe('field: absent, unknown or read', () => {
  const cases: [string, string, string][] = [
    ['a: 1\n', 'b', 'absent'],
    ['b:\n', 'b', 'absent'],
    ['b: null\n', 'b', 'absent'],
    ['b: 1\nb: 2\n', 'b', 'node 2'],
    ['x: &v 1\nb: *v\n', 'b', 'alias *v'],
    // A merge key: a field not written may come from the merged map.
    ['<<: {b: 1}\n', 'b', 'unknown at <<: {b: 1}'],
    // Written before `<<`: implementations disagree on which wins.
    ['b: 2\n<<: {b: 1}\n', 'b', 'unknown at b: 2\n<<: {b: 1}'],
    // Written after every `<<`: kept by all of them.
    ['<<: {b: 1}\nb: 2\n', 'b', 'node 2'],
    ['<<: {a: 1}\nb: 2\n<<: {b: 1}\n', 'b', 'unknown at <<: {a: 1}\nb: 2\n<<: {b: 1}'],
    ['%YAML 1.1\n---\n<<: {b: 1}\n', 'b', 'unknown at <<: {b: 1}'],
  ];
  for (const [text, key, expected] of cases) {
    it(`${JSON.stringify(text)} .${key} is ${expected.split(' ')[0]}`, () => {
      assert.equal(describeRead(field(top(text), key), text), expected);
    });
  }

  it('identityField takes a name written before a merge key as written', () => {
    const text = 'name: web\n<<: {name: other, namespace: prod}\n';
    assert.equal(describeRead(identityField(top(text), 'name'), text), 'node "web"');
    assert.equal(describeRead(identityField(top(text), 'namespace'), text), `unknown at ${text.trim()}`);
    assert.equal(describeRead(field(top(text), 'name'), text), `unknown at ${text.trim()}`);
  });

  it('an absent or unknown parent gives the same answer for its fields', () => {
    const text = 'm: &m {a: 1}\nn: *m\n';
    assert.equal(field(undefined, 'a'), undefined);
    const unknown = mapField(top(text), 'n');
    assert.equal(describeRead(unknown, text), 'unknown at *m');
    assert.equal(field(unknown, 'a'), unknown);
    assert.equal(mapField(mapField(unknown, 'a'), 'b'), unknown);
  });
});

describe('mapField / seqField: the YAML type is checked', () => {
  const text = [
    'map: {a: 1}',
    'list: [1]',
    'scalar: x',
    'anchored: &m {a: 1}',
    'aliased: *m',
    'empty:',
  ].join('\n');
  const map = top(text);
  it('a map is read, an anchor defined in place too', () => {
    assert.equal(describeRead(mapField(map, 'map'), text), 'node {"a":1}');
    assert.equal(describeRead(mapField(map, 'anchored'), text), 'node {"a":1}');
  });
  it('an alias or a value of another type is unknown, not absent', () => {
    assert.equal(describeRead(mapField(map, 'aliased'), text), 'unknown at *m');
    assert.equal(describeRead(mapField(map, 'list'), text), 'unknown at [1]');
    assert.equal(describeRead(seqField(map, 'map'), text), 'unknown at {a: 1}');
    assert.equal(describeRead(seqField(map, 'scalar'), text), 'unknown at x');
  });
  it('a list is read; an empty value is absent', () => {
    assert.equal(describeRead(seqField(map, 'list'), text), 'node [1]');
    assert.equal(seqField(map, 'empty'), undefined);
    assert.equal(mapField(map, 'empty'), undefined);
  });
});

describe('mapItems', () => {
  it('gives maps as maps and every other item as unknown', () => {
    const text = 'first: &p {name: a}\nlist:\n  - {name: b}\n  - *p\n  - just-a-string\n  - [nested]\n';
    const items = mapItems(seqField(top(text), 'list'));
    assert.deepEqual(items.map((item) => describeRead(item, text)), [
      'node {"name":"b"}', 'unknown at *p', 'unknown at just-a-string', 'unknown at [nested]',
    ]);
  });
  it('an absent or unknown list has no items', () => {
    assert.deepEqual(mapItems(undefined), []);
    assert.deepEqual(mapItems(new Unknown(top('a: 1\n'))), []);
  });
});

describe('isMergeKey', () => {
  it('knows `<<` in YAML 1.2 and 1.1 documents, and nothing else', () => {
    const keys = (text: string) => top(text).items.map((pair) => isMergeKey(pair.key));
    assert.deepEqual(keys('<<: {}\na: 1\n"<a": 2\n'), [true, false, false]);
    assert.deepEqual(keys('%YAML 1.1\n---\n<<: {}\na: 1\n'), [true, false]);
    assert.equal(isMergeKey(undefined), false);
  });
});
