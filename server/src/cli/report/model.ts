import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../../core';

/**
 * What every report format is made from: the findings of one `check` run, in the order
 * they are printed, and where they are relative to.
 */
export interface ReportInput {
  findings: readonly Finding[];
  filesChecked: number;
  /** Paths are shown relative to this directory (the working directory) when inside it. */
  baseDir: string;
  tool: { name: string; version: string };
  /** Rules that may appear in the report, for formats that list them (SARIF). */
  rules: readonly RuleInfo[];
  /** Findings at or above this severity fail the run ('none': nothing does). */
  failOn: FailOn;
}

export interface RuleInfo {
  id: string;
  summary: string;
  defaultSeverity: Severity;
  /** Absolute URI of the rule's documentation page. */
  helpUri: string;
  /** The page itself (Markdown), when it could be read. */
  helpMarkdown?: string;
}

export type FailOn = Severity | 'none';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'information', 'hint', 'none'];

const RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };

/** Whether a finding of this severity makes the exit status 1 under `--fail-on`. */
export function fails(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && RANK[severity] >= RANK[failOn];
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * A file's path as reports show it: relative to `baseDir` with `/` separators when the
 * file is inside it, else absolute. `undefined` for a URI that is not a file.
 */
export function relativePath(uri: string, baseDir: string): string | undefined {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  const relative = path.relative(baseDir, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The path to print for a file: relative when inside `baseDir`, else absolute. */
export function displayPath(uri: string, baseDir: string): string {
  const relative = relativePath(uri, baseDir);
  if (relative !== undefined) return relative;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** `baseDir` as a file URI ending in `/`, the base relative paths resolve against. */
export function baseDirUri(baseDir: string): string {
  const href = pathToFileURL(baseDir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** `s` in the plural when `n` is not 1: `3 findings`, `1 error`. */
export function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'information' ? '' : 's'}`;
}
