import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/core';
import { FIXTURES } from '../support/paths';
import { workspaceOf } from '../support/workspace';

const DIR = path.join(FIXTURES, 'rules', 'unused-suppression');

/** The text with every directive made into an ordinary comment or annotation. */
function withoutSuppressions(text: string): string {
  return text.replace(/stateful-manifests-disable/g, 'no-directive').replace(/stateful-manifests\.io\/ignore/g, 'example.com/note');
}

function findingKeys(text: string): string[] {
  const workspace = workspaceOf({ 'f.yaml': text });
  return analyzeFile(workspace, 'file:///ws/f.yaml').map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`).sort();
}

describe('suppressions', () => {
  // The valid-* fixtures show findings absent; this shows the suppressions are why.
  const expected: Record<string, string[]> = {
    'valid-next-line.yaml': ['28:9 invalid-name', '41:16 service-not-found', '9:16 service-not-found'],
    'valid-document-and-list.yaml': ['13:20 service-not-found', '46:13 invalid-name', '51:7 service-selects-nothing', '68:9 invalid-name'],
  };
  for (const [name, suppressed] of Object.entries(expected)) {
    it(`${name}: exactly these findings are suppressed`, () => {
      const text = fs.readFileSync(path.join(DIR, name), 'utf8');
      const withDirectives = findingKeys(text);
      const without = findingKeys(withoutSuppressions(text));
      assert.deepEqual(without.filter((k) => !withDirectives.includes(k)), suppressed);
      assert.deepEqual(withDirectives.filter((k) => !without.includes(k)), [], 'nothing new with the directives');
    });
  }

  it('a file without directives costs no lexing and keeps its findings as they are', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n';
    assert.deepEqual(findingKeys(text), ['4:9 invalid-name']);
  });

  it('a directive on the last line of a file (no line after it) is unused, and never throws', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n# stateful-manifests-disable-next-line invalid-name';
    assert.deepEqual(findingKeys(text), ['4:9 invalid-name', '5:40 unused-suppression']);
  });

  it('disable-next-line skips blank and comment lines, CR LF included', () => {
    const text = 'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  # stateful-manifests-disable-next-line invalid-name\r\n\r\n  # why\r\n  name: Bad_Name\r\n';
    assert.deepEqual(findingKeys(text), []);
  });

  it('unused-suppression can be turned off', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  # stateful-manifests-disable-next-line nope\n  name: ok\n';
    assert.deepEqual(findingKeys(text), ['4:42 unused-suppression']);
    const workspace = workspaceOf({ 'f.yaml': text }, { rules: { 'unused-suppression': 'off' } });
    assert.deepEqual(analyzeFile(workspace, 'file:///ws/f.yaml'), []);
  });
});
