import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace, type Finding } from '../../server/src/core';
import { resourcesSearchedForDependents } from '../../server/src/core/rules/followsFrom';
import { runFixture } from '../support/fixtures';
import { FIXTURES, ROOT } from '../support/paths';

/**
 * One mistake, one finding (rules/followsFrom.ts): DNS names that do not resolve only
 * because a StatefulSet's serviceName names no Service are listed in that
 * service-not-found finding's related information, not reported by dns-name-unresolved.
 */
describe('findings that follow from another are folded into it', () => {
  it('a serviceName typo: one finding, the dependent names as related information', () => {
    const { findings } = runFixture(path.join(FIXTURES, 'rules', 'service-not-found', 'invalid-typo-dependent-names.yaml'));
    const notFound = findings.filter((f) => f.ruleId === 'service-not-found');
    assert.equal(notFound.length, 1);
    assert.deepEqual(notFound[0].related.map((r) => [r.range.start.line + 1, r.message]), [
      [9, "Service 'postgres' in this namespace has a similar name"],
      [46, "'postgres-0.postgres.default.svc.cluster.local' will not resolve until serviceName is fixed"],
      [47, "'postgres-1.postgres' will not resolve until serviceName is fixed"],
    ]);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'dns-name-unresolved').map((f) => f.range.start.line + 1), [48]);
  });

  it('nothing is folded while service-not-found is off: the names are then the only report', () => {
    const file = path.join(FIXTURES, 'rules', 'service-not-found', 'invalid-typo-dependent-names.yaml');
    const ws = new Workspace();
    const uri = pathToFileURL(file).href;
    ws.setDisk(uri, fs.readFileSync(file, 'utf8'));
    ws.setSettings({ ...ws.settings, rules: { 'service-not-found': 'off' } });
    assert.deepEqual(analyzeFile(ws, uri).map((f) => f.ruleId), ['dns-name-unresolved', 'dns-name-unresolved', 'dns-name-unresolved']);
  });

  it('the 1 MB bench input with names written right under a mistyped serviceName: 94 findings before, 63 after', async () => {
    const { largeFile } = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench-inputs.mjs')).href) as { largeFile: () => string };
    // The generator writes the mistyped name into the env too; the case is a typo in
    // serviceName only, with the clients' names right.
    const text = largeFile().replace(/value: "(app-\d+)-0\.(app-\d+)-hedless\./g, 'value: "$1-0.$2-headless.');
    const ws = new Workspace();
    ws.setDisk('file:///bench/platform.yaml', text);
    const findings: Finding[] = analyzeFile(ws, 'file:///bench/platform.yaml');
    const count = (id: string) => findings.filter((f) => f.ruleId === id).length;
    assert.equal(count('dns-name-unresolved'), 0);
    assert.equal(count('service-not-found'), 31);
    assert.ok(findings.filter((f) => f.ruleId === 'service-not-found').every((f) => f.related.filter((r) => /will not resolve/.test(r.message)).length === 1), 'each typo lists its one dependent name');
    assert.equal(findings.length, 63);
  });
});

describe('service-selects-nothing follows from the governed StatefulSet\'s service-selector-mismatch', () => {
  const file = path.join(FIXTURES, 'rules', 'service-selector-mismatch', 'invalid-wrong-value.yaml');
  const ids = (settings?: Record<string, 'off'>) => {
    const ws = new Workspace();
    const uri = pathToFileURL(file).href;
    ws.setDisk(uri, fs.readFileSync(file, 'utf8'));
    if (settings) ws.setSettings({ ...ws.settings, rules: settings });
    return analyzeFile(ws, uri).map((f) => f.ruleId).sort();
  };
  it('one finding for the one wrong selector', () => {
    assert.deepEqual(ids(), ['service-selector-mismatch']);
  });
  it('reported again when service-selector-mismatch is off', () => {
    assert.deepEqual(ids({ 'service-selector-mismatch': 'off' }), ['service-selects-nothing']);
  });
});

describe('dependent names are found with one search of the namespace', () => {
  // Many StatefulSets whose Services are all missing, each with a client naming its Service:
  // svc-1 and svc-10 share a prefix, so a name of one must never be listed under the other.
  const count = 300;
  const text = Array.from({ length: count }, (_, i) => [
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${i}\nspec:\n  serviceName: svc-${i}\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web-${i}\n  template:\n    metadata:\n      labels:\n        app: web-${i}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: client-${i}\nspec:\n  selector:\n    matchLabels:\n      app: client-${i}\n  template:\n    metadata:\n      labels:\n        app: client-${i}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          env:\n            - name: PEER\n              value: svc-${i}.default.svc.cluster.local\n`,
  ].join('---\n')).join('---\n');

  it('each StatefulSet lists only the names of its own Service, and each resource is searched once', () => {
    const ws = new Workspace();
    ws.setDisk('file:///many.yaml', text);
    const before = resourcesSearchedForDependents();
    const notFound = analyzeFile(ws, 'file:///many.yaml').filter((f) => f.ruleId === 'service-not-found');
    const searched = resourcesSearchedForDependents() - before;
    assert.equal(notFound.length, count);
    notFound.forEach((finding, i) => {
      assert.deepEqual(finding.related.map((r) => r.message), [`'svc-${i}.default.svc.cluster.local' will not resolve until serviceName is fixed`]);
    });
    assert.ok(searched <= 2 * count, `${searched} resources searched for ${2 * count} resources`);
  });
});
