import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmptySelector, labelMap, mapSelectorMismatch, requirementMatches, selectorMismatch } from '../../server/src/core/labels';
import type { LabelSelector, LabelSet, SelectorOperator, SelectorRequirement } from '../../server/src/core/model';
import type { Range } from '../../server/src/core/types';

const R: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const at = <T>(value: T) => ({ value, range: R });

function labelSet(labels: Record<string, string>): LabelSet {
  return { range: R, exact: true, entries: Object.entries(labels).map(([k, v]) => ({ key: at(k), value: at(v) })) };
}

function req(key: string, operator: SelectorOperator, values: string[] = []): SelectorRequirement {
  return { key: at(key), operator: at(operator), values, range: R };
}

function selector(matchLabels: Record<string, string> | undefined, expressions: SelectorRequirement[] = []): LabelSelector {
  return { range: R, keyRange: R, matchLabels: matchLabels && labelSet(matchLabels), matchExpressions: expressions, exact: true };
}

const pod = (labels: Record<string, string>) => new Map(Object.entries(labels));

describe('requirementMatches (apimachinery labels.Requirement.Matches)', () => {
  const cases: [SelectorRequirement, Record<string, string>, boolean][] = [
    [req('tier', 'In', ['db', 'cache']), { tier: 'db' }, true],
    [req('tier', 'In', ['db', 'cache']), { tier: 'web' }, false],
    [req('tier', 'In', ['db']), {}, false],
    [req('tier', 'In', []), { tier: '' }, false],
    [req('env', 'NotIn', ['dev', 'test']), { env: 'prod' }, true],
    [req('env', 'NotIn', ['dev', 'test']), { env: 'dev' }, false],
    [req('env', 'NotIn', ['dev']), {}, true],
    [req('canary', 'Exists'), { canary: '' }, true],
    [req('canary', 'Exists'), { other: 'x' }, false],
    [req('canary', 'DoesNotExist'), {}, true],
    [req('canary', 'DoesNotExist'), { canary: 'false' }, false],
  ];
  for (const [r, labels, expected] of cases) {
    it(`${r.key.value} ${r.operator.value} (${r.values.join(',')}) on ${JSON.stringify(labels)} -> ${expected}`, () => {
      assert.equal(requirementMatches(r, pod(labels)), expected);
    });
  }
});

describe('selectorMismatch (workload spec.selector)', () => {
  it('is undefined when matchLabels and every expression match (ANDed)', () => {
    const s = selector({ app: 'zk' }, [req('tier', 'In', ['storage']), req('debug', 'DoesNotExist')]);
    assert.equal(selectorMismatch(s, pod({ app: 'zk', tier: 'storage', extra: 'ok' })), undefined);
  });

  it('lists each failing matchLabels entry with what the labels have', () => {
    const s = selector({ app: 'zk', tier: 'storage', role: 'x' });
    assert.deepEqual(selectorMismatch(s, pod({ app: 'zk', tier: 'db' }))?.labels, [
      { key: 'tier', expected: 'storage', actual: 'db' },
      { key: 'role', expected: 'x', actual: undefined },
    ]);
  });

  it('lists each failing expression, and only those', () => {
    const failing = req('env', 'NotIn', ['dev']);
    const s = selector(undefined, [req('app', 'Exists'), failing]);
    const m = selectorMismatch(s, pod({ app: 'kafka', env: 'dev' }));
    assert.deepEqual(m?.labels, []);
    assert.deepEqual(m?.expressions, [failing]);
  });

  it('an empty selector matches everything (LabelSelectorAsSelector: labels.Everything())', () => {
    assert.equal(selectorMismatch(selector(undefined), pod({})), undefined);
  });
});

describe('mapSelectorMismatch (Service spec.selector, equality only)', () => {
  it('selects when every entry is present with the same value', () => {
    assert.deepEqual(mapSelectorMismatch(labelSet({ app: 'kafka' }), pod({ app: 'kafka', broker: 'yes' })), []);
  });

  it('names the entries that differ or are missing', () => {
    assert.deepEqual(mapSelectorMismatch(labelSet({ app: 'kafka', component: 'broker' }), pod({ app: 'kafka-ui' })), [
      { key: 'app', expected: 'kafka', actual: 'kafka-ui' },
      { key: 'component', expected: 'broker', actual: undefined },
    ]);
  });

  it('compares values exactly (no case folding, no trimming)', () => {
    assert.equal(mapSelectorMismatch(labelSet({ app: 'Kafka' }), pod({ app: 'kafka' })).length, 1);
  });
});

describe('labelMap', () => {
  it('keeps the last value of a duplicate key, and is empty for no labels', () => {
    const set: LabelSet = { range: R, exact: true, entries: [{ key: at('a'), value: at('1') }, { key: at('a'), value: at('2') }] };
    assert.deepEqual([...labelMap(set)], [['a', '2']]);
    assert.equal(labelMap(undefined).size, 0);
  });
});

describe('isEmptySelector (apps/v1: len(matchLabels)+len(matchExpressions) == 0)', () => {
  it('is empty with no requirement at all', () => {
    assert.equal(isEmptySelector(selector(undefined)), true);
    assert.equal(isEmptySelector(selector({})), true);
  });
  it('is not empty with one matchLabels entry or one expression', () => {
    assert.equal(isEmptySelector(selector({ app: 'web' })), false);
    assert.equal(isEmptySelector(selector(undefined, [req('app', 'Exists')])), false);
  });
  it('a selector that could not be read is never said to be empty', () => {
    assert.equal(isEmptySelector({ ...selector(undefined), exact: false }), false);
  });
});
