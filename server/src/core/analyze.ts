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
  for (const resource of file.resources) {
    for (const rule of RULES_BY_KIND.get(resource.kind.value) ?? []) {
      const severity = severityOf(rule.id, rule.defaultSeverity, settings);
      if (!severity) continue;
      try {
        rule.check(resource, {
          workspace: view,
          report: (r) => findings.push({
            ruleId: rule.id,
            severity,
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
        findings.push({ ruleId: YAML_SYNTAX_RULE_ID, severity: syntaxSeverity, message: problem.message, uri, range: copyRange(problem.range), related: [] });
      }
    }
  }
  workspace.recordDependencies(uri, dependencies);
  return findings;
}
