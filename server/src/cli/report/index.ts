import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, unusedSuppression, YAML_SYNTAX_RULE_ID, type Severity } from '../../core';
import { githubReport } from './github';
import { jsonReport } from './json';
import { fails, type ReportInput, type RuleInfo } from './model';
import { sarifReport } from './sarif';
import { textReport } from './text';

export { FAIL_ON_LEVELS, type FailOn, type ReportInput } from './model';
export { useColor } from './text';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Every rule as reports describe it. Help pages: `docsBaseUrl` + `<id>.md` when given
 * (e.g. the repository's docs/rules/ on the web), else the page shipped beside the CLI
 * (docs/rules/ next to dist/), as a file URI.
 */
export function ruleInfos(docsBaseUrl?: string): RuleInfo[] {
  const docsDir = path.resolve(__dirname, '..', 'docs', 'rules');
  const all: { id: string; summary: string; defaultSeverity: Severity }[] = [
    ...RULES,
    { id: YAML_SYNTAX_RULE_ID, summary: 'A YAML syntax error (reported only when enabled).', defaultSeverity: 'error' },
    unusedSuppression,
  ];
  return all.map((rule) => {
    const page = path.join(docsDir, `${rule.id}.md`);
    let helpMarkdown: string | undefined;
    try {
      helpMarkdown = fs.readFileSync(page, 'utf8');
    } catch {
      helpMarkdown = undefined;
    }
    const helpUri = docsBaseUrl ? `${docsBaseUrl.replace(/\/?$/, '/')}${rule.id}.md` : pathToFileURL(page).href;
    return { id: rule.id, summary: rule.summary, defaultSeverity: rule.defaultSeverity, helpUri, helpMarkdown };
  });
}

/** Writes the report in `format`; returns the exit status (1 when a finding fails the run under `--fail-on`). */
export function writeReport(format: Format, input: ReportInput, io: Output, options: { color: boolean; quiet: boolean }): number {
  switch (format) {
    case 'json':
      io.out(jsonReport(input));
      break;
    case 'sarif':
      io.out(sarifReport(input));
      break;
    case 'github':
      for (const line of githubReport(input, options.quiet)) io.out(line);
      for (const line of textReport(input, { ...options, color: false }).stderr) io.err(line);
      break;
    default: {
      const { stdout, stderr } = textReport(input, options);
      for (const line of stdout) io.out(line);
      for (const line of stderr) io.err(line);
    }
  }
  return input.findings.some((f) => fails(f.severity, input.failOn)) ? 1 : 0;
}
