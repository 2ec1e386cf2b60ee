import type { QuickFix, TextEdit } from './codeActions';
import { documentAtOffset } from './documentAt';
import { lineIndexOf, type LineIndex } from './lines';
import { DISABLE_NEXT_LINE, isScalarText } from './suppressions';
import type { Range } from './types';
import type { Workspace } from './workspace';
import { yamlTokenStream, type Token } from './yamlTokens';

/** `<indent># stateful-manifests-disable-next-line ids[ -- reason]` (ids in group 2, the rest in group 3). */
const NEXT_LINE_DIRECTIVE = new RegExp(`^([ \\t]*#[ \\t]*${DISABLE_NEXT_LINE}(?=[ \\t]|$))((?:[ \\t]+(?!--(?:[ \\t]|$))[^ \\t\\r\\n]+)*)(.*)$`);

/**
 * "Ignore <rule> for this line": a `# stateful-manifests-disable-next-line <rule>` comment
 * above the line where the finding starts, at that line's indentation; or the id added
 * to such a comment already there. No fix when the line is the text of a multi-line
 * scalar (a comment there would become part of the value), when the finding's line is
 * gone, or when the comment above already covers every rule.
 */
export function ignoreForLineFix(workspace: Workspace, uri: string, ruleId: string, range: Range): QuickFix | undefined {
  const file = workspace.effective(uri);
  if (!file) return undefined;
  const lines = lineIndexOf(file.text);
  const line = range.start.line;
  if (line < 0 || line >= lines.lineCount) return undefined;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const found = documentAtOffset(file.documents, lineStart);
  const doc = found && lineStart < found.startOffset + found.length ? found : file.documents[file.documents.length - 1];
  if (!doc) return undefined;
  const tokens = tokensOf(file.text, doc.startOffset, doc.length);
  const inDocument = lineStart - doc.startOffset;
  if (isScalarText(tokens.through(inDocument), inDocument)) return undefined;
  const title = `Ignore ${ruleId} for this line`;

  const above = line > 0 ? lineText(file.text, lines, line - 1) : undefined;
  const aboveInDocument = lines.offsetAt({ line: line - 1, character: 0 }) - doc.startOffset;
  const aboveIsComment = above !== undefined && !isScalarText(tokens.through(aboveInDocument), aboveInDocument);
  const existing = aboveIsComment ? NEXT_LINE_DIRECTIVE.exec(above) : undefined;
  if (existing) {
    const ids = existing[2].split(/[\s,]+/).filter((id) => id !== '');
    if (ids.length === 0 || ids.includes(ruleId)) return undefined;
    const at = { line: line - 1, character: existing[1].length + existing[2].length };
    return { title, changes: { [uri]: [{ range: { start: at, end: at }, newText: `, ${ruleId}` }] } };
  }
  const indent = /^[ \t]*/.exec(lineText(file.text, lines, line))![0];
  const lineBreak = lines.lineBreak;
  const at = { line, character: 0 };
  const edit: TextEdit = { range: { start: at, end: at }, newText: `${indent}# ${DISABLE_NEXT_LINE} ${ruleId}${lineBreak}` };
  return { title, changes: { [uri]: [edit] } };
}

/**
 * The YAML tokens of one document, lexed only as far as a line asked about: the editor asks
 * for the fixes of the findings it lists first, near the top, and lexing the whole document
 * of a 1.2 MB env list for them was 300 ms of the first code action after an edit.
 */
class TokensSoFar {
  private readonly tokens: Token[] = [];
  private readonly stream: Generator<Token>;
  private done = false;

  constructor(documentText: string) {
    this.stream = yamlTokenStream(documentText);
  }

  /** The tokens up to the first that starts after `offset` (every token when none does): enough for isScalarText at `offset`. */
  through(offset: number): readonly Token[] {
    while (!this.done && (this.tokens.length === 0 || this.tokens[this.tokens.length - 1].offset <= offset)) {
      const next = this.stream.next();
      if (next.done) this.done = true;
      else this.tokens.push(next.value);
    }
    return this.tokens;
  }
}

/**
 * The tokens of the last document asked about: a code action over the 1,000 findings of
 * one document (a 1 MB env list) offers this fix for each, and lexing the document for
 * each made the request cost 1,000 times its size.
 */
let lastTokens: { text: string; start: number; length: number; tokens: TokensSoFar } | undefined;
function tokensOf(text: string, start: number, length: number): TokensSoFar {
  if (lastTokens?.text !== text || lastTokens.start !== start || lastTokens.length !== length) {
    lastTokens = { text, start, length, tokens: new TokensSoFar(text.slice(start, start + length)) };
  }
  return lastTokens.tokens;
}

function lineText(text: string, lines: LineIndex, line: number): string {
  return text.slice(lines.offsetAt({ line, character: 0 }), lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
}
