// Keystrokes: one-character edits in the large file, and in a small file of workspaces of
// growing size (the time of an edit should follow the size of the change, not of the
// workspace). Each edit is timed from the didChange to the diagnostics of its version.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { writeWorkspace } from './bench-inputs.mjs';
import { Server } from './bench-server.mjs';
import { cpuMsOf } from './bench-stats.mjs';

/** Lines inside ConfigMap data values: a one-character edit there touches one small document. */
function configValueLines(lines) {
  const out = [];
  lines.forEach((line, i) => {
    if (/^ {2}key-3\.properties: "/.test(line)) out.push(i);
  });
  return out;
}

/** Types one character then deletes it, `count` times each; the latencies of both. */
async function typeAndUndo(server, uri, places, count) {
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const { line, character } = places[(i * 37) % places.length];
    for (const [end, text] of [[character, 'z'], [character + 1, '']]) {
      const t0 = performance.now();
      await server.edit(uri, { start: { line, character }, end: { line, character: end } }, text);
      latencies.push(performance.now() - t0);
    }
  }
  return latencies;
}

/** Our server, fresh and initialised. */
async function startServer() {
  const server = new Server();
  await server.initialize();
  return server;
}

/**
 * One-character edits in ConfigMap values of the large file, in a fresh server: ours, or
 * the LspClient that `start` resolves with, initialised (the peers bench passes another).
 */
export async function benchLargeFileEdits(text, count, start = startServer) {
  const lines = text.split('\n');
  const places = configValueLines(lines).map((line) => ({ line, character: lines[line].length - 2 }));
  const server = await start();
  try {
    const uri = 'file:///bench/large.yaml';
    await server.open(uri, text);
    await typeAndUndo(server, uri, places, 3); // warm the code paths of an edit
    const cpu0 = cpuMsOf(server.pid);
    const small = await typeAndUndo(server, uri, places, count);
    // the server's CPU time per edit: its cost whatever the machine's load (10 ms ticks, so an average)
    const cpuMsPerEdit = (cpuMsOf(server.pid) - cpu0) / small.length;
    // a new line near the top moves every later document (their ranges shift in place)
    const moved = [];
    for (let i = 0; i < Math.min(10, count); i++) {
      let t0 = performance.now();
      await server.edit(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, '  # moved\n');
      moved.push(performance.now() - t0);
      t0 = performance.now();
      await server.edit(uri, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, '');
      moved.push(performance.now() - t0);
    }
    return { small, moved, cpuMsPerEdit };
  } finally {
    await server.stop();
  }
}

/**
 * Edits of a `serviceName` in one small file of a generated workspace of `files` files,
 * after the server has indexed them all: the StatefulSet's Service lives in another
 * file, so each edit looks across the workspace.
 */
export async function benchWorkspaceEdits(files, count) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-edits-')));
  const server = new Server();
  try {
    writeWorkspace(dir, files);
    const file = path.join(dir, 'team-0', 'app-0.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const t0 = performance.now();
    await server.initialize(pathToFileURL(dir).href);
    await server.indexed;
    const indexMs = performance.now() - t0;
    const uri = pathToFileURL(file).href;
    await server.open(uri, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => /^ {2}serviceName: /.test(l));
    const places = [{ line, character: lines[line].length }];
    await typeAndUndo(server, uri, places, 3);
    return { latencies: await typeAndUndo(server, uri, places, count), indexMs };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
