import { lastIndexWhere } from './arrays';
import { LineIndex } from './lines';
import type { Resource } from './model';
import type { ParsedDocument, ParsedFile } from './parse';
import { isCheckable } from './rules/rule';
import { closestId } from './settings';
import { runToEnd, WorkBudget, type Steps } from './steps';
import type { Finding, Range, Severity } from './types';
import { comparePositions } from './types';
import { yamlTokens, type Token } from './yamlTokens';

/**
 * Suppressions written in the manifest, in the style of ESLint and ShellCheck:
 *
 * - `# stateful-manifests-disable-next-line [id[, id…]]` on its own line: findings that
 *   start on the next line that is neither blank nor a comment (so several directives
 *   and other comments may stand above the line). No id: every rule.
 * - `# stateful-manifests-disable [id[, id…]]`: findings that start after it, to the end
 *   of its YAML document. No id: every rule.
 * - `metadata.annotations["stateful-manifests.io/ignore"]: "id,id"` on an object (an
 *   item of a `kind: List` too): findings whose range lies inside that object. For what
 *   must survive tools that drop comments (kube-linter and kube-score read annotations
 *   the same way).
 *
 * After the ids, ` -- reason` is allowed and ignored. A suppression that suppresses
 * nothing, or names no rule, is reported as `unused-suppression` (information), so they
 * do not rot; but never where the rules were silent anyway (a templated document, one
 * with syntax errors, an object a kustomization patches, a rule turned off): there it
 * may well be needed, and unknown means silent.
 */

export const DISABLE_NEXT_LINE = 'stateful-manifests-disable-next-line';
export const DISABLE = 'stateful-manifests-disable';

/** A full-line comment holding a directive: `# stateful-manifests-disable[-next-line] ids -- reason`. */
const DIRECTIVE = /^([ \t]*)#[ \t]*(stateful-manifests-disable(?:-next-line)?)(?=[ \t]|$)([^\r\n]*)$/;

interface NamedRule {
  id: string;
  range: Range;
}

interface Directive {
  /** Where the directive is written: the comment, or the annotation's value. */
  range: Range;
  /** Rules named; empty means all. */
  rules: NamedRule[];
  /** Whether a finding is in the directive's scope. */
  covers(finding: Finding): boolean;
  /** The rules were able to speak in the whole scope (else "unused" is not known). */
  checkable: boolean;
  /** The rule ids that did suppress a finding ('*' for a directive without ids). */
  used: Set<string>;
  describe: string;
}

export interface SuppressionOptions {
  knownRuleIds: readonly string[];
  /** Whether a rule reports at all (a suppression of a rule turned off is not "unused"). */
  isOn(ruleId: string): boolean;
  /** The severity of unused-suppression itself, undefined when off. */
  unusedSeverity: Severity | undefined;
  unusedRuleId: string;
}

/**
 * Work (steps.ts, WorkBudget) between two yields of {@link applySuppressionsSteps}: a unit
 * is a document read for directives, a line of a document that holds the directive word,
 * a finding checked against one directive, or a directive checked for being unused. A few
 * milliseconds: the analysis of a 10 MB file of 35,425 findings ended with all of them
 * at once (issue 16).
 */
export const SUPPRESSION_WORK_PER_STEP = 8_192;

/**
 * The findings of a file with the suppressed ones taken out and the unused suppressions
 * added. Costs nothing for a file without the directive text or the annotation.
 */
export function applySuppressions(file: ParsedFile, findings: Finding[], options: SuppressionOptions): Finding[] {
  return runToEnd(applySuppressionsSteps(file, findings, options, Infinity));
}

/**
 * {@link applySuppressions} a step at a time, each of at most about `perStep` units of
 * work; the result is the same wherever the steps are cut. A document holding the
 * directive word is lexed whole within one step (its lines are then counted).
 */
export function* applySuppressionsSteps(file: ParsedFile, findings: Finding[], options: SuppressionOptions, perStep = SUPPRESSION_WORK_PER_STEP): Steps<Finding[]> {
  const budget = new WorkBudget(perStep);
  const directives = yield* readDirectives(file, budget);
  if (directives.length === 0) return findings;
  const kept: Finding[] = [];
  for (const finding of findings) {
    let suppressed = false;
    for (const directive of directives) {
      if (!directive.covers(finding)) continue;
      if (directive.rules.length === 0) {
        directive.used.add('*');
        suppressed = true;
      } else if (directive.rules.some((r) => r.id === finding.ruleId)) {
        directive.used.add(finding.ruleId);
        suppressed = true;
      }
    }
    if (!suppressed) kept.push(finding);
    if (budget.spend(directives.length)) yield;
  }
  if (!options.unusedSeverity) return kept;
  for (const directive of directives) {
    for (const problem of unusedParts(directive, options)) {
      kept.push({ ruleId: options.unusedRuleId, severity: options.unusedSeverity, message: problem.message, uri: file.uri, range: problem.range, related: [] });
    }
    if (budget.spend()) yield;
  }
  return kept;
}

function unusedParts(directive: Directive, options: SuppressionOptions): { range: Range; message: string }[] {
  const out: { range: Range; message: string }[] = [];
  for (const rule of directive.rules) {
    if (!options.knownRuleIds.includes(rule.id)) {
      const close = closestId(rule.id, options.knownRuleIds);
      out.push({ range: rule.range, message: `Unknown rule '${rule.id}' in this ${directive.describe}.${close ? ` Did you mean '${close}'?` : ''}` });
    }
  }
  if (!directive.checkable) return out;
  if (directive.rules.length === 0) {
    if (!directive.used.has('*')) out.push({ range: directive.range, message: `Nothing here to suppress. Remove this ${directive.describe}.` });
    return out;
  }
  for (const rule of directive.rules) {
    if (!options.knownRuleIds.includes(rule.id) || directive.used.has(rule.id) || !options.isOn(rule.id)) continue;
    out.push({ range: rule.range, message: `No '${rule.id}' finding here to suppress. Remove it from this ${directive.describe}.` });
  }
  return out;
}

