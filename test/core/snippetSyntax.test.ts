import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandSnippet, parseSnippet } from '../support/snippetSyntax';

describe('snippet syntax expansion (default placeholders)', () => {
  const cases: [string, string, Record<string, string>?][] = [
    ['plain text', 'plain text'],
    ['a $1 b $0', 'a  b '],
    ['${1:web}-$1 ${1}', 'web-web web'],
    ['$1 then ${1:late default}', 'late default then late default'],
    ['${2:${1:inner}-outer} $1', 'inner-outer inner'],
    ['${1|ClusterIP,NodePort|}', 'ClusterIP'],
    ['${1|a\\,b,c\\|d|} $1', 'a,b a,b'],
    ['cost: \\$5 \\} \\\\ \\n', 'cost: $5 } \\ \\n'],
    ['${1:a \\} b}', 'a } b'],
    ['$ alone, $$, ${ not closed', '$ alone, $$, ${ not closed'],
    ['${1:unclosed', '${1:unclosed'],
    ['${x', '${x'],
    ['$TM_FILENAME ${UNKNOWN} ${UNKNOWN2:dflt}', 'sts.yaml UNKNOWN dflt', { TM_FILENAME: 'sts.yaml' }],
    ['${TM_FILENAME/(.*)\\.yaml/${1:/upcase}/}', 'STS', { TM_FILENAME: 'sts.yaml' }],
    ['${1:my-app} ${1/(my)-(.*)/${2:/pascalcase}${1:+!}${3:?yes:no}/}', 'my-app App!no'],
    ['${1:a-b-c} ${1/-/_/g}', 'a-b-c a_b_c'],
    ['${1:ab} ${1/(x)?(ab)/${1:-none}$2/}', 'ab noneab'],
  ];
  for (const [body, expected, variables] of cases) {
    it(JSON.stringify(body), () => assert.equal(expandSnippet(body, variables), expected));
  }

  it('parses a tab stop, a placeholder with a nested tab stop and a choice as tree nodes', () => {
    const nodes = parseSnippet('x $1 ${2:y $3} ${4|p,q|}');
    assert.deepEqual(nodes.map((n) => n.type), ['text', 'tabstop', 'text', 'tabstop', 'text', 'tabstop']);
    const nested = nodes[3];
    assert.ok(nested.type === 'tabstop' && nested.children.some((c) => c.type === 'tabstop' && c.index === 3));
  });
});
