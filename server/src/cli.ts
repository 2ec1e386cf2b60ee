import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRuleOption, readInputs, UsageError } from './cliInputs';
import { analyzeFile, layerSettings, readSettings, readWorkspaceSettings, renderChart, RULE_IDS, Workspace, type Finding } from './core';
import { findConfig, loadConfig } from './node/config';
import { FAIL_ON_LEVELS, FORMATS, ruleInfos, useColor, writeReport, type FailOn, type Format } from './cli/report';
import { IndexFilter } from './node/indexer';

/**
 * `stateful-manifests check <files|dirs...>`: the same analysis as the editor, for CI.
 * Prints the findings in the format asked (report/); exits 1 when a finding is at or
 * above --fail-on (error by default), 2 on bad usage.
 */
const USAGE = `Usage: stateful-manifests check [options] <file|directory|->...

Checks Kubernetes YAML: StatefulSets against their headless Services, workload
selectors against pod template labels, names against DNS rules.
Directories are indexed like an editor workspace: *.yaml, *.yml and Kustomization
files, not in node_modules or .git, never through a symbolic link; kustomization
namespaces apply. A Helm chart (a folder with Chart.yaml, or a folder holding charts)
is rendered as 'helm template' would, without helm, and findings are reported on the
template lines. '-' reads standard input.

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
  --format <f>              text (default), json (docs/cli-json.md), sarif (SARIF 2.1.0
                            for code scanning), github (workflow command annotations)
  --fail-on <level>         findings that make the exit status 1: error (default),
                            warning, information, hint, none
  --quiet                   print only the findings that fail the run, no summary
                            (text and github formats)
  --docs-base-url <url>     rule pages are <url>/<rule-id>.md in SARIF reports
                            (default: the pages installed with the CLI, file URIs)
  --config <file>           read settings from this file instead of the nearest
                            .stateful-manifests.yaml (working directory up to the
                            repository root); the options above override it
  --no-config               read no config file
  --helm-release <name>     .Release.Name of rendered charts (default: release-name)
  --helm-namespace <name>   .Release.Namespace (default: the --namespace value)
  --helm-values <file>      extra values file relative to each chart, like helm -f
                            (repeatable, applied in order)
  --helm-set <key=value>    a value set last, like helm --set (repeatable)
  -h, --help                show this help

Colours on a terminal, unless NO_COLOR is set (FORCE_COLOR asks for them on a pipe).
Exit status: 0 nothing fails, 1 a finding at or above --fail-on, 2 bad usage, an
input that cannot be read, or an internal error.
Rules: ${RULE_IDS.join(', ')}`;

interface Options {
  paths: string[];
  settings: Record<string, unknown>;
  format: Format;
  failOn: FailOn;
  quiet: boolean;
  docsBaseUrl?: string;
  /** A config file named with --config; false for --no-config; undefined: look for one. */
  config?: string | false;
}

