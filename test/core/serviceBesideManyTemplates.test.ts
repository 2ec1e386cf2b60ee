import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace } from '../../server/src/core';
import { nonEmptyKey, podsKey } from '../../server/src/core/workspace/keys';
import { ResourceIndex } from '../../server/src/core/workspace/resourceIndex';
import { service, statefulSet } from '../robustness/manifests';

/**
 * The analysis of one Service beside a namespace of many pod templates reads the
 * templates its selector names, not every one (issue 16: one step of 230 ms for the small
 * ping file's Service beside 35,425 templates, `npm run stress manyFindings`): it neither
 * puts the namespace's templates in order nor depends on all of them.
 */

const TEMPLATES = 'file:///ws/templates.yaml';
const PING = 'file:///ws/ping.yaml';
const COUNT = 2_000;

function workspace(): Workspace {
  const ws = new Workspace();
  ws.setOpen(TEMPLATES, Array.from({ length: COUNT }, (_, i) => statefulSet(`web-${i}`, 'nowhere', `web-${i}`)).join('---\n'));
  ws.setOpen(PING, service('ping'));
  return ws;
}

/** The keys the index was asked to put in order while `fn` ran. */
function orderedKeys(fn: () => void): string[] {
  const proto = ResourceIndex.prototype;
  const original = proto.inOrder;
  const keys: string[] = [];
  proto.inOrder = function (this: ResourceIndex, key) {
    keys.push(key);
    return original.call(this, key);
  };
  try {
    fn();
  } finally {
    proto.inOrder = original;
  }
  return keys;
}

describe('a Service beside many pod templates', () => {
  it('is analysed without reading every template of its namespace', () => {
    const ws = workspace();
    let findings: ReturnType<typeof analyzeFile> = [];
    const keys = orderedKeys(() => { findings = analyzeFile(ws, PING); });
    assert.deepEqual(findings.map((f) => f.ruleId), ['service-selects-nothing']);
    assert.ok(!keys.includes(podsKey('default')), 'the namespace\'s templates were put in order');
    assert.equal(ws.lookedAtAny(PING, [podsKey('default')]), false, 'the analysis depends on every template');
    assert.equal(ws.lookedAtAny(PING, [nonEmptyKey(podsKey('default'))]), true);
  });

  it('a label set at run time is still found among the templates with the other labels', () => {
    const ws = workspace();
    ws.setOpen(PING, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: ping\nspec:\n  clusterIP: None\n  selector:\n    app: web-7\n    role: primary\n');
    const [finding] = analyzeFile(ws, PING);
    assert.equal(finding.severity, 'information');
    assert.match(finding.message, /unless role is set at run time/);
  });
});
