import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { requireOracles } from '../support/oracles';

// The oracle binaries the differential tests depend on: unpacked and runnable here.
test('the real helm and kubectl from the dev dependency run', () => {
  const { helm, kubectl } = requireOracles();
  assert.match(execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }), /^v4\./);
  assert.match(execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' }), /Kustomize Version: v5\./);
});
