import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { analyzeFile, Workspace, type Finding } from '../../server/src/core';
import * as envExpansion from '../../server/src/core/envExpansion';
import { MAX_REFERENCES_LISTED } from '../../server/src/core/rules/duplicateEnvName';
import { statefulSetYaml } from '../support/manifests';
import { spy } from '../support/spy';

// duplicate-env-name and env-var-order read where each name is first defined from one map
// per container (core/envNames.ts) instead of searching the list for each entry or
// reference. Checked here against those searches, written out over the text's entries.
describe('env rules over random env lists', () => {
  const name = fc.constantFrom('A', 'B', 'C', 'D_1', 'E');
  const entry = fc.tuple(name, fc.array(name, { maxLength: 3 }), fc.boolean());
  it('report what a search of the list finds: names defined again, references to names not defined before', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
      const env = entries.map(([n, refs, literal]) => `            - name: ${n}\n              value: "${literal ? 'x ' : ''}${refs.map((r) => `$(${r})`).join('-')}"\n`).join('');
      const text = statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`);
      const workspace = new Workspace();
      workspace.setOpen('file:///w/db.yaml', text);
      const envLine = text.split('\n').indexOf('          env:');
      const findings = analyzeFile(workspace, 'file:///w/db.yaml');
      // Each entry is two lines after `env:`: its name, then its value.
      const duplicates = findings.filter((f) => f.ruleId === 'duplicate-env-name').map((f) => [(f.range.start.line - envLine - 1) / 2, (f.related[0].range.start.line - envLine - 1) / 2]);
      const expectedDuplicates = entries.flatMap(([n], i) => {
        const first = entries.findIndex(([other]) => other === n);
        return first < i ? [[i, first]] : [];
      });
      // Reported name by name, in the order of their first definitions.
      expectedDuplicates.sort((a, b) => a[1] - b[1]);
      assert.deepEqual(duplicates, expectedDuplicates);
      // Each duplicate's notes: every entry whose value names it, with the definition it gets
      // (the last one before it), as a search of the list finds them.
      for (const finding of findings.filter((f) => f.ruleId === 'duplicate-env-name')) {
        const n = finding.data?.name as string;
        const expectedNotes = entries.flatMap(([user, refs], u) => {
          if (!(refs as string[]).includes(n)) return [];
          const before = entries.map(([d], i) => (d === n && i < u ? i : -1)).filter((i) => i >= 0);
          const gets = before.length ? `the value defined on line ${envLine + 2 + 2 * before[before.length - 1]}` : 'no value (it is defined only later)';
          return [`$(${n}) in ${user} gets ${gets}`];
        });
        assert.deepEqual(finding.related.slice(1).map((r) => r.message), expectedNotes);
      }
      const order = findings.filter((f) => f.ruleId === 'env-var-order').map((f) => [(f.range.start.line - envLine - 2) / 2, f.data?.variable, f.data?.definedAtLine === undefined ? undefined : ((f.data.definedAtLine as number) - envLine - 1) / 2]);
      const expectedOrder = entries.flatMap(([, refs], i) => {
        if (refs.length === 0) return [];
        return refs.flatMap((r) => {
          if (entries.slice(0, i).some(([n]) => n === r)) return [];
          const later = entries.findIndex(([n], j) => j >= i && n === r);
          return [[i, r, later < 0 ? undefined : later]];
        });
      });
      assert.deepEqual(order, expectedOrder);
    }), { numRuns: 300 });
  });
});

// Before: each duplicated name searched the whole list for its references, and each
// reference the list again: 8,000 entries defining 4,000 names twice took 2.5 s in one
// step, and a finding listed every reference to its name.
/** The duplicate-env-name findings of one file, and how many values the analysis read `$(VAR)` references in. */
function duplicateEnvFindings(text: string): { findings: Finding[]; calls: number } {
  const workspace = new Workspace();
  workspace.setOpen('file:///w/db.yaml', text);
  workspace.resources('file:///w/db.yaml');
  let calls = 0;
  const restore = spy(envExpansion, 'variableReferences', () => { calls++; });
  try {
    return { findings: analyzeFile(workspace, 'file:///w/db.yaml').filter((f) => f.ruleId === 'duplicate-env-name'), calls };
  } finally {
    restore();
  }
}

describe('duplicate-env-name on a long env list', () => {
  it('reads the list a bounded number of times, and lists at most MAX_REFERENCES_LISTED references', () => {
    const count = 4_000;
    // Every name twice; every value names X, which is also defined twice.
    const env = Array.from({ length: count }, (_, i) => `            - name: ${i % 2 === 0 ? 'X' : `V_${i % (count / 2)}`}\n              value: "$(X)-${i}"\n`).join('');
    const text = statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`);
    const { findings, calls } = duplicateEnvFindings(text);
    assert.equal(findings.length, count - count / 4 - 1);
    // env-var-order reads each value once, duplicate-env-name each value and each command and args item once: no search per name.
    assert.ok(calls > 0 && calls <= 3 * count, `${calls} readings of a value's references`);
    const onX = findings.find((f) => f.data?.name === 'X')!;
    assert.equal(onX.related.length, 1 + MAX_REFERENCES_LISTED);
    assert.match(onX.related[MAX_REFERENCES_LISTED].message, new RegExp(`\\(and ${(count - MAX_REFERENCES_LISTED).toLocaleString('en')} more references to \\$\\(X\\) not listed\\)$`));
  });

  // Before: each duplicated name searched every command and args item for `$(name)`.
  it('reads each command and args item once, however many names are duplicated', () => {
    const count = 2_000;
    const env = Array.from({ length: 2 * count }, (_, i) => `            - name: N_${i % count}\n              value: v\n`).join('');
    const args = Array.from({ length: count }, (_, i) => `            - "$(N_${i})"\n`).join('');
    const text = statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          args:\n${args}          env:\n${env}`);
    const { findings, calls } = duplicateEnvFindings(text);
    assert.equal(findings.length, count);
    assert.deepEqual(findings[7].related.map((r) => r.message), ['N_7 first defined here', `$(N_7) here gets the last value, defined on line ${findings[7].range.start.line + 1}`]);
    assert.ok(calls > 0 && calls <= 3 * (2 * count + count), `${calls} readings of references for ${2 * count} env entries and ${count} args`);
  });
});
