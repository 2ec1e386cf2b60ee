import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, DEFAULT_SETTINGS, Workspace, type Settings } from '../../server/src/core';
import { RESOURCES_PER_STAGING_STEP } from '../../server/src/core/workspace/stagedIndex';

/**
 * New settings applied a step at a time (Workspace.setSettingsSteps): a new default
 * namespace re-indexes every resource beside the index in use, so readers between two
 * steps see the previous settings whole, and the end result is what a workspace made with
 * the new settings from the start holds.
 */
const A = 'file:///reindex/a.yaml';
const B = 'file:///reindex/b.yaml';

const sts = (name: string, serviceName: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${serviceName}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
`;
const svc = (name: string, namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  clusterIP: None
`;

/** `count` StatefulSets, each governed by a Service `gov` that only some namespace has. */
const many = (count: number) => Array.from({ length: count }, (_, i) => sts(`web-${i}`, 'gov')).join('---\n');

const moved: Settings = { ...DEFAULT_SETTINGS, defaultNamespace: 'moved' };

/** Runs the steps to their end; how many times they yielded. */
function yieldsOf(steps: Generator<void, void>): number {
  let yields = 0;
  while (!steps.next().done) yields++;
  return yields;
}

function findingsOf(workspace: Workspace): string {
  return JSON.stringify(workspace.uris().sort().map((uri) => [uri, analyzeFile(workspace, uri)]));
}

describe('settings applied in steps', () => {
  it('re-indexes nothing when no setting the index depends on changed', () => {
    const workspace = new Workspace();
    workspace.setOpen(A, many(2 * RESOURCES_PER_STAGING_STEP));
    const steps = workspace.setSettingsSteps({ ...DEFAULT_SETTINGS, rules: { 'service-not-found': 'off' }, clusterDomain: 'example.org' });
    assert.equal(yieldsOf(steps), 0);
    assert.equal(workspace.settings.clusterDomain, 'example.org');
    assert.equal(analyzeFile(workspace, A).length, 0, 'the rule is off');
  });

  it('builds the new index in steps, while readers see the previous settings whole', () => {
    const count = 2 * RESOURCES_PER_STAGING_STEP + 10;
    const workspace = new Workspace();
    workspace.setOpen(A, many(count));
    workspace.setOpen(B, svc('gov', 'moved'));
    const before = analyzeFile(workspace, A);
    assert.equal(before.length, count, 'no Service gov in the namespace default');
    const steps = workspace.setSettingsSteps(moved);
    let yields = 0;
    while (!steps.next().done) {
      yields++;
      assert.equal(workspace.settings.defaultNamespace, 'default');
      assert.equal(workspace.view().inNamespace('StatefulSet', 'default').length, count);
      assert.equal(workspace.view().inNamespace('StatefulSet', 'moved').length, 0);
    }
    assert.ok(yields >= count / RESOURCES_PER_STAGING_STEP - 1, `yielded ${yields} times`);
    assert.equal(workspace.settings.defaultNamespace, 'moved');
    assert.equal(workspace.view().inNamespace('StatefulSet', 'moved').length, count);
    assert.equal(workspace.view().inNamespace('StatefulSet', 'default').length, 0);
    assert.deepEqual(analyzeFile(workspace, A), [], 'gov is in the new namespace');
    const fresh = new Workspace();
    fresh.setSettings(moved);
    fresh.setOpen(A, many(count));
    fresh.setOpen(B, svc('gov', 'moved'));
    assert.equal(findingsOf(workspace), findingsOf(fresh));
  });

  it('takes in files changed while the new index was built', () => {
    const count = 2 * RESOURCES_PER_STAGING_STEP + 10;
    const workspace = new Workspace();
    workspace.setOpen(A, many(count));
    workspace.setDisk(B, svc('gov', 'moved'));
    const steps = workspace.setSettingsSteps(moved);
    steps.next();
    // Between two steps, as message handlers would: a file closed, one added, one edited.
    workspace.removeDisk(B);
    workspace.setDisk('file:///reindex/c.yaml', svc('gov'));
    workspace.setOpen(A, many(count + 1));
    yieldsOf(steps);
    const fresh = new Workspace();
    fresh.setSettings(moved);
    fresh.setOpen(A, many(count + 1));
    fresh.setDisk('file:///reindex/c.yaml', svc('gov'));
    assert.equal(findingsOf(workspace), findingsOf(fresh));
    assert.equal(analyzeFile(workspace, A).length, 0, 'c.yaml has gov in the new default namespace');
    assert.equal(workspace.view().inNamespace('Service', 'moved').length, 1);
  });

  it('starts again when a kustomization changes while the new index is built', () => {
    const count = 2 * RESOURCES_PER_STAGING_STEP;
    const base = 'file:///reindex/base';
    const workspace = new Workspace();
    workspace.setDisk(`${base}/web.yaml`, many(count));
    workspace.setDisk(`${base}/gov.yaml`, svc('gov', 'kustomized'));
    const steps = workspace.setSettingsSteps(moved);
    steps.next();
    workspace.setDisk(`${base}/kustomization.yaml`, 'namespace: kustomized\nresources:\n  - web.yaml\n  - gov.yaml\n');
    yieldsOf(steps);
    assert.equal(workspace.view().inNamespace('StatefulSet', 'kustomized').length, count);
    const fresh = new Workspace();
    fresh.setSettings(moved);
    fresh.setDisk(`${base}/web.yaml`, many(count));
    fresh.setDisk(`${base}/gov.yaml`, svc('gov', 'kustomized'));
    fresh.setDisk(`${base}/kustomization.yaml`, 'namespace: kustomized\nresources:\n  - web.yaml\n  - gov.yaml\n');
    assert.equal(findingsOf(workspace), findingsOf(fresh));
  });

  it('files the narrow keys (here a DNS label) under the new namespace too', () => {
    // A StatefulSet of one pod under a Service with a cluster IP: a warning only when a
    // string of its namespace uses a per-pod name, found through the DNS label's narrow key.
    const one = sts('web', 'gov').replace('spec:\n', 'spec:\n  replicas: 1\n');
    const clusterIp = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: gov\nspec:\n  selector: { app: web }\n';
    const client = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: client\ndata:\n  url: web-0.gov:5432\n';
    const files: [string, string][] = [[A, one], [B, clusterIp], ['file:///reindex/c.yaml', client]];
    const workspace = new Workspace();
    for (const [uri, text] of files) workspace.setOpen(uri, text);
    const [warned] = analyzeFile(workspace, A);
    assert.equal(warned?.severity, 'warning', 'web-0.gov is used in the namespace default');
    yieldsOf(workspace.setSettingsSteps(moved));
    assert.equal(analyzeFile(workspace, A)[0]?.severity, 'warning', 'and still in the namespace moved');
    const fresh = new Workspace();
    fresh.setSettings(moved);
    for (const [uri, text] of files) fresh.setOpen(uri, text);
    assert.equal(findingsOf(workspace), findingsOf(fresh));
  });
});
