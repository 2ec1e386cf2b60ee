import { runToEnd } from './parse';
import { RULES, YAML_SYNTAX_RULE_ID, type Rule } from './rules';
import type { Settings } from './settings';
import { copyRange, type Finding, type Severity } from './types';
import type { DependencyKey, Workspace } from './workspace';

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

/** Resources checked between two yields of {@link analyzeFileSteps}: a few milliseconds of work. */
const RESOURCES_PER_STEP = 100;

/**
 * {@link analyzeFile} in steps: the generator yields every {@link RESOURCES_PER_STEP}
 * resources, so a server can answer requests during the analysis of a large file.
 * The caller must not change the workspace between steps (the language server's
 * scheduler runs no parse while an analysis is in progress).
 */
export function* analyzeFileSteps(workspace: Workspace, uri: string, onRuleError?: (rule: Rule, error: unknown) => void): Generator<void, Finding[]> {
  const file = workspace.effective(uri);
  const findings: Finding[] = [];
  const dependencies = new Set<DependencyKey>();
  if (!file) {
    workspace.forgetDependencies(uri);
    return findings;
  }
  if (workspace.isIndexOnly(uri)) {
    // A Helm chart template or a kustomize patch file: never the subject of a finding.
    workspace.recordDependencies(uri, dependencies);
    return findings;
  }
  const settings = workspace.settings;
  const view = workspace.view(dependencies);
  let checked = 0;
  for (const resource of file.resources) {
    if (++checked % RESOURCES_PER_STEP === 0) yield;
    for (const rule of RULES_BY_KIND.get(resource.kind.value) ?? []) {
      const severity = severityOf(rule.id, rule.defaultSeverity, settings);
      if (!severity) continue;
      try {
        rule.check(resource, {
          workspace: view,
          report: (r) => findings.push({
            ruleId: rule.id,
            severity: r.severity && settings.rules[rule.id] === undefined ? r.severity : severity,
            message: r.message,
            uri,
            range: copyRange(r.range),
            related: (r.related ?? []).map((rel) => ({ ...rel, range: copyRange(rel.range) })),
            data: r.data,
          }),
        });
      } catch (error) {
        onRuleError?.(rule, error);
      }
    }
  }
  const syntaxSeverity = settings.reportSyntaxErrors ? severityOf(YAML_SYNTAX_RULE_ID, 'error', settings) : undefined;
  if (syntaxSeverity) {
    for (const doc of file.documents) {
      if (doc.templated) continue;
      for (const problem of doc.syntaxErrors) {
        findings.push({ ruleId: YAML_SYNTAX_RULE_ID, severity: syntaxSeverity, message: shortened(problem.message), uri, range: copyRange(problem.range), related: [] });
      }
    }
  }
  workspace.recordDependencies(uri, dependencies);
  return findings;
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
