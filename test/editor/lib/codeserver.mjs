// Start and stop code-server (a real VS Code served to a browser) for the editor tests.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Environment for code-server: Node 24 first on PATH, config/logs inside runDir instead of $HOME. */
export function codeServerEnv(tools, runDir, extra = {}) {
  return {
    ...process.env,
    PATH: `${tools.node24Dir}/bin:${process.env.PATH}`,
    // no extension gallery: nothing here may reach for the network (code-server would query open-vsx)
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
    XDG_CONFIG_HOME: path.join(runDir, 'xdg/config'), XDG_DATA_HOME: path.join(runDir, 'xdg/data'), XDG_CACHE_HOME: path.join(runDir, 'xdg/cache'),
    ...extra,
  };
}

/** Installs a .vsix into runDir's extensions folder with code-server's own CLI. */
export function installVsix(tools, runDir, vsix) {
  const out = execFileSync(tools.codeServer, ['--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions'), '--install-extension', vsix],
    { env: codeServerEnv(tools, runDir), encoding: 'utf8', timeout: 120000 });
  if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
  return out.trim();
}

/**
 * Starts code-server on 127.0.0.1:<free port> with fresh user-data and extensions folders under runDir.
 * `enable-smoke-test-driver` makes the workbench honour extensionDevelopmentPath/extensionTestsPath in its payload.
 */
export async function startCodeServer(tools, runDir, { env = {}, timeoutMs = 60000 } = {}) {
  fs.mkdirSync(path.join(runDir, 'user-data/User'), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'user-data/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none',
    'security.workspace.trust.enabled': false, 'editor.hover.delay': 150, 'workbench.colorTheme': 'Default Light Modern',
    'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.welcomePage.walkthroughs.openOnInstall': false,
  }, null, 2));
  const port = await freePort();
  const log = fs.openSync(path.join(runDir, 'code-server.log'), 'a');
  const child = spawn(tools.codeServer, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver',
  ], { env: codeServerEnv(tools, runDir, env), stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  let exited = null;
  child.on('exit', (code, sig) => { exited = `exited with ${code ?? sig}`; });
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`code-server ${exited} before it was ready; log:\n${tail(path.join(runDir, 'code-server.log'))}`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() - t0 > timeoutMs) { await stopProcessTree(child.pid); throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms; log:\n${tail(path.join(runDir, 'code-server.log'))}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, pid: child.pid, stop: () => stopProcessTree(child.pid), isRunning: () => !exited };
}

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
}

/** All descendants of pid (by /proc parent links), deepest last. */
export function descendants(pid) {
  const kids = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const st = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      (kids.get(ppid) || kids.set(ppid, []).get(ppid)).push(Number(e));
    } catch { /* gone */ }
  }
  const out = [];
  const walk = (p) => { for (const c of kids.get(p) || []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

const alive = (p) => { try { process.kill(p, 0); return true; } catch { return false; } };

/** Stops pid and every process under it (found by PID before signalling, so re-parented children are not lost). */
export async function stopProcessTree(pid) {
  const all = [pid, ...descendants(pid)];
  for (const p of all) { try { process.kill(p, 'SIGTERM'); } catch { /* gone */ } }
  for (let i = 0; i < 50 && all.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  const left = all.filter(alive);
  for (const p of left) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
  for (let i = 0; i < 20 && left.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  const zombies = all.filter(alive).filter((p) => !/^Z/.test(state(p)));
  if (zombies.length) throw new Error(`processes still alive after SIGKILL: ${zombies.join(' ')}`);
  return all;
}
function state(p) { try { const st = fs.readFileSync(`/proc/${p}/stat`, 'utf8'); return st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3); } catch { return 'gone'; } }
