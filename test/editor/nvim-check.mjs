// A second, non-VS-Code client: Neovim's built-in LSP client drives `node dist/server.js --stdio` headless
// (with the system Node, so the server is also exercised outside code-server's Node 24), and its
// diagnostics and hover must match the expectations and what VS Code saw.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export function runNvimChecks({ tools, repoRoot, workspace, expectations, vscodeObservedFile, resultsDir, log = console.log }) {
  const results = [];
  const check = (name, fn) => {
    try { fn(); results.push({ name, ok: true }); } catch (e) { results.push({ name, ok: false, error: e.message }); }
  };
  const files = Object.keys(expectations.examples);
  const hovers = expectations.hover.map((hv) => {
    const line = fs.readFileSync(path.join(workspace, hv.file), 'utf8').split('\n')[hv.line - 1] || '';
    const m = /serviceName:\s*["']?/.exec(line);
    return { file: hv.file, line: hv.line - 1, character: m ? m.index + m[0].length + 1 : 0 };
  });
  const out = path.join(resultsDir, 'nvim-result.json');
  fs.rmSync(out, { force: true });
  const t0 = Date.now();
  const r = spawnSync(tools.nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(here, 'nvim/lsp-check.lua')}`], {
    cwd: workspace, encoding: 'utf8', timeout: 60000,
    env: { ...process.env, SM_SERVER_CMD: JSON.stringify([process.execPath, path.join(repoRoot, 'dist/server.js'), '--stdio']), SM_WORKSPACE: workspace,
      SM_FILES: JSON.stringify(files), SM_HOVERS: JSON.stringify(hovers), SM_NVIM_OUT: out },
  });
  log(`[nvim] exit ${r.status ?? r.signal} after ${((Date.now() - t0) / 1000).toFixed(1)}s (server on node ${process.version})`);
  let res = null;
  check('neovim: the LSP client started the server and got diagnostics for every example', () => {
    if (r.error) throw r.error;
    if (!fs.existsSync(out)) throw new Error(`nvim wrote no result (exit ${r.status ?? r.signal}); stderr: ${(r.stderr || '').slice(-500)}`);
    res = JSON.parse(fs.readFileSync(out, 'utf8'));
    if (!res.ok || r.status !== 0) throw new Error(`nvim check failed: ${JSON.stringify(res.errors)}`);
  });
  if (!res) return results;
  const summaries = {};
  for (const file of files) {
    const lines = fs.readFileSync(path.join(workspace, file), 'utf8').split('\n');
    const ds = (res.diagnostics[pathToFileURL(path.join(workspace, file)).toString()] || []).filter((d) => d.source === 'stateful-manifests');
    summaries[file] = ds.map((d) => ({ code: String(d.code), severity: ['', 'error', 'warning', 'information', 'hint'][d.severity], line: d.line + 1,
      text: d.line === d.endLine ? (lines[d.line] || '').slice(d.character, d.endCharacter) : [lines[d.line].slice(d.character), ...lines.slice(d.line + 1, d.endLine), lines[d.endLine].slice(0, d.endCharacter)].join('\n') }));
    check(`neovim: ${file} diagnostics match the expectations`, () => {
      const key = (e) => `${e.code} (${e.severity}) line ${e.line} "${e.text}"`;
      const got = summaries[file].map(key).sort(), want = expectations.examples[file].map(key).sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    });
  }
  for (const hv of expectations.hover) {
    check(`neovim: hover on serviceName in ${hv.file} shows the pod DNS names`, () => {
      const got = res.hovers.find((x) => x.file === hv.file && x.line === hv.line - 1);
      if (!got) throw new Error('no hover answer');
      if (got.error) throw new Error(`hover request failed: ${got.error}`);
      for (const name of hv.contains) if (!got.text.includes(name)) throw new Error(`hover lacks ${name}: ${JSON.stringify(got.text)}`);
    });
  }
  check('neovim: same diagnostics (code, line, range text, message) as VS Code saw', () => {
    if (!vscodeObservedFile || !fs.existsSync(vscodeObservedFile)) throw new Error('VS Code wrote no diagnostics to compare with (did the extension-host tests run?)');
    const seen = JSON.parse(fs.readFileSync(vscodeObservedFile, 'utf8'));
    const msgs = (file) => (res.diagnostics[pathToFileURL(path.join(workspace, file)).toString()] || []).filter((d) => d.source === 'stateful-manifests').map((d) => d.message);
    const diffs = [];
    for (const file of files) {
      if (!seen[file]) { diffs.push(`${file}: not seen by VS Code`); continue; }
      const a = summaries[file].map((d, i) => `${d.code}|${d.severity}|${d.line}|${d.text}|${msgs(file)[i]}`).sort();
      const b = seen[file].map((d) => `${d.code}|${d.severity}|${d.line}|${d.text}|${d.message}`).sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${file}: neovim ${JSON.stringify(a)} vs VS Code ${JSON.stringify(b)}`);
    }
    if (diffs.length) throw new Error(diffs.join('\n'));
  });
  return results;
}
