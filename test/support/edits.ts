import * as assert from 'node:assert/strict';
import { LineIndex, type TextEdit } from '../../server/src/core';

/** Applies a quick fix's edits to a text, checking they do not overlap (as an editor would refuse). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
