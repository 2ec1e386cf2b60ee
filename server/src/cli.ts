import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayName, parseRuleOption, readInputs, UsageError } from './cliInputs';
import { analyzeFile, readSettings, readWorkspaceSettings, RULE_IDS, Workspace, type Finding } from './core';
import { IndexFilter } from './node/indexer';

/**
 * `stateful-manifests check <files|dirs...>`: the same analysis as the editor, for CI.
 * Prints `file:line:col severity rule-id message`; exits 1 when an error is found,
 * 2 on bad usage.
 */
const USAGE = `Usage: stateful-manifests check [options] <file|directory|->...

Checks Kubernetes YAML: StatefulSets against their headless Services, workload
selectors against pod template labels, names against DNS rules.
Directories are indexed like an editor workspace: *.yaml, *.yml and Kustomization
files, not in node_modules or .git, never through a symbolic link; kustomization
namespaces apply; files under a Helm chart's templates/ are indexed but get no
findings. '-' reads standard input.

Options:
  --namespace <name>        namespace of resources without metadata.namespace (default: default)
  --cluster-domain <domain> cluster DNS domain (default: cluster.local)
  --rule <id>=<level>       set a rule's severity: off, hint, information, warning, error
  --syntax-errors           also report YAML syntax errors
  --exclude <glob>          do not index paths matching the glob (relative to each
                            directory argument; repeatable), e.g. --exclude '**/vendor/**'
  --max-file-size-kb <n>    do not index files larger than n KiB (default: 2048)
  -h, --help                show this help

Exit status: 0 no errors, 1 errors found, 2 bad usage, an input that cannot be
read, or an internal error.
Rules: ${RULE_IDS.join(', ')}`;

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
      if (v === undefined || (v.startsWith('--') && v !== '--')) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--namespace') options.settings.defaultNamespace = value();
    else if (arg === '--cluster-domain') options.settings.clusterDomain = value();
    else if (arg === '--syntax-errors') options.settings.reportSyntaxErrors = true;
    else if (arg === '--exclude') exclude.push(value());
    else if (arg === '--max-file-size-kb') {
      const v = value();
      // A number when it reads as one; else the text, so the error message quotes it.
      options.settings.maxFileSizeKB = v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    else if (arg === '--rule') {
      const [id, level] = parseRuleOption(value());
      rules[id] = level;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'.`);
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
    .replace(/^statefulManifests\.maxFileSizeKB/, '--max-file-size-kb')
    .replace(/^statefulManifests\.exclude/, '--exclude')
    .replace(/; using [^;]*\.$/, '.')
    .replace(/; nothing is excluded\.$/, '.');
}

function format(finding: Finding, cwd: string): string {
  const file = displayName(path.relative(cwd, fileURLToPath(finding.uri)) || fileURLToPath(finding.uri));
  const { line, character } = finding.range.start;
  return `${file}:${line + 1}:${character + 1} ${finding.severity} ${finding.ruleId} ${finding.message}`;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  /** The bytes of standard input, for `-`. */
  stdin?(): Buffer;
}

const CONSOLE_IO: CliIo = { out: (s) => console.log(s), err: (s) => console.error(s), cwd: process.cwd() };

/**
 * Runs the command line. An internal error is never exit 1 ("errors found"): it is said
 * on stderr and gives exit 2.
 */
export function main(argv: string[], io: CliIo = CONSOLE_IO): number {
  try {
    return check(argv, io);
  } catch (error) {
    io.err(`stateful-manifests: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return 2;
  }
}

function check(argv: string[], io: CliIo): number {
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
  let unreadable: string[];
  try {
    // One batch: kustomize effects are read once, after every file (see Workspace.batch).
    const inputs = workspace.batch(() => readInputs(workspace, options.paths, new IndexFilter(indexSettings), io.cwd, io.stdin));
    uris = inputs.uris;
    unreadable = inputs.unreadable;
    for (const note of inputs.notes) io.err(`stateful-manifests: ${note}`);
    for (const problem of unreadable) io.err(`stateful-manifests: ${problem}`);
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
  if (unreadable.length > 0) return 2;
  return errors > 0 ? 1 : 0;
}

/**
 * Standard output written synchronously, so a write error (a full disk, `> /dev/full`, a
 * closed pipe) is seen: console.log drops it and the findings would be lost with exit 0.
 */
function processIo(): CliIo & { writeError?: string } {
  const io: CliIo & { writeError?: string } = {
    out: (line) => {
      if (io.writeError !== undefined) return;
      try {
        fs.writeSync(1, `${line}\n`);
      } catch (error) {
        io.writeError = (error as NodeJS.ErrnoException).code ?? String(error);
      }
    },
    err: (line) => console.error(line),
    cwd: process.cwd(),
  };
  return io;
}

if (require.main === module) {
  const io = processIo();
  const status = main(process.argv.slice(2), io);
  if (io.writeError !== undefined) {
    io.err(`stateful-manifests: could not write the findings to standard output (${io.writeError}).`);
    process.exitCode = 2;
  } else process.exitCode = status;
}
