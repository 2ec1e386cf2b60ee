import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile, readSettings, readWorkspaceSettings, RULE_IDS, Workspace, type Finding } from './core';
import { IndexFilter, IndexRun, indexFile, uriToPath } from './node/indexer';

/**
 * `stateful-manifests check <files|dirs...>`: the same analysis as the editor, for CI.
 * Prints `file:line:col severity rule-id message`; exits 1 when an error is found,
 * 2 on bad usage.
 */
const USAGE = `Usage: stateful-manifests check [options] <file|directory>...

Checks Kubernetes YAML: StatefulSets against their headless Services, workload
selectors against pod template labels, names against DNS rules.
Directories are indexed like an editor workspace: *.yaml, *.yml and Kustomization
files, not in node_modules or .git; kustomization namespaces apply; files under a
Helm chart's templates/ are indexed but get no findings.

Options:
  --namespace <name>        namespace of resources without metadata.namespace (default: default)
  --cluster-domain <domain> cluster DNS domain (default: cluster.local)
  --kubernetes-version <v>  the cluster's Kubernetes version, e.g. 1.30 (default: 1.33):
                            decides which API versions are removed
  --rule <id>=<level>       set a rule's severity: off, hint, information, warning, error
  --syntax-errors           also report YAML syntax errors
  --exclude <glob>          do not index paths matching the glob (relative to each
                            directory argument; repeatable), e.g. --exclude '**/vendor/**'
  --max-file-size-kb <n>    do not index files larger than n KiB (default: 2048)
  -h, --help                show this help

Exit status: 0 no errors, 1 errors found, 2 bad usage.
Rules: ${RULE_IDS.join(', ')}`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  settings: Record<string, unknown>;
}

function parseArgs(argv: string[]): Options | 'help' {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return 'help';
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'; the command is 'check'.` : 'no command given.');
  const options: Options = { paths: [], settings: { rules: {}, exclude: [] } };
  const rules = options.settings.rules as Record<string, string>;
  const exclude = options.settings.exclude as string[];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--namespace') options.settings.defaultNamespace = value();
    else if (arg === '--cluster-domain') options.settings.clusterDomain = value();
    else if (arg === '--kubernetes-version') options.settings.kubernetesVersion = value();
    else if (arg === '--syntax-errors') options.settings.reportSyntaxErrors = true;
    else if (arg === '--exclude') exclude.push(value());
    else if (arg === '--max-file-size-kb') {
      const v = value();
      // A number when it reads as one; else the text, so the error message quotes it.
      options.settings.maxFileSizeKB = v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    else if (arg === '--rule') {
      const [id, level] = value().split('=');
      if (!id || !level) throw new UsageError(`--rule takes <id>=<level>, e.g. --rule service-name-missing=off.`);
      rules[id] = level;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'.`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('no files or directories to check.');
  return options;
}

/**
 * A settings problem in the words of the command line: the option, not the setting,
 * and no "using the default" since the CLI stops on bad usage instead.
 */
function optionProblem(problem: string): string {
  return problem
    .replace(/^statefulManifests\.rules\["([^"]+)"\] must be/, '--rule $1=<level>: the level must be')
    .replace(/^statefulManifests\.rules: /, '--rule: ')
    .replace(/^statefulManifests\.defaultNamespace/, '--namespace')
    .replace(/^statefulManifests\.clusterDomain/, '--cluster-domain')
    .replace(/^statefulManifests\.kubernetesVersion/, '--kubernetes-version')
    .replace(/^statefulManifests\.maxFileSizeKB/, '--max-file-size-kb')
    .replace(/^statefulManifests\.exclude/, '--exclude')
    .replace(/; using [^;]*\.$/, '.')
    .replace(/; nothing is excluded\.$/, '.');
}

/**
 * Reads the paths into the workspace with the server's indexer: directories as the
 * editor indexes a workspace folder; files named on the command line always. Returns
 * the URIs to report on, sorted by path, and the files named explicitly that could not
 * be read as text.
 */
function indexPaths(workspace: Workspace, paths: string[], filter: IndexFilter): { uris: string[]; skipped: string[] } {
  const folders: string[] = [];
  const uris = new Set<string>();
  const skipped: string[] = [];
  for (const target of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      throw new UsageError(`'${target}' does not exist.`);
    }
    if (stat.isDirectory()) folders.push(path.resolve(target));
    else if (stat.isFile()) {
      // A file named explicitly is read whatever its size, name or the exclude globs.
      const result = indexFile(workspace, path.resolve(target), Number.MAX_SAFE_INTEGER);
      if (result.indexed) uris.add(result.uri);
      // Said, not silently dropped: someone who names a file expects it to be checked.
      else skipped.push(target);
    }
  }
  const run = new IndexRun(workspace, folders, filter);
  while (!run.finished) run.step();
  for (const uri of run.indexed) uris.add(uri);
  const sorted = [...uris].sort((a, b) => {
    const pa = uriToPath(a) ?? a;
    const pb = uriToPath(b) ?? b;
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
  return { uris: sorted, skipped };
}

function format(finding: Finding, cwd: string): string {
  const file = path.relative(cwd, fileURLToPath(finding.uri)) || fileURLToPath(finding.uri);
  const { line, character } = finding.range.start;
  return `${file}:${line + 1}:${character + 1} ${finding.severity} ${finding.ruleId} ${finding.message}`;
}

export function main(argv: string[], io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s), cwd: process.cwd() }): number {
  let options: Options | 'help';
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stateful-manifests: ${error.message}\nRun 'stateful-manifests --help' for usage.`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const { settings, problems: settingProblems } = readSettings(options.settings, RULE_IDS);
  const { settings: indexSettings, problems: indexProblems } = readWorkspaceSettings(options.settings);
  const problems = [...settingProblems, ...indexProblems];
  if (problems.length > 0) {
    for (const p of problems) io.err(`stateful-manifests: ${optionProblem(p)}`);
    return 2;
  }
  const workspace = new Workspace();
  workspace.setSettings(settings);
  let uris: string[];
  try {
    // One batch: kustomize effects are read once, after every file (see Workspace.batch).
    const indexed = workspace.batch(() => indexPaths(workspace, options.paths, new IndexFilter(indexSettings)));
    uris = indexed.uris;
    for (const file of indexed.skipped) {
      io.err(`stateful-manifests: skipped '${file}': it is not a readable text file (it holds NUL bytes, or cannot be read).`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stateful-manifests: ${error.message}`);
      return 2;
    }
    throw error;
  }
  let errors = 0;
  let total = 0;
  for (const uri of uris) {
    for (const finding of analyzeFile(workspace, uri)) {
      io.out(format(finding, io.cwd));
      total++;
      if (finding.severity === 'error') errors++;
    }
  }
  io.err(`${uris.length} file${uris.length === 1 ? '' : 's'} checked: ${total} finding${total === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}.`);
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
