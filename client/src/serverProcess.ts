import SERVER_PROCESS from './serverProcess.json';

/** The options of the server's node process: its V8 flags, and the editor's environment with ours added. */
export interface ServerProcessOptions {
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * How the server process starts (serverProcess.json, read by the benchmark too, which
 * starts the server the same way). All three settings are for memory:
 * - a young generation of at most 1 MB per semi-space: V8 grows it to 16 MB while a
 *   large file is parsed, and keeps it;
 * - no allocation-site pretenuring: objects of the parse go to the young generation
 *   and die there, instead of filling old-generation pages that stay mapped;
 * - one glibc malloc arena: V8's background compiler threads each took an arena of
 *   their own, kept after use.
 * Opening a 1 MB file grew the server's RSS by 31x the text with the 2 MB young
 * generation alone, by 14.7x with these, in the same time (docs/performance.md).
 * MALLOC_ARENA_MAX means nothing outside glibc, and is then ignored.
 */
export function serverProcessOptions(editorEnv: NodeJS.ProcessEnv): ServerProcessOptions {
  return { execArgv: [...SERVER_PROCESS.execArgv], env: { ...editorEnv, ...SERVER_PROCESS.env } };
}
