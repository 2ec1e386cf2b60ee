import type { QuickFix, TextEdit } from './codeActions';
import { documentAtOffset } from './documentAt';
import { lineIndexOf, type LineIndex } from './lines';
import { DISABLE_NEXT_LINE, isScalarText, yamlTokens } from './suppressions';
import type { Range } from './types';
import type { Workspace } from './workspace';

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
  if (isScalarText(tokens, lineStart - doc.startOffset)) return undefined;
  const title = `Ignore ${ruleId} for this line`;

  const above = line > 0 ? lineText(file.text, lines, line - 1) : undefined;
  const aboveIsComment = above !== undefined && !isScalarText(tokens, lines.offsetAt({ line: line - 1, character: 0 }) - doc.startOffset);
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
 * The YAML tokens of one document of a text, kept for the last one asked about: a code
 * action over the 1,000 findings of one document (a 1 MB env list) offers this fix for
 * each, and lexing the document for each made the request cost 1,000 times its size.
 */
let lastTokens: { text: string; start: number; length: number; tokens: ReturnType<typeof yamlTokens> } | undefined;
function tokensOf(text: string, start: number, length: number): ReturnType<typeof yamlTokens> {
  if (lastTokens?.text !== text || lastTokens.start !== start || lastTokens.length !== length) {
    lastTokens = { text, start, length, tokens: yamlTokens(text.slice(start, start + length)) };
  }
  return lastTokens.tokens;
}

function lineText(text: string, lines: LineIndex, line: number): string {
  return text.slice(lines.offsetAt({ line, character: 0 }), lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
}