// ---------------------------------------------------------------- reading

function* readDirectives(file: ParsedFile, budget: WorkBudget): Steps<Directive[]> {
  const directives: Directive[] = [];
  const hasComments = file.text.includes(DISABLE);
  for (let i = 0; i < file.documents.length; i++) {
    const doc = file.documents[i];
    let lines = 0;
    if (hasComments) {
      const text = file.text.slice(doc.startOffset, doc.startOffset + doc.length);
      if (text.includes(DISABLE)) {
        const read = commentDirectives(doc, text, file.documents[i + 1]?.anchor.startLine ?? Number.MAX_SAFE_INTEGER);
        for (const directive of read.directives) directives.push(directive);
        lines = read.lines;
      }
    }
    for (const resource of doc.resources) {
      const annotation = resource.ignoreAnnotation;
      if (annotation && annotation.value.trim() !== '') directives.push(annotationDirective(resource, annotation.value, annotation.range));
    }
    if (budget.spend(1 + lines)) yield;
  }
  return directives;
}

/** The directives of one document whose text holds the directive word somewhere. */
function commentDirectives(doc: ParsedDocument, text: string, nextDocumentLine: number): { directives: Directive[]; lines: number } {
  const comments = commentStarts(text);
  const lines = new LineIndex(text);
  const out: Directive[] = [];
  const firstLine = doc.anchor.startLine;
  const checkable = doc.syntaxErrors.length === 0 && !doc.templated && doc.resources.every(isCheckable);
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.offsetAt({ line, character: 0 });
    const end = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
    const m = DIRECTIVE.exec(text.slice(start, end));
    // A '#' in a block scalar or a multi-line quoted string is text, not a comment.
    if (!m || !comments.has(start + m[1].length)) continue;
    const fileLine = firstLine + line;
    const idsColumn = m[0].length - m[3].length;
    const rules = namedRules(m[3], fileLine, idsColumn);
    const range = { start: { line: fileLine, character: m[1].length }, end: { line: fileLine, character: m[0].trimEnd().length } };
    if (m[2] === DISABLE_NEXT_LINE) {
      const target = firstLine + nextContentLine(text, lines, line + 1);
      out.push({
        range, rules, checkable, used: new Set(), describe: 'disable-next-line comment',
        covers: (f) => f.range.start.line === target,
      });
    } else {
      out.push({
        range, rules, checkable, used: new Set(), describe: 'disable comment',
        covers: (f) => f.range.start.line > fileLine && f.range.start.line < nextDocumentLine,
      });
    }
  }
  return { directives: out, lines: lines.lineCount };
}

/** The ids after a directive word, with their ranges: separated by commas or spaces, up to ` -- reason`. */
function namedRules(rest: string, line: number, column: number): NamedRule[] {
  const reason = rest.search(/(^|[ \t])--([ \t]|$)/);
  const ids = reason < 0 ? rest : rest.slice(0, reason);
  const out: NamedRule[] = [];
  for (const m of ids.matchAll(/[^\s,]+/g)) {
    const at = column + (m.index ?? 0);
    out.push({ id: m[0], range: { start: { line, character: at }, end: { line, character: at + m[0].length } } });
  }
  return out;
}

/** The first line from `from` on that is neither blank nor a comment (or `from` when there is none). */
function nextContentLine(text: string, lines: LineIndex, from: number): number {
  for (let line = from; line < lines.lineCount; line++) {
    const content = text.slice(lines.offsetAt({ line, character: 0 }), lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER })).trim();
    if (content !== '' && !content.startsWith('#')) return line;
  }
  return from;
}

/** Offsets where the YAML lexer sees a comment begin. */
function commentStarts(text: string): Set<number> {
  return new Set(yamlTokens(text).filter((t) => !t.scalar && t.text.startsWith('#')).map((t) => t.offset));
}

/**
 * Whether the line starting at `lineStart` is text of a scalar (a block scalar's body,
 * or a continuation line of a multi-line plain or quoted scalar): a comment written
 * above it would become part of the value.
 */
export function isScalarText(tokens: readonly Token[], lineStart: number): boolean {
  // The tokens cover the text in order, end to end: the one holding `lineStart` is the last
  // that starts at or before it. Found by halving, not by a scan: a quick fix asks twice per
  // finding, and a document of a 20,000-entry env list has 140,000 tokens (0.7 s for the
  // fixes of 100 findings, issue 16).
  const t = tokens[lastIndexWhere(tokens, (token) => token.offset <= lineStart)];
  return !!t && t.scalar && lineStart < t.offset + t.text.length && (t.block || t.offset < lineStart);
}

function annotationDirective(resource: Resource, value: string, range: Range): Directive {
  // The ids inside a YAML scalar have no exact columns of their own (quotes, folding):
  // an unknown or unused one is reported on the whole value, and named in the message.
  const rules = value.split(',').map((id) => id.trim()).filter((id) => id !== '').map((id) => ({ id, range }));
  return {
    range,
    rules,
    checkable: isCheckable(resource),
    used: new Set(),
    describe: 'ignore annotation',
    covers: (f) => comparePositions(resource.range.start, f.range.start) <= 0 && comparePositions(f.range.end, resource.range.end) <= 0,
  };
}
