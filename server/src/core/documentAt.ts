import { lastIndexWhere } from './arrays';
import type { ParsedDocument } from './parse';

/**
 * The document of a file that holds a line or an offset, by binary search: a request about
 * one place (a quick fix, an "ignore this line") on a file of 17,000 documents looks at one,
 * not at every resource of the file (issue 16: a code action over 1,000 findings searched
 * the file once per finding). The documents of a parsed file are in order of their text.
 */
export function documentAtLine(documents: readonly ParsedDocument[], line: number): ParsedDocument | undefined {
  return lastStartingAtOrBefore(documents, (doc) => doc.startLine <= line);
}

export function documentAtOffset(documents: readonly ParsedDocument[], offset: number): ParsedDocument | undefined {
  return lastStartingAtOrBefore(documents, (doc) => doc.startOffset <= offset);
}

function lastStartingAtOrBefore(documents: readonly ParsedDocument[], startsBefore: (doc: ParsedDocument) => boolean): ParsedDocument | undefined {
  return documents[lastIndexWhere(documents, startsBefore)];
}
