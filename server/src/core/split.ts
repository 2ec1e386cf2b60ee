/**
 * Splits a multi-document YAML text into one chunk per document, by the `---`
 * document markers at the start of a line, and after a `...` document end marker.
 * In YAML a `---` or `...` at column 0 followed by white space or the end of the line
 * always is a marker (it cannot continue a block scalar: YAML 1.2 §9.1.4
 * "c-forbidden"), so this split agrees with the parser, and lets each document be
 * parsed, cached and reused on its own.
 */
export interface Chunk {
  /** Offset of the chunk's first character in the file. */
  startOffset: number;
  /** Zero-based line of the chunk's first character in the file. */
  startLine: number;
  text: string;
}

/** A marker may follow a byte order mark, or be followed by one (see parserText.ts). */
const DOCUMENT_MARKER = /^\uFEFF?---(?=[ \t\r\n\uFEFF]|$)/gm;
/** `...` ends a document; the next one may follow without `---` (YAML 1.2 §9.1.4, bare documents). */
const DOCUMENT_END = /^\.\.\.(?=[ \t\r\n]|$)[^\r\n]*(?:\r\n|\r|\n)?/gm;
const DIRECTIVES_ONLY = /^(?:[ \t]*(?:#.*)?\r?\n|%.*\r?\n)*$/;

export function splitDocuments(text: string): Chunk[] {
  let starts = [0];
  DOCUMENT_MARKER.lastIndex = 0;
  for (let m = DOCUMENT_MARKER.exec(text); m; m = DOCUMENT_MARKER.exec(text)) {
    if (m.index !== 0) starts.push(m.index);
  }
  DOCUMENT_END.lastIndex = 0;
  const afterEnds: number[] = [];
  for (let m = DOCUMENT_END.exec(text); m; m = DOCUMENT_END.exec(text)) {
    if (m.index + m[0].length < text.length) afterEnds.push(m.index + m[0].length);
  }
  // Assigned, not spread into a call: a file of 130,000 `...` lines gives as many starts,
  // past the engine's argument limit (RangeError).
  if (afterEnds.length > 0) starts = [...new Set([...starts, ...afterEnds])].sort((a, b) => a - b);
  const chunks: Chunk[] = [];
  let line = 0;
  let pendingStart = -1; // start of a directives-only chunk that belongs to the next document
  for (let i = 0; i < starts.length; i++) {
    const start = pendingStart >= 0 ? pendingStart : starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const body = text.slice(starts[i], end);
    if (i + 1 < starts.length && body.includes('%') && DIRECTIVES_ONLY.test(body) && /^%/m.test(body)) {
      if (pendingStart < 0) pendingStart = starts[i];
      continue;
    }
    const chunkText = start === starts[i] ? body : text.slice(start, end);
    chunks.push({ startOffset: start, startLine: line, text: chunkText });
    line += countLineBreaks(chunkText);
    pendingStart = -1;
  }
  return chunks;
}

function countLineBreaks(text: string): number {
  let n = 0;
  if (!text.includes('\r')) {
    // Only LF breaks: indexOf skips the text between them (see LineIndex).
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}
