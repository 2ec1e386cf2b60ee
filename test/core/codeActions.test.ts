import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  analyzeFile, FIXABLE_RULE_IDS, LineIndex, quickFixes, RULE_IDS, Workspace,
  type FindingRef, type TextEdit,
} from '../../server/src/core';
import { readExpectations } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * Golden quick-fix fixtures: test/fixtures/fixes/<rule-id>/<case>.before.yaml holds a
 * manifest whose FIRST caret annotation (see test/support/fixtures.ts) marks the
 * finding to fix; <case>.after.yaml is the file after the fix, byte for byte. The
 * annotation comments stay in the after file: they are only comments.
 */
const FIX_FIXTURES = path.join(FIXTURES, 'fixes');

/** Applies LSP-style edits (all ranges refer to the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function analyse(uri: string, text: string) {
  const workspace = new Workspace();
  workspace.setOpen(uri, text);
  return { workspace, findings: analyzeFile(workspace, uri) };
}

/**
 * For a rule that is not registered on this branch (env-var-order is written
 * elsewhere): every `$(VAR)` in an env value of a container must come after the
 * entry defining VAR, when the container defines VAR at all.
 */
function envReferencesDefinedFirst(workspace: Workspace, uri: string): string[] {
  const problems: string[] = [];
  for (const r of workspace.resources(uri)) {
    for (const c of r.podTemplate?.containers ?? []) {
      c.env.forEach((e, i) => {
        for (const m of (e.value?.value ?? '').matchAll(/\$\(([^)]*)\)/g)) {
          const later = c.env.slice(i + 1).some((d) => d.name.value === m[1]);
          const earlier = c.env.slice(0, i).some((d) => d.name.value === m[1]);
          if (later && !earlier) problems.push(`${e.name.value} uses $(${m[1]}) before it is defined`);
        }
      });
    }
  }
  return problems;
}

describe('quick fixes (golden fixtures)', () => {
  for (const ruleId of fs.readdirSync(FIX_FIXTURES).sort()) {
    describe(ruleId, () => {
      const dir = path.join(FIX_FIXTURES, ruleId);
      for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.before.yaml')).sort()) {
        it(name.replace('.before.yaml', ''), () => {
          const beforeFile = path.join(dir, name);
          const afterFile = beforeFile.replace('.before.yaml', '.after.yaml');
          const before = fs.readFileSync(beforeFile, 'utf8');
          const uri = pathToFileURL(beforeFile).href;
          const [target] = readExpectations(beforeFile, before).expectations;
          assert.equal(target?.ruleId, ruleId, 'the first annotation marks the finding to fix');
          const registered = RULE_IDS.includes(ruleId);
          const { workspace, findings } = analyse(uri, before);
          let finding: FindingRef;
          if (registered) {
            const found = findings.find((f) => f.ruleId === ruleId && f.range.start.line === target.line
              && f.range.start.character === target.startCharacter && f.range.end.character === target.endCharacter);
            assert.ok(found, `the analyser reports the annotated ${ruleId}; it reported ${JSON.stringify(findings.map((f) => [f.ruleId, f.range]))}`);
            finding = found;
          } else {
            // The rule is not on this branch: the finding is the annotated range, without data.
            finding = { ruleId, range: { start: { line: target.line, character: target.startCharacter }, end: { line: target.line, character: target.endCharacter } } };
            assert.deepEqual(envReferencesDefinedFirst(workspace, uri).length > 0, true, 'the before file has the problem');
          }

          const fixes = quickFixes(workspace, uri, finding);
          assert.equal(fixes.length, 1, `one fix for ${ruleId}`);
          const [fix] = fixes;
          assert.deepEqual(Object.keys(fix.changes), [uri], 'the fix edits this file');
          const after = applyEdits(before, fix.changes[uri]);
          if (!fs.existsSync(afterFile) || process.env.UPDATE_GOLDEN === '1') {
            fs.writeFileSync(afterFile, after);
            assert.fail(`wrote ${path.relative(FIXTURES, afterFile)}: review it and run again`);
          }
          assert.equal(after, fs.readFileSync(afterFile, 'utf8'), `${fix.title}: result differs from ${path.basename(afterFile)}`);

          const fixed = analyse(uri, after);
          if (registered) {
            assert.deepEqual(fixed.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), [], 'the finding is gone');
          } else {
            assert.deepEqual(envReferencesDefinedFirst(fixed.workspace, uri), []);
          }
          // The fix brings no new error or warning of another rule.
          const beforeRules = new Set(findings.map((f) => f.ruleId));
          const introduced = fixed.findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && !beforeRules.has(f.ruleId));
          assert.deepEqual(introduced.map((f) => `${f.ruleId}: ${f.message}`), []);
          assert.ok(!fixed.workspace.effective(uri)?.documents.some((d) => d.syntaxErrors.length > 0), 'the result is valid YAML');
        });
      }
    });
  }

  it('has golden fixtures for every fixable rule', () => {
    for (const id of FIXABLE_RULE_IDS) {
      const dir = path.join(FIX_FIXTURES, id);
      assert.ok(fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.before.yaml')), `no fixtures for ${id}`);
    }
  });
});

describe('quick fixes on stale or unreadable findings', () => {
  const uri = 'file:///ws/sts.yaml';
  const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: a\n          image: a\n';

  it('offers nothing when the range no longer points at what was reported', () => {
    const { workspace } = analyse(uri, STS);
    const stale = { ruleId: 'service-not-found', range: { start: { line: 5, character: 2 }, end: { line: 5, character: 13 } } };
    assert.deepEqual(quickFixes(workspace, uri, stale), []);
    assert.deepEqual(quickFixes(workspace, uri, { ...stale, ruleId: 'no-such-rule' }), []);
    assert.deepEqual(quickFixes(workspace, 'file:///ws/unknown.yaml', stale), []);
  });

  it('creates no Service when the pod template labels are not known exactly', () => {
    const text = STS.replace('        app: web\n    spec', '        app: {{ .Values.app }}\n    spec');
    const { workspace } = analyse(uri, text);
    const finding = { ruleId: 'service-not-found', range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } } };
    assert.deepEqual(quickFixes(workspace, uri, finding), []);
  });
});
