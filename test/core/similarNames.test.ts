import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { analyzeFile, Workspace } from '../../server/src/core';
import { isDashVariant, isOneEditApart, isSimilarName } from '../../server/src/core/similarNames';
import { servicesOneEditFrom, servicesSimilarTo } from '../../server/src/core/rules/similarServices';
import { runFixture } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

describe('similar Service names (service-not-found related information)', () => {
  it('a dash part more or less, or one typo', () => {
    for (const [a, b] of [['db', 'db-headless'], ['release-name-db-headless', 'release-name-db'], ['db', 'db-hl']]) assert.ok(isDashVariant(a, b), `${a} ~ ${b}`);
    for (const [a, b] of [['db', 'db-a-b'], ['db', 'dbx-headless'], ['', '-x'], ['db', 'db']]) assert.ok(!isDashVariant(a, b), `${a} !~ ${b}`);
    assert.ok(isSimilarName('postgres', 'postgers'));
    assert.ok(!isSimilarName('kafka', 'zookeeper'));
  });

  it('a serviceName naming no Service points at the headless Service one dash part away', () => {
    const workspace = new Workspace();
    const uri = 'file:///w/db.yaml';
    workspace.setOpen(uri, `apiVersion: v1
kind: Service
metadata:
  name: db-headless
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: v1
kind: Service
metadata:
  name: cache
spec:
  selector:
    app: cache
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
`);
    const finding = analyzeFile(workspace, uri).find((f) => f.ruleId === 'service-not-found');
    assert.ok(finding);
    assert.deepEqual(finding.related.map((r) => [r.message, r.range.start.line]), [["Service 'db-headless' in this namespace has a similar name", 3]]);
  });

  it('in a Helm chart, the related location is the action that names the headless Service', () => {
    const { findings } = runFixture(path.join(FIXTURES, 'rules', 'service-not-found', 'invalid-helm-chart'));
    const finding = findings.find((f) => f.ruleId === 'service-not-found');
    assert.ok(finding, 'the fixture has its service-not-found');
    const related = finding.related.find((r) => /similar name/.test(r.message));
    assert.ok(related, JSON.stringify(finding.related));
    assert.match(related.uri, /templates\/svc-headless\.yaml$/);
    assert.equal(related.message, "Service 'release-name-db-headless' in this namespace has a similar name");
    // The name's line in the template: `  name: {{ include "db.fullname" . }}-headless`.
    assert.equal(related.range.start.line, 3);
  });
});

describe('isOneEditApart (Damerau-Levenshtein distance 1)', () => {
  it('accepts one insertion, deletion, substitution or swap of neighbours', () => {
    for (const [a, b] of [['postgres', 'postgers'], ['postgres', 'postgre'], ['web', 'webs'], ['web', 'wab'], ['ab', 'ba'], ['a', '']]) {
      assert.ok(isOneEditApart(a, b), `${a} ~ ${b}`);
      assert.ok(isOneEditApart(b, a), `${b} ~ ${a}`);
    }
  });
  it('rejects equal names and two edits', () => {
    for (const [a, b] of [['web', 'web'], ['web', 'bew'], ['postgres', 'postgresql'], ['abc', 'bca'], ['kafka', 'kafak-0']]) assert.ok(!isOneEditApart(a, b), `${a} !~ ${b}`);
  });
});

describe('the index of Service names finds what comparing with each Service finds', () => {
  // service-not-found and its "Change serviceName" fix used to compare the name with every
  // Service of the namespace (similarServices.ts); the index must find exactly those.
  // Mostly the characters of valid names; a few that no valid name holds (compared one by one).
  const part = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[ab-]{0,5}$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[abA.é-]{0,5}$/) });
  // Names past 63 characters are kept out of the index and compared one by one.
  const name = fc.oneof(part, part.map((p) => `${p}${'a'.repeat(61)}`));
  it('servicesOneEditFrom and servicesSimilarTo equal isOneEditApart and isSimilarName over the namespace', () => {
    // Services named near the wanted name too: its dash parent, a dash child, one edit of it.
    const near = (wanted: string) => fc.oneof(name, fc.constant(wanted.slice(0, Math.max(0, wanted.lastIndexOf('-')))), part.map((p) => `${wanted}-${p}`),
      fc.tuple(fc.nat(), fc.constantFrom('', 'a', 'b', '-', 'A')).map(([at, c]) => { const i = at % (wanted.length + 1); return wanted.slice(0, i) + c + wanted.slice(i + (c === '' ? 1 : 0)); }));
    const world = name.chain((wanted) => fc.tuple(fc.array(fc.tuple(near(wanted), fc.constantFrom('v1', 'serving.knative.dev/v1', 'other-namespace')), { maxLength: 12 }), fc.constant(wanted)));
    fc.assert(fc.property(world, ([services, wanted]) => {
      const workspace = new Workspace();
      const text = services.map(([n, how]) => `apiVersion: ${how === 'other-namespace' ? 'v1' : how}\nkind: Service\nmetadata:\n  name: ${JSON.stringify(n)}\n${how === 'other-namespace' ? '  namespace: other\n' : ''}`).join('---\n');
      workspace.setOpen('file:///w/s.yaml', text);
      const view = workspace.requestView();
      const core = workspace.resources('file:///w/s.yaml').filter((r) => r.apiVersion.value === 'v1' && r.namespace === 'default' && r.name?.value);
      const names = (found: { name?: { value: string } }[]) => found.map((r) => r.name!.value);
      assert.deepEqual(names(servicesOneEditFrom(view, 'default', wanted)), names(core.filter((r) => isOneEditApart(wanted, r.name!.value))));
      assert.deepEqual(names(servicesSimilarTo(view, 'default', wanted)), names(core.filter((r) => isSimilarName(wanted, r.name!.value))));
    }), { numRuns: 300 });
  });
});
