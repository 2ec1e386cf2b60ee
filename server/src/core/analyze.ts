import { abbreviateLongRuns } from './abbreviate';
import { runToEnd } from './parse';
import { helmRenderFindings } from './helm/problems';
import { RULE_IDS, RULES, UNUSED_SUPPRESSION_RULE_ID, unusedSuppression, YAML_SYNTAX_RULE_ID, type Rule } from './rules';
import type { RuleContext } from './rules/rule';
import type { Settings } from './settings';
import { applySuppressionsSteps } from './suppressions';
import { WorkBudget, type Steps } from './steps';
import type { Resource } from './model';
import { copyRange, type Finding, type RelatedLocation, type Severity } from './types';
import type { DependencyKey, Workspace, WorkspaceView } from './workspace';
import { SCANNED_PARSES_PER_STEP, ScannedParsesDue, withinScannedBudgetSteps, type ScannedParseBudget } from './workspace/scannedParses';

/** Rules by the kind they look at, so each resource meets only its own rules. */
const RULES_BY_KIND = new Map<string, Rule[]>();
for (const rule of RULES) {
  for (const kind of rule.kinds) {
    const list = RULES_BY_KIND.get(kind) ?? [];
    list.push(rule);
    RULES_BY_KIND.set(kind, list);
  }
}

export function severityOf(ruleId: string, defaultSeverity: Severity, settings: Settings): Severity | undefined {
  const level = settings.rules[ruleId];
  if (level === 'off') return undefined;
  return level ?? defaultSeverity;
}

/**
 * The findings of one file against the whole workspace. What the rules looked up is
 * recorded, so the workspace knows which files to re-check when another one changes.
 * A rule that throws loses its own findings for that resource, nothing else.
 */
export function analyzeFile(workspace: Workspace, uri: string, onRuleError?: (rule: Rule, error: unknown) => void): Finding[] {
  return runToEnd(analyzeFileSteps(workspace, uri, onRuleError));
}

let filesAnalysed = 0;

/**
 * How many file analyses have started since the process started: tests and
 * scripts/bench-edits-core.mjs check that an edit re-analyses O(changed) files, not O(workspace).
 */
export function filesAnalysedSoFar(): number {
  return filesAnalysed;
}

/** Resources checked between two yields of {@link analyzeFileSteps}: a few milliseconds of work. */
const RESOURCES_PER_STEP = 100;

/** Findings given their related places (and syntax errors added) between two yields at the end of {@link analyzeFileSteps}. */
export const FINDINGS_PER_STEP = 4_096;

/**
 * {@link analyzeFile} in steps: the generator yields every {@link RESOURCES_PER_STEP}
 * resources, so a server can answer requests during the analysis of a large file.
 * The caller must not change the workspace between steps (the language server's
 * scheduler runs no parse while an analysis is in progress).
 */
export function* analyzeFileSteps(workspace: Workspace, uri: string, onRuleError?: (rule: Rule, error: unknown) => void): Generator<void, Finding[]> {
  filesAnalysed++;
  const file = workspace.effective(uri);
  const findings: Finding[] = [];
  const dependencies = new Set<DependencyKey>();
  if (!file) {
    workspace.forgetDependencies(uri);
    return findings;
  }
  const settings = workspace.settings;
  // Why a chart template (or the chart) could not be rendered: information, said once.
  findings.push(...helmRenderFindings(workspace, uri, file));
  if (workspace.isIndexOnly(uri)) {
    // A Helm chart template no chart renders, or a kustomize patch file: never the subject of a finding.
    workspace.recordDependencies(uri, dependencies);
    return findings;
  }
  const budget: ScannedParseBudget = { left: SCANNED_PARSES_PER_STEP };
  const view = workspace.view(dependencies, budget);
  const progress = { count: 0, budget, parse: (uri: string) => workspace.parseScannedFileSteps(uri) };
  yield* checkResources(file.resources, view, settings, progress, (finding) => findings.push({ ...finding, uri }), onRuleError);
  // A chart's Chart.yaml also shows what the rules find in its packaged subcharts' templates (helm/packaged.ts).
  for (const packaged of workspace.charts?.packagedTemplatesOf(uri) ?? []) {
    const location = workspace.charts!.packagedLocation(packaged.uri)!;
    yield* checkResources(packaged.resources, view, settings, progress, (finding) => findings.push({ ...finding, uri, range: copyRange(location.range), message: `${finding.message} ${location.where}` }), onRuleError);
  }
  // The end of the analysis in steps too: with 35,425 findings it was 40-90 ms in one (issue 16).
  const ending = new WorkBudget(FINDINGS_PER_STEP);
  // Related places inside packaged templates have no file: they are shown at their Chart.yaml entry.
  for (const finding of findings) {
    if (finding.related.length > 0) finding.related = finding.related.map((rel) => packagedRelated(workspace, rel));
    if (ending.spend()) yield;
  }
  const syntaxSeverity = settings.reportSyntaxErrors ? severityOf(YAML_SYNTAX_RULE_ID, 'error', settings) : undefined;
  // A rendered template's syntax errors are the chart's output, not text the user typed here.
  if (syntaxSeverity && !file.helm) {
    for (const doc of file.documents) {
      if (doc.templated) continue;
      for (const problem of doc.syntaxErrors) {
        findings.push({ ruleId: YAML_SYNTAX_RULE_ID, severity: syntaxSeverity, message: shortened(problem.message), uri, range: copyRange(problem.range), related: [] });
        if (ending.spend()) yield;
      }
    }
  }
  yield* workspace.recordDependenciesSteps(uri, dependencies);
  return yield* applySuppressionsSteps(file, findings, {
    knownRuleIds: RULE_IDS,
    isOn: (id) => id === YAML_SYNTAX_RULE_ID ? !!syntaxSeverity : severityOf(id, 'error', settings) !== undefined,
    unusedSeverity: severityOf(UNUSED_SUPPRESSION_RULE_ID, unusedSuppression.defaultSeverity, settings),
    unusedRuleId: UNUSED_SUPPRESSION_RULE_ID,
  });
}

