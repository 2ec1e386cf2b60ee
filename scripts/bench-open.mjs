// Open → first diagnostics in a FRESH server, beside the floor measured the same way: a
// fresh process that has loaded only `yaml`, sent the same text over a pipe, parsing it
// for the first time (scripts/bench-floor.mjs). Both processes are started, left idle
// for a moment, then sent the text; the clock runs from sending to the answer. Then the
// warm figures: a second open (another URI) in the same server, a second parse in the
// same floor process. Each run alternates which of the two goes first, so a change in
// the machine's load between them does not always favour the same one.
import { performance } from 'node:perf_hooks';
import { Floor } from './bench-floor.mjs';
import { Server } from './bench-server.mjs';
import { cpuMsOf, memoryOf, sleep } from './bench-stats.mjs';

/** Time until the process settles after start (module loading, JIT of start-up code). */
const IDLE_MS = 300;

async function floorRun(text, warm) {
  const floor = new Floor();
  try {
    await floor.ready;
    await sleep(IDLE_MS);
    const idle = memoryOf(floor.pid).rss;
    let t0 = performance.now();
    await floor.parse(text);
    const cold = performance.now() - t0;
    const rssGrowth = memoryOf(floor.pid).rss - idle;
    if (!warm) return { cold, warm: NaN, rssGrowth };
    t0 = performance.now();
    await floor.parse(text);
    return { cold, warm: performance.now() - t0, rssGrowth };
  } finally {
    floor.stop();
  }
}

/**
 * The first open in a language server just initialised (any LspClient): left idle for a
 * moment, sent `didOpen`, timed until its first diagnostics. RSS growth from idle to then,
 * before any forced collection: what the machine gives the server; and the CPU time the
 * server used for it. The peers bench times
 * yaml-language-server with this same function.
 */
export async function firstOpen(client, uri, text) {
  await sleep(IDLE_MS);
  const idle = memoryOf(client.pid).rss;
  const cpu0 = cpuMsOf(client.pid);
  const t0 = performance.now();
  const findings = await client.open(uri, text);
  const cold = performance.now() - t0;
  // CPU time (all its threads, 10 ms ticks): what the open cost, whatever the machine's load.
  const cpuMs = cpuMsOf(client.pid) - cpu0;
  const opened = memoryOf(client.pid);
  return { cold, cpuMs, rssGrowth: opened.rss - idle, peakRss: opened.peak, findings: findings.length };
}

async function serverRun(text, run, warmToo) {
  const server = new Server();
  try {
    await server.initialize();
    const uri = `file:///bench/open-${run}.yaml`;
    const { cold, rssGrowth, peakRss, findings } = await firstOpen(server, uri, text);
    const heapAfterGc = await server.heap();
    await server.close(uri);
    const heapClosed = await server.heap();
    let warm = NaN;
    if (warmToo) {
      const t0 = performance.now();
      await server.open(`file:///bench/open-${run}-again.yaml`, text);
      warm = performance.now() - t0;
    }
    return { cold, warm, rssGrowth, peakRss, heapKept: heapAfterGc - heapClosed, findings };
  } finally {
    await server.stop();
  }
}

/**
 * `runs` fresh-process runs of the floor and the server on `text`: arrays of
 * milliseconds and bytes, one entry per run. `warm`: also a second parse and a second
 * open in the same processes (NaN when not measured).
 */
export async function benchOpen(text, runs, { warm = true, log = () => undefined } = {}) {
  const out = { floorCold: [], floorWarm: [], floorRss: [], serverCold: [], serverWarm: [], rssGrowth: [], peakRss: [], heapKept: [], findings: 0 };
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ['floor', 'server'] : ['server', 'floor'];
    for (const which of order) {
      if (which === 'floor') {
        const f = await floorRun(text, warm);
        out.floorCold.push(f.cold);
        out.floorWarm.push(f.warm);
        out.floorRss.push(f.rssGrowth);
      } else {
        const s = await serverRun(text, run, warm);
        out.serverCold.push(s.cold);
        out.serverWarm.push(s.warm);
        out.rssGrowth.push(s.rssGrowth);
        out.peakRss.push(s.peakRss);
        out.heapKept.push(s.heapKept);
        out.findings = s.findings;
      }
    }
    log(`  run ${run + 1}/${runs}: floor ${out.floorCold.at(-1).toFixed(0)} ms, server ${out.serverCold.at(-1).toFixed(0)} ms`);
  }
  return out;
}
