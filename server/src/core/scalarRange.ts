import type { Located, Range } from './types';

/**
 * The range of `value.slice(start, end)` inside the source of a string scalar, when it
 * can be known without the source text: the scalar is on one line and its source is
 * the value itself (plain) or the value between two quotes with no escape in it (an
 * escape always makes the source longer than the value). Otherwise the range of the
 * whole scalar, which still points at the right value.
 */
export function rangeInScalar(scalar: Located, start: number, end: number): Range {
  const { range, value } = scalar;
  if (range.start.line === range.end.line) {
    const width = range.end.character - range.start.character;
    const offset = width === value.length ? 0 : width === value.length + 2 ? 1 : -1;
    if (offset >= 0) {
      const line = range.start.line;
      const base = range.start.character + offset;
      return { start: { line, character: base + start }, end: { line, character: base + end } };
    }
  }
  return range;
}
