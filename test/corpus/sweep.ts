import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { ROOT } from '../support/paths';

/**
 * The corpus sweep: the CLI over the shared corpus of real manifests
 * (`../shared/corpus` beside the project, or SM_CORPUS), one repository at a time, as rows of
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

/** The YAML files of the corpus, sorted; none when it is absent (the caller says so). */
export function corpusFiles(): string[] {
  const { dir } = findCorpus();
  if (!dir) return [];
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

export interface Sweep {
  rows: string[];
  /** The worst exit status of the CLI's `main` (0 clean, 1 errors found; 2 bad usage). */
  status: number;
  /** What the CLI threw, if it did: a crash. */
  crash?: string;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI (its `main`, in this process: the code of dist/cli.js without a process
 * per repository) over each repository of the corpus (`<owner>__<repo>/`) as a workspace
 * of its own, as someone working in that repository has it. The corpus as one workspace
 * would put two dozen unrelated projects in one `default` namespace, where one project's
 * Helm template silences every namespace-wide rule of the others. Paths are relative to
 * the corpus.
 */
export function sweep(corpus: string): Sweep {
  const repos = fs.readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const rows: string[] = [];
  const result: Sweep = { rows, status: 0, stdout: '', stderr: '' };
  for (const repo of repos) {
    const out: string[] = [];
    try {
      const status = main(['check', path.join(corpus, repo)], { out: (line) => out.push(line), err: (line) => { result.stderr += `${line}\n`; }, cwd: corpus });
      result.status = Math.max(result.status, status);
    } catch (error) {
      result.crash = `${repo}: ${error instanceof Error ? error.stack : String(error)}`;
      return result;
    }
    result.stdout += out.map((l) => `${l}\n`).join('');
    for (const line of out) {
      const m = /^(\S+?):(\d+):(\d+) (error|warning|information|hint) ([a-z][a-z0-9-]*) /.exec(line);
      if (m) rows.push([m[1], m[2], m[3], m[5], m[4]].join('\t'));
    }
  }
  rows.sort(compareRows);
  return result;
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
  if (result.crash || result.status > 1) {
    console.error(`the CLI failed on the corpus (status ${result.status}): ${result.crash ?? result.stderr}`);
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
