import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { escapeData, escapeProperty } from '../../server/src/cli/report/github';
import { FIXTURES, ROOT } from '../support/paths';

/**
 * The report formats, as golden files: test/fixtures/cli-report/golden/report.<format>
 * is the CLI's stdout for the manifests beside it, run from that folder, with the
 * folder's file URI written as <BASE>/ (it differs per machine). A missing golden file
 * is written and the test fails, to be reviewed (UPDATE_GOLDEN=1 rewrites them all).
 */
const DIR = path.join(FIXTURES, 'cli-report');
const GOLDEN = path.join(DIR, 'golden');
const BASE = pathToFileURL(DIR).href;

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: options.cwd ?? DIR, encoding: 'utf8', env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  const normalised = actual.split(BASE).join('<BASE>').split(ROOT).join('<ROOT>');
  if (!fs.existsSync(file) || process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, normalised);
    assert.fail(`golden file written: ${path.relative(ROOT, file)}; review it and run again`);
  }
  assert.equal(normalised, fs.readFileSync(file, 'utf8'), `differs from ${path.relative(ROOT, file)}`);
}

describe('cli: report formats (golden)', () => {
  before(() => assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is built (npm run build)'));

  for (const format of ['text', 'json', 'sarif', 'github']) {
    it(format, () => {
      const run = cli(['check', '--no-config', '--format', format, 'manifests']);
      assert.equal(run.status, 1, run.stderr);
      let stdout = run.stdout;
      if (format === 'sarif') {
        // The rule pages are in the log (GitHub shows help.markdown in the alert): checked
        // against docs/rules/ here, and left out of the golden file, which a doc edit must not break.
        const log = JSON.parse(stdout);
        for (const rule of log.runs[0].tool.driver.rules) {
          assert.equal(rule.help.markdown, fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8'));
          rule.help.markdown = `<docs/rules/${rule.id}.md>`;
        }
        stdout = `${JSON.stringify(log, null, 2)}\n`;
      }
      golden(`report.${format}`, stdout);
      if (format === 'json') JSON.parse(stdout);
    });
  }

  it('text: the summary goes to stderr, so a pipe gets only the findings', () => {
    const run = cli(['check', '--no-config', 'manifests']);
    assert.equal(run.stderr, '2 files checked: 5 findings, 1 error.\n');
  });
});

describe('cli: --fail-on sets which findings make the exit status 1', () => {
  // manifests/: 1 error, 2 warnings, 2 information; clean.yaml: nothing.
  const cases: [string, number][] = [['error', 1], ['warning', 1], ['information', 1], ['hint', 1], ['none', 0]];
  for (const [level, status] of cases) {
    it(`--fail-on ${level}: ${status}`, () => {
      assert.equal(cli(['check', '--no-config', '--fail-on', level, 'manifests']).status, status);
    });
  }
  it('warnings fail with --fail-on warning but not by default', () => {
    const args = ['check', '--no-config', 'manifests/web.yaml'];
    assert.equal(cli(args).status, 0);
    assert.equal(cli([...args, '--fail-on', 'warning']).status, 1);
    assert.equal(cli([...args, '--fail-on', 'information']).status, 1);
    assert.equal(cli([...args, '--rule', 'service-not-headless=information', '--rule', 'dns-name-unresolved=off', '--fail-on', 'warning']).status, 0);
  });
  it('a bad level or format is bad usage', () => {
    const bad = cli(['check', '--fail-on', 'warn', 'manifests']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on must be one of error, warning, information, hint, none, not 'warn'\./);
    const format = cli(['check', '--format', 'xml', 'manifests']);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /--format must be one of text, json, sarif, github, not 'xml'\./);
  });
});

describe('cli: colours, --quiet', () => {
  it('plain on a pipe; colours with FORCE_COLOR; NO_COLOR wins', () => {
    const plain = cli(['check', '--no-config', 'manifests']);
    assert.ok(!plain.stdout.includes('\x1b[') && !plain.stderr.includes('\x1b['));
    const colour = cli(['check', '--no-config', 'manifests'], { env: { FORCE_COLOR: '1' } });
    assert.match(colour.stdout, /\x1b\[31merror\x1b\[0m/);
    assert.equal(colour.stderr, '\x1b[31m2 files checked: 5 findings, 1 error (2 warnings, 2 information).\x1b[0m\n');
    assert.equal(colour.stdout.replace(/\x1b\[\d+m/g, ''), plain.stdout, 'the same text under the colours');
    const none = cli(['check', '--no-config', 'manifests'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.equal(none.stdout, plain.stdout);
  });

  it('--quiet prints only the failing findings and no summary', () => {
    const run = cli(['check', '--no-config', '--quiet', 'manifests']);
    assert.equal(run.stderr, '');
    assert.deepEqual(run.stdout.trim().split('\n').map((l) => / (error|warning|information|hint) ([a-z-]+) /.exec(l)?.[2]), ['invalid-name']);
    const warnings = cli(['check', '--no-config', '--quiet', '--fail-on', 'warning', '--format', 'github', 'manifests']);
    assert.equal(warnings.stdout.trim().split('\n').length, 3);
    assert.equal(warnings.stderr, '');
  });
});

describe('github workflow command escaping (actions/toolkit command.ts)', () => {
  it('escapes %, CR and LF in the message; also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('odd, name: 100%.yaml\n'), 'odd%2C name%3A 100%25.yaml%0A');
  });
  it('in the report: a file name with a comma, a colon and a percent sign', () => {
    const run = cli(['check', '--no-config', '--format', 'github', 'manifests']);
    assert.match(run.stdout, /^::error file=manifests\/odd%2C name%3A 100%25\.yaml,line=5,col=9,endLine=5,endColumn=17,title=invalid-name \(stateful-manifests\)::Service name 'Bad_Name'/m);
  });
});

describe('cli: the config file', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-manifests-config-'));
    fs.mkdirSync(path.join(tmp, '.git'));
    fs.mkdirSync(path.join(tmp, 'deploy', 'vendor'), { recursive: true });
    fs.copyFileSync(path.join(DIR, 'manifests', 'web.yaml'), path.join(tmp, 'deploy', 'web.yaml'));
    fs.writeFileSync(path.join(tmp, 'deploy', 'vendor', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Vendor_Svc\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is found from a sub-folder up to the repository root; options override it', () => {
    fs.writeFileSync(path.join(tmp, '.stateful-manifests.yaml'), 'rules:\n  service-name-missing: off\n  service-not-headless: error\nexclude: ["**/vendor/**"]\ndefaultNamespace: web\n');
    const run = cli(['check', '.'], { cwd: path.join(tmp, 'deploy') });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    // defaultNamespace web: the DNS name in namespace default is not this StatefulSet's, so no dns-name-unresolved.
    assert.deepEqual(run.stdout.trim().split('\n').map((l) => l.split(' ').slice(1, 3).join(' ')), ['error service-not-headless']);
    assert.match(run.stdout, /<pod>\.web\.web\.svc/);
    const over = cli(['check', '--rule', 'service-not-headless=warning', '.'], { cwd: path.join(tmp, 'deploy') });
    assert.equal(over.status, 0, 'the option wins over the file');
    const ignored = cli(['check', '--no-config', '.'], { cwd: path.join(tmp, 'deploy') });
    assert.match(ignored.stdout, /Vendor_Svc/);
    assert.match(ignored.stdout, /service-name-missing/);
  });

  it('bad values are named with their line and the defaults apply; the run goes on', () => {
    fs.writeFileSync(path.join(tmp, '.stateful-manifests.yaml'), '# team settings\nrules:\n  service-name-missing: off\n  servce-not-found: off\nclusterDomain: "Not A Domain"\nkubernetesVersion: 2.0\nhelm:\n  releaseName: db\n  set: [oops]\nexcludes: []\n');
    const run = cli(['check', '.'], { cwd: path.join(tmp, 'deploy') });
    assert.equal(run.status, 1, 'Vendor_Svc is an error: exclude was misspelt');
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('stateful-manifests: '));
    assert.deepEqual(lines.map((l) => l.replace(/^stateful-manifests: (\S+?):(\d+): .*$/, '$1:$2')), [
      '../.stateful-manifests.yaml:4', '../.stateful-manifests.yaml:5', '../.stateful-manifests.yaml:6', '../.stateful-manifests.yaml:9', '../.stateful-manifests.yaml:10',
    ]);
    assert.match(run.stderr, /:10: unknown setting "excludes" \(did you mean "exclude"\?\); it is ignored\./);
    assert.match(run.stderr, /:4: rules: there is no rule "servce-not-found" \(did you mean "service-not-found"\?\)/);
    assert.match(run.stderr, /:5: clusterDomain must be a DNS domain such as "cluster\.local", not "Not A Domain"; using "cluster\.local"\./);
    assert.match(run.stderr, /:6: kubernetesVersion must be a Kubernetes version such as "1\.33", not 2 \(quote it/);
    assert.match(run.stderr, /:9: helm\.set entries must read key=value/);
    assert.ok(!run.stdout.includes('service-name-missing'), 'the valid settings of the file still apply');
  });

  it('a YAML error in the file: named with its line, the whole file ignored', () => {
    fs.writeFileSync(path.join(tmp, '.stateful-manifests.yaml'), 'rules:\n  service-name-missing: off\n bad indent: [\n');
    const run = cli(['check', '.'], { cwd: path.join(tmp, 'deploy') });
    assert.match(run.stderr, /^stateful-manifests: \.\.\/\.stateful-manifests\.yaml:\d+: .*; the file is ignored\.$/m);
    assert.match(run.stdout, /service-name-missing/);
  });

  it('--config names the file; one that cannot be read is bad usage', () => {
    fs.writeFileSync(path.join(tmp, 'ci.yaml'), 'rules:\n  dns-name-unresolved: "off"\n');
    const run = cli(['check', '--config', path.join(tmp, 'ci.yaml'), 'deploy/web.yaml'], { cwd: tmp });
    assert.ok(!run.stdout.includes('dns-name-unresolved'), run.stdout);
    const missing = cli(['check', '--config', 'nope.yaml', 'deploy/web.yaml'], { cwd: tmp });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the config file 'nope\.yaml': ENOENT\./);
  });
});