/** How far an analysis got: resources checked, scanned files it may still parse in this step (scannedParses.ts). */
interface Progress {
  count: number;
  budget: ScannedParseBudget;
  parse(uri: string): Steps<void>;
}

/**
 * Runs the rules on resources, handing each finding (its uri still to be set) to `add`. A
 * resource whose lookups would parse more scanned files than the step may is checked again
 * once those are parsed, a step at a time; its findings are handed on from the check that ended.
 */
function* checkResources(resources: readonly Resource[], view: WorkspaceView, settings: Settings, progress: Progress, add: (finding: Finding) => void, onRuleError?: (rule: Rule, error: unknown) => void): Generator<void> {
  const { budget } = progress;
  // One object may have 160,000 findings (an env list): handing them on is stepped too.
  const handing = new WorkBudget(FINDINGS_PER_STEP);
  for (const resource of resources) {
    if (++progress.count % RESOURCES_PER_STEP === 0) {
      yield;
      budget.left = SCANNED_PARSES_PER_STEP;
    }
    const found = yield* withinScannedBudgetSteps(budget, progress.parse, function* () {
      const findings: Finding[] = [];
      yield* checkResourceSteps(resource, view, settings, (finding) => findings.push(finding), onRuleError);
      return findings;
    });
    for (const finding of found) {
      add(finding);
      if (handing.spend()) yield;
    }
  }
}

/**
 * Runs the rules of its kind on one resource, a rule that checks in steps (Rule.checkSteps)
 * yielding between them; a rule's error goes to `onRuleError`, a lookup's
 * {@link ScannedParsesDue} up.
 */
function* checkResourceSteps(resource: Resource, view: WorkspaceView, settings: Settings, add: (finding: Finding) => void, onRuleError?: (rule: Rule, error: unknown) => void): Generator<void> {
  for (const rule of RULES_BY_KIND.get(resource.kind.value) ?? []) {
    const severity = severityOf(rule.id, rule.defaultSeverity, settings);
    if (!severity) continue;
    try {
      const context: RuleContext = {
        workspace: view,
        report: (r) => add({
          ruleId: rule.id,
          severity: r.severity && settings.rules[rule.id] === undefined ? r.severity : severity,
          message: abbreviateLongRuns(r.message),
          uri: resource.uri,
          range: copyRange(r.range),
          related: (r.related ?? []).map((rel) => ({ ...rel, message: abbreviateLongRuns(rel.message), range: copyRange(rel.range) })),
          data: r.data,
        }),
      };
      if (rule.checkSteps) yield* rule.checkSteps(resource, context);
      else rule.check(resource, context);
    } catch (error) {
      if (error instanceof ScannedParsesDue) throw error;
      onRuleError?.(rule, error);
    }
  }
}

/** A related place inside a packaged subchart's template, moved to its Chart.yaml entry, saying where it really is. */
function packagedRelated(workspace: Workspace, related: RelatedLocation): RelatedLocation {
  const where = workspace.charts?.packagedLocation(related.uri)?.where;
  return where ? { ...workspace.charts!.shownLocation(related), message: `${related.message} ${where}` } : related;
}

/**
 * Longest yaml-syntax message shown; the range already points at the text. Under 100, so
 * the message's first sentence says what is wrong in under 100 characters like every
 * other rule's (test/core/messages.test.ts).
 */
const SYNTAX_MESSAGE_MAX = 99;

/**
 * A parser message cut to {@link SYNTAX_MESSAGE_MAX} characters, at a word break when
 * one is near, with an ellipsis. Some `yaml` messages quote the offending token in full
 * ("Not a YAML token: …", "Unexpected scalar token in YAML document: …"), which can be
 * the rest of the document.
 */
export function shortened(message: string): string {
  if (message.length <= SYNTAX_MESSAGE_MAX) return message;
  let cut = SYNTAX_MESSAGE_MAX - 1;
  const space = message.lastIndexOf(' ', cut);
  if (space > SYNTAX_MESSAGE_MAX - 30) cut = space;
  // Never end between the two halves of a surrogate pair.
  else if (/[\uD800-\uDBFF]/.test(message.charAt(cut - 1))) cut -= 1;
  return `${message.slice(0, cut).trimEnd()}…`;
}
