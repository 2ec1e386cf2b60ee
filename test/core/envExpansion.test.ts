import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandVariables, variableReferences } from '../../server/src/core/envExpansion';

/** Cases from kubernetes/kubernetes third_party/forked/golang/expansion/expand_test.go (TestMapReference / TestMapping). */
const VARS: Record<string, string> = { VAR_A: 'A', VAR_B: 'B', VAR_C: 'C', VAR_REF: '$(VAR_A)', VAR_EMPTY: '' };
const lookup = (name: string) => (Object.hasOwn(VARS, name) ? VARS[name] : undefined);

describe('$(VAR) expansion (kubelet semantics)', () => {
  const cases: [string, string][] = [
    ['$(VAR_A)', 'A'],
    ['___$(VAR_B)___', '___B___'],
    ['$(VAR_A)-$(VAR_A)', 'A-A'],
    ['$(VAR_A)$(VAR_B)$(VAR_C)', 'ABC'],
    ['$(VAR_REF)', '$(VAR_A)'], // values are not expanded again
    ['$(VAR_EMPTY)', ''],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['$$(VAR_A)', '$(VAR_A)'], // escape
    ['$$$(VAR_A)', '$A'],
    ['$$$$(VAR_A)', '$$(VAR_A)'],
    ['$(VAR_A', '$(VAR_A'], // no closing paren
    ['$()', '$()'],
    ['$VAR_A', '$VAR_A'],
    ['${VAR_A}', '${VAR_A}'],
    ['$', '$'],
    ['foo$', 'foo$'],
    ['$(VAR_A$(VAR_B))', '$(VAR_A$(VAR_B))'], // name is "VAR_A$(VAR_B", then ")"
    ['$(VAR_A)$', 'A$'],
    ['f00 $(VAR_A) $$ $(VAR_B)', 'f00 A $ B'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(expandVariables(input, lookup), expected);
    });
  }

  it('lists only unescaped references, with their offsets', () => {
    assert.deepEqual(variableReferences('a $(X) $$(Y) $$$(Z) $(W'), [
      { name: 'X', start: 2, end: 6 },
      { name: 'Z', start: 15, end: 19 },
    ]);
  });
});
