import type { Finding, Range, RelatedLocation, Severity } from '../../core';
import { baseDirUri, type ReportInput, type RuleInfo } from './model';

/**
 * `--format sarif`: a SARIF 2.1.0 log (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
 * as GitHub code scanning accepts it ("SARIF support for code scanning", docs.github.com):
 * one run; `tool.driver` with every rule (id, short description, help URI, default level);
 * each result with its rule, level, message and one physical location: the file relative
 * to the working directory under the base id `%SRCROOT%` (declared in
 * `originalUriBaseIds`; run the CLI from the repository root in CI), 1-based start and
 * end line and column; the finding's related locations as `relatedLocations`.
 *
 * Columns are UTF-16 code units, as the editor counts them and as SARIF counts by
 * default (`columnKind: utf16CodeUnits`, SARIF §3.14.17); `endColumn` is the column
 * after the last character (§3.30.7).
 */
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function region(range: Range): object {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** A file's artifact location: relative to `%SRCROOT%` when inside the base directory, else its absolute URI. */
function artifactLocation(uri: string, base: string): object {
  return uri.startsWith(base) ? { uri: uri.slice(base.length), uriBaseId: SRCROOT } : { uri };
}

function physicalLocation(uri: string, range: Range, base: string): object {
  return { artifactLocation: artifactLocation(uri, base), region: region(range) };
}

/** Plain text for SARIF's `text` properties: Markdown code spans lose their backticks. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1');
}

function sarifRule(rule: RuleInfo): object {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: plain(rule.summary) },
    fullDescription: { text: plain(rule.summary) },
    helpUri: rule.helpUri,
    help: rule.helpMarkdown ? { text: plain(rule.summary), markdown: rule.helpMarkdown } : { text: plain(rule.summary) },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ['kubernetes'] },
  };
}

function sarifResult(f: Finding, ruleIndex: number, base: string): object {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physicalLocation(f.uri, f.range, base) }],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((r: RelatedLocation, i) => ({ id: i + 1, physicalLocation: physicalLocation(r.uri, r.range, base), message: { text: r.message } })) }
      : {}),
  };
}

export function sarifReport(input: ReportInput): string {
  const base = baseDirUri(input.baseDir);
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i]));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: input.tool.name,
          version: input.tool.version,
          semanticVersion: input.tool.version,
          rules: input.rules.map(sarifRule),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: base } },
      columnKind: 'utf16CodeUnits',
      results: input.findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId) ?? -1, base)),
    }],
  }, null, 2);
}
