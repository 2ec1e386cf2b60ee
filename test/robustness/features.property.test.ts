import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import {
  analyzeFile, completionsAt, definitionAt, documentSymbols, hoverAt, isRefusal, prepareRenameAt, quickFixes, referencesAt, renameAt, Workspace, type Range,
} from '../../server/src/core';
import { anyText, insideText, lspLines } from './generators';

/**
 * The editor features of the core (hover, definition, references, completion, quick
 * fixes, outline, rename) on random and mutated manifests, at random positions: they never
 * throw (even at positions outside the text), and at positions in the text every
 * range they give in the file lies inside it. A quick fix may insert at the very end,
 * which is inside too.
 */
const URI = 'file:///robustness/features.yaml';

/** A Service and its StatefulSet, put before half of the texts so that every feature has something to answer. */
const KNOWN_PAIR = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
---
`;
const texts = fc.tuple(anyText, fc.boolean()).map(([text, pair]) => (pair ? KNOWN_PAIR + text : text));

/** Positions: anywhere, before the text, past the end of a line, beyond the last line. */
const position = fc.record({ line: fc.integer({ min: -1, max: 400 }), character: fc.integer({ min: -1, max: 200 }) });

describe('editor features on random and mutated manifests', () => {
  it('never throw, and give ranges inside the document', () => {
    const answered = { hover: 0, definition: 0, completion: 0, symbol: 0, fix: 0, rename: 0 };
    fc.assert(fc.property(texts, fc.array(position, { minLength: 1, maxLength: 8 }), (text, positions) => {
      const workspace = new Workspace();
      workspace.setOpen(URI, text);
      const lines = lspLines(text);
      const inside = (range: Range | undefined, what: string) => {
        if (range) assert.ok(insideText(range, text, lines), `${what} range ${JSON.stringify(range)} outside the text`);
      };
      // Real positions too: where the file has something to answer (line starts, values, middles).
      const onLines = lines.slice(0, 60).flatMap((l, line) => [0, l.indexOf(': ') + 3, l.length >> 1].map((character) => ({ line, character })));
      // Positions outside the text: nothing may throw. (Completion then echoes the
      // position in its range: LSP says such a position means the end of the line.)
      for (const p of positions) {
        hoverAt(workspace, URI, p);
        definitionAt(workspace, URI, p);
        referencesAt(workspace, URI, p, true);
        completionsAt(workspace, URI, text, p);
        prepareRenameAt(workspace, URI, p);
        renameAt(workspace, URI, p, 'renamed');
      }
      // Positions in the text, as an editor sends them: answers lie inside the text.
      const clamp = ({ line, character }: { line: number; character: number }) => {
        const l = Math.max(0, Math.min(line, lines.length - 1));
        return { line: l, character: Math.max(0, Math.min(character, lines[l].length)) };
      };
      for (const p of [...positions.map(clamp), ...onLines.map(clamp)]) {
        const hover = hoverAt(workspace, URI, p);
        if (hover) answered.hover++;
        inside(hover?.range, 'hover');
        for (const target of definitionAt(workspace, URI, p)) if (target.uri === URI && ++answered.definition) inside(target.range, 'definition');
        for (const location of referencesAt(workspace, URI, p, true)) if (location.uri === URI) inside(location.range, 'reference');
        for (const entry of completionsAt(workspace, URI, text, p)) if (++answered.completion) inside(entry.range, 'completion');
        const prepared = prepareRenameAt(workspace, URI, p);
        if (prepared && !isRefusal(prepared)) inside(prepared.range, 'prepareRename');
        const renamed = renameAt(workspace, URI, p, 'renamed');
        for (const edit of renamed && !isRefusal(renamed) ? renamed.files.get(URI) ?? [] : []) if (++answered.rename) inside(edit.range, 'rename');
      }
      const symbols = [...documentSymbols(workspace, URI)];
      while (symbols.length) {
        const symbol = symbols.pop()!;
        answered.symbol++;
        inside(symbol.range, 'symbol');
        inside(symbol.selectionRange, 'symbol selection');
        symbols.push(...((symbol as { children?: typeof symbol[] }).children ?? []));
      }
      for (const finding of analyzeFile(workspace, URI)) {
        for (const fix of quickFixes(workspace, URI, finding)) {
          for (const edit of fix.changes[URI] ?? []) if (++answered.fix) inside(edit.range, `quick fix '${fix.title}'`);
        }
      }
    }), { numRuns: 120 });
    // The properties above are not vacuous: the generated manifests do get answers.
    for (const [feature, count] of Object.entries(answered)) assert.ok(count > 0, `no ${feature} answered on any generated manifest`);
  });
});
