import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { analyzeFile, Workspace, type Finding } from '../../server/src/core';
import { anyDocument, anyText, insideText, lspLines, truncate } from './generators';

/**
 * Property tests of the analysis core on generated and mutated manifests: whatever the
 * text, the core answers (never throws), every range it reports lies inside the text,
 * the same text gives the same findings, and an incremental re-parse (a document
 * reused from the previous version) gives what a fresh parse gives.
 */

const URI = 'file:///robustness/manifest.yaml';
const RUNS = 150;

// ------------------------------------------------------------------ helpers

function analyze(text: string): Finding[] {
  const workspace = new Workspace();
  workspace.setOpen(URI, text);
  return analyzeFile(workspace, URI);
}

// ------------------------------------------------------------------ properties

describe('analysis core on random and mutated manifests', () => {
  it('never throws, and every finding and related range lies inside the document', () => {
    fc.assert(fc.property(anyText, (text) => {
      const findings = analyze(text);
      const lines = lspLines(text);
      for (const f of findings) {
        assert.ok(insideText(f.range, text, lines), `${f.ruleId} range ${JSON.stringify(f.range)} outside the text`);
        for (const r of f.related) if (r.uri === URI) assert.ok(insideText(r.range, text, lines), `related range ${JSON.stringify(r.range)} outside the text`);
      }
    }), { numRuns: RUNS });
  });

  it('gives the same findings for the same text', () => {
    fc.assert(fc.property(anyText, (text) => {
      assert.deepEqual(analyze(text), analyze(text));
    }), { numRuns: RUNS });
  });

  it('gives after an incremental re-parse what a fresh parse gives', () => {
    // Version 1, then version 2 made by editing one document, or adding / removing
    // documents and lines above others (reused documents are moved in place).
    const edit = fc.oneof(
      fc.tuple(fc.nat(), anyDocument).map(([i, doc]) => (docs: string[]) => docs.map((d, k) => (k === i % docs.length ? doc : d))),
      fc.tuple(fc.nat(), anyDocument).map(([i, doc]) => (docs: string[]) => [...docs.slice(0, i % (docs.length + 1)), doc, ...docs.slice(i % (docs.length + 1))]),
      fc.nat().map((i) => (docs: string[]) => docs.filter((_d, k) => k !== i % docs.length)),
      fc.nat().map((i) => (docs: string[]) => docs.map((d, k) => (k === i % docs.length ? `# a comment\n\n${d}` : d))),
      fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })).map(([i, at]) => (docs: string[]) => docs.map((d, k) => (k === i % docs.length ? truncate(d, at) : d))),
    );
    fc.assert(fc.property(fc.array(anyDocument, { minLength: 1, maxLength: 6 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (docs, edits) => {
      const workspace = new Workspace();
      workspace.setOpen(URI, docs.join('---\n'));
      analyzeFile(workspace, URI);
      let current = docs;
      for (const apply of edits) {
        current = apply(current);
        workspace.setOpen(URI, current.join('---\n'));
        const fresh = new Workspace();
        fresh.setOpen(URI, current.join('---\n'));
        assert.deepEqual(analyzeFile(workspace, URI), analyzeFile(fresh, URI));
        assert.deepEqual(JSON.parse(JSON.stringify(workspace.resources(URI))), JSON.parse(JSON.stringify(fresh.resources(URI))));
      }
    }), { numRuns: RUNS });
  });

  it('reads the generated manifests it should (the generators are not all junk)', () => {
    // Guards the properties above: valid generated manifests yield one resource per
    // document, and some of them have findings whose ranges the first property checks.
    let findings = 0;
    fc.assert(fc.property(fc.array(anyDocument, { minLength: 1, maxLength: 6 }), (docs) => {
      const workspace = new Workspace();
      workspace.setOpen(URI, docs.join('---\n'));
      assert.equal(workspace.resources(URI).length, docs.length);
      findings += analyzeFile(workspace, URI).length;
    }), { numRuns: 100 });
    assert.ok(findings > 0, 'some generated manifests have findings');
  });
});
