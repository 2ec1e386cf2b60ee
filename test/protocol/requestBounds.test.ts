import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * The bounds the protocol adapter puts on answers about a big document (issue 16): at
 * most 1,000 completions (lsp/features/completion.ts), the fixes of at most 100
 * diagnostics per code action request (lsp/features/codeActions.ts). Counted, not timed.
 */
describe('answers about a big document over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.shutdown());

  // Before: all 1,100 Services, every keystroke.
  it('completion lists at most 1,000 items, incomplete, narrowed by what is typed', async () => {
    const uri = 'file:///big/completion.yaml';
    const services = Array.from({ length: 1_100 }, (_, i) => serviceYaml({ name: `svc-${i}`, clusterIP: 'None', selector: { app: 'web' } }));
    const sts = statefulSetYaml({ name: 'web', serviceName: 'svc-109', replicas: 1 });
    const text = `${services.join('---\n')}---\n${sts}`;
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    const lines = text.split('\n');
    const line = lines.indexOf('  serviceName: svc-109');
    const all = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: 15 } });
    assert.equal(all.isIncomplete, true);
    assert.equal(all.items.length, 1_000);
    // Typed "svc-109": only the names with those letters in order, all of them.
    const typed = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 22 } });
    const items = Array.isArray(typed) ? typed : typed.items;
    assert.ok(items.length < 1_000, `${items.length} items`);
    assert.ok(items.some((item) => item.label === 'svc-1099'));
    await client.close(uri);
  });

  // Before: the fixes of all 150 findings, 300 actions.
  it('code actions fix at most the first 100 diagnostics of a request', async () => {
    const uri = 'file:///big/actions.yaml';
    const text = Array.from({ length: 150 }, (_, i) => statefulSetYaml({ name: `db-${i}`, serviceName: `missing-${i}`, replicas: 1 })).join('---\n');
    await client.open(uri, text);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length === 150, 60_000);
    const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics } });
    const fixed = new Set(actions.map((a) => a.diagnostics?.[0]?.range.start.line));
    assert.equal(fixed.size, 100);
    assert.ok(fixed.has(diagnostics[99].range.start.line) && !fixed.has(diagnostics[100].range.start.line));
    await client.close(uri);
  });
});
