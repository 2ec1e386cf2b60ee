// @ts-check
// Small helpers for the extension-host tests: event-driven waits (no fixed sleeps), diagnostics of
// this extension only, a "probe" that proves the server has analysed a document's current text, and
// finding the language-server process.
'use strict';
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const SOURCE = 'stateful-manifests';
const EXTENSION_ID = 'stateful-manifests.stateful-manifests';
const WAIT_MS = Number(process.env.SM_WAIT_MS || 30000);

/** @param {vscode.Diagnostic} d */
function codeOf(d) {
  const c = d.code;
  return c && typeof c === 'object' ? String(c.value) : c === undefined ? undefined : String(c);
}

/** Diagnostics published by this extension for a document. @param {vscode.Uri} uri */
function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** A comparable summary of one diagnostic: rule, 1-based line, exact text of its range. */
function summarize(doc, d) {
  return { code: codeOf(d), line: d.range.start.line + 1, text: doc.getText(d.range), severity: vscode.DiagnosticSeverity[d.severity].toLowerCase(), message: d.message };
}

/**
 * Resolves with our diagnostics for `uri` as soon as `predicate` holds - checked now and again on every
 * onDidChangeDiagnostics event for that uri. Rejects (with what was there) after WAIT_MS.
 * Callers subscribe BEFORE making the change whose effect they wait for, and use a predicate the old state does not meet.
 * @param {vscode.Uri} uri @param {(ds: vscode.Diagnostic[]) => boolean} predicate @param {string} what
 * @returns {Promise<vscode.Diagnostic[]>}
 */
function waitForDiagnostics(uri, predicate, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = () => {
      const ds = ours(uri);
      if (predicate(ds)) { cleanup(); resolve(ds); return true; }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === key)) check(); });
    const timer = setTimeout(() => {
      cleanup();
      const now = ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; diagnostics now: ${JSON.stringify(now)}`));
    }, timeoutMs);
    function cleanup() { clearTimeout(timer); sub.dispose(); }
    check();
  });
}

let probeCount = 0;
/**
 * Our diagnostics for the document's CURRENT text, once the server has certainly analysed it:
 * appends a StatefulSet whose Service does not exist, waits for its service-not-found finding, removes it
 * again and waits for that finding to go. The publish after the removal is for exactly the current text,
 * so an empty result really means "no findings" rather than "not analysed yet".
 * @param {vscode.TextDocument} doc
 */
async function settledDiagnostics(doc) {
  const n = `${process.pid}-${++probeCount}`;
  const missing = `sm-probe-missing-${n}`;
  const text = doc.getText();
  const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  const probe = `${sep}---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: sm-probe-${n}\n  namespace: sm-probe\nspec:\n  serviceName: ${missing}\n  replicas: 1\n  selector:\n    matchLabels:\n      app: sm-probe\n  template:\n    metadata:\n      labels:\n        app: sm-probe\n    spec:\n      containers:\n        - name: c\n          image: busybox\n`;
  const end = doc.positionAt(text.length);
  const appeared = waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'service-not-found' && doc.getText(d.range).includes(missing)), `the probe's service-not-found finding (${missing})`);
  await applyEdits(doc.uri, [vscode.TextEdit.insert(end, probe)]);
  await appeared;
  const gone = waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => d.range.start.line > end.line), 'the probe finding to disappear after removing the probe');
  await applyEdits(doc.uri, [vscode.TextEdit.delete(new vscode.Range(end, doc.positionAt(doc.getText().length)))]);
  if (doc.getText() !== text) throw new Error('probe removal did not restore the document text');
  return gone;
}

/** @param {vscode.Uri} uri @param {vscode.TextEdit[]} edits */
async function applyEdits(uri, edits) {
  const we = new vscode.WorkspaceEdit();
  we.set(uri, edits);
  if (!(await vscode.workspace.applyEdit(we))) throw new Error(`workspace edit on ${uri} was not applied`);
}

/** Replaces the first occurrence of `from` in the document with `to`. @param {vscode.TextDocument} doc */
async function replaceText(doc, from, to) {
  const i = doc.getText().indexOf(from);
  if (i < 0) throw new Error(`"${from}" not found in ${doc.uri.fsPath}`);
  await applyEdits(doc.uri, [vscode.TextEdit.replace(new vscode.Range(doc.positionAt(i), doc.positionAt(i + from.length)), to)]);
}

/** Opens a file of the workspace (path relative to the first folder) in an editor. */
async function open(rel) {
  const uri = vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  return doc;
}

function workspaceRoot() {
  const f = vscode.workspace.workspaceFolders;
  if (!f || !f.length) throw new Error('no workspace folder is open: the runner must open the test workspace');
  return f[0].uri;
}

/** Writes a fixture file into the workspace (on disk) and returns its workspace-relative path. */
function writeFixture(rel, text) {
  const file = path.join(workspaceRoot().fsPath, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return rel;
}

/** Hover text at a position, all contents joined. @param {vscode.Uri} uri @param {vscode.Position} pos */
async function hoverText(uri, pos) {
  /** @type {vscode.Hover[]} */
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos)) || [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** PIDs of processes under this extension host whose command line runs our server (Linux /proc). */
function serverPids() {
  const children = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(e));
    } catch { /* process ended */ }
  }
  const found = [];
  const walk = (pid) => {
    for (const c of children.get(pid) || []) {
      let cmd = '';
      try { cmd = fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0').join(' '); } catch { /* gone */ }
      if (/server\.js\b/.test(cmd)) found.push(c);
      walk(c);
    }
  };
  walk(process.pid);
  return found;
}

/** Polls `fn` every 100 ms until it returns a truthy value (for things that raise no event, like a new process). */
async function until(fn, what, timeoutMs = WAIT_MS) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

module.exports = { SOURCE, EXTENSION_ID, codeOf, ours, summarize, waitForDiagnostics, settledDiagnostics, applyEdits, replaceText, open, workspaceRoot, writeFixture, hoverText, serverPids, until };
