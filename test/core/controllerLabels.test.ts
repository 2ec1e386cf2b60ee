import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controllerLabelKeys, controllerLabelMatch, type Resource } from '../../server/src/core';
import { workspaceOf } from '../support/workspace';

function workload(kind: string, name: string): Resource {
  const ws = workspaceOf({ 'w.yaml': `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n` });
  return [...ws.allResources()][0];
}

describe('controllerLabelMatch', () => {
  it('a Job: both job-name labels hold its name; its UID and completion index are known only at run time', () => {
    const job = workload('Job', 'train');
    assert.equal(controllerLabelMatch(job, 'job-name', 'train'), 'all');
    assert.equal(controllerLabelMatch(job, 'batch.kubernetes.io/job-name', 'train'), 'all');
    assert.equal(controllerLabelMatch(job, 'job-name', 'other'), 'none');
    assert.equal(controllerLabelMatch(job, 'batch.kubernetes.io/job-completion-index', '0'), 'unknown');
    assert.equal(controllerLabelMatch(job, 'controller-uid', 'x'), 'unknown');
    assert.equal(controllerLabelMatch(job, 'pod-template-generation', '1'), 'none');
  });

  it('a CronJob: its Jobs have names known only at run time', () => {
    assert.equal(controllerLabelMatch(workload('CronJob', 'nightly'), 'job-name', 'nightly-28930120'), 'unknown');
  });

  it('a StatefulSet: pod name and index give an ordinal written as %d', () => {
    const sts = workload('StatefulSet', 'web');
    assert.equal(controllerLabelMatch(sts, 'statefulset.kubernetes.io/pod-name', 'web-12'), 12);
    assert.equal(controllerLabelMatch(sts, 'statefulset.kubernetes.io/pod-name', 'web-01'), 'none');
    assert.equal(controllerLabelMatch(sts, 'statefulset.kubernetes.io/pod-name', 'db-0'), 'none');
    assert.equal(controllerLabelMatch(sts, 'apps.kubernetes.io/pod-index', '3'), 3);
    assert.equal(controllerLabelMatch(sts, 'controller-revision-hash', 'web-abc'), 'unknown');
    assert.equal(controllerLabelMatch(sts, 'job-name', 'web'), 'none');
  });

  it('DaemonSet, Deployment, ReplicaSet and Pod', () => {
    assert.equal(controllerLabelMatch(workload('DaemonSet', 'agent'), 'pod-template-generation', '2'), 'unknown');
    assert.equal(controllerLabelMatch(workload('Deployment', 'api'), 'pod-template-hash', 'abc'), 'unknown');
    assert.equal(controllerLabelMatch(workload('Deployment', 'api'), 'controller-revision-hash', 'abc'), 'none');
    assert.deepEqual([...controllerLabelKeys('ReplicaSet')], []);
    assert.deepEqual([...controllerLabelKeys('Pod')], []);
  });
});
