import type { Finding, Range } from '../../core';
import { countBySeverity, displayPath, fails, type ReportInput } from './model';

/**
 * `--format json`: one JSON object for scripts, documented in docs/cli-json.md. The
 * shape is versioned by `version`: a field may be added within a version, never
 * removed or changed in meaning.
 */
export const JSON_REPORT_VERSION = 1;

interface JsonRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** 1-based lines and columns, columns in UTF-16 code units (as the editor counts). */
function jsonRange(range: Range): JsonRange {
  return {
    start: { line: range.start.line + 1, column: range.start.character + 1 },
    end: { line: range.end.line + 1, column: range.end.character + 1 },
  };
}

function jsonFinding(f: Finding, input: ReportInput): object {
  return {
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: displayPath(f.uri, input.baseDir),
    uri: f.uri,
    range: jsonRange(f.range),
    related: f.related.map((r) => ({ message: r.message, file: displayPath(r.uri, input.baseDir), uri: r.uri, range: jsonRange(r.range) })),
    fails: fails(f.severity, input.failOn),
  };
}

export function jsonReport(input: ReportInput): string {
  const counts = countBySeverity(input.findings);
  return JSON.stringify({
    version: JSON_REPORT_VERSION,
    tool: input.tool,
    failOn: input.failOn,
    summary: { files: input.filesChecked, findings: input.findings.length, ...counts, failed: input.findings.some((f) => fails(f.severity, input.failOn)) },
    findings: input.findings.map((f) => jsonFinding(f, input)),
  }, null, 2);
}
