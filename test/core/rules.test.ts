import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { HELM_RENDER_RULE_ID, RULES, YAML_SYNTAX_RULE_ID } from '../../server/src/core';
import { compareFixture, runFixture } from '../support/fixtures';
import { FIXTURES, ROOT } from '../support/paths';

const RULE_FIXTURES = path.join(FIXTURES, 'rules');
const ALL_IDS = [...RULES.map((r) => r.id), YAML_SYNTAX_RULE_ID, HELM_RENDER_RULE_ID];

describe('rule fixtures', () => {
  for (const id of fs.readdirSync(RULE_FIXTURES).sort()) {
    describe(id, () => {
      for (const name of fs.readdirSync(path.join(RULE_FIXTURES, id)).sort()) {
        it(name, () => {
          const result = runFixture(path.join(RULE_FIXTURES, id, name));
          const diff = compareFixture(result);
          assert.equal(diff, '', `findings differ from the annotations in ${id}/${name}:\n${diff}`);
          const ownFindings = result.findings.filter((f) => f.ruleId === id).length;
          if (name.startsWith('valid')) assert.equal(ownFindings, 0, `${name} is a valid case but ${id} reported`);
          else if (name.startsWith('invalid')) assert.ok(ownFindings > 0, `${name} is an invalid case but ${id} reported nothing`);
        });
      }
    });
  }
});

describe('fixtures named *crlf* keep CR LF line endings', () => {
  const crlf = fs.readdirSync(RULE_FIXTURES).flatMap((id) => fs.readdirSync(path.join(RULE_FIXTURES, id))
    .filter((name) => name.includes('crlf')).map((name) => path.join(RULE_FIXTURES, id, name)));
  it(`${crlf.length} fixtures`, () => {
    assert.ok(crlf.length > 0);
    for (const file of crlf) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/(^|[^\r])\n/.test(text) && text.includes('\r\n'), `${path.relative(ROOT, file)} must use CR LF only (see .gitattributes)`);
    }
  });
});

describe('every rule has fixtures and a doc page', () => {
  for (const id of ALL_IDS) {
    it(id, () => {
      const dir = path.join(RULE_FIXTURES, id);
      assert.ok(fs.existsSync(dir), `no fixtures: create test/fixtures/rules/${id}/`);
      const names = fs.readdirSync(dir);
      assert.ok(names.some((n) => n.startsWith('valid')), `${id}: no valid-* fixture`);
      assert.ok(names.some((n) => n.startsWith('invalid')), `${id}: no invalid-* fixture`);
      const doc = path.join(ROOT, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(doc), `no doc page: create docs/rules/${id}.md`);
      const text = fs.readFileSync(doc, 'utf8');
      for (const heading of ['## Why', '## How to fix', '## Example']) {
        assert.ok(text.includes(heading), `docs/rules/${id}.md has no "${heading}" section`);
      }
    });
  }
  it('no fixture folder for an unknown rule', () => {
    const unknown = fs.readdirSync(RULE_FIXTURES).filter((d) => !ALL_IDS.includes(d));
    assert.deepEqual(unknown, []);
  });
});
