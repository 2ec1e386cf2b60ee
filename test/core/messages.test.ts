import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { runFixture } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * The team's message style, for the rules of issue #17: the first sentence says what is
 * wrong in under 100 characters, and no message holds a literal Markdown backtick (the
 * editor shows them as they are). Checked on every finding the rule fixtures produce.
 */
const RULES = [
  'removed-api-version', 'volume-mount-not-found', 'claim-template-unused', 'container-port-name-invalid',
  'probe-port-not-found', 'pdb-selects-nothing', 'pdb-blocks-eviction', 'spread-selector-mismatch',
  'service-port-not-served', 'hpa-target-not-found', 'duplicate-env-name', 'partition-above-replicas', 'service-name-missing',
];

it('messages of the new rules: a first sentence under 100 characters, no backticks', () => {
  const dir = path.join(FIXTURES, 'rules');
  const problems: string[] = [];
  let checked = 0;
  for (const id of fs.readdirSync(dir)) {
    for (const name of fs.readdirSync(path.join(dir, id))) {
      for (const finding of runFixture(path.join(dir, id, name)).findings) {
        if (!RULES.includes(finding.ruleId)) continue;
        checked++;
        const first = /^.*?[.](?=\s|$)/.exec(finding.message)?.[0] ?? finding.message;
        if (first.length >= 100) problems.push(`${finding.ruleId}: first sentence is ${first.length} characters: ${first}`);
        if (finding.message.includes('`')) problems.push(`${finding.ruleId}: backtick in: ${finding.message}`);
      }
    }
  }
  assert.ok(checked >= RULES.length, `only ${checked} findings checked`);
  assert.deepEqual(problems, []);
});
