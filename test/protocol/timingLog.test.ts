import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';
import { statefulSetYaml } from '../support/manifests';

/** A line of the timing log as scripts/bench-editor.mjs reads it (printSteps). */
const LINE = /^(\S+) (client|server) (\S+)(?: (.*))?$/;

describe('the timing log (STATEFUL_MANIFESTS_TIMING)', () => {
  // Before: the scheduler wrote its long steps as `long step {...}`, which bench-editor read as
  // the step `long` with the details `step {...}`, and its JSON.parse threw: `npm run bench` failed.
  it('writes every line, a long step of the scheduler too, as <time> server <step> <JSON>', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-timing-')), 'timing.log');
    const before = process.env.STATEFUL_MANIFESTS_TIMING;
    process.env.STATEFUL_MANIFESTS_TIMING = log;
    let client: TestClient | undefined;
    try {
      client = new TestClient();
    } finally {
      if (before === undefined) delete process.env.STATEFUL_MANIFESTS_TIMING;
      else process.env.STATEFUL_MANIFESTS_TIMING = before;
    }
    try {
      await client.initialize();
      // One 8 MB name: its parse is one step of the scheduler, well over the 20 ms it logs.
      const uri = 'file:///timing/long.yaml';
      await client.open(uri, statefulSetYaml({ name: 'a'.repeat(8 * 1024 * 1024), serviceName: 'web', replicas: 1 }));
      await client.waitForDiagnostics(uri, () => true, 60_000);
    } finally {
      await client.shutdown();
    }
    const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const steps = lines.map((line) => {
      const m = LINE.exec(line);
      assert.ok(m, `not a timing line: ${line.slice(0, 200)}`);
      if (m[4] !== undefined) assert.doesNotThrow(() => JSON.parse(m[4]), `details that are not JSON: ${line.slice(0, 200)}`);
      return m[3];
    });
    assert.ok(steps.includes('long-step'), `no long step among ${[...new Set(steps)].join(', ')}`);
  });
});
