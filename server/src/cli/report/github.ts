import type { Severity } from '../../core';
import { displayPath, fails, type ReportInput } from './model';

/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding:
 * `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. The runner
 * shows them on the pull request's changed lines. Escaping as @actions/core's
 * `command.ts` does it (actions/toolkit, packages/core/src/command.ts): in the message
 * `%`, CR and LF; in property values also `:` and `,`.
 */
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReport(input: ReportInput, quiet: boolean): string[] {
  const shown = quiet ? input.findings.filter((f) => fails(f.severity, input.failOn)) : input.findings;
  return shown.map((f) => {
    const { start, end } = f.range;
    const properties: [string, string | number][] = [
      ['file', displayPath(f.uri, input.baseDir)],
      ['line', start.line + 1],
      ['col', start.character + 1],
      ['endLine', end.line + 1],
      ['endColumn', end.character + 1],
      ['title', `${f.ruleId} (stateful-manifests)`],
    ];
    const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
    return `::${COMMAND[f.severity]} ${props}::${escapeData(f.message)}`;
  });
}
