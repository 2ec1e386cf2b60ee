import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { pair, statefulSet } from './manifests';

/**
 * 5,000 incremental edits in one burst, then a hover: the texts are coalesced (no slice
 * of parsing for a text the next message abandons), the hover is answered, and the
 * diagnostics published last are those of the last text. The time the hover waited is
 * printed (before the fix: 7.2 s in the issue), not asserted.
 */
const EDITS = 5_000;
const LONG = 120_000;

describe('a burst of incremental edits', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('coalesces the texts, answers the request behind them, and ends on the last text', async () => {
    const uri = 'file:///burst/edits.yaml';
    const text = `# edited below\n${pair('db')}---\n${statefulSet('web', 'db')}`;
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (d) => d.length === 0, LONG);
    const stats = () => client.request<{ slices: number; coalesced: number }>('statefulManifests/test/schedulerStats', null);
    const before = await stats();

    // Each edit types one character at the end of the comment; the last one breaks the
    // serviceName so the final text has a finding the first did not.
    const sends: Promise<void>[] = [];
    for (let i = 0; i < EDITS; i++) {
      const character = '# edited below'.length + i;
      sends.push(client.edit(uri, { start: { line: 0, character }, end: { line: 0, character } }, 'x'));
    }
    const serviceNameLine = text.split('\n').lastIndexOf('  serviceName: db');
    sends.push(client.edit(uri, { start: { line: serviceNameLine, character: 15 }, end: { line: serviceNameLine, character: 17 } }, 'nope'));
    const sent = performance.now();
    const hover = client.request('textDocument/hover', { textDocument: { uri }, position: { line: serviceNameLine, character: 16 } });
    await Promise.all(sends);
    await hover;
    const waited = performance.now() - sent;

    const diagnostics = await client.waitForDiagnostics(uri, () => client.publishedVersion(uri) === client.sentVersion(uri), LONG);
    assert.deepEqual(codes(diagnostics), ['service-not-found']);
    const after = await stats();
    const slices = after.slices - before.slices;
    console.log(`${EDITS} edits then a hover: the hover answered ${waited.toFixed(0)} ms after it was sent; ${slices} scheduler slices ran, ${after.coalesced - before.coalesced} turns coalesced`);
    // Without coalescing, every edit's turn runs a slice of parsing (about 5,000 slices).
    assert.ok(slices < EDITS / 10, `${slices} slices for ${EDITS} edits: the texts were not coalesced`);
  });
});
