import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Location, TextEdit } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lspClient';
import { MAX_OUTLINE_OBJECTS } from '../../server/src/core';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/** Completion, quick fixes, references and the outline over the real server (dist/server.js). */

const SERVICES = `${serviceYaml({ name: 'web', clusterIP: 'None' })}---\n${serviceYaml({ name: 'web-lb', ports: [{ port: 80 }] })}`;

const STATEFULSET = (serviceName: string) => statefulSetYaml({ serviceName, containerPorts: [{ name: 'http', port: 80 }] });

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('authoring features over the protocol', () => {
  let client: TestClient;
  const services = 'file:///authoring/services.yaml';
  const sts = 'file:///authoring/sts.yaml';

  before(async () => {
    client = new TestClient();
    const init = await client.initialize() as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.completionProvider && init.capabilities.codeActionProvider && init.capabilities.referencesProvider && init.capabilities.documentSymbolProvider);
    await client.open(services, SERVICES);
  });
  after(() => client.shutdown());

  it('completes serviceName on a half-typed document, headless Service first', async () => {
    // Typed so far: the value is empty and the document ends mid-way.
    const text = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: \n  selector:\n    matchLabels: {\n';
    await client.open(sts, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: sts }, position: { line: 5, character: 15 } });
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(sorted.map((i) => i.label), ['web', 'web-lb']);
    assert.match(sorted[1].detail ?? '', /not headless/);
    assert.deepEqual((sorted[0].textEdit as TextEdit).range, { start: { line: 5, character: 15 }, end: { line: 5, character: 15 } });
  });

  it('offers the snippets where a new document starts, and not inside a value', async () => {
    const file = 'file:///authoring/snippets.yaml';
    await client.open(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: sts\n---\nsts\n');
    const atTop = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: file }, position: { line: 7, character: 3 } });
    assert.deepEqual(atTop.map((i) => i.label).sort(), ['statefulset', 'sts-dual-services', 'sts-headless', 'svc-headless']);
    const headless = atTop.find((i) => i.label === 'sts-headless')!;
    assert.equal(headless.insertTextFormat, 2, 'snippet syntax');
    assert.deepEqual((headless.textEdit as TextEdit).range, { start: { line: 7, character: 0 }, end: { line: 7, character: 3 } });
    assert.match((headless.textEdit as TextEdit).newText, /^apiVersion: v1\nkind: Service\n/);
    const inValue = await client.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri: file }, position: { line: 5, character: 8 } });
    assert.deepEqual(inValue ?? [], []);
    await client.close(file);
  });

  it('completes on the text after an incremental edit, from pod labels in other files', async () => {
    await client.open('file:///authoring/cache.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n  template:\n    metadata:\n      labels:\n        app: cache\n');
    await client.change(sts, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      \n');
    await client.edit(sts, { start: { line: 7, character: 6 }, end: { line: 7, character: 6 } }, 'a');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: sts }, position: { line: 7, character: 7 } });
    assert.deepEqual(items.map((i) => [i.label, (i.textEdit as TextEdit).newText]), [['app', 'app: cache']]);
  });

  it('offers the quick fix for service-not-headless and the edit clears the finding', async () => {
    const text = STATEFULSET('web-lb');
    await client.change(sts, text);
    const diagnostics = await client.waitForDiagnostics(sts, (ds) => ds.some((d) => d.code === 'service-not-headless'));
    const diagnostic = diagnostics.find((d) => d.code === 'service-not-headless') as Diagnostic;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: sts }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), [
      "Make Service 'web-lb' headless (clusterIP is immutable: delete and re-create it)",
      "Create headless Service 'web-lb-headless' and use it (serviceName is immutable: new StatefulSets only)",
      'Ignore service-not-headless for this line',
    ]);
    assert.deepEqual(actions.map((a) => [a.kind, a.isPreferred]), [['quickfix', true], ['quickfix', undefined], ['quickfix', undefined]]);
    const fixed = apply(text, actions[1].edit?.changes?.[sts] ?? []);
    assert.match(fixed, /serviceName: web-lb-headless\n/);
    await client.change(sts, fixed);
    await client.waitForDiagnostics(sts, (ds) => ds.length === 0);
  });

  it('ignores diagnostics of other sources and rules without a fix', async () => {
    const foreign = { range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } }, message: 'x', code: 'service-not-found', source: 'yaml' };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: sts }, range: foreign.range, context: { diagnostics: [foreign] } });
    assert.deepEqual(actions, []);
  });

  it('finds the StatefulSets a Service governs', async () => {
    await client.change(sts, STATEFULSET('web'));
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: services }, position: { line: 3, character: 8 }, context: { includeDeclaration: false },
    });
    assert.deepEqual(refs, [{ uri: sts, range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } } }]);
  });

  it('gives a hierarchical outline', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: services } });
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['web', 'Service'], ['web-lb', 'Service']]);
    assert.deepEqual(symbols[0].children?.map((c) => c.name), ['http']);
  });

  it('says once in the Output channel how many objects a long file leaves out of its outline', async () => {
    const long = 'file:///authoring/long.yaml';
    await client.open(long, Array.from({ length: MAX_OUTLINE_OBJECTS + 2 }, (_, i) => serviceYaml({ name: `s-${i}`, clusterIP: 'None', selector: { app: `s-${i}` } })).join('---\n'));
    for (let i = 0; i < 2; i++) {
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: long } });
      assert.equal(symbols.length, MAX_OUTLINE_OBJECTS);
    }
    const said = client.logs.filter((line) => line.startsWith('The outline lists'));
    assert.deepEqual(said, [`The outline lists the first ${MAX_OUTLINE_OBJECTS.toLocaleString('en')} objects of ${long}; 2 more are left out (docs/limits.md).`]);
  });

  it('answers requests on junk without failing', async () => {
    const junk = 'file:///authoring/junk.yaml';
    await client.open(junk, '\u0000: [\n  - {{ x }\n---\n:::\n  serviceName: ');
    for (const position of [{ line: 0, character: 0 }, { line: 4, character: 15 }, { line: 99, character: 99 }]) {
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: junk }, position }), []);
      assert.deepEqual(await client.request('textDocument/references', { textDocument: { uri: junk }, position, context: { includeDeclaration: true } }), []);
    }
    assert.ok(Array.isArray(await client.request('textDocument/documentSymbol', { textDocument: { uri: junk } })));
  });
});
