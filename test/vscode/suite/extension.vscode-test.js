// @ts-check
// Extension-host tests for Stateful Manifests, written against the public `vscode` API only.
// The same file runs in VS Code desktop (@vscode/test-electron) and in code-server (test/editor/exthost-codeserver.mjs).
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('../helpers');
const expectations = require('../../editor/expectations.json');

/** what VS Code saw for each example; the Neovim check compares its own client's view against it */
const observed = {};

describe('Stateful Manifests in a real VS Code', function () {
  before(async function () {
    const ext = vscode.extensions.getExtension(h.EXTENSION_ID);
    assert.ok(ext, `extension ${h.EXTENSION_ID} is not installed in this VS Code`);
    await ext.activate();
    assert.ok(ext.isActive, 'extension did not activate');
  });

  after(async function () {
    const out = process.env.SM_EDITOR_RESULTS;
    if (out) fs.writeFileSync(path.join(out, 'vscode-diagnostics.json'), JSON.stringify(observed, null, 2));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async function () {
    // undo in-memory edits so that one test's changes do not leak into the next
    // (only the test workspace's files: VS Code itself may hold other documents, e.g. settings.json)
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(d.uri))) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      if (doc.isDirty) throw new Error(`could not revert ${doc.uri.fsPath}`);
    }
  });

  it('examples/ holds exactly the files the expectations describe', function () {
    const root = h.workspaceRoot().fsPath;
    const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => /\.ya?ml$/.test(f)).map((f) => `examples/${f}`).sort();
    assert.deepStrictEqual(files, Object.keys(expectations.examples).sort());
  });

  describe('examples/, all open at once (as the CLI and the Neovim check see them)', function () {
    before(async function () {
      for (const file of Object.keys(expectations.examples)) await h.open(file);
    });
    for (const [file, expected] of Object.entries(expectations.examples)) {
      it(`${file}: ${expected.length ? expected.map((e) => e.code).join(', ') : 'no findings'} with the right ranges`, async function () {
        const doc = await h.open(file);
        const ds = await h.settledDiagnostics(doc);
        const got = ds.map((d) => h.summarize(doc, d));
        observed[file] = got;
        const key = (e) => `${e.code} (${e.severity}) line ${e.line} "${e.text}"`;
        assert.deepStrictEqual(got.map(key).sort(), expected.map(key).sort(), `findings of ${file}:\n${JSON.stringify(got, null, 1)}`);
      });
    }
  });

  for (const hv of expectations.hover) {
    it(`hover on serviceName in ${hv.file} shows the pod DNS names`, async function () {
      const doc = await h.open(hv.file);
      const lineText = doc.lineAt(hv.line - 1).text;
      const m = /serviceName:\s*["']?/.exec(lineText);
      assert.ok(m, `line ${hv.line} of ${hv.file} has no serviceName: "${lineText}"`);
      await h.settledDiagnostics(doc); // the server has the document
      const text = await h.hoverText(doc.uri, new vscode.Position(hv.line - 1, m.index + m[0].length + 1));
      for (const name of hv.contains) assert.ok(text.includes(name), `hover does not mention ${name}; hover was: ${JSON.stringify(text)}`);
    });
  }

  it('the sts-headless snippet inserts a StatefulSet + headless Service pair with no findings', async function () {
    // 1. get the contributed snippet the way the suggest widget does
    const scratch = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'sts-headless' });
    /** @type {vscode.CompletionList} */
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', scratch.uri, new vscode.Position(0, 12));
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'sts-headless');
    assert.ok(item, `no completion item "sts-headless" for yaml; got: ${list.items.slice(0, 30).map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    const body = item.insertText instanceof vscode.SnippetString ? item.insertText : new vscode.SnippetString(String(item.insertText));
    // 2. a file that has a finding first, so that "no findings" later can only come from analysing the snippet
    const rel = h.writeFixture('sm-test/snippet.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: sm-snippet-before\n  namespace: sm-test-snippet\nspec:\n  serviceName: sm-snippet-missing\n');
    const doc = await h.open(rel);
    await h.waitForDiagnostics(doc.uri, (ds) => ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found before the snippet');
    // 3. replace the whole file with the snippet, as the user would, and fill in its first placeholder
    const editor = await vscode.window.showTextDocument(doc);
    const clean = h.waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no findings after inserting the snippet');
    const ok = await editor.insertSnippet(body, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)));
    assert.ok(ok, 'snippet was not inserted');
    const text = doc.getText();
    assert.match(text, /kind:\s*StatefulSet/);
    assert.match(text, /kind:\s*Service\b/);
    assert.match(text, /clusterIP:\s*None/);
    await clean;
    assert.deepStrictEqual((await h.settledDiagnostics(doc)).map((d) => h.summarize(doc, d)), []);
  });

  it('a quick fix applies and removes its finding', async function () {
    // broken.yaml has findings of several rules; take the first one the server offers a quick fix for
    // (service-not-headless first: adding `clusterIP: None` is the obvious fix), apply it, and a finding
    // at that range must go. (vscode.executeCodeActionProvider does not return CodeAction.diagnostics,
    // so the fix is tied to the findings by the range it was asked for.)
    const file = Object.keys(expectations.examples).find((f) => expectations.examples[f].length > 0);
    const doc = await h.open(file);
    const before = await h.settledDiagnostics(doc);
    const order = (d) => (h.codeOf(d) === 'service-not-headless' ? 0 : 1);
    let chosen = null;
    const offered = [];
    for (const d of [...before].sort((a, b) => order(a) - order(b))) {
      /** @type {vscode.CodeAction[]} */
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value)) || [];
      offered.push(`${h.codeOf(d)}: ${JSON.stringify(actions.map((a) => a.title))}`);
      const fixes = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && (a.edit || a.command));
      const fix = fixes.find((a) => a.isPreferred) || fixes[0];
      if (fix) { chosen = { d, fix }; break; }
    }
    assert.ok(chosen, `no quick fix is offered for any finding of ${file}:\n${offered.join('\n')}`);
    const here = before.filter((x) => x.range.isEqual(chosen.d.range)).map(h.codeOf);
    const count = (ds, code) => ds.filter((x) => h.codeOf(x) === code).length;
    const fewer = (ds) => here.some((code) => count(ds, code) < count(before, code));
    const gone = h.waitForDiagnostics(doc.uri, fewer, `one of ${here.join(', ')} to go after "${chosen.fix.title}"`);
    if (chosen.fix.edit) assert.ok(await vscode.workspace.applyEdit(chosen.fix.edit), 'quick fix edit was not applied');
    if (chosen.fix.command) await vscode.commands.executeCommand(chosen.fix.command.command, ...(chosen.fix.command.arguments || []));
    assert.ok(doc.isDirty, 'the quick fix did not change the document');
    await gone;
    const after = await h.settledDiagnostics(doc);
    assert.ok(fewer(after), `after "${chosen.fix.title}" the findings are ${JSON.stringify(after.map((x) => h.summarize(doc, x)))}`);
    const rulesBefore = new Set(before.map(h.codeOf));
    // A finding folded into another before the fix (server/src/core/rules/followsFrom.ts) was there all along.
    if (rulesBefore.has('service-selector-mismatch')) rulesBefore.add('service-selects-nothing');
    if (rulesBefore.has('service-not-found')) rulesBefore.add('dns-name-unresolved');
    const newRules = after.map(h.codeOf).filter((c) => !rulesBefore.has(c));
    assert.deepStrictEqual(newRules, [], `"${chosen.fix.title}" brought findings of a rule that was not there before: ${JSON.stringify(after.map((x) => h.summarize(doc, x)))}`);
  });

  it('a Helm chart: a finding at the template line, hover with the values, definition of an include', async function () {
    // The service-not-found chart fixture (test/fixtures/rules/service-not-found/invalid-helm-chart), written into the workspace.
    const fixture = path.join(__dirname, '..', '..', 'fixtures', 'rules', 'service-not-found', 'invalid-helm-chart');
    const files = ['Chart.yaml', 'values.yaml', 'templates/_helpers.tpl', 'templates/svc-headless.yaml', 'templates/statefulset.yaml'];
    for (const f of files) h.writeFixture(`sm-chart/${f}`, fs.readFileSync(path.join(fixture, ...f.split('/')), 'utf8'));
    let sts;
    for (const f of files) sts = await h.open(`sm-chart/${f}`);
    const ds = await h.waitForDiagnostics(sts.uri, (all) => all.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found in the chart template');
    const finding = ds.find((d) => h.codeOf(d) === 'service-not-found');
    assert.deepStrictEqual([finding.range.start.line, finding.range.start.character, finding.range.end.character], [6, 15, 44]);
    assert.match(finding.message, /No Service named 'release-name-db' in namespace 'default'/);
    const replicas = sts.getText().split('\n').findIndex((l) => l.includes('replicas:'));
    const hover = await h.hoverText(sts.uri, new vscode.Position(replicas, 14));
    assert.match(hover, /\.Values\.replicaCount` = `3`, from values\.yaml line 1/, hover);
    /** @type {vscode.Location[]} */
    const defs = (await vscode.commands.executeCommand('vscode.executeDefinitionProvider', sts.uri, new vscode.Position(3, 20))) || [];
    assert.ok(defs.some((d) => (d.uri || d.targetUri).path.endsWith('sm-chart/templates/_helpers.tpl')), JSON.stringify(defs));
  });

  it("editing a Service in one file updates a StatefulSet's diagnostics in another", async function () {
    const svcRel = h.writeFixture('sm-test/xf-service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: xf-old\n  namespace: sm-test-xf\nspec:\n  clusterIP: None\n  selector:\n    app: xf\n  ports:\n    - port: 80\n');
    const stsRel = h.writeFixture('sm-test/xf-statefulset.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: xf\n  namespace: sm-test-xf\nspec:\n  serviceName: xf\n  replicas: 2\n  selector:\n    matchLabels:\n      app: xf\n  template:\n    metadata:\n      labels:\n        app: xf\n    spec:\n      containers:\n        - name: xf\n          image: nginx\n');
    const sts = await h.open(stsRel);
    const svc = await h.open(svcRel);
    await h.waitForDiagnostics(sts.uri, (ds) => ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found while the Service is called xf-old');
    const fixed = h.waitForDiagnostics(sts.uri, (ds) => !ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found to go after renaming the Service');
    await h.replaceText(svc, 'name: xf-old', 'name: xf'); // unsaved edit in the OTHER file
    await fixed;
    const broken = h.waitForDiagnostics(sts.uri, (ds) => ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found again after renaming the Service back');
    await h.replaceText(svc, 'name: xf', 'name: xf-renamed');
    await broken;
  });

  it('an inlay hint at the end of a Service selector line says what it selects and links to the StatefulSet', async function () {
    const ns = 'namespace: sm-test-hints';
    const stsRel = h.writeFixture('sm-test/hint-statefulset.yaml', `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: hinted\n  ${ns}\nspec:\n  serviceName: hinted\n  replicas: 2\n  selector:\n    matchLabels:\n      app: hinted\n  template:\n    metadata:\n      labels:\n        app: hinted\n    spec:\n      containers:\n        - name: app\n          image: nginx\n`);
    const svcRel = h.writeFixture('sm-test/hint-service.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: hinted\n  ${ns}\nspec:\n  clusterIP: None\n  selector:\n    app: hinted\n`);
    await h.open(stsRel);
    const svc = await h.open(svcRel);
    const selectorLine = 7;
    const range = new vscode.Range(0, 0, svc.lineCount, 0);
    const text = (hint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''));
    /** @type {vscode.InlayHint[]} */
    let hints = [];
    await h.until(async () => {
      hints = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', svc.uri, range);
      return hints.some((hint) => text(hint) === '2 pods: StatefulSet hinted');
    }, 'the inlay hint "2 pods: StatefulSet hinted" on the Service selector');
    const hint = hints.find((x) => text(x) === '2 pods: StatefulSet hinted');
    assert.strictEqual(hint.position.line, selectorLine);
    assert.strictEqual(hint.position.character, svc.lineAt(selectorLine).text.length, 'at the end of the selector line');
    const link = /** @type {vscode.InlayHintLabelPart[]} */ (hint.label).find((p) => p.value === 'StatefulSet hinted');
    assert.ok(link && link.location, 'the StatefulSet name is a link');
    assert.strictEqual(link.location.uri.toString(), vscode.Uri.joinPath(h.workspaceRoot(), ...stsRel.split('/')).toString());
    assert.strictEqual(link.location.range.start.line, 3);
  });

  it('an unsaved edit to an extensionless Kustomization file reaches the server', async function () {
    // kustomize also reads a kustomization named `Kustomization`; VS Code gives it no YAML
    // language, so only the client's selector by name sends its unsaved edits to the server.
    // Auto save is turned off meanwhile (code-server saves after a delay by default): a
    // saved edit would reach the server from disk, through its file watcher, anyway.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      h.writeFixture('sm-test/kz-service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kz\n  namespace: sm-test-kz\nspec:\n  clusterIP: None\n  selector:\n    app: kz\n  ports:\n    - port: 80\n');
      const stsRel = h.writeFixture('sm-test/kz/statefulset.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kz\nspec:\n  serviceName: kz\n  replicas: 2\n  selector:\n    matchLabels:\n      app: kz\n  template:\n    metadata:\n      labels:\n        app: kz\n    spec:\n      containers:\n        - name: kz\n          image: nginx\n');
      const kzRel = h.writeFixture('sm-test/kz/Kustomization', 'resources:\n  - statefulset.yaml\n');
      const sts = await h.open(stsRel);
      await h.waitForDiagnostics(sts.uri, (ds) => ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found while the StatefulSet is in the default namespace');
      // opened as the editor opens it: not through h.open, which would make it YAML
      const kz = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(h.workspaceRoot(), ...kzRel.split('/')));
      await vscode.window.showTextDocument(kz, { preview: false });
      assert.notStrictEqual(kz.languageId, 'yaml', 'the editor made Kustomization YAML by itself: this test would not test the selector');
      const found = h.waitForDiagnostics(sts.uri, (ds) => !ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found to go once the unsaved Kustomization sets namespace: sm-test-kz');
      await h.replaceText(kz, 'resources:', 'namespace: sm-test-kz\nresources:');
      await found;
      assert.ok(kz.isDirty && !fs.readFileSync(kz.uri.fsPath, 'utf8').includes('namespace:'), 'the edit was saved: the server may have read it from disk');
    } finally {
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });

  it('F2 on a Service renames it and the StatefulSet in another file, after the immutable-field preview', async function () {
    const svcRel = h.writeFixture('sm-test/rename/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: rn-svc\n  namespace: sm-test-rename\nspec:\n  clusterIP: None\n  selector:\n    app: rn\n  ports:\n    - name: http\n      port: 80\n');
    const stsRel = h.writeFixture('sm-test/rename/statefulset.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: rn\n  namespace: sm-test-rename\nspec:\n  serviceName: rn-svc\n  replicas: 2\n  selector:\n    matchLabels:\n      app: rn\n  template:\n    metadata:\n      labels:\n        app: rn\n    spec:\n      containers:\n        - name: rn\n          image: nginx\n          env:\n            - name: PEER\n              value: rn-1.rn-svc.sm-test-rename.svc.cluster.local\n');
    const sts = await h.open(stsRel);
    await h.settledDiagnostics(sts);
    const svc = await h.open(svcRel);
    await h.settledDiagnostics(svc);
    const position = svc.positionAt(svc.getText().indexOf('rn-svc') + 2);
    // What F2 asks: the range of the name, then the edit for the new name.
    const prepared = await vscode.commands.executeCommand('vscode.prepareRename', svc.uri, position);
    assert.equal(svc.getText(prepared.range), 'rn-svc');
    const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', svc.uri, position, 'rn-db');
    assert.ok(edit && edit.has(sts.uri), 'the rename edits the StatefulSet file');
    // The serviceName edit needs a confirmation: VS Code shows the refactor preview, as after F2; accept it.
    const applied = vscode.workspace.applyEdit(edit);
    let done = false;
    applied.then(() => { done = true; }, () => { done = true; });
    await h.until(async () => { if (!done) await vscode.commands.executeCommand('refactorPreview.apply').then(() => undefined, () => undefined); return done; }, 'the rename preview to be applied');
    assert.ok(await applied, 'the workspace edit was applied');
    assert.match(sts.getText(), /serviceName: rn-db\n/);
    assert.match(sts.getText(), /value: rn-1\.rn-db\.sm-test-rename\.svc\.cluster\.local/);
    assert.match(svc.getText(), /name: rn-db\n/);
  });

  it('reports YAML syntax errors by default when the YAML extension is not installed', async function () {
    assert.ok(!vscode.extensions.getExtension('redhat.vscode-yaml'), 'this check needs a VS Code without redhat.vscode-yaml');
    // A ConfigMap, not a Service: a Service whose name cannot be read (the unclosed flow) may be any
    // Service of its namespace, so it would silence service-not-found on the examples checked later.
    const rel = h.writeFixture('sm-test/syntax.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    const doc = await h.open(rel);
    await h.waitForDiagnostics(doc.uri, (ds) => ds.some((d) => h.codeOf(d) === 'yaml-syntax'), 'a yaml-syntax finding');
  });

  it('a rule link opens the rule page as a rendered preview, not as an editable file', async function () {
    const file = Object.keys(expectations.examples).find((f) => expectations.examples[f].length > 0);
    const doc = await h.open(file);
    const [finding] = await h.settledDiagnostics(doc);
    const target = finding.code.target;
    assert.equal(target.scheme, 'stateful-manifests-rule', `link: ${target}`);
    await vscode.commands.executeCommand('vscode.open', target);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const isPreview = (t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType);
    const isRaw = (t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'stateful-manifests-rule';
    await h.until(() => tabs().some(isPreview) && !tabs().some(isRaw), 'the preview open and the raw page closed');
    assert.ok(tabs().some((t) => isPreview(t) && t.label.includes(h.codeOf(finding))), JSON.stringify(tabs().map((t) => t.label)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the restart command starts a new server that keeps analysing', async function () {
    const rel = h.writeFixture('sm-test/restart.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: rs\n  namespace: sm-test-restart\nspec:\n  serviceName: rs-missing-1\n');
    const doc = await h.open(rel);
    await h.waitForDiagnostics(doc.uri, (ds) => ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found');
    const before = h.serverPids();
    assert.strictEqual(before.length, 1, `expected one server process under the extension host, found ${JSON.stringify(before)}`);
    await vscode.commands.executeCommand('statefulManifests.restartServer');
    const after = await h.until(() => { const p = h.serverPids(); return p.length === 1 && p[0] !== before[0] && p; }, 'a new server process');
    assert.notStrictEqual(after[0], before[0]);
    const seen = h.waitForDiagnostics(doc.uri, (ds) => ds.some((d) => doc.getText(d.range) === 'rs-missing-2'), 'a finding from the restarted server');
    await h.replaceText(doc, 'rs-missing-1', 'rs-missing-2');
    await seen;
  });

  it('the server comes back after its process is killed', async function () {
    const rel = h.writeFixture('sm-test/killed.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kl\n  namespace: sm-test-kill\nspec:\n  serviceName: kl-missing-1\n');
    const doc = await h.open(rel);
    await h.waitForDiagnostics(doc.uri, (ds) => ds.some((d) => h.codeOf(d) === 'service-not-found'), 'service-not-found');
    const [pid, ...more] = h.serverPids();
    assert.ok(pid && more.length === 0, 'expected exactly one server process');
    process.kill(pid, 'SIGKILL');
    await h.until(() => { const p = h.serverPids(); return p.length === 1 && p[0] !== pid; }, 'the client to start a new server after the kill');
    const seen = h.waitForDiagnostics(doc.uri, (ds) => ds.some((d) => doc.getText(d.range) === 'kl-missing-2'), 'a finding from the new server');
    await h.replaceText(doc, 'kl-missing-1', 'kl-missing-2');
    await seen;
  });
});
