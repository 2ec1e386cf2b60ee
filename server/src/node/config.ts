import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, readConfig, RULE_IDS } from '../core';

/**
 * Reading the shared config file (core/config.ts reads its text) for the CLI and the
 * language server.
 */

/**
 * The nearest `.stateful-manifests.yaml`: in `from`, then each parent up to the
 * repository root (the first folder with `.git`) or the file system root.
 */
export function findConfig(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || fs.existsSync(path.join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  raw: Record<string, unknown>;
  /** `file:line: message`, one per problem; the run goes on with the defaults for those. */
  problems: string[];
  /** Set when a file named with --config cannot be read. */
  unreadable?: string;
}

/** Reads `file`; messages call it `shownAs`. */
export function loadConfig(file: string, shownAs: string, named: boolean): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const message = `cannot read the config file '${shownAs}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`;
    return named ? { raw: {}, problems: [], unreadable: message } : { raw: {}, problems: [message] };
  }
  const { raw, problems } = readConfig(text, RULE_IDS);
  return { raw, problems: problems.map((p) => `${shownAs}:${p.replace(/^line (\d+): /, '$1: ')}`) };
}
