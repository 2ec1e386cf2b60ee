import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiGroup, isBuiltInApiVersion } from '../../server/src/core/apiGroups';

describe('API groups', () => {
  it('reads the group of an apiVersion, the core group being empty', () => {
    assert.equal(apiGroup('v1'), '');
    assert.equal(apiGroup('apps/v1'), 'apps');
    assert.equal(apiGroup('monitoring.coreos.com/v1'), 'monitoring.coreos.com');
  });

  it('tells built-in groups from custom resources, by the whole group name', () => {
    for (const v of ['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'extensions/v1beta1']) assert.equal(isBuiltInApiVersion(v), true, v);
    for (const v of ['argoproj.io/v1alpha1', 'monitoring.coreos.com/v1', 'gateway.networking.k8s.io/v1', 'leaderworkerset.x-k8s.io/v1', 'serving.knative.dev/v1']) {
      assert.equal(isBuiltInApiVersion(v), false, v);
    }
  });
});
