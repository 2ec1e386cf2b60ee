import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { rangeInScalar } from '../../server/src/core/scalarRange';

const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

it('maps offsets into plain and quoted one-line scalars, else falls back to the whole scalar', () => {
  // value: a $(B) c      (plain, starts at column 7)
  assert.deepEqual(rangeInScalar({ value: 'a $(B) c', range: at(0, 7, 15) }, 2, 6), at(0, 9, 13));
  // value: "a $(B) c"    (quoted: one column for the quote)
  assert.deepEqual(rangeInScalar({ value: 'a $(B) c', range: at(0, 7, 17) }, 2, 6), at(0, 10, 14));
  // value: "a\tb $(B)"   (an escape: columns unknown)
  assert.deepEqual(rangeInScalar({ value: 'a\tb $(B)', range: at(0, 7, 18) }, 4, 8), at(0, 7, 18));
  // block scalar over several lines
  const block = { start: { line: 0, character: 7 }, end: { line: 3, character: 0 } };
  assert.deepEqual(rangeInScalar({ value: 'x\n$(B)\n', range: block }, 2, 6), block);
});
