/**
 * Plain data types of the analysis core. They have the same shape as the LSP types
 * (zero-based lines, UTF-16 characters) so adapters convert without arithmetic,
 * but the core never imports the protocol.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A value read from the YAML source, with the range of the node it came from. */
export interface Located<T = string> {
  value: T;
  range: Range;
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  related: RelatedLocation[];
  /** Rule-specific facts a quick fix needs (JSON-serialisable). */
  data?: Record<string, unknown>;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}

export function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}
