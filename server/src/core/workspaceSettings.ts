/**
 * Settings of the workspace index and of where diagnostics are shown. They are read
 * apart from the analysis settings (./settings.ts) because they never change a finding:
 * they choose which files are read and which files' findings are shown.
 */
import { compileGlobs, GlobError } from './glob';
import { listed, quoted } from './settingsText';

export type DiagnosticsScope = 'openFiles' | 'workspace';

export interface WorkspaceSettings {
  /** Globs (see ./glob.ts for the syntax) of paths, relative to a workspace folder, that are not indexed. */
  exclude: string[];
  /** Files larger than this many KiB (1,024 bytes) are not indexed. */
  maxFileSizeKB: number;
  /** `openFiles`: findings of open files only; `workspace`: of every indexed file. */
  diagnosticsScope: DiagnosticsScope;
}

/** At most this many exclude globs are used (each costs time for every path walked). */
export const MAX_EXCLUDE_PATTERNS = 256;
/** Longer exclude globs are ignored. */
export const MAX_EXCLUDE_PATTERN_CHARS = 1024;

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = Object.freeze({
  exclude: [],
  maxFileSizeKB: 2048,
  diagnosticsScope: 'openFiles',
}) as WorkspaceSettings;

/** Reads `statefulManifests.exclude`, `.maxFileSizeKB` and `.diagnostics.scope`; bad values fall back to defaults, named in `problems`. */
export function readWorkspaceSettings(raw: unknown): { settings: WorkspaceSettings; problems: string[] } {
  const input = isObject(raw) ? raw : {};
  const problems: string[] = [];
  const settings: WorkspaceSettings = { ...DEFAULT_WORKSPACE_SETTINGS, exclude: [] };

  const exclude = input.exclude;
  if (exclude !== undefined) {
    if (Array.isArray(exclude) && exclude.every((g) => typeof g === 'string')) settings.exclude = usableGlobs(exclude.filter((g) => g.trim() !== ''), problems);
    else problems.push(`statefulManifests.exclude must be a list of glob patterns such as ["**/vendor/**"], not ${quoted(exclude)}; nothing is excluded.`);
  }

  const size = input.maxFileSizeKB;
  if (size !== undefined) {
    if (typeof size === 'number' && Number.isFinite(size) && size > 0) settings.maxFileSizeKB = size;
    else problems.push(`statefulManifests.maxFileSizeKB must be a positive number of KiB, not ${quoted(size)}; using 2048 (2 MiB).`);
  }

  const diagnostics = input.diagnostics;
  const scope = isObject(diagnostics) ? diagnostics.scope : undefined;
  if (scope !== undefined) {
    if (scope === 'openFiles' || scope === 'workspace') settings.diagnosticsScope = scope;
    else problems.push(`statefulManifests.diagnostics.scope must be "openFiles" or "workspace", not ${quoted(scope)}; using "openFiles".`);
  }
  return { settings, problems };
}

/**
 * The globs that are used: at most {@link MAX_EXCLUDE_PATTERNS}, none longer than
 * {@link MAX_EXCLUDE_PATTERN_CHARS}, none the matcher refuses (./glob.ts). One problem
 * per kind, naming a few of the globs.
 */
function usableGlobs(globs: string[], problems: string[]): string[] {
  const used: string[] = [];
  const tooLong: string[] = [];
  const refused: { glob: string; reason: string }[] = [];
  for (const glob of globs.slice(0, MAX_EXCLUDE_PATTERNS)) {
    if (glob.length > MAX_EXCLUDE_PATTERN_CHARS) {
      tooLong.push(glob);
      continue;
    }
    try {
      compileGlobs([glob]);
      used.push(glob);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      refused.push({ glob, reason: error.message });
    }
  }
  if (globs.length > MAX_EXCLUDE_PATTERNS) {
    problems.push(`statefulManifests.exclude has ${globs.length} patterns; only the first ${MAX_EXCLUDE_PATTERNS} are used.`);
  }
  if (tooLong.length > 0) {
    problems.push(`statefulManifests.exclude: patterns over ${MAX_EXCLUDE_PATTERN_CHARS} characters are ignored: ${listed(tooLong)}.`);
  }
  if (refused.length > 0) {
    problems.push(`statefulManifests.exclude: patterns ignored: ${listed(refused.map((r) => r.glob))} (${refused[0].reason}).`);
  }
  return used;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
