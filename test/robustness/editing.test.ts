import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyzeFile, LineIndex, Workspace, type Finding } from '../../server/src/core';
import { TestClient } from '../support/lspClient';
import { service, statefulSet } from './manifests';

/**
 * The whole incremental pipeline through the real server: random incremental edits
 * (typing, deleting, new lines, new `---` markers, pasted blocks), sent as fast as an
 * editor would, some before the previous one was analysed. Whatever the server reused,
 * moved, abandoned or parsed in steps on the way, what it publishes in the end is what
 * a fresh analysis of the final text finds.
 */
const SERVICE = (i: number, clusterIP: string) => service(`db-${i}`, clusterIP);
const STATEFULSET = (i: number, serviceName: string) => statefulSet(`db-${i}`, serviceName, `db-${i}`);

/** 120 documents, a few with mistakes, so edits can add and remove findings. */
function initialText(): string {
  const docs: string[] = [];
  for (let i = 0; i < 60; i++) docs.push(SERVICE(i, i % 9 === 4 ? '10.0.0.9' : 'None'), STATEFULSET(i, i % 7 === 3 ? `db-${i}-typo` : `db-${i}`));
  return docs.join('---\n');
}

/** An edit: where (fractions of the text, so they fit any length) and what is typed. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 400 })),
  text: fc.oneof(
    fc.constantFrom('', 'x', '-', ' ', '\n', '---\n', '\n---\n', ': ', '  ', 'None', 'db-1', '# c\n'),
    fc.constantFrom(SERVICE(70, 'None'), STATEFULSET(70, 'db-70'), STATEFULSET(71, 'nope'), `---\n${SERVICE(1, '1.2.3.4')}`),
    fc.string({ maxLength: 6 }),
  ),
  /** Wait for the server to catch up before the next edit (else it is sent at once). */
  settle: fc.boolean(),
});

function summary(findings: { code: string; range: unknown; message: string }[]): string[] {
  return findings.map((f) => JSON.stringify([f.code, f.range, f.message])).sort();
}
const fromDiagnostics = (ds: Diagnostic[]) => summary(ds.map((d) => ({ code: String(d.code), range: d.range, message: typeof d.message === 'string' ? d.message : d.message.value })));
const fromFindings = (fs: Finding[]) => summary(fs.map((f) => ({ code: f.ruleId, range: f.range, message: f.message })));

describe('incremental editing through the server', () => {
  let client: TestClient;
  let runs = 0;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  /** The diagnostics the server publishes for this version of the document. */
  const publishedFor = (uri: string, version: number | undefined) =>
    client.waitForDiagnostics(uri, () => client.publishedVersion(uri) === version, 60_000);

  it('publishes, after random edits, what a fresh analysis of the final text finds', async () => {
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 12 }), async (edits) => {
      const uri = `file:///robustness/editing-${runs++}.yaml`;
      let text = initialText();
      await client.open(uri, text);
      for (const e of edits) {
        const lines = new LineIndex(text);
        const start = Math.floor(e.at * text.length);
        const end = Math.min(text.length, start + e.length);
        await client.edit(uri, { start: lines.positionAt(start), end: lines.positionAt(end) }, e.text);
        text = text.slice(0, start) + e.text + text.slice(end);
        if (e.settle) await publishedFor(uri, client.sentVersion(uri));
      }
      const workspace = new Workspace();
      workspace.setOpen(uri, text);
      const expected = fromFindings(analyzeFile(workspace, uri));
      try {
        const published = await publishedFor(uri, client.sentVersion(uri));
        assert.deepEqual(fromDiagnostics(published), expected, 'published diagnostics = fresh analysis');
      } finally {
        await client.close(uri);
      }
    }), { numRuns: 25 });
  });
});
