import type { Severity } from '../../core';
import { displayName } from '../../cliInputs';
import { countBySeverity, counted, displayPath, fails, type ReportInput } from './model';

export interface TextOptions {
  /** ANSI colours (a terminal that wants them: see `useColor`). */
  color: boolean;
  /** Only the findings that fail the run, and no summary. */
  quiet: boolean;
}

const SGR = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', cyan: '\x1b[36m' };
const SEVERITY_COLOR: Record<Severity, string> = { error: SGR.red, warning: SGR.yellow, information: SGR.blue, hint: SGR.dim };

/**
 * Colours when standard output is a terminal, unless `NO_COLOR` is set to anything but
 * the empty string (no-color.org); `FORCE_COLOR` (not `0`) asks for them on a pipe.
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

/**
 * `file:line:col severity rule-id message`, one finding a line (1-based line and
 * column, columns in UTF-16 code units like the editor's), on stdout; the summary on
 * stderr so a pipe gets the findings alone.
 */
export function textReport(input: ReportInput, options: TextOptions): { stdout: string[]; stderr: string[] } {
  const paint = (code: string, s: string): string => (options.color ? `${code}${s}${SGR.reset}` : s);
  const shown = options.quiet ? input.findings.filter((f) => fails(f.severity, input.failOn)) : input.findings;
  const stdout = shown.map((f) => {
    // A name with a newline or control character is quoted: it must not forge a finding line.
    const where = `${displayName(displayPath(f.uri, input.baseDir))}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    return `${paint(SGR.bold, where)} ${paint(SEVERITY_COLOR[f.severity], f.severity)} ${paint(SGR.dim, f.ruleId)} ${f.message}`;
  });
  if (options.quiet) return { stdout, stderr: [] };
  return { stdout, stderr: [summary(input, options.color)] };
}

/**
 * `4 files checked: 9 findings, 2 errors.` On a colour terminal the other severities are
 * counted too, red when the run fails, else cyan.
 */
function summary(input: ReportInput, color: boolean): string {
  const counts = countBySeverity(input.findings);
  const line = `${counted(input.filesChecked, 'file')} checked: ${counted(input.findings.length, 'finding')}, ${counted(counts.error, 'error')}.`;
  if (!color) return line;
  const others = (['warning', 'information', 'hint'] as const).filter((s) => counts[s] > 0).map((s) => counted(counts[s], s));
  const failed = input.findings.some((f) => fails(f.severity, input.failOn));
  return `${failed ? SGR.red : SGR.cyan}${others.length > 0 ? `${line.slice(0, -1)} (${others.join(', ')}).` : line}${SGR.reset}`;
}
