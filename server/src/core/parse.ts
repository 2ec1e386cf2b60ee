import { parseDocument, type Document } from 'yaml';
import { extractResourcesSteps } from './extract';
import { runToEnd } from './steps';
import { lazyRange, type DocumentAnchor } from './lazyRange';
import { LineIndex } from './lines';
import { parserText } from './parserText';
import { LEXEMES_PER_STEP, parseDocumentSteps } from './yamlSteps';
import type { Resource } from './model';
import { splitDocuments } from './split';
import { hasTemplateSyntax, maskTemplates } from './template';
import type { Range } from './types';
import type { RenderedFileInfo } from './helm/renderedFile';

export interface SyntaxProblem {
  message: string;
  range: Range;
}

/** One YAML document of a file, parsed and modelled. */
export interface ParsedDocument {
  /**
   * Length of the document's text. With `startOffset` it finds the text in the file it
   * was read from (see {@link ReusableDocuments}): the key under which it is reused.
   * The text itself is not kept, the file's text already holds it.
   */
  length: number;
  startLine: number;
  startOffset: number;
  resources: Resource[];
  syntaxErrors: SyntaxProblem[];
  templated: boolean;
  /**
   * Every range in `resources` and `syntaxErrors` is computed from this when read (see
   * {@link lazyRange}): a moved document updates `anchor.startLine`, nothing else.
   */
  anchor: DocumentAnchor;
}

export interface ParsedFile {
  uri: string;
  /** The text parsed (the same string the caller passed, not a copy). */
  text: string;
  documents: ParsedDocument[];
  resources: Resource[];
  /** Resources that are new or moved compared with the previous version of the file. */
  changed: Resource[];
  /** Set when the model was read from the rendered output of a Helm chart template (see helm/renderedFile.ts). */
  helm?: RenderedFileInfo;
}

/**
 * The parse options. Aliases are kept as alias nodes and never expanded by the core;
 * `maxAliasCount` is a second guard for any caller that converts to JS.
 */
const PARSE_OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 } as const;

/**
 * Documents that may be reused: those of the previous version of the file, and any
 * parsed since for a text that was then abandoned, each group with the text its
 * documents' offsets are in.
 */
export interface ReusableDocuments {
  text: string;
  documents: readonly ParsedDocument[];
}

/**
 * Parses a file into documents and resources. With the previous version of the same
 * file, documents whose text did not change are reused (moved when lines were added
 * or removed above them) instead of parsed again: an edit costs the size of the
 * documents it touches, not the size of the file.
 */
export function parseFile(uri: string, text: string, previous?: ReusableDocuments | readonly ReusableDocuments[]): ParsedFile {
  return runToEnd(parseFileSteps(uri, text, previous));
}

/**
 * {@link parseFile} in steps: the generator yields after each document it had to parse,
 * and within a large one (see {@link parseChunkSteps}), so a caller with an event loop
 * can answer requests between documents of a large file, and between pieces of a large
 * document. `parsed` (when given) receives each newly parsed document as it is made, so a
 * parse abandoned for a newer version can hand them on as reusable.
 *
 * Reused documents are moved only at the end, in one go: until the last step,
 * `previous` is left exactly as it was, so an abandoned parse changes nothing.
 */
export function* parseFileSteps(uri: string, text: string, previous?: ReusableDocuments | readonly ReusableDocuments[], parsed?: ParsedDocument[], whole?: WholeDocument): Generator<void, ParsedFile> {
  // Keyed by each document's text, sliced from the text it was read from: the slices
  // live as long as this parse, and the map compares texts exactly.
  const reusable = new Map<string, ParsedDocument[]>();
  for (const group of previous === undefined ? [] : 'documents' in previous ? [previous] : previous) {
    for (const doc of group.documents) {
      const key = group.text.slice(doc.startOffset, doc.startOffset + doc.length);
      const list = reusable.get(key);
      if (list) list.push(doc);
      else reusable.set(key, [doc]);
    }
  }
  const documents: ParsedDocument[] = [];
  const moves: { doc: ParsedDocument; index: number; startLine: number; startOffset: number }[] = [];
  const parsedHere = new Set<ParsedDocument>();
  const chunks = splitDocuments(text);
  // The split is a pass over the whole text: for a large one, a step of its own.
  if (text.length > STEPPED_DOCUMENT_CHARS) yield;
  for (const chunk of chunks) {
    const index = documents.length;
    let doc = reusable.get(chunk.text)?.shift();
    if (doc) {
      moves.push({ doc, index, startLine: chunk.startLine, startOffset: chunk.startOffset });
    } else {
      // The file's only document, its whole text: its YAML document may serve another reader (WholeDocument).
      const keep = whole && chunks.length === 1 && chunk.text.length === text.length ? (yamlDoc: Document.Parsed) => { whole.yamlDocument = yamlDoc; } : undefined;
      doc = yield* parseChunkSteps(uri, index, chunk.text, chunk.startLine, chunk.startOffset, undefined, STEPPED_DOCUMENT_CHARS, keep);
      parsedHere.add(doc);
      parsed?.push(doc);
      yield;
    }
    documents.push(doc);
  }
  // Resources that are new or moved: dependents' related locations may point into them.
  const changed = new Set<ParsedDocument>(parsedHere);
  for (const { doc, index, startLine, startOffset } of moves) {
    if (startLine !== doc.startLine || doc.resources.some((r) => r.documentIndex !== index)) {
      moveDocument(doc, startLine, index);
      changed.add(doc);
    }
    doc.startOffset = startOffset;
  }
  const resources = documents.flatMap((doc) => doc.resources);
  return { uri, text, documents, resources, changed: documents.filter((doc) => changed.has(doc)).flatMap((doc) => doc.resources) };
}

