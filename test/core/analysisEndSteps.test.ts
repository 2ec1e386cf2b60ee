import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, analyzeFileSteps, RULE_IDS, UNUSED_SUPPRESSION_RULE_ID, Workspace, type Finding } from '../../server/src/core';
import { FINDINGS_PER_STEP } from '../../server/src/core/analyze';
import { workUnitsSoFar } from '../../server/src/core/steps';
import { applySuppressions, applySuppressionsSteps, SUPPRESSION_WORK_PER_STEP, type SuppressionOptions } from '../../server/src/core/suppressions';
import { KEYS_PER_STEP } from '../../server/src/core/workspace/dependentFiles';
import { statefulSet } from '../robustness/manifests';
import { FIXTURES } from '../support/paths';
import { workspaceOf } from '../support/workspace';

/**
 * Issue 16: the end of an analysis (dependencies recorded, suppressions applied) was one
 * step, 40-90 ms for a file of 17,712 or 35,425 findings. It is now steps of bounded work,
 * counted in units (steps.ts, workUnitsSoFar): keys recorded, documents and findings read.
 */

const OPTIONS: SuppressionOptions = { knownRuleIds: RULE_IDS, isOn: () => true, unusedSeverity: 'information', unusedRuleId: UNUSED_SUPPRESSION_RULE_ID };

/** Runs the steps to their end; the result and the units of work each step did. */
function unitsPerStep<T>(steps: Generator<void, T>): { value: T; units: number[] } {
  const units: number[] = [];
  for (;;) {
    const before = workUnitsSoFar();
    const next = steps.next();
    units.push(workUnitsSoFar() - before);
    if (next.done) return { value: next.value, units };
  }
}

describe('the end of an analysis in steps', () => {
  it('suppressions give the same findings whole and one unit of work at a time, on every suppression fixture', () => {
    const dir = path.join(FIXTURES, 'rules', 'unused-suppression');
    let changed = 0;
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      // The findings as the rules report them: those of the text with the directives made
      // ordinary comments and annotations (the same lines), to be suppressed by the real file's.
      const plain = text.replace(/stateful-manifests-disable/g, 'no-directive').replace(/stateful-manifests\.io\/ignore/g, 'example.com/note');
      const findings = analyzeFile(workspaceOf({ 'f.yaml': plain }), 'file:///ws/f.yaml');
      const file = workspaceOf({ 'f.yaml': text }).effective('file:///ws/f.yaml')!;
      const whole = applySuppressions(file, [...findings], OPTIONS);
      const stepped = unitsPerStep(applySuppressionsSteps(file, [...findings], OPTIONS, 1));
      assert.deepEqual(stepped.value, whole, name);
      assert.ok(stepped.units.length > file.documents.length, `${name}: a step per document at least`);
      if (JSON.stringify(whole) !== JSON.stringify(findings)) changed++;
    }
    // (In valid-block-scalar.yaml the directive's text is inside a value: it does nothing.)
    assert.ok(changed >= 4, `the directives suppressed or added findings in ${changed} fixtures`);
  });

  it('no step of the end of the analysis of a file of 3,000 findings does more than a step\'s work', () => {
    // Each StatefulSet names a Service no file defines: one finding each. Four directives
    // that suppress nothing: every finding is checked against each.
    const count = 3_000;
    const docs = Array.from({ length: count }, (_, i) => statefulSet(`web-${i}`, 'nowhere'));
    for (const i of [0, 1]) docs[i] = `# stateful-manifests-disable invalid-name\n${docs[i]}`;
    for (const i of [2, 3]) docs[i] = docs[i].replace('metadata:\n', 'metadata:\n  annotations:\n    stateful-manifests.io/ignore: invalid-name\n');
    const workspace = new Workspace();
    const uri = 'file:///many.yaml';
    workspace.setOpen(uri, docs.join('---\n'));
    const { value: findings, units } = unitsPerStep(analyzeFileSteps(workspace, uri));
    const ending = units.filter((u) => u > 0);
    // A step may end one budgeted loop and begin the next ones.
    const most = FINDINGS_PER_STEP + KEYS_PER_STEP + SUPPRESSION_WORK_PER_STEP;
    assert.ok(Math.max(...units) <= most, `units per step: ${ending.join(' ')}`);
    assert.ok(units[units.length - 1] <= SUPPRESSION_WORK_PER_STEP, `the last step did ${units[units.length - 1]} units`);
    // All of it was counted: keys recorded twice over (added, then checked against the old
    // ones), documents read, findings checked against 4 directives and given their related places.
    assert.ok(ending.reduce((a, b) => a + b, 0) >= 2 * count + count + 4 * count + count, `units in all: ${ending.join(' ')}`);
    assert.equal(findings.filter((f) => f.ruleId === 'service-not-found').length, count);
    assert.equal(findings.filter((f) => f.ruleId === UNUSED_SUPPRESSION_RULE_ID).length, 4);
    // The same findings as the whole analysis, which the tests of the rules check.
    const again: Finding[] = analyzeFile(workspace, uri);
    assert.deepEqual(again, findings);
  });
});
