import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lines';

describe('LineIndex', () => {
  it('maps offsets to 0-based lines and characters', () => {
    const index = new LineIndex('ab\ncd\n\nef');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(2), { line: 0, character: 2 }, 'the line break belongs to its line');
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(9), { line: 3, character: 2 });
  });

  it('treats CR LF as one line break and a lone CR as one too (as LSP does)', () => {
    const index = new LineIndex('a\r\nb\rc\nd');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(5), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(7), { line: 3, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 0 }), 3);
  });

  it('counts characters in UTF-16 code units', () => {
    const text = 'name: caf\u00e9 \u{1F680}x\nnext';
    const index = new LineIndex(text);
    const x = text.indexOf('x');
    assert.deepEqual(index.positionAt(x), { line: 0, character: 13 }, 'the rocket is two code units');
    assert.equal(index.offsetAt({ line: 0, character: 13 }), x);
  });

  it('clamps out-of-range offsets and positions', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
    assert.equal(index.offsetAt({ line: -1, character: 4 }), 0);
    assert.equal(index.offsetAt({ line: 7, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the end of the line, before its break');
    assert.equal(new LineIndex('ab\r\ncd').offsetAt({ line: 0, character: 3 }), 2, 'not between CR and LF');
    assert.equal(index.offsetAt({ line: 1, character: 99 }), 5);
  });

  it('an empty text has one line', () => {
    const index = new LineIndex('');
    assert.equal(index.lineCount, 1);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  });

  it('offsetAt(positionAt(o)) === o for every offset not inside a CR LF pair (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'é', '\u{1F680}', '\n', '\r\n', '\r', ' '), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const index = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        if (text[o - 1] === '\r' && text[o] === '\n') continue; // between CR and LF: no position of its own
        assert.equal(index.offsetAt(index.positionAt(o)), o, JSON.stringify({ text, o }));
      }
    }));
  });
});