export { runToEnd } from './steps';

/**
 * Receives the YAML document of a file that is one document, parsed here as a whole (not
 * reused from the previous version, no template syntax masked): the `yaml` Document of its
 * text as `parseDocument` gives it, for a second reader of the same text, so it is not
 * parsed twice (a kustomization is read as a manifest and as a kustomization:
 * kustomize/read.ts; parsing 1.9 MB costs about 2.5 s of CPU).
 */
export interface WholeDocument {
  yamlDocument?: Document.Parsed;
}

/** A document of markers (`---`, `...`), comments and blank lines only. */
const EMPTY_DOCUMENT = /^(?:\uFEFF?(?:---|\.\.\.)?[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*\uFEFF?(?:---|\.\.\.)?[ \t]*(?:#[^\r\n]*)?$/;

/**
 * How a chunk of a Helm template's rendered output is read (see helm/renderedFile.ts): its
 * ranges go through `anchor` to the template file, and `templated` says whether the
 * document must be treated as unreadable (an unknown decided part of it).
 */
export interface RenderedChunkOptions {
  anchor: DocumentAnchor;
  templated: boolean;
}

/**
 * Documents longer than this (characters) are parsed in steps (see {@link parseChunkSteps}):
 * shorter ones, nearly all, take one step each as before, without the cost of stepping.
 */
export const STEPPED_DOCUMENT_CHARS = 64 * 1024;
/** Objects of a large `kind: List` modelled per step (about a millisecond). */
const OBJECTS_PER_STEP = 64;

export function parseChunk(uri: string, documentIndex: number, slice: string, startLine: number, startOffset: number, rendered?: RenderedChunkOptions): ParsedDocument {
  return runToEnd(parseChunkSteps(uri, documentIndex, slice, startLine, startOffset, rendered));
}

/**
 * {@link parseChunk} in steps. A document of more than {@link STEPPED_DOCUMENT_CHARS} yields
 * between each pass over its text (the copy, the line index, the parse in pieces of
 * {@link LEXEMES_PER_STEP} tokens, the model of a List's objects a few at a time), so one 10 MB document does not hold a
 * caller with an event loop for its whole parse; a shorter one never yields. Stepped or
 * not, the document is the same (`steppedFrom` lets tests compare the two).
 */
export function* parseChunkSteps(
  uri: string, documentIndex: number, slice: string, startLine: number, startOffset: number, rendered?: RenderedChunkOptions, steppedFrom = STEPPED_DOCUMENT_CHARS,
  keep?: (yamlDoc: Document.Parsed) => void,
): Generator<void, ParsedDocument> {
  const stepped = slice.length > steppedFrom;
  const text = detached(slice);
  if (stepped) yield;
  // Rendered output has no template syntax left: a `{{` in it is a value's own text.
  const templated = rendered ? rendered.templated : hasTemplateSyntax(text);
  const source = parserText(templated && !rendered ? maskTemplates(text) : text);
  if (stepped) yield;
  const anchor: DocumentAnchor = rendered?.anchor ?? { startLine, lineStarts: new LineIndex(text).starts, length: text.length };
  if (stepped) yield;
  // Only markers, comments and blank lines: no resource and no error, without a parse
  // (a file of 130,000 `...` lines is 130,000 such documents).
  if (EMPTY_DOCUMENT.test(text)) return { length: text.length, startLine, startOffset, resources: [], syntaxErrors: [], templated, anchor };
  const syntaxErrors: SyntaxProblem[] = [];
  let resources: Resource[] = [];
  try {
    const yamlDoc = stepped ? yield* parseDocumentSteps(source, PARSE_OPTIONS) : parseDocument(source, PARSE_OPTIONS);
    if (stepped) yield;
    // Read as it was written: a masked template is not what another reader would parse.
    if (!templated && !rendered) keep?.(yamlDoc);
    for (const error of yamlDoc.errors) {
      const [from, to] = error.pos;
      const range = lazyRange(anchor, from, Math.max(to, from));
      syntaxErrors.push({ message: firstLine(error.message), range });
    }
    const context = { uri, documentIndex, templated, anchor };
    resources = yield* extractResourcesSteps(yamlDoc, context, stepped ? OBJECTS_PER_STEP : Infinity);
  } catch (error) {
    // The parser should not throw, but a document it cannot read must never take the
    // others down with it: report it as a syntax problem of this document only.
    const range = lazyRange(anchor, 0, 0);
    syntaxErrors.push({ message: `YAML parser failed: ${(error as Error).message}`, range });
    resources = [];
  }
  if (syntaxErrors.length > 0) for (const r of resources) r.hasSyntaxErrors = true;
  return { length: text.length, startLine, startOffset, resources, syntaxErrors, templated, anchor };
}

/**
 * A copy of `slice` that does not keep the whole file alive. In V8 a substring of a long
 * string is a view into it, and so is every name and label the parser slices out of a
 * document: a document kept for reuse would pin the full text of the file version it
 * was parsed from, one more megabyte per edit of a 1 MB file (measured: +58 MB after 60
 * edits, `npm run bench`). Concatenating and slicing again forces V8 to flatten the
 * string into a fresh one of the chunk's own size, which the parser then slices from.
 */
function detached(slice: string): string {
  return (' ' + slice).slice(1);
}

function moveDocument(doc: ParsedDocument, startLine: number, index: number): void {
  doc.anchor.startLine = startLine;
  doc.startLine = startLine;
  for (const r of doc.resources) r.documentIndex = index;
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
