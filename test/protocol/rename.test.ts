import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../support/edits';
import { TestClient } from '../support/lspClient';
import { HEADLESS, positionOf, WEB } from '../support/workspace';

const SVC = 'file:///ws/rename/svc.yaml';
const STS = 'file:///ws/rename/sts.yaml';
/** The StatefulSet as the editor has it, not saved: a peer name added. */
const WEB_EDITED = WEB.replace('            - name: PEER', '            - name: FIRST\n              value: web-0.nginx\n            - name: PEER');

describe('rename over the protocol, with documentChanges and change annotations', () => {
  let client: TestClient;
  let init: { capabilities: { renameProvider?: unknown } };
  before(async () => {
    client = new TestClient();
    init = (await client.initialize({
      workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } },
      rename: { prepareSupport: true },
    })) as typeof init;
    await client.open(SVC, HEADLESS);
    await client.open(STS, WEB);
    await client.change(STS, WEB_EDITED);
  });
  after(() => client.shutdown());

  const at = (text: string, needle: string, delta: number) => positionOf(text, needle, delta);

  it('announces prepareRename', () => {
    assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
  });

  it('prepareRename answers the exact range of the Service name', async () => {
    const prepared = await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: SVC }, position: at(HEADLESS, 'name: nginx', 8) });
    assert.deepEqual(prepared, { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } }, placeholder: 'nginx' });
  });

  it('prepareRename says nothing where there is nothing to rename', async () => {
    assert.equal(await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: SVC }, position: at(HEADLESS, 'clusterIP', 2) }), null);
  });

  it('rename edits both open files at their versions, the serviceName annotated (applied, not left unchecked)', async () => {
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: SVC }, position: at(HEADLESS, 'name: nginx', 8), newName: 'db' });
    const changes = edit.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]).sort(), [[STS, 2], [SVC, 1]]);
    const forUri = (uri: string) => changes.find((c) => c.textDocument.uri === uri)!.edits as (TextEdit & { annotationId?: string })[];
    assert.equal(applyEdits(HEADLESS, forUri(SVC)), HEADLESS.replace('name: nginx', 'name: db'));
    assert.equal(applyEdits(WEB_EDITED, forUri(STS)), WEB_EDITED.replace('serviceName: nginx', 'serviceName: db')
      .replace('value: web-0.nginx', 'value: web-0.db').replace('$(POD_NAME).nginx.', '$(POD_NAME).db.'));
    const serviceName = forUri(STS).find((e) => e.range.start.line === at(WEB_EDITED, 'serviceName', 0).line)!;
    assert.equal(serviceName.annotationId, 'immutable-statefulset-field');
    const annotation = edit.changeAnnotations?.['immutable-statefulset-field'];
    // needsConfirmation would leave the edit unchecked in VS Code's preview: Apply would break the link.
    assert.equal(annotation?.needsConfirmation, false);
    for (let i = 0; i < 100 && !client.logs.some((l) => l.startsWith('showMessage: Renamed.')); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(client.logs.some((l) => /^showMessage: Renamed\. The API server rejects updating spec\.serviceName/.test(l)), client.logs.join('\n'));
    assert.match(annotation?.description ?? '', /rejects updating spec\.serviceName/);
  });

  it('prepareRename refuses with an error the editor shows where rename cannot follow the name', async () => {
    const uri = 'file:///ws/rename/templated.yaml';
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: tpl\n  labels:\n    release: {{ .Release.Name }}\nspec:\n  clusterIP: None\n';
    await client.open(uri, text);
    await assert.rejects(
      client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: at(text, 'name: tpl', 7) }),
      (e: Error) => /^Service tpl is in a Helm chart template \(templated\.yaml line 1\)\./.test(e.message),
    );
  });

  it('rename to an invalid Service name is an error saying why', async () => {
    await assert.rejects(
      client.connection.sendRequest('textDocument/rename', { textDocument: { uri: STS }, position: at(WEB_EDITED, 'serviceName: nginx', 14), newName: 'Nginx_1' }),
      (e: Error) => /Service name 'Nginx_1' is not a valid DNS-1035 label/.test(e.message),
    );
  });
});

describe('rename over the protocol, for a client with plain changes', () => {
  let client: TestClient;
  let init: { capabilities: { renameProvider?: unknown } };
  before(async () => {
    client = new TestClient();
    init = (await client.initialize()) as typeof init;
    await client.open(SVC, HEADLESS);
    await client.open(STS, WEB);
  });
  after(() => client.shutdown());

  it('answers `changes`, and says in a message what the editor cannot ask', async () => {
    assert.equal(init.capabilities.renameProvider, true);
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: STS }, position: positionOf(WEB, 'serviceName: nginx', 14), newName: 'db' });
    assert.equal(edit.documentChanges, undefined);
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [STS, SVC]);
    assert.equal(applyEdits(HEADLESS, edit.changes![SVC]), HEADLESS.replace('name: nginx', 'name: db'));
    for (let i = 0; i < 100 && !client.logs.some((l) => l.startsWith('showMessage: Renamed.')); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(client.logs.some((l) => /^showMessage: Renamed\. The API server rejects updating spec\.serviceName/.test(l)), client.logs.join('\n'));
  });
});
