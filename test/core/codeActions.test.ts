import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  analyzeFile, FIXABLE_RULE_IDS, quickFixes, RULE_IDS, Workspace,
  type FindingRef,
} from '../../server/src/core';
import { applyEdits } from '../support/edits';
import { readExpectations } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * Golden quick-fix fixtures: test/fixtures/fixes/<rule-id>/<case>.before.yaml holds a
 * manifest whose FIRST caret annotation (see test/support/fixtures.ts) marks the
 * finding to fix; <case>.after.yaml is the file after the fix, byte for byte. The
 * annotation comments stay in the after file: they are only comments.
 */
const FIX_FIXTURES = path.join(FIXTURES, 'fixes');

/** A workspace of the given files (uri -> text), and the findings of one of them. */
function analyse(files: Map<string, string> | [string, string], uri: string) {
  const workspace = new Workspace();
  for (const [u, text] of files instanceof Map ? files : [files]) workspace.setOpen(u, text);
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

/**
 * One case: a `<case>.before.yaml` file, or a `<case>/` folder of `*.before.yaml` files
 * that form one workspace (the fix may edit another file than the finding's).
 */
function checkGoldenCase(ruleId: string, casePath: string): void {
  const beforeFiles = fs.statSync(casePath).isDirectory()
    ? fs.readdirSync(casePath).filter((f) => f.endsWith('.before.yaml')).sort().map((f) => path.join(casePath, f))
    : [casePath];
  const texts = new Map(beforeFiles.map((f) => [pathToFileURL(f).href, fs.readFileSync(f, 'utf8')]));
  const annotated = beforeFiles.map((f) => ({ file: f, target: readExpectations(f, fs.readFileSync(f, 'utf8')).expectations[0] })).find((a) => a.target);
  assert.ok(annotated, 'an annotation marks the finding to fix');
  const { file, target } = annotated;
  assert.equal(target.ruleId, ruleId, 'the first annotation marks the finding to fix');
  const uri = pathToFileURL(file).href;
  const registered = RULE_IDS.includes(ruleId);
  const { workspace, findings } = analyse(texts, uri);
  let finding: FindingRef;
  if (registered) {
    const found = findings.find((f) => f.ruleId === ruleId && f.range.start.line === target.line
      && f.range.start.character === target.startCharacter && f.range.end.character === target.endCharacter);
    assert.ok(found, `the analyser reports the annotated ${ruleId}; it reported ${JSON.stringify(findings.map((f) => [f.ruleId, f.range]))}`);
    finding = found;
  } else {
    // The rule is not registered on this branch: the finding is the annotated range, without data.
    finding = { ruleId, range: { start: { line: target.line, character: target.startCharacter }, end: { line: target.line, character: target.endCharacter } } };
    assert.ok(envReferencesDefinedFirst(workspace, uri).length > 0, 'the before file has the problem');
  }

  // The rule's own fixes; "Ignore <rule> for this line" is tested in test/core/suppressionFix.test.ts.
  const fixes = quickFixes(workspace, uri, finding).filter((f) => !f.title.startsWith('Ignore '));
  assert.ok(fixes.length > 0, `a fix for ${ruleId}`);
  // The titles, in the order offered, are golden too: they are what a person chooses by.
  const titlesFile = fs.statSync(casePath).isDirectory() ? path.join(casePath, 'fixes.txt') : casePath.replace('.before.yaml', '.fixes.txt');
  const titles = fixes.map((f) => f.title).join('\n') + '\n';
  const missingGolden: string[] = [];
  if (!fs.existsSync(titlesFile) || process.env.UPDATE_GOLDEN === '1') {
    fs.writeFileSync(titlesFile, titles);
    missingGolden.push(path.relative(FIXTURES, titlesFile));
  } else {
    assert.equal(titles, fs.readFileSync(titlesFile, 'utf8'), `titles differ from ${path.relative(FIXTURES, titlesFile)}`);
  }
  assert.ok(fixes.filter((f) => f.isPreferred).length <= 1, 'at most one preferred fix');
  fixes.forEach((fix, n) => {
    const afterTexts = new Map(texts);
    for (const [changed, edits] of Object.entries(fix.changes)) {
      const text = texts.get(changed);
      assert.ok(text !== undefined, `the fix edits a file of the case: ${changed}`);
      afterTexts.set(changed, applyEdits(text, edits));
    }
    for (const beforeFile of beforeFiles) {
      // The first fix's result is <case>.after.yaml, the second's <case>.after-2.yaml, …
      const afterFile = beforeFile.replace('.before.yaml', n === 0 ? '.after.yaml' : `.after-${n + 1}.yaml`);
      const after = afterTexts.get(pathToFileURL(beforeFile).href)!;
      if (!fs.existsSync(afterFile) || process.env.UPDATE_GOLDEN === '1') {
        fs.writeFileSync(afterFile, after);
        missingGolden.push(path.relative(FIXTURES, afterFile));
        continue;
      }
      assert.equal(after, fs.readFileSync(afterFile, 'utf8'), `${fix.title}: result differs from ${path.relative(FIXTURES, afterFile)}`);
    }
    checkFixed(ruleId, registered, uri, findings, fix, afterTexts);
  });
  assert.deepEqual(missingGolden, [], 'golden files written: review them and run again');
}

/** After a fix: the finding is gone, no new error or warning appeared, the edited files parse. */
function checkFixed(ruleId: string, registered: boolean, uri: string, findings: ReturnType<typeof analyzeFile>, fix: ReturnType<typeof quickFixes>[number], afterTexts: Map<string, string>): void {
  const fixed = analyse(afterTexts, uri);
  if (registered) {
    assert.deepEqual(fixed.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), [], `${fix.title}: the finding is gone`);
  } else {
    assert.deepEqual(envReferencesDefinedFirst(fixed.workspace, uri), []);
  }
  // The fix brings no new error or warning of another rule.
  const beforeRules = new Set(findings.map((f) => f.ruleId));
  // A finding folded into another before the fix (rules/followsFrom.ts) was there all along.
  if (beforeRules.has('service-selector-mismatch')) beforeRules.add('service-selects-nothing');
  if (beforeRules.has('service-not-found')) beforeRules.add('dns-name-unresolved');
  const introduced = fixed.findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && !beforeRules.has(f.ruleId));
  assert.deepEqual(introduced.map((f) => `${f.ruleId}: ${f.message}`), [], fix.title);
  for (const changed of Object.keys(fix.changes)) {
    assert.ok(!fixed.workspace.effective(changed)?.documents.some((d) => d.syntaxErrors.length > 0), `${changed} is valid YAML after the fix`);
  }
}