function parseArgs(argv: string[]): Options | 'help' {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return 'help';
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'; the command is 'check'.` : 'no command given.');
  const options: Options = { paths: [], settings: { rules: {}, exclude: [] }, format: 'text', failOn: 'error', quiet: false };
  // Only when a --helm-* option is given, so a config file's helm settings are not overridden by nothing.
  const helm = (): Record<string, unknown> => (options.settings.helm ??= {}) as Record<string, unknown>;
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
    else if (arg === '--kubernetes-version') options.settings.kubernetesVersion = value();
    else if (arg === '--syntax-errors') options.settings.reportSyntaxErrors = true;
    else if (arg === '--exclude') exclude.push(value());
    else if (arg === '--helm-release') helm().releaseName = value();
    else if (arg === '--helm-namespace') helm().namespace = value();
    else if (arg === '--helm-values') helm().valuesFiles = [...(helm().valuesFiles as string[] ?? []), value()];
    else if (arg === '--helm-set') helm().set = [...(helm().set as string[] ?? []), value()];
    else if (arg === '--max-file-size-kb') {
      const v = value();
      // A number when it reads as one; else the text, so the error message quotes it.
      options.settings.maxFileSizeKB = v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    else if (arg === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${v}'.`);
      options.format = v as Format;
    } else if (arg === '--fail-on') {
      const v = value();
      if (!(FAIL_ON_LEVELS as readonly string[]).includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_LEVELS.join(', ')}, not '${v}'.`);
      options.failOn = v as FailOn;
    } else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--docs-base-url') options.docsBaseUrl = value();
    else if (arg === '--config') options.config = value();
    else if (arg === '--no-config') options.config = false;
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
    .replace(/^statefulManifests\.kubernetesVersion/, '--kubernetes-version')
    .replace(/^statefulManifests\.maxFileSizeKB/, '--max-file-size-kb')
    .replace(/^statefulManifests\.exclude/, '--exclude')
    .replace(/^statefulManifests\.helm\.releaseName/, '--helm-release')
    .replace(/^statefulManifests\.helm\.namespace/, '--helm-namespace')
    .replace(/^statefulManifests\.helm\.valuesFiles/, '--helm-values')
    .replace(/^statefulManifests\.helm\.set entries/, '--helm-set values')
    .replace(/; using [^;]*\.$/, '.')
    .replace(/; nothing is excluded\.$/, '.');
}

interface CliIO {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  /** ANSI colours in the text report. */
  color?: boolean;
  /** The bytes of standard input, for `-`. */
  stdin?(): Buffer;
}

/**
 * Runs the command line. An internal error is never exit 1 ("findings fail the run"): it
 * is said on stderr and gives exit 2.
 */
export function main(argv: string[], io: CliIO = processIo()): number {
  try {
    return check(argv, io);
  } catch (error) {
    io.err(`stateful-manifests: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return 2;
  }
}

function check(argv: string[], io: CliIO): number {
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
  const { problems: settingProblems } = readSettings(options.settings, RULE_IDS);
  const { problems: indexProblems } = readWorkspaceSettings(options.settings);
  const problems = [...settingProblems, ...indexProblems];
  if (problems.length > 0) {
    for (const p of problems) io.err(`stateful-manifests: ${optionProblem(p)}`);
    return 2;
  }
  // The shared config file under the options: its bad values are named and fall back to
  // their defaults (the run goes on); a --config file that cannot be read is bad usage.
  const configFile = options.config === false ? undefined : options.config ?? findConfig(io.cwd);
  const config = configFile ? loadConfig(configFile, path.relative(io.cwd, configFile) || configFile, options.config !== undefined) : undefined;
  if (config?.unreadable) {
    io.err(`stateful-manifests: ${config.unreadable}`);
    return 2;
  }
  for (const problem of config?.problems ?? []) io.err(`stateful-manifests: ${problem}`);
  const merged = config ? layerSettings(config.raw, options.settings) : options.settings;
  const { settings } = readSettings(merged, RULE_IDS);
  const { settings: indexSettings } = readWorkspaceSettings(merged);
  // Every file is analysed: a scan kept until the file is read would only add its cost.
  const workspace = new Workspace({ renderChart, scanDiskFiles: false, onKustomizationLimit: (_, message) => io.err(`stateful-manifests: ${message}`) });
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
  const findings: Finding[] = uris.flatMap((uri) => analyzeFile(workspace, uri));
  const input = { findings, filesChecked: uris.length, baseDir: io.cwd, tool: { name: 'stateful-manifests', version: VERSION }, rules: ruleInfos(options.docsBaseUrl), failOn: options.failOn };
  const status = writeReport(options.format, input, io, { color: io.color ?? false, quiet: options.quiet });
  return unreadable.length > 0 ? 2 : status;
}

const VERSION = '0.1.0';

/**
 * Standard output written synchronously, so a write error (a full disk, `> /dev/full`, a
 * closed pipe) is seen: console.log drops it and the findings would be lost with exit 0.
 */
function processIo(): CliIO & { writeError?: string } {
  const io: CliIO & { writeError?: string } = {
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
    color: useColor(process.env, !!process.stdout.isTTY),
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
