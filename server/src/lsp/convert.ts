import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Rule documentation ships with the extension (docs/rules/<id>.md beside dist/), so
 * the rule code in the Problems panel opens the page offline. By default the link is the
 * page's file: URI (any LSP client can open it); a client may ask in its
 * initializationOptions for another base (`ruleDocBase`, a URI the page's `<id>.md` is
 * appended to), such as the VS Code client's read-only scheme that opens the rendered
 * Markdown preview.
 */
let ruleDocBase: string | undefined;

/**
 * Each rule's page URI, computed once per rule and base: `pathToFileURL` for each of a
 * file's 1,000 diagnostics took 10-20 ms of the step that published them (issue 16).
 */
const ruleDocUris = new Map<string, string>();

export function setRuleDocBase(base: unknown): void {
  ruleDocBase = typeof base === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(base) ? base : undefined;
  ruleDocUris.clear();
}

export function ruleDocUri(ruleId: string): string {
  let uri = ruleDocUris.get(ruleId);
  if (uri === undefined) {
    uri = ruleDocBase ? `${ruleDocBase}${ruleId}.md` : pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules', `${ruleId}.md`)).href;
    ruleDocUris.set(ruleId, uri);
  }
  return uri;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: 'stateful-manifests',
    code: finding.ruleId,
    codeDescription: { href: ruleDocUri(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
    data: finding.data ? { ruleId: finding.ruleId, ...finding.data } : { ruleId: finding.ruleId },
  };
}

/**
 * At most this many diagnostics are published per file. A generated 50 MB file with
 * ~200,000 findings would otherwise be sent as one message of hundreds of MB, which the
 * server serialises and the editor renders synchronously. The first findings (in the
 * order the rules report them, file order within a rule) are kept.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1_000;

/** The diagnostics of a file, capped at {@link MAX_DIAGNOSTICS_PER_FILE}; `onCapped` is told how many there were. */
export function toDiagnostics(findings: readonly Finding[], onCapped: (total: number) => void): Diagnostic[] {
  if (findings.length > MAX_DIAGNOSTICS_PER_FILE) onCapped(findings.length);
  return findings.slice(0, MAX_DIAGNOSTICS_PER_FILE).map(toDiagnostic);
}

/** The message for a file whose findings were capped: logged, and shown once per file. */
export function cappedMessage(uri: string, total: number): string {
  return `${path.basename(uri)} has ${total} findings; only the first ${MAX_DIAGNOSTICS_PER_FILE} are shown. See docs/limits.md.`;
}
