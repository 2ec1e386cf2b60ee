import { parseDocument } from 'yaml';
import { extractResources } from './extract';
import { LineIndex } from './lines';
import type { Resource } from './model';
import { splitDocuments } from './split';
import { hasTemplateSyntax, maskTemplates } from './template';
import type { Range } from './types';

export interface SyntaxProblem {
  message: string;
  range: Range;
}

/** One YAML document of a file, parsed and modelled. */
export interface ParsedDocument {
  /** The document's source text: the key under which it is reused after an edit. */
  text: string;
  startLine: number;
  startOffset: number;
  resources: Resource[];
  syntaxErrors: SyntaxProblem[];
  templated: boolean;
  /** Every range in `resources` and `syntaxErrors`, so a moved document is shifted in place. */
  ranges: Range[];
}

export interface ParsedFile {
  uri: string;
  documents: ParsedDocument[];
  resources: Resource[];
  /** Resources that are new or moved compared with the previous version of the file. */
  changed: Resource[];
}

/**
 * The parse options. Aliases are kept as alias nodes and never expanded by the core;
 * `maxAliasCount` is a second guard for any caller that converts to JS.
 */
const PARSE_OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;

/**
 * Parses a file into documents and resources. With the previous version of the same
 * file, documents whose text did not change are reused (moved when lines were added
 * or removed above them) instead of parsed again: an edit costs the size of the
 * documents it touches, not the size of the file.
 */
export function parseFile(uri: string, text: string, previous?: ParsedFile): ParsedFile {
  const reusable = new Map<string, ParsedDocument[]>();
  for (const doc of previous?.documents ?? []) {
    const list = reusable.get(doc.text);
    if (list) list.push(doc);
    else reusable.set(doc.text, [doc]);
  }
  const documents: ParsedDocument[] = [];
  const resources: Resource[] = [];
  const changed: Resource[] = [];
  for (const chunk of splitDocuments(text)) {
    const index = documents.length;
    let doc = reusable.get(chunk.text)?.shift();
    if (doc) {
      const moved = chunk.startLine !== doc.startLine || doc.resources.some((r) => r.documentIndex !== index);
      if (moved) {
        moveDocument(doc, chunk.startLine, index);
        changed.push(...doc.resources);
      }
      doc.startOffset = chunk.startOffset;
    } else {
      doc = parseChunk(uri, index, chunk.text, chunk.startLine, chunk.startOffset);
      changed.push(...doc.resources);
    }
    documents.push(doc);
    resources.push(...doc.resources);
  }
  return { uri, documents, resources, changed };
}

function parseChunk(uri: string, documentIndex: number, text: string, startLine: number, startOffset: number): ParsedDocument {
  const templated = hasTemplateSyntax(text);
  const source = templated ? maskTemplates(text) : text;
  const lines = new LineIndex(text);
  const ranges: Range[] = [];
  const syntaxErrors: SyntaxProblem[] = [];
  let resources: Resource[] = [];
  try {
    const yamlDoc = parseDocument(source, PARSE_OPTIONS);
    for (const error of yamlDoc.errors) {
      const [from, to] = error.pos;
      const range = {
        start: at(lines, from, startLine),
        end: at(lines, Math.max(to, from), startLine),
      };
      ranges.push(range);
      syntaxErrors.push({ message: firstLine(error.message), range });
    }
    resources = extractResources(yamlDoc, { uri, documentIndex, lines, lineOffset: startLine, templated, ranges });
  } catch (error) {
    // The parser should not throw, but a document it cannot read must never take the
    // others down with it: report it as a syntax problem of this document only.
    const range = { start: { line: startLine, character: 0 }, end: { line: startLine, character: 0 } };
    ranges.push(range);
    syntaxErrors.push({ message: `YAML parser failed: ${(error as Error).message}`, range });
    resources = [];
  }
  if (syntaxErrors.length > 0) for (const r of resources) r.hasSyntaxErrors = true;
  return { text, startLine, startOffset, resources, syntaxErrors, templated, ranges };
}

function moveDocument(doc: ParsedDocument, startLine: number, index: number): void {
  const delta = startLine - doc.startLine;
  if (delta !== 0) {
    for (const range of doc.ranges) {
      range.start.line += delta;
      range.end.line += delta;
    }
  }
  doc.startLine = startLine;
  for (const r of doc.resources) r.documentIndex = index;
}

function at(lines: LineIndex, offset: number, lineOffset: number) {
  const p = lines.positionAt(offset);
  return { line: p.line + lineOffset, character: p.character };
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
