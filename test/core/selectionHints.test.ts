import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { selectionHints, Workspace, type SelectionHint } from '../../server/src/core';
import { FIXTURES } from '../support/paths';

/**
 * Fixtures in test/fixtures/selection: real manifests where each line that should get an
 * inlay hint ends with `# hint: <the hint's text>`, and no other line gets one.
 */
const DIR = path.join(FIXTURES, 'selection');
const HINT = /#\s*hint:\s*(.*?)\s*$/;

function loadFixture(fixture: string): { workspace: Workspace; uris: string[]; expected: Map<string, string> } {
  const files = fs.statSync(fixture).isDirectory()
    ? fs.readdirSync(fixture).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(fixture, f))
    : [fixture];
  const workspace = new Workspace();
  const expected = new Map<string, string>();
  const uris: string[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    text.split('\n').forEach((line, i) => {
      const m = HINT.exec(line);
      if (m) expected.set(`${path.basename(file)}:${i + 1}`, m[1]);
    });
    workspace.setDisk(uri, text);
    uris.push(uri);
  }
  return { workspace, uris, expected };
}

const text = (hint: SelectionHint) => hint.parts.map((p) => p.text).join('');

function actualHints(workspace: Workspace, uris: string[]): Map<string, string> {
  const actual = new Map<string, string>();
  for (const uri of uris) {
    for (const hint of selectionHints(workspace, uri)) actual.set(`${path.basename(decodeURIComponent(uri))}:${hint.line + 1}`, text(hint));
  }
  return actual;
}

describe('selection inlay hints (fixtures with the expected hint written on each line)', () => {
  for (const name of fs.readdirSync(DIR).sort()) {
    it(name, () => {
      const { workspace, uris, expected } = loadFixture(path.join(DIR, name));
      assert.ok(expected.size > 0, 'the fixture expects some hints');
      assert.deepEqual(Object.fromEntries(actualHints(workspace, uris)), Object.fromEntries(expected));
    });
  }

  it('each name links to the object it names, and the label hint to the selector', () => {
    const { workspace, uris } = loadFixture(path.join(DIR, 'web.yaml'));
    const hints = selectionHints(workspace, uris[0]);
    const service = hints.find((h) => h.line === 9)!;
    const target = service.parts.find((p) => p.text === 'StatefulSet web')!.target!;
    assert.equal(target.uri, uris[0]);
    assert.deepEqual(target.range.start, { line: 18, character: 8 }, 'the StatefulSet name web');
    assert.match(service.tooltip ?? '', /StatefulSet 'web': replicas 3/);
    const labels = hints.find((h) => h.line === 28)!;
    const pdb = labels.parts.find((p) => p.text === 'PDB web-pdb')!.target!;
    assert.deepEqual(pdb.range.start, { line: 48, character: 2 }, 'the selector key of the PDB');
  });

  it('computes only the hints of lines in the range asked for', () => {
    const { workspace, uris } = loadFixture(path.join(DIR, 'web.yaml'));
    const hints = selectionHints(workspace, uris[0], { start: { line: 20, character: 0 }, end: { line: 40, character: 0 } });
    assert.deepEqual(hints.map((h) => h.line + 1), [23, 29, 36]);
  });

  it('says nothing about a Helm template and never throws on a broken document', () => {
    const ws = new Workspace();
    const uri = 'file:///ws/t.yaml';
    ws.setDisk(uri, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  selector:\n    app: x\n---\nkind: Service\nspec:\n  selector: [\n');
    assert.deepEqual(selectionHints(ws, uri).map(text), []);
  });
});
