import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace } from '../../server/src/core';
import type { Container } from '../../server/src/core/model';
import { serviceYaml } from '../support/manifests';

/**
 * The rules on one object with long lists do work linear in those lists (issue 16: one
 * object must not hold the server). The reads of a list are counted, not timed.
 */
const URI = 'file:///rule-work/web.yaml';

/** Counts the reads of each container's `ports` items (a Proxy over the model's array). */
function countPortReads(workspace: Workspace): { reads: number } {
  const counter = { reads: 0 };
  for (const resource of workspace.resources(URI)) {
    for (const container of (resource.podTemplate?.containers ?? []) as Container[]) {
      container.ports = new Proxy(container.ports, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    }
  }
  return counter;
}

describe('rules on one object with long lists', () => {
  // Before: each named targetPort searched every container port: a Service of 8,000 ports
  // over pods of 8,000 took 757 ms (64 million port reads) in one step.
  it('target-port-not-found reads each container port a bounded number of times', () => {
    const count = 2_000;
    const ports = Array.from({ length: count }, (_, i) => `            - name: p${i}\n              containerPort: ${1000 + i}\n`).join('');
    const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          ports:\n${ports}`;
    const servicePorts = Array.from({ length: count }, (_, i) => `    - name: s${i}\n      port: ${1000 + i}\n      targetPort: ${i % 2 === 0 ? `p${i}` : `q${i}`}\n`).join('');
    const service = serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } }).replace(/\n  ports:\n[\s\S]*$/, '\n') + `  ports:\n${servicePorts}`;
    const workspace = new Workspace();
    workspace.setOpen(URI, `${sts}---\n${service}`);
    const counter = countPortReads(workspace);
    const findings = analyzeFile(workspace, URI).filter((f) => f.ruleId === 'target-port-not-found');
    assert.equal(findings.length, count / 2);
    assert.ok(counter.reads <= 10 * count, `${counter.reads} reads of ${count} container ports`);
  });
});
