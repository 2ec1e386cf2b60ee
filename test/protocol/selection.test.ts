import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentHighlight, InlayHint, InlayHintLabelPart, Location } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lspClient';
import { HEADLESS, positionOf, WEB } from '../support/workspace';

const SVC = 'file:///ws/selection/svc.yaml';
const STS = 'file:///ws/selection/sts.yaml';
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

const labelText = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''));

describe('what selects what over the protocol: inlay hints, highlights, label references', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    const init = (await client.initialize({ inlayHintRefresh: true })) as { capabilities: { inlayHintProvider?: unknown; documentHighlightProvider?: boolean; referencesProvider?: boolean } };
    assert.deepEqual(init.capabilities.inlayHintProvider, { resolveProvider: false });
    assert.equal(init.capabilities.documentHighlightProvider, true);
    assert.equal(init.capabilities.referencesProvider, true);
    await client.open(SVC, HEADLESS);
    await client.open(STS, WEB);
    await client.waitForDiagnostics(STS);
  });
  after(() => client.shutdown());

  const hints = (uri: string, range = WHOLE) => client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range });

  /** Asked again until `accept` holds (settings arrive asynchronously), at most ~5 s. */
  async function hintsUntil(uri: string, accept: (h: InlayHint[]) => boolean): Promise<InlayHint[]> {
    let result: InlayHint[] = [];
    for (let i = 0; i < 250; i++) {
      result = (await hints(uri)) ?? [];
      if (accept(result)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return result;
  }

  it('a Service selector gets "3 pods: StatefulSet web" at the end of its line, the name linking to the StatefulSet', async () => {
    const result = (await hints(SVC)) ?? [];
    assert.deepEqual(result.map(labelText), ['3 pods: StatefulSet web']);
    const [hint] = result;
    assert.deepEqual(hint.position, { line: 6, character: '  selector:'.length });
    assert.equal(hint.paddingLeft, true);
    const part = (hint.label as InlayHintLabelPart[]).find((p) => p.value === 'StatefulSet web')!;
    assert.deepEqual(part.location, { uri: STS, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } });
    assert.match(String(hint.tooltip), /replicas 3/);
  });

  it('the pod template labels say what selects them; only hints in the range asked for are computed', async () => {
    assert.deepEqual(((await hints(STS)) ?? []).map((h) => [h.position.line, labelText(h)]), [[7, '3 pods: StatefulSet web'], [13, 'selected by Service nginx']]);
    const range = { start: { line: 12, character: 0 }, end: { line: 14, character: 0 } };
    assert.deepEqual(((await hints(STS, range)) ?? []).map((h) => h.position.line), [13]);
  });

  it('an edit in another file changes the hint: replicas 1 makes it "1 pod"', async () => {
    await client.change(STS, WEB.replace('replicas: 3', 'replicas: 1'));
    assert.deepEqual((await hintsUntil(SVC, (h) => h.map(labelText).includes('1 pod: StatefulSet web'))).map(labelText), ['1 pod: StatefulSet web']);
    await client.change(STS, WEB);
  });

  it('statefulManifests.inlayHints.enabled: false turns them off, and the server asks the editor to refresh', async () => {
    const refreshes = client.inlayHintRefreshes;
    client.settings = { inlayHints: { enabled: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await hintsUntil(SVC, (h) => h.length === 0), []);
    for (let i = 0; i < 100 && client.inlayHintRefreshes === refreshes; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(client.inlayHintRefreshes > refreshes, 'a refresh request after the setting changed');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await hintsUntil(SVC, (h) => h.length === 1)).length, 1);
  });

  it('document highlights: on a label, the selector entry of the file reads it (Read) and the label is written (Write)', async () => {
    const result = await client.request<DocumentHighlight[] | null>('textDocument/documentHighlight', { textDocument: { uri: STS }, position: positionOf(WEB, '        app: web', 9) });
    assert.deepEqual(result, [
      { range: { start: { line: 13, character: 8 }, end: { line: 13, character: 16 } }, kind: 3 },
      { range: { start: { line: 9, character: 6 }, end: { line: 9, character: 14 } }, kind: 2 },
    ]);
  });

  it('find references on a label: the selector entries that select it, in every file', async () => {
    const result = await client.request<Location[] | null>('textDocument/references', { textDocument: { uri: STS }, position: positionOf(WEB, '        app: web', 13), context: { includeDeclaration: false } });
    assert.deepEqual(result?.map((l) => [l.uri, l.range.start.line]), [[STS, 9], [SVC, 7]]);
  });
});
