import { Composer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { COMPOSED_CHARS_PER_STEP, composeDocumentSteps } from './yamlCompose';
import { MASKED_RUN_CHARS_PER_COMPOSED_CHAR, Unmasking, findMasks, maskedText } from './yamlMasks';
import { LEXER_STEP, PLAIN_SCAN_CHARS_PER_COMPOSED_CHAR, SteppedLexer } from './yamlLexer';

/**
 * How many lexical tokens are read between two yields of {@link parseDocumentSteps}: about
 * a millisecond of lexing and parsing on the project's machine, so that a caller that
 * checks the time after each step (the server's scheduler, in slices of a few ms) is
 * never held much past its deadline by the parse of one large document.
 */
export const LEXEMES_PER_STEP = 1024;

export type YamlParseOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * `yaml`'s `parseDocument(source, options)` in steps: the same Document (contents, errors,
 * warnings), built from the same pipeline (Lexer → Parser → Composer), but the generator
 * yields every {@link LEXEMES_PER_STEP} tokens, so the parse of a 10 MB document can be
 * interleaved with other work. `parseDocument` runs the pipeline as nested generators
 * that only come back out at the end of a document.
 *
 * What cannot be split: a single token is lexed in one go (feeding `yaml`'s lexer the
 * text in parts makes it scan a scalar again from its start at each part), except a plain
 * scalar, whose scan yields (yamlLexer.ts). A long run of a plain scalar at the end of a
 * line (a 20 MB name, a large base64 value) is lexed as a comment instead and given back
 * to the parser whole (yamlMasks.ts); other long tokens (a large block scalar or quoted
 * scalar) are one scan. A document is composed once its last token is read, the items of
 * its large block collections, at any depth, a piece at a time (yamlCompose.ts), as are its
 * large quoted, multi-line plain and block scalars (yamlFlowScalars.ts,
 * yamlBlockScalars.ts), the rest (a large flow collection) in one go.
 *
 * Options must not ask for a `lineCounter` or `prettyErrors` (parseDocument's only other
 * work), which the core never uses. `composedCharsPerStep` lets tests cut small documents
 * into pieces too, and mask short runs.
 */
export function* parseDocumentSteps(source: string, options: YamlParseOptions, composedCharsPerStep = COMPOSED_CHARS_PER_STEP, masking = true): Generator<void, Document.Parsed> {
  const masks = masking ? yield* findMasks(source, composedCharsPerStep * MASKED_RUN_CHARS_PER_COMPOSED_CHAR) : [];
  const lexer = new SteppedLexer(composedCharsPerStep * PLAIN_SCAN_CHARS_PER_COMPOSED_CHAR);
  const unmasking = masks.length > 0 ? new Unmasking(source, masks, lexer) : undefined;
  const parser = new Parser();
  const lexed = unmasking ? maskedText(source, masks) : source;
  const composer = new Composer(options);
  const documents: Document.Parsed[] = [];
  // One entry per document token, in the order the composer hands out their Documents.
  const completions: (((doc: Document.Parsed) => void) | undefined)[] = [];
  let directivesSeen = false;
  function* compose(token: CST.Token): Generator<void> {
    if (token.type === 'directive') directivesSeen = true;
    if (token.type !== 'document') {
      documents.push(...composer.next(token));
      return;
    }
    const composed = yield* composeDocumentSteps(composer, token, options, directivesSeen, lexed, composedCharsPerStep);
    documents.push(...composed.documents);
    completions.push(composed.complete);
  }
  let sinceYield = 0;
  for (const lexeme of lexer.lex(lexed)) {
    // Inside a long plain scalar (yamlLexer.ts): a step, no lexeme.
    if ((lexeme as unknown) === LEXER_STEP) {
      sinceYield = 0;
      yield;
      continue;
    }
    const given = unmasking ? unmasking.restore(lexeme) : lexeme;
    if (unmasking?.failed) return yield* parseDocumentSteps(source, options, composedCharsPerStep, false);
    if (given !== undefined) for (const token of parser.next(given)) yield* compose(token);
    if (++sinceYield >= LEXEMES_PER_STEP) {
      sinceYield = 0;
      yield;
    }
  }
  for (const token of parser.end()) yield* compose(token);
  documents.push(...composer.end(true, source.length));
  for (const [i, complete] of completions.entries()) complete?.(documents[i]);
  // As parseDocument: the first document, with an error when the source held more.
  const [doc, second] = documents;
  if (second && doc.options.logLevel !== 'silent') {
    doc.errors.push(new YAMLParseError(second.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
  }
  return doc;
}
