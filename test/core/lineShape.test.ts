import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { lineShape } from '../../server/src/core/cursor';

/**
 * The reading of a value a completion walks past: before, each line above the cursor had its
 * whole value read with the comment cut off (80 ms below a 20 MB name, stress `requests`);
 * now only its first characters. This is the reading from before, kept as the oracle.
 */
function valueBefore(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || text[i - 1] === ' ') quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return text.slice(0, i).trim();
    }
  }
  return text.trim();
}

describe('lineShape', () => {
  it('says a key has a value exactly when the whole value read without its comment is not empty', () => {
    const piece = fc.constantFrom(' ', '\t', '\u00a0', '#', '"', "'", 'a', ':', '- ', '{', '\r');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const rest = pieces.join('');
      const line = `  key: ${rest}`;
      const shape = lineShape(line);
      if (shape?.key !== 'key') return; // the rest made it no key line (a `key:` needs a space after)
      assert.equal(shape.hasValue, valueBefore(line.slice(line.indexOf(':') + 1).replace(/^ +/, '')) !== '', JSON.stringify(line));
    }), { numRuns: 2000 });
  });

  it('answers for a 20 MB value, a comment alone and nothing', () => {
    assert.equal(lineShape(`  name: ${'a'.repeat(20 * 1024 * 1024)}`)?.hasValue, true);
    assert.equal(lineShape(`  name: # ${'a'.repeat(1024)}`)?.hasValue, false);
    assert.equal(lineShape('  name:')?.hasValue, false);
  });
});
