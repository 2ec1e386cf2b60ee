import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { serverProcessOptions } from '../../client/src/serverProcess';
import { ROOT } from '../support/paths';

// The VS Code client starts the server with serverProcessOptions (client/src/serverProcess.ts).
// A flag node does not know would stop the server at start ("bad option"), and an
// environment that replaced the editor's would lose PATH and the rest: both are checked on
// a real server process.

test('the server options keep the editor environment and add the memory settings', () => {
  const options = serverProcessOptions({ PATH: '/usr/bin', HOME: '/home/u' });
  assert.equal(options.env.PATH, '/usr/bin');
  assert.equal(options.env.HOME, '/home/u');
  assert.equal(options.env.MALLOC_ARENA_MAX, '1');
  assert.ok(options.execArgv.length > 0);
});

test('a server started with those options runs, with the flags and environment they give', async () => {
  const options = serverProcessOptions(process.env);
  const child = spawn(process.execPath, [...options.execArgv, path.join(ROOT, 'dist', 'server.js'), '--stdio'], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // Alive after start-up: node refuses an unknown flag at once, before any script runs.
    const early = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 1500))]);
    assert.equal(early, 'running', `the server exited at start: ${stderr}`);
    if (process.platform === 'linux') {
      const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of options.execArgv) assert.ok(cmdline.includes(flag), `${flag} in ${cmdline.join(' ')}`);
      const environ = fs.readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes('MALLOC_ARENA_MAX=1'));
    }
  } finally {
    child.kill();
    await exited;
  }
});
