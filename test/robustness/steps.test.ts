import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, analyzeFileSteps, Workspace } from '../../server/src/core';
import { ENV_RULE_ENTRIES_PER_STEP as ENTRIES_PER_STEP, firstDefinitionSteps } from '../../server/src/core/envNames';
import { WorkBudget } from '../../server/src/core/steps';
import * as scalarRange from '../../server/src/core/scalarRange';
import { statefulSetYaml } from '../support/manifests';
import { spy } from '../support/spy';

/**
 * Parsing and analysing in steps (what lets the server answer requests during a long
 * analysis) gives what doing it at once gives, and never shows a reader a half-done
 * state.
 */
const URI = 'file:///steps/a.yaml';

const STS = (name: string, serviceName: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${serviceName}
  selector:
    matchLabels: { app: ${name} }
`;
const SVC = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  clusterIP: None
`;

function file(count: number, missing: string): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(SVC(`s-${i}`), STS(`w-${i}`, `s-${i}`));
  docs.push(STS('lost', missing));
  return docs.join('---\n');
}

/** Steps an update until it is done, counting the steps. */
function stepAll(update: { step(): boolean }): number {
  let steps = 1;
  while (!update.step()) steps++;
  return steps;
}

describe('parsing and analysing in steps', () => {
  it('parses in steps to the same model as at once, one document per step', () => {
    const text = file(50, 'nope');
    const stepped = new Workspace();
    const update = stepped.beginSetOpen(URI, text);
    assert.equal(update.done, false);
    assert.ok(stepAll(update) >= 101, 'one step per parsed document');
    assert.ok(update.change && update.change.keys.size > 0);
    const direct = new Workspace();
    direct.setOpen(URI, text);
    assert.deepEqual(analyzeFile(stepped, URI), analyzeFile(direct, URI));
  });

  it('finishes a pending parse when the file is read, so no reader sees an older text', () => {
    const workspace = new Workspace();
    workspace.setOpen(URI, file(3, 'nope'));
    const v2 = `# two new lines\n\n${file(3, 's-1')}`;
    const update = workspace.beginSetOpen(URI, v2);
    update.step();
    // the index still holds the old version until the parse is done…
    assert.equal(update.done, false);
    // …but reading the file finishes it
    const lost = workspace.resources(URI).find((r) => r.name?.value === 'lost');
    assert.equal(lost?.statefulSet?.serviceName?.value, 's-1');
    assert.equal(lost?.name?.range.start.line, v2.split('\n').indexOf('  name: lost'));
    assert.equal(update.done, true);
    assert.deepEqual(analyzeFile(workspace, URI), []);
  });

  it('drops a parse overtaken by a newer text, and reuses the documents it parsed', () => {
    const workspace = new Workspace();
    workspace.setOpen(URI, file(2, 'nope'));
    const v2 = file(40, 'nope');
    const older = workspace.beginSetOpen(URI, v2);
    for (let i = 0; i < 30; i++) older.step(); // 30 of the new documents parsed
    const newer = workspace.beginSetOpen(URI, v2.replace('serviceName: nope', 'serviceName: s-0'));
    assert.equal(older.done, true, 'the older update is abandoned');
    assert.equal(older.change?.keys.size, 0, 'and commits nothing');
    // 81 documents, 30 of them already parsed by the older update: about 50 steps left
    const steps = stepAll(newer);
    assert.ok(steps < 81 - 20, `reused the abandoned parse (${steps} steps)`);
    assert.deepEqual(analyzeFile(workspace, URI), []);
    const fresh = new Workspace();
    fresh.setOpen(URI, v2.replace('serviceName: nope', 'serviceName: s-0'));
    assert.deepEqual(JSON.parse(JSON.stringify(workspace.resources(URI))), JSON.parse(JSON.stringify(fresh.resources(URI))));
  });

  it('leaves the previous version intact until a parse commits', () => {
    const workspace = new Workspace();
    const v1 = file(5, 'nope');
    workspace.setOpen(URI, v1);
    const before = JSON.stringify(workspace.resources(URI));
    // lines inserted at the top move every reused document, but only at the commit
    const update = workspace.beginSetOpen(URI, `${SVC('top')}---\n${v1}`);
    update.step();
    workspace.close(URI);
    assert.equal(update.done, true);
    assert.equal(workspace.resources(URI).length, 0);
    workspace.setOpen(URI, v1);
    assert.equal(JSON.stringify(workspace.resources(URI)), before);
  });

  it('analyses in steps to the same findings as at once', () => {
    const workspace = new Workspace();
    workspace.setOpen(URI, file(300, 'nope'));
    const steps = analyzeFileSteps(workspace, URI);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    assert.ok(yields >= 5, `yielded ${yields} times`);
    assert.deepEqual(next.value, analyzeFile(workspace, URI));
    assert.equal(next.value.length, 1);
  });

  // Before: the rules on one object ran in one step, and env-var-order made one finding
  // per entry of a 160,000-entry env list there (400-500 ms, stress longEnvList).
  it('checks the entries of one long env list in steps, to the same findings as at once', () => {
    const entries = 3 * ENTRIES_PER_STEP;
    const env = Array.from({ length: entries }, (_, i) => `            - name: VAR_${i}\n              value: "$(VAR_${i + 1})"\n`).join('');
    const workspace = new Workspace();
    workspace.setOpen(URI, statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`));
    let calls = 0;
    const restore = spy(scalarRange, 'rangeInScalar', () => { calls++; });
    const perStep: number[] = [];
    try {
      const steps = analyzeFileSteps(workspace, URI);
      let next = steps.next();
      for (; !next.done; next = steps.next()) perStep.push(calls), (calls = 0);
      perStep.push(calls);
      assert.deepEqual(next.value, analyzeFile(workspace, URI));
      assert.equal(next.value.filter((f) => f.ruleId === 'env-var-order').length, entries);
    } finally {
      restore();
    }
    assert.ok(Math.max(...perStep) <= ENTRIES_PER_STEP, `a step made ${Math.max(...perStep)} findings' ranges`);
    assert.ok(perStep.filter((n) => n > 0).length >= 3, `ranges made in ${perStep.filter((n) => n > 0).length} steps`);
  });

  // Found by an event-loop probe on `npm run stress longEnvList`: the map of where each of
  // 160,000 names is first defined, shared by two env rules, was built in one step of 100-170 ms.
  it('builds where each env name is first defined in steps, going on from a build left off', () => {
    const entries = 3 * ENTRIES_PER_STEP + 7;
    const names = Array.from({ length: entries }, (_, i) => `VAR_${i % (entries - 1000)}`);
    const env = names.map((name, i) => `            - name: ${name}\n              value: "v${i}"\n`).join('');
    const workspace = new Workspace();
    workspace.setOpen(URI, statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`));
    const container = workspace.resources(URI)[0].podTemplate!.containers[0];
    assert.equal(container.env.length, entries);
    const expected = new Map<string, number>();
    names.forEach((name, i) => { if (!expected.has(name)) expected.set(name, i); });
    // A build left off after its first step (an analysis begun again), then asked again.
    const leftOff = firstDefinitionSteps(container, new WorkBudget(ENTRIES_PER_STEP));
    assert.equal(leftOff.next().done, false, 'the first step did not end the build');
    leftOff.return(new Map());
    const steps = firstDefinitionSteps(container, new WorkBudget(ENTRIES_PER_STEP));
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    // The first step's 4,095 entries were kept: the 8,200 left yield twice (from the start: three times).
    assert.equal(yields, 2, `${yields} yields after the step left off`);
    assert.deepEqual(next.value, expected);
  });

  it('answers lookups in the same order whatever the history of edits (found by the editing test)', () => {
    // Two Services named s-0: the rules take the first readable one. Incremental and
    // fresh analyses must take the same, so lookups answer in file and document order.
    const headless = SVC('s-0');
    const withIp = SVC('s-0').replace('clusterIP: None', 'clusterIP: 10.0.0.1');
    const final = `${headless}---\n${withIp}---\n${STS('w-0', 's-0')}`;
    const edited = new Workspace();
    edited.setOpen(URI, `${withIp}---\n${STS('w-0', 's-0')}`);
    analyzeFile(edited, URI);
    edited.setOpen(URI, final);
    const fresh = new Workspace();
    fresh.setOpen(URI, final);
    assert.deepEqual(analyzeFile(edited, URI), analyzeFile(fresh, URI));
    // Across files too: the order files were opened in does not matter.
    const a = 'file:///steps/a-services.yaml';
    const b = 'file:///steps/b-services.yaml';
    const sts = 'file:///steps/c-sts.yaml';
    const findings = (order: [string, string][]) => {
      const workspace = new Workspace();
      for (const [uri, text] of order) workspace.setOpen(uri, text);
      workspace.setOpen(sts, STS('w-0', 's-0'));
      return analyzeFile(workspace, sts);
    };
    assert.deepEqual(findings([[a, withIp], [b, headless]]), findings([[b, headless], [a, withIp]]));
  });
});
