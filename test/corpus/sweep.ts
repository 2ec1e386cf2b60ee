import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

/**
 * The corpus sweep: the built CLI over the shared corpus of real manifests
 * (`../shared/corpus` beside the project, or SM_CORPUS), as rows of
 * `file, line, column, rule id, severity` (no message text, so rewording a message does
 * not churn them). `npm run corpus:update` runs this file to rewrite
 * test/corpus/expected-findings.tsv for review; corpus.test.ts compares.
 */
export const EXPECTED = path.join(ROOT, 'test', 'corpus', 'expected-findings.tsv');
const HEADER = '# file\tline\tcolumn\trule\tseverity';

/**
 * Where the corpus is: SM_CORPUS when set, else `shared/corpus` in the folder beside the
 * project (`../shared/corpus`), or one level further up (a git worktree under `../wt/`).
 */
export function findCorpus(): { dir?: string; looked: string[] } {
  if (process.env.SM_CORPUS) {
    const dir = path.resolve(process.env.SM_CORPUS);
    return { dir: fs.existsSync(dir) ? dir : undefined, looked: [dir] };
  }
  const looked = [path.resolve(ROOT, '..', 'shared', 'corpus'), path.resolve(ROOT, '..', '..', 'shared', 'corpus')];
  return { dir: looked.find((d) => fs.existsSync(d)), looked };
}

export interface Sweep {
  rows: string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI over the corpus (paths relative to it): its rows, sorted. */
export function sweep(corpus: string): Sweep {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', '.'], { cwd: corpus, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const rows: string[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^(\S+?):(\d+):(\d+) (error|warning|information|hint) ([a-z][a-z0-9-]*) /.exec(line);
    if (m) rows.push([m[1], m[2], m[3], m[5], m[4]].join('\t'));
  }
  rows.sort(compareRows);
  return { rows, status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

function compareRows(a: string, b: string): number {
  const [fa, la, ca, ra] = a.split('\t');
  const [fb, lb, cb, rb] = b.split('\t');
  if (fa !== fb) return fa < fb ? -1 : 1;
  return Number(la) - Number(lb) || Number(ca) - Number(cb) || (ra < rb ? -1 : ra > rb ? 1 : 0);
}

export function readExpected(): string[] {
  return fs.readFileSync(EXPECTED, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** `npm run corpus:update`: rewrites the expectations and prints what changed, for review. */
function update(): number {
  const { dir, looked } = findCorpus();
  if (!dir) {
    console.error(`corpus not found (looked in ${looked.join(', ')}); set SM_CORPUS to its folder`);
    return 2;
  }
  const result = sweep(dir);
  if (result.status !== 0 && result.status !== 1) {
    console.error(`the CLI failed on the corpus (status ${result.status}, signal ${result.signal}):\n${result.stderr}`);
    return 2;
  }
  const before = fs.existsSync(EXPECTED) ? readExpected() : [];
  fs.writeFileSync(EXPECTED, `${HEADER}\n${result.rows.join('\n')}\n`);
  const added = result.rows.filter((r) => !before.includes(r));
  const removed = before.filter((r) => !result.rows.includes(r));
  console.log(`${path.relative(ROOT, EXPECTED)}: ${result.rows.length} findings (${added.length} new, ${removed.length} gone)`);
  for (const r of added) console.log(`+ ${r}`);
  for (const r of removed) console.log(`- ${r}`);
  if (added.length + removed.length > 0) console.log('Judge each change in test/corpus/JUDGEMENTS.md (true problem or not, and why); fix any false positive.');
  return 0;
}

if (require.main === module) process.exitCode = update();
