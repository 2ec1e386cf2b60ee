import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli';
import { ROOT } from '../support/paths';

/**
 * The command-line attacks of issue #16 (items 2, 12, 19, 20, 21) against the built CLI
 * (`npm run build` first): what it reads, how it names it, and its exit status.
 */
const CLI = path.join(ROOT, 'dist', 'cli.js');
const BAD_SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n';
const FINDING_TAIL = ':4:9 error invalid-name Service name \'Bad_Name\'';

let tmp: string;
before(() => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-attack-')));
  fs.writeFileSync(path.join(tmp, 'bad.yaml'), BAD_SERVICE);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], options: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp, encoding: 'utf8', ...options });
  return { status: run.status, stdout: String(run.stdout ?? ''), stderr: String(run.stderr ?? '') };
}

describe('cli attack: inputs that are not regular files (issue #16, 19)', () => {
  it('- reads standard input', () => {
    const run = cli(['check', '-'], { input: BAD_SERVICE });
    assert.ok(run.stdout.startsWith(`<stdin>${FINDING_TAIL}`), run.stdout);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^1 file checked: 1 finding, 1 error\.$/m);
  });

  it('/dev/stdin, a FIFO and <(...) are read to their end', { skip: process.platform === 'win32' }, () => {
    const stdin = cli(['check', '/dev/stdin'], { input: BAD_SERVICE });
    assert.equal(stdin.status, 1, stdin.stderr);
    assert.match(stdin.stdout, /dev\/stdin:4:9 error invalid-name/);
    const fifo = path.join(tmp, 'fifo.yaml');
    spawnSync('mkfifo', [fifo]);
    const viaFifo = spawnSync('bash', ['-c', `cat bad.yaml > fifo.yaml & node ${JSON.stringify(CLI)} check fifo.yaml; echo "exit $?"`], { cwd: tmp, encoding: 'utf8' });
    assert.match(viaFifo.stdout, /^fifo\.yaml:4:9 error invalid-name/m);
    assert.match(viaFifo.stdout, /^exit 1$/m);
    const substituted = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} check <(cat bad.yaml); echo "exit $?"`], { cwd: tmp, encoding: 'utf8' });
    assert.match(substituted.stdout, /fd\/\d+:4:9 error invalid-name/);
    assert.match(substituted.stdout, /^exit 1$/m);
  });

  it('/dev/null is an empty file checked, not "0 files checked"', { skip: process.platform === 'win32' }, () => {
    const run = cli(['check', '/dev/null']);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /^1 file checked: 0 findings, 0 errors\.$/m);
  });

  // procfs and sysfs files report size 0 whatever they hold: /proc/self/mem fails on its
  // first read (EIO) and was counted as an empty file checked.
  it('/proc/self/mem, a file of size 0 that fails to read, is unreadable (exit 2)', { skip: process.platform !== 'linux' ? 'procfs is Linux only' : false }, () => {
    const run = cli(['check', '/proc/self/mem', 'bad.yaml']);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^stateful-manifests: '\/proc\/self\/mem' cannot be read: an I\/O error \(EIO\)\. /m);
    assert.match(run.stderr, /^1 file checked: 1 finding, 1 error\.$/m);
    assert.match(run.stdout, /^bad\.yaml:4:9 error invalid-name/m, 'the other file is still checked');
  });

  it('a /proc file of size 0 that reads is still checked', { skip: process.platform !== 'linux' ? 'procfs is Linux only' : false }, () => {
    const run = cli(['check', '/proc/self/status']);
    assert.match(run.stderr, /^1 file checked: /m, run.stderr);
    assert.notEqual(run.status, 2, run.stderr);
  });

  // Root reads a file whatever its mode: as root (CI), the CLI runs as 'nobody' for this test,
  // so the permission is really refused and the test runs everywhere it can, never skipped.
  it('an input that cannot be read gives exit 2, after checking the others', { skip: process.platform === 'win32' ? 'no file modes on Windows' : false }, () => {
    const locked = path.join(tmp, 'locked.yaml');
    fs.writeFileSync(locked, BAD_SERVICE);
    fs.chmodSync(locked, 0o000);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chmodSync(tmp, 0o755);
    const run = cli(['check', 'locked.yaml', 'bad.yaml'], asRoot ? { uid: 65534, gid: 65534 } : {});
    fs.chmodSync(locked, 0o600);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^stateful-manifests: 'locked\.yaml' cannot be read: permission denied\.$/m);
    assert.match(run.stdout, /^bad\.yaml:4:9 error invalid-name/m);
  });
});

describe('cli attack: names (issue #16, 20)', () => {
  it('a newline in a file name cannot forge a finding line', () => {
    fs.writeFileSync(path.join(tmp, 'new\nx.yaml:1:1 error forged.yaml'), BAD_SERVICE);
    const run = cli(['check', 'new\nx.yaml:1:1 error forged.yaml']);
    const lines = run.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, run.stdout);
    assert.ok(lines[0].startsWith(`"new\\nx.yaml:1:1 error forged.yaml"${FINDING_TAIL}`), lines[0]);
  });

  it('back\\slash.yaml stays back\\slash.yaml', { skip: process.platform === 'win32' }, () => {
    fs.writeFileSync(path.join(tmp, 'back\\slash.yaml'), BAD_SERVICE);
    const run = cli(['check', 'back\\slash.yaml']);
    assert.ok(run.stdout.startsWith(`back\\slash.yaml${FINDING_TAIL}`), run.stdout);
  });

  it('a self-referencing symlink is a symlink loop (exit 2), not "does not exist"', { skip: process.platform === 'win32' }, () => {
    fs.symlinkSync('loop.yaml', path.join(tmp, 'loop.yaml'));
    const run = cli(['check', 'loop.yaml', 'bad.yaml']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^stateful-manifests: 'loop\.yaml' cannot be read: a symbolic link loop\.$/m);
    assert.match(run.stdout, /^bad\.yaml:4:9/m, 'the other file is still checked');
    const missing = cli(['check', 'nowhere.yaml']);
    assert.match(missing.stderr, /'nowhere\.yaml' does not exist\./);
  });
});

describe('cli attack: links leading outside a directory (issue #16, 12)', () => {
  it('a directory is walked without following a link out of it, and the link is named', { skip: process.platform === 'win32' }, () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.yaml'), BAD_SERVICE);
      fs.mkdirSync(path.join(tmp, 'ws'));
      fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(tmp, 'ws', 'svc.yaml'));
      fs.symlinkSync(outside, path.join(tmp, 'ws', 'elsewhere'));
      const run = cli(['check', 'ws']);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^stateful-manifests: skipped '.*ws\/svc\.yaml': a symbolic link that leads outside '.*ws'\.$/m);
      assert.match(run.stderr, /^0 files checked/m);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('cli attack: arguments and output (issue #16, 21 and 2)', () => {
  it('--rule x=off=junk is rejected', () => {
    const run = cli(['check', '--rule', 'invalid-name=off=junk', 'bad.yaml']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--rule takes <id>=<level>, e\.g\. --rule service-name-missing=off, not 'invalid-name=off=junk'\./);
  });

  it('a write error on standard output gives exit 2 and says so on stderr', { skip: !fs.existsSync('/dev/full') }, () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [CLI, 'check', 'bad.yaml'], { cwd: tmp, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /could not write the findings to standard output \(ENOSPC\)/);
    } finally {
      fs.closeSync(full);
    }
  });

  it('130,000 document-end markers: findings of the other files, exit 1 for them, no RangeError', () => {
    fs.mkdirSync(path.join(tmp, 'ends'));
    fs.writeFileSync(path.join(tmp, 'ends', 'x.yaml'), '...\n'.repeat(130_000));
    fs.writeFileSync(path.join(tmp, 'ends', 'y.yaml'), BAD_SERVICE);
    const run = cli(['check', 'ends']);
    assert.doesNotMatch(run.stderr, /RangeError/);
    assert.match(run.stdout, /^ends\/y\.yaml:4:9 error invalid-name/m);
    assert.match(run.stderr, /^2 files checked: 1 finding, 1 error\.$/m);
    assert.equal(run.status, 1);
  });

  it('an internal error is exit 2 with a message, never exit 1', () => {
    const err: string[] = [];
    const status = main(['check', 'bad.yaml'], { out: () => { throw new TypeError('boom'); }, err: (s) => err.push(s), cwd: tmp });
    assert.equal(status, 2);
    assert.match(err.join('\n'), /^stateful-manifests: internal error: TypeError: boom/m);
  });
});
