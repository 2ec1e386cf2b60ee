import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/core';
import { runFixture } from '../support/fixtures';
import { FIXTURES, ROOT } from '../support/paths';

/**
 * What a person reads in the Problems panel: the first sentence of a message says what is
 * wrong in under 100 characters, and nothing is Markdown (the panel shows backticks as
 * backticks). Checked over every finding of every rule fixture, and the examples.
 */
const MAX_FIRST_SENTENCE = 100;

/** The first sentence: up to the first `.`, `!` or `?` followed by a space or the end. */
export function firstSentence(message: string): string {
  const end = /[.!?](\s|$)/.exec(message);
  return end ? message.slice(0, end.index + 1) : message;
}

function problemsOf(f: Finding): string[] {
  const where = `${path.relative(ROOT, decodeURIComponent(new URL(f.uri).pathname))}:${f.range.start.line + 1} ${f.ruleId}`;
  const out: string[] = [];
  const first = firstSentence(f.message);
  if (first.length >= MAX_FIRST_SENTENCE) out.push(`${where}: first sentence is ${first.length} characters: ${first}`);
  for (const text of [f.message, ...f.related.map((r) => r.message)]) {
    if (text.includes('`')) out.push(`${where}: Markdown backtick in "${text}"`);
  }
  return out;
}

describe('messages a person reads', () => {
  it('first sentence under 100 characters and no backticks, for every finding of every fixture and example', () => {
    const rules = path.join(FIXTURES, 'rules');
    const fixtures = fs.readdirSync(rules).flatMap((id) => fs.readdirSync(path.join(rules, id)).map((name) => path.join(rules, id, name)));
    const findings = [...fixtures, path.join(ROOT, 'examples')].flatMap((f) => runFixture(f).findings);
    assert.ok(findings.length > 100, `only ${findings.length} findings: the fixtures were not read`);
    const problems = findings.flatMap(problemsOf);
    assert.deepEqual(problems, []);
  });

  it('firstSentence stops at a sentence end, not at the dots of a name', () => {
    assert.equal(firstSentence("No Service 'db.x' in namespace 'a'. Create it."), "No Service 'db.x' in namespace 'a'.");
    assert.equal(firstSentence('web-0.nginx.default.svc will not resolve'), 'web-0.nginx.default.svc will not resolve');
  });
});