describe('quick fixes (golden fixtures)', () => {
  for (const ruleId of fs.readdirSync(FIX_FIXTURES).sort()) {
    describe(ruleId, () => {
      const dir = path.join(FIX_FIXTURES, ruleId);
      for (const entry of fs.readdirSync(dir).filter((f) => f.endsWith('.before.yaml') || fs.statSync(path.join(dir, f)).isDirectory()).sort()) {
        it(entry.replace('.before.yaml', ''), () => checkGoldenCase(ruleId, path.join(dir, entry)));
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
    const { workspace } = analyse([uri, STS], uri);
    const stale = { ruleId: 'service-not-found', range: { start: { line: 5, character: 2 }, end: { line: 5, character: 13 } } };
    // Only the rule-independent "Ignore … for this line" remains (it is about the line).
    assert.deepEqual(quickFixes(workspace, uri, stale).map((f) => f.title), ['Ignore service-not-found for this line']);
    assert.deepEqual(quickFixes(workspace, uri, { ...stale, ruleId: 'no-such-rule' }), []);
    assert.deepEqual(quickFixes(workspace, 'file:///ws/unknown.yaml', stale), []);
  });

  it('creates no Service when the pod template labels are not known exactly', () => {
    const text = STS.replace('        app: web\n    spec', '        app: {{ .Values.app }}\n    spec');
    const { workspace } = analyse([uri, text], uri);
    const finding = { ruleId: 'service-not-found', range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } } };
    assert.deepEqual(quickFixes(workspace, uri, finding).map((f) => f.title), ['Ignore service-not-found for this line']);
  });
});

describe('env-var-order fix', () => {
  it('is not offered when the definition would jump over a variable it uses itself', () => {
    const uri = 'file:///ws/env.yaml';
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: busybox
      env:
        - name: URL
          value: http://$(HOST)
        - name: DOMAIN
          value: example.org
        - name: HOST
          value: api.$(DOMAIN)
`;
    const { workspace } = analyse([uri, text], uri);
    const range = { start: { line: 10, character: 24 }, end: { line: 10, character: 31 } };
    assert.deepEqual(quickFixes(workspace, uri, { ruleId: 'env-var-order', range, data: { variable: 'HOST' } }).map((f) => f.title), ['Ignore env-var-order for this line']);
    // Without that dependency the same move is offered.
    const { workspace: plain } = analyse([uri, text.replace('api.$(DOMAIN)', 'api.example.org')], uri);
    assert.deepEqual(quickFixes(plain, uri, { ruleId: 'env-var-order', range, data: { variable: 'HOST' } }).map((f) => f.title), ['Move HOST before its first use', 'Ignore env-var-order for this line']);
  });
});
