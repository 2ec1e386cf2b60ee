/**
 * Settings of the workspace index and of where diagnostics are shown. They are read
 * apart from the analysis settings (./settings.ts) because they never change a finding:
 * they choose which files are read and which files' findings are shown.
 */
export type DiagnosticsScope = 'openFiles' | 'workspace';

export interface WorkspaceSettings {
  /** Globs (picomatch syntax) of paths, relative to a workspace folder, that are not indexed. */
  exclude: string[];
  /** Files larger than this many KiB (1,024 bytes) are not indexed. */
  maxFileSizeKB: number;
  /** `openFiles`: findings of open files only; `workspace`: of every indexed file. */
  diagnosticsScope: DiagnosticsScope;
}

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
    if (Array.isArray(exclude) && exclude.every((g) => typeof g === 'string')) settings.exclude = exclude.filter((g) => g.trim() !== '');
    else problems.push(`statefulManifests.exclude must be a list of glob patterns such as ["**/vendor/**"], not ${JSON.stringify(exclude)}; nothing is excluded.`);
  }

  const size = input.maxFileSizeKB;
  if (size !== undefined) {
    if (typeof size === 'number' && Number.isFinite(size) && size > 0) settings.maxFileSizeKB = size;
    else problems.push(`statefulManifests.maxFileSizeKB must be a positive number of KiB, not ${JSON.stringify(size)}; using 2048 (2 MiB).`);
  }

  const diagnostics = input.diagnostics;
  const scope = isObject(diagnostics) ? diagnostics.scope : undefined;
  if (scope !== undefined) {
    if (scope === 'openFiles' || scope === 'workspace') settings.diagnosticsScope = scope;
    else problems.push(`statefulManifests.diagnostics.scope must be "openFiles" or "workspace", not ${JSON.stringify(scope)}; using "openFiles".`);
  }
  return { settings, problems };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
