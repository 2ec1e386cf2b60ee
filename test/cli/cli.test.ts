import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULE_IDS } from '../../server/src/core';
import { ROOT } from '../support/paths';

/** Runs the built CLI (`npm run build` first) from the repository root. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string; lines: string[] } {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.split('\n').filter((l) => l !== '') };
}

/** `file:line:col severity rule-id message` */
const FINDING = /^(\S+?):(\d+):(\d+) (error|warning|information|hint) ([a-z][a-z0-9-]*) (\S.*)$/;

describe('cli: check', () => {
  let tmp: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is built (npm run build)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-manifests-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints one line per finding as file:line:col severity rule-id message, and exits 1 on errors', () => {
    const run = cli('check', 'examples/');
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.lines.length > 0);
    for (const line of run.lines) {
      const m = FINDING.exec(line);
      assert.ok(m, `not in the format: ${line}`);
      assert.ok(fs.existsSync(path.join(ROOT, m[1])), `a path relative to the working directory: ${m[1]}`);
      assert.ok(RULE_IDS.includes(m[5]), `a rule id: ${m[5]}`);
    }
    assert.ok(run.lines.some((l) => FINDING.exec(l)?.[4] === 'error'), 'an error among the findings');
    assert.match(run.stderr, /^4 files checked: \d+ findings, [1-9]\d* errors?\.$/m);
  });

  it('gives 1-based line and column of the finding', () => {
    const run = cli('check', 'test/fixtures/rules/service-not-found/invalid-missing-service.yaml');
    assert.deepEqual(run.lines, [
      "test/fixtures/rules/service-not-found/invalid-missing-service.yaml:6:16 warning service-not-found No Service named 'nginx' in namespace 'default'. The pods of StatefulSet 'web' get their DNS names from a headless Service of this name.",
    ]);
    assert.equal(run.status, 0, 'a warning is not an error');
  });

  it('exits 0 when the files are clean', () => {
    const run = cli('check', 'examples/postgres.yaml', 'examples/kafka.yaml');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.deepEqual(run.lines, []);
    assert.match(run.stderr, /2 files checked: 0 findings, 0 errors\./);
  });

  it('finds *.yaml and *.yml in nested directories, skipping node_modules', () => {
    fs.mkdirSync(path.join(tmp, 'nested', 'node_modules'), { recursive: true });
    const bad = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n';
    fs.writeFileSync(path.join(tmp, 'nested', 'svc.yml'), bad);
    fs.writeFileSync(path.join(tmp, 'nested', 'node_modules', 'svc.yaml'), bad);
    fs.writeFileSync(path.join(tmp, 'notes.txt'), bad);
    const run = cli('check', tmp);
    assert.equal(run.status, 1);
    assert.equal(run.lines.length, 1, run.stdout);
    assert.match(run.lines[0], /nested[/\\]svc\.yml:4:9 error invalid-name Service name 'Bad_Name'/);
  });

  it('--rule changes a severity: the only error turned into a warning gives exit 0', () => {
    const base = cli('check', 'examples/');
    const errors = base.lines.filter((l) => FINDING.exec(l)?.[4] === 'error').map((l) => FINDING.exec(l)![5]);
    assert.ok(errors.length > 0);
    const args = [...new Set(errors)].flatMap((id) => ['--rule', `${id}=warning`]);
    const run = cli('check', ...args, 'examples/');
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.lines.length, base.lines.length, 'same findings, other severity');
    const off = cli('check', '--rule', 'service-not-found=off', 'examples/');
    assert.ok(!off.stdout.includes('service-not-found'));
    assert.ok(base.stdout.includes('service-not-found'), 'the rule reports without the option');
  });

  it('says which named file it skipped because it is not text, and checks the others', () => {
    const binary = path.join(tmp, 'binary.yaml');
    fs.writeFileSync(binary, new Uint8Array([0x61, 0x3a, 0x00, 0x01, 0x02, 0xff]));
    const run = cli('check', binary, 'examples/postgres.yaml');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /^stateful-manifests: skipped '.*binary\.yaml': it is not a readable text file/m);
    assert.match(run.stderr, /^1 file checked: 0 findings, 0 errors\.$/m);
  });

  it('--namespace and --syntax-errors set the settings', () => {
    fs.writeFileSync(path.join(tmp, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "open\n');
    assert.equal(cli('check', path.join(tmp, 'broken.yaml')).lines.length, 0, 'syntax errors are off by default');
    const run = cli('check', '--syntax-errors', path.join(tmp, 'broken.yaml'));
    assert.equal(run.status, 1);
    assert.match(run.lines[0], /broken\.yaml:\d+:\d+ error yaml-syntax Missing closing "quote/);
    const ns = cli('check', '--namespace', 'web', 'test/fixtures/rules/service-not-found/invalid-missing-service.yaml');
    assert.match(ns.stdout, /in namespace 'web'/);
  });

  describe('bad usage exits 2 with a message that says what to do', () => {
    const cases: [string, string[], RegExp][] = [
      ['no arguments', [], /no command given/],
      ['unknown command', ['lint', 'examples/'], /unknown command 'lint'; the command is 'check'/],
      ['no paths', ['check'], /no files or directories to check/],
      ['unknown option', ['check', '--fix', 'examples/'], /unknown option '--fix'/],
      ['missing path', ['check', 'examples/nope.yaml'], /'examples\/nope\.yaml' does not exist/],
      ['--rule without =', ['check', '--rule', 'invalid-name', 'examples/'], /--rule takes <id>=<level>, e\.g\. --rule service-name-missing=off/],
      ['--rule without a value', ['check', 'examples/', '--rule'], /--rule needs a value/],
      ['--rule with an unknown id', ['check', '--rule', 'service-selector-missmatch=off', 'examples/'], /--rule: there is no rule "service-selector-missmatch" \(did you mean "service-selector-mismatch"\?\)\. Rule ids: /],
      ['--rule with an unknown level', ['check', '--rule', 'invalid-name=warn', 'examples/'], /--rule invalid-name=<level>: the level must be one of off, error, warning, information, hint, not "warn"\.$/m],
      ['--kubernetes-version not a version', ['check', '--kubernetes-version', 'latest', 'examples/'], /--kubernetes-version must be a Kubernetes version such as "1\.33", not "latest"\.$/m],
      ['--namespace with a bad name', ['check', '--namespace', 'Prod', 'examples/'], /--namespace must be a namespace name \(lower-case letters, digits and '-', at most 63 characters\), not "Prod"\.$/m],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const run = cli(...args);
        assert.equal(run.status, 2, `${run.stdout}${run.stderr}`);
        assert.equal(run.stdout, '', 'nothing on stdout');
        assert.match(run.stderr, /^stateful-manifests: /);
        assert.match(run.stderr, message);
      });
    }
  });

  it('--kubernetes-version decides which API versions are removed', () => {
    const file = path.join(tmp, 'pdb.yaml');
    fs.writeFileSync(file, 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: db\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: { app: db }\n');
    assert.equal(cli('check', '--kubernetes-version', '1.24', file).status, 0);
    const current = cli('check', file);
    assert.equal(current.status, 1);
    assert.match(current.stdout, /error removed-api-version policy\/v1beta1 PodDisruptionBudget was removed in Kubernetes 1\.25; use policy\/v1\./);
  });

  it('--help prints the usage and exits 0', () => {
    const run = cli('--help');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: stateful-manifests check \[options\] <file\|directory>\.\.\./);
    assert.match(run.stdout, /Exit status: 0 no errors, 1 errors found, 2 bad usage\./);
  });
});
