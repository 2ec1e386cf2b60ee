import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { analyzeFile, Workspace } from '../../server/src/core';
import { statefulSetYaml } from '../support/manifests';

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
