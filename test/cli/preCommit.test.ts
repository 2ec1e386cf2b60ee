import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/**
 * The hook definition (.pre-commit-hooks.yaml) run by the real pre-commit tool (Debian's
 * package; .ci/run installs it): `pre-commit try-repo <this repository> stateful-manifests`
 * in a throw-away git repository, with `stateful-manifests` on the PATH as
 * `npm install -g` puts it (a command that runs dist/cli.js). SM_SKIP_PRECOMMIT=1 skips it, said.
 */
const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

describe('pre-commit hook definition', () => {
  if (!available) {
    if (process.env.SM_SKIP_PRECOMMIT === '1') {
      it('is NOT tested: pre-commit is not installed and SM_SKIP_PRECOMMIT=1', { skip: 'pre-commit not installed' }, () => {});
      return;
    }
    it('needs the pre-commit tool', () => assert.fail('pre-commit is not installed (apt-get install pre-commit), or set SM_SKIP_PRECOMMIT=1'));
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-precommit-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const bin = path.join(tmp, 'bin');
  const repo = path.join(tmp, 'repo');
  fs.mkdirSync(bin);
  fs.mkdirSync(repo);
  // What npm install -g puts on the PATH for the package.json bin entry: a runnable dist/cli.js.
  fs.writeFileSync(path.join(bin, 'stateful-manifests'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))} "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, PRE_COMMIT_HOME: path.join(tmp, 'cache'), NO_COLOR: '1' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');

  function tryRepo(): { status: number | null; output: string } {
    git('add', '-A');
    const run = spawnSync('pre-commit', ['try-repo', ROOT, 'stateful-manifests', '--all-files'], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  it('fails on an error in a manifest and prints the finding', () => {
    fs.writeFileSync(path.join(repo, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  clusterIP: None\n');
    const run = tryRepo();
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /stateful-manifests check\.+Failed/);
    assert.match(run.output, /svc\.yaml:4:9 error invalid-name Service name 'Bad_Name'/);
  });

  it('passes when the manifests are clean (a warning does not fail), and reads the config file', () => {
    fs.writeFileSync(path.join(repo, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  clusterIP: None\n');
    fs.writeFileSync(path.join(repo, '.stateful-manifests.yaml'), 'rules:\n  invalid-name: warning\n');
    const run = tryRepo();
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /stateful-manifests check\.+Passed/);
  });
});
