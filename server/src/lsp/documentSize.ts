import * as path from 'node:path';
import { TEST_HOOKS_FLAG } from './testHooks';

/**
 * The largest open document the server analyses, in characters (UTF-16 code units, as
 * the editor sends them). Parsing and analysis are linear in the size, but a 50 MB file
 * with about 200,000 findings took minutes and 1.7 GB (docs/limits.md has the figures):
 * past this size the document is not parsed nor analysed, its findings are cleared, and
 * one message says so. The rest of the workspace keeps its findings.
 */
export const LARGEST_DOCUMENT_CHARS = 32 * 1024 * 1024;

const TEST_LIMIT_FLAG = '--test-largest-document-chars=';

/** The limit in force: tests (with `--test-hooks` only) set a small one, so as not to send 32 MB. */
export function largestDocumentChars(argv: readonly string[] = process.argv): number {
  if (!argv.includes(TEST_HOOKS_FLAG)) return LARGEST_DOCUMENT_CHARS;
  const flag = argv.find((arg) => arg.startsWith(TEST_LIMIT_FLAG));
  const value = flag ? Number(flag.slice(TEST_LIMIT_FLAG.length)) : NaN;
  return Number.isInteger(value) && value > 0 ? value : LARGEST_DOCUMENT_CHARS;
}

/** What the Output channel says each time, and a notification once per file and server run. */
export function tooLargeMessage(uri: string, size: number, limit: number): string {
  const mib = (chars: number) => `${(chars / 1024 / 1024).toFixed(chars < 1024 * 1024 ? 3 : 0)} M`;
  return `${path.basename(uri)} is not analysed: ${mib(size)} characters, over the ${mib(limit)} limit. Split it into smaller files to get its findings. See docs/limits.md.`;
}
