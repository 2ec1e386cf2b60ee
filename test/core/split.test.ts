import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { splitDocuments } from '../../server/src/core/split';

/** The chunks' texts, which must join back into the input. */
function texts(text: string): string[] {
  const chunks = splitDocuments(text);
  assert.equal(chunks.map((c) => c.text).join(''), text, 'chunks cover the text exactly');
  for (const c of chunks) assert.equal(text.slice(c.startOffset, c.startOffset + c.text.length), c.text, 'startOffset points at the chunk');
  return chunks.map((c) => c.text);
}

describe('splitDocuments', () => {
  it('gives one chunk for a single document, with or without a leading ---', () => {
    assert.deepEqual(texts('a: 1\n'), ['a: 1\n']);
    assert.deepEqual(texts('---\na: 1\n'), ['---\na: 1\n']);
    assert.deepEqual(texts(''), ['']);
  });

  it('splits at --- at the start of a line, the marker starting the next chunk', () => {
    assert.deepEqual(texts('a: 1\n---\nb: 2\n---\nc: 3'), ['a: 1\n', '---\nb: 2\n', '---\nc: 3']);
  });

  it('accepts content, a comment or a tag after the marker on the same line', () => {
    assert.deepEqual(texts('a: 1\n--- # second\nb: 2\n--- !!map\nc: 3\n--- |\n  text\n'), ['a: 1\n', '--- # second\nb: 2\n', '--- !!map\nc: 3\n', '--- |\n  text\n']);
  });

  it('does not split at ---- , ---x, an indented --- or --- inside a value', () => {
    const text = 'a: 1\n----\nb: ---\n  ---\nc: "---"\n---x: 2\n';
    assert.deepEqual(texts(text), [text]);
  });

  it('treats --- at column 0 inside a block scalar as a marker, as YAML 1.2 does (c-forbidden)', () => {
    const text = 'script: |\n  echo one\n---\n  echo two\n';
    assert.deepEqual(texts(text), ['script: |\n  echo one\n', '---\n  echo two\n']);
    assert.equal(parseAllDocuments(text).length, 2, 'the yaml parser agrees');
  });

  it('starts a new chunk after a ... document end marker', () => {
    assert.deepEqual(texts('a: 1\n...\nb: 2\n'), ['a: 1\n...\n', 'b: 2\n']);
    assert.deepEqual(texts('a: 1\n... # end\n---\nb: 2\n'), ['a: 1\n... # end\n', '---\nb: 2\n']);
    assert.deepEqual(texts('a: 1\n...\n'), ['a: 1\n...\n'], 'a final ... starts nothing');
    assert.deepEqual(texts('a: 1\n....\nb: 2\n'), ['a: 1\n....\nb: 2\n'], '.... is not a marker');
  });

  it('keeps directives with the document they belong to', () => {
    assert.deepEqual(texts('%YAML 1.2\n---\na: 1\n'), ['%YAML 1.2\n---\na: 1\n']);
    assert.deepEqual(texts('a: 1\n...\n%YAML 1.2\n%TAG ! tag:example.com,2000:\n---\nb: 2\n'), ['a: 1\n...\n', '%YAML 1.2\n%TAG ! tag:example.com,2000:\n---\nb: 2\n']);
  });

  it('handles CR LF line endings: markers found, start lines counted once per CR LF', () => {
    const text = 'a: 1\r\n---\r\nb: 2\r\n\r\n---\r\nc: 3\r\n';
    const chunks = splitDocuments(text);
    assert.deepEqual(chunks.map((c) => c.text), ['a: 1\r\n', '---\r\nb: 2\r\n\r\n', '---\r\nc: 3\r\n']);
    assert.deepEqual(chunks.map((c) => c.startLine), [0, 1, 4]);
    assert.deepEqual(chunks.map((c) => c.startOffset), [0, 6, 19]);
  });

  it('counts start lines with \\n and lone \\r line breaks', () => {
    const chunks = splitDocuments('a: 1\n\n---\nb: 2\r---\nc: 3\n');
    assert.deepEqual(chunks.map((c) => c.startLine), [0, 2, 4]);
  });

  it('agrees with the yaml parser on the number of documents (property)', () => {
    const line = fc.constantFrom('a: 1', 'b: |', '  text', '---', '--- # c', '...', '# comment', '', 'c: "x"', '----', '- item', '---x');
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      const text = lines.join(eol);
      const chunks = splitDocuments(text);
      assert.equal(chunks.map((c) => c.text).join(''), text);
      // The parser drops documents that are empty (only comments or blank lines) and
      // may merge a trailing empty chunk; compare only chunks that hold content.
      const withContent = chunks.filter((c) => parseAllDocuments(c.text).some((d) => d.contents !== null)).length;
      const parsed = parseAllDocuments(text);
      const documents = Array.isArray(parsed) ? parsed.filter((d) => d.contents !== null).length : 0;
      assert.equal(withContent, documents, JSON.stringify(text));
    }), { numRuns: 300 });
  });
});
