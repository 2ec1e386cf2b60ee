import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, quickFixes, Workspace } from '../../server/src/core';
import { isScalarText } from '../../server/src/core/suppressions';
import { yamlTokens, type Token } from '../../server/src/core/yamlTokens';
import { applyEdits } from '../support/edits';
import { ROOT } from '../support/paths';
import { HEADLESS, positionOf, WEB } from '../support/workspace';

const URI = 'file:///ws/f.yaml';

/** Applies "Ignore <rule> for this line" to the first finding of `ruleId`; returns the new text and its findings. */
function ignore(text: string, ruleId: string): { text: string; rules: string[] } | undefined {
  const workspace = new Workspace();
  workspace.setOpen(URI, text);
  const finding = analyzeFile(workspace, URI).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} is reported before the fix`);
  const fix = quickFixes(workspace, URI, finding).find((f) => f.title === `Ignore ${ruleId} for this line`);
  if (!fix) return undefined;
  const after = applyEdits(text, fix.changes[URI]);
  const fixed = new Workspace();
  fixed.setOpen(URI, after);
  return { text: after, rules: analyzeFile(fixed, URI).map((f) => f.ruleId) };
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  clusterIP: None\n  selector:\n    app: x\n';

describe('quick fix: Ignore <rule> for this line', () => {
  it('writes the comment above the line, at its indentation; the finding is gone and nothing else appears', () => {
    const result = ignore(SERVICE, 'invalid-name');
    assert.equal(result?.text, SERVICE.replace('  name: Bad_Name', '  # stateful-manifests-disable-next-line invalid-name\n  name: Bad_Name'));
    assert.deepEqual(result?.rules, []);
  });

  it('keeps CR LF line endings', () => {
    const crlf = SERVICE.replace(/\n/g, '\r\n');
    assert.equal(ignore(crlf, 'invalid-name')?.text, crlf.replace('  name: Bad_Name', '  # stateful-manifests-disable-next-line invalid-name\r\n  name: Bad_Name'));
  });

  it('adds the id to a disable-next-line comment already above, before its reason', () => {
    const text = SERVICE.replace('  name: Bad_Name', '  # stateful-manifests-disable-next-line service-not-headless -- kept for now\n  name: Bad_Name');
    const result = ignore(text, 'invalid-name');
    assert.equal(result?.text, text.replace('service-not-headless -- kept', 'service-not-headless, invalid-name -- kept'));
    // service-not-headless suppresses nothing there: the fix does not hide that.
    assert.deepEqual(result?.rules, ['unused-suppression']);
  });

  it('inside a kind: List item, at the item\'s indentation', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: Bad_Name\n';
    const result = ignore(text, 'invalid-name');
    assert.equal(result?.text, text.replace('      name: Bad_Name', '      # stateful-manifests-disable-next-line invalid-name\n      name: Bad_Name'));
    assert.deepEqual(result?.rules, []);
  });

  it('on a block scalar, above its key line (the finding starts at the "|"); never inside the scalar\'s text', () => {
    const text = `${HEADLESS}---\n${WEB}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: clients
data:
  peers: |
    # a line of text
    web-3.nginx.default.svc.cluster.local
  note: "first
    web-3.nginx.default.svc.cluster.local"
`;
    const result = ignore(text, 'dns-name-unresolved');
    assert.equal(result?.text, text.replace('  peers: |', '  # stateful-manifests-disable-next-line dns-name-unresolved\n  peers: |'));
    // (Other rules' findings on these manifests, e.g. the metrics port's service-port-not-served hint, stay as they were.)
    assert.deepEqual(result?.rules.filter((r) => r === 'dns-name-unresolved'), ['dns-name-unresolved'], 'the other finding, in the quoted string, stays');
    // A finding (stale, or of another tool) on a line of scalar text gets no comment.
    const workspace = new Workspace();
    workspace.setOpen(URI, text);
    const peers = positionOf(text, '  peers: |').line;
    for (const line of [peers + 1, peers + 2, peers + 4]) {
      const range = { start: { line, character: 4 }, end: { line, character: 10 } };
      assert.deepEqual(quickFixes(workspace, URI, { ruleId: 'dns-name-unresolved', range }), [], `line ${line + 1}`);
    }
  });
});

describe('isScalarText (where a comment above a line would become text)', () => {
  // The reference: the scan over every token it replaced (a binary search, issue 16).
  const scanned = (tokens: readonly Token[], lineStart: number) => tokens.some((t) => t.scalar && t.offset <= lineStart && lineStart < t.offset + t.text.length && (t.block || t.offset < lineStart));
  const yamlFiles = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });

  it('answers as a scan of every token, at every line of the fixtures and examples', () => {
    const files = [...yamlFiles(path.join(ROOT, 'test', 'fixtures')), ...yamlFiles(path.join(ROOT, 'examples'))];
    const texts = [
      ...files.map((file) => fs.readFileSync(file, 'utf8')),
      'a: |\n  one\n\n  two\nb: >-\n  three\n  four\nc: plain\n  continued\n  again\nd: "quoted\n  on two"\ne: \'single\n\n  quoted\'\n',
    ];
    let lines = 0;
    for (const text of texts) {
      const tokens = yamlTokens(text);
      for (let start = 0; start <= text.length; start = text.indexOf('\n', start) + 1 || text.length + 1) {
        assert.equal(isScalarText(tokens, start), scanned(tokens, start), `${JSON.stringify(text.slice(start, start + 40))} at ${start}`);
        lines++;
      }
    }
    assert.ok(files.length > 10 && lines > 1000, `${files.length} files, ${lines} lines: too few to compare`);
  });
});
