// `npm run bench`, after scripts/bench.mjs: our server beside two peers, on the same
// generated inputs (scripts/bench-inputs.mjs) and in the same run, when the peers are
// installed (bash scripts/install-peers.sh; outside the project). A peer that is missing
// is named on one line, with how to install it, and skipped; the script exits 0.
//
//   - yaml-language-server (stdio, Node 24) and our server (stdio, as bench.mjs starts it),
//     driven by the same client (bench-lsp-client.mjs): open → first diagnostics on the
//     100 KB and 1 MB files in fresh processes, alternating which goes first, and the RSS
//     growth of that open; one-character edits in the 1 MB file, p50 / p95.
//   - @monokle/validation: the time to validate the same text at three sizes, each in a
//     fresh process, so its growth with the size shows.
// Beside each time, the CPU time the process used: the machine is shared, and its load
// moves wall times far more than CPU times.
//
//   node scripts/bench-peers.mjs [--runs N] [--edits N] [--monokle-sizes 0.1,0.3,1]
//
// Both peers run offline (no schema download): what their rows then measure, and how to
// read them, is in docs/performance.md ("Beside other tools").
import * as os from 'node:os';
import { APPS_PER_MIB, largeFile } from './bench-inputs.mjs';
import { benchLargeFileEdits } from './bench-edits.mjs';
import { firstOpen } from './bench-open.mjs';
import { locatePeers, INSTALL_HINT } from './bench-peers-locate.mjs';
import { monokleRun } from './bench-peers-monokle.mjs';
import { YamlLanguageServer, YLS_VALIDATION_DELAY_MS } from './bench-peers-yls.mjs';
import { Server } from './bench-server.mjs';
import { loadAverage, mb, ms, percentile, times } from './bench-stats.mjs';
import { createTable } from './bench-table.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(option('--runs', 3));
const EDITS = Number(option('--edits', 30));
/** The open sizes the issue asks for: 100 KB and 1 MB. */
const OPEN_SIZES = [0.1, 1];
const MONOKLE_SIZES = option('--monokle-sizes', '0.1,0.3,1').split(',').map(Number);

const { section, row, notes, print } = createTable();
const log = (line) => process.stderr.write(`${line}\n`);
const appsOf = (mib) => Math.max(1, Math.round(mib * APPS_PER_MIB));

/** Our server and yaml-language-server, each fresh, initialised. */
const CONTENDERS = {
  ours: async () => { const s = new Server(); await s.initialize(); return s; },
  yls: async (peer) => { const s = new YamlLanguageServer(peer); await s.initialize(); return s; },
};

async function openRun(which, peer, text, run) {
  const client = await CONTENDERS[which](peer);
  try {
    return await firstOpen(client, `file:///bench/peers-open-${run}.yaml`, text);
  } finally {
    await client.stop();
  }
}

async function measureLanguageServers(peer) {
  const results = [];
  for (const size of OPEN_SIZES) {
    const text = largeFile(appsOf(size));
    const bytes = Buffer.byteLength(text);
    const r = { bytes, ours: [], yls: [] };
    log(`open, ${mb(bytes)}:`);
    for (let run = 0; run < RUNS; run++) {
      // alternate which goes first, so a change in load does not always favour one
      for (const which of run % 2 === 0 ? ['ours', 'yls'] : ['yls', 'ours']) r[which].push(await openRun(which, peer, text, run));
      log(`  run ${run + 1}/${RUNS}: ours ${ms(r.ours.at(-1).cold)}, yaml-language-server ${ms(r.yls.at(-1).cold)}`);
    }
    results.push(r);
  }
  section(`open → first diagnostics, fresh process: our server and yaml-language-server ${peer.version} (YAML only, no schema)`);
  for (const r of results) {
    const label = mb(r.bytes);
    row(`ours, ${label} (${r.ours[0].findings} findings)`, r.ours.map((x) => x.cold), ms);
    row(`yaml-language-server, ${label} (${r.yls[0].findings} diagnostics)`, r.yls.map((x) => x.cold), ms, `info: includes its ${YLS_VALIDATION_DELAY_MS} ms debounce`);
    row(`  ratio ours / yaml-language-server (paired per run), ${label}`, r.ours.map((x, i) => x.cold / r.yls[i].cold), times, 'info');
    // CPU time: the cost of the open whatever the load (the debounce uses none)
    row(`  CPU time of the open: ours, ${label}`, r.ours.map((x) => x.cpuMs), ms, 'info: the process, all threads');
    row(`  CPU time of the open: yaml-language-server, ${label}`, r.yls.map((x) => x.cpuMs), ms, 'info');
    row(`  CPU ratio ours / yaml-language-server (paired per run), ${label}`, r.ours.map((x, i) => x.cpuMs / r.yls[i].cpuMs), times, 'info');
  }
  section('RSS growth from idle to the first diagnostics (× the text)');
  for (const r of results) {
    const label = mb(r.bytes);
    row(`ours, ${label}`, r.ours.map((x) => x.rssGrowth / r.bytes), (v) => `${v.toFixed(1)}x`, `info: ${mb(percentile(r.ours.map((x) => x.rssGrowth), 50))}`);
    row(`yaml-language-server, ${label}`, r.yls.map((x) => x.rssGrowth / r.bytes), (v) => `${v.toFixed(1)}x`, `info: ${mb(percentile(r.yls.map((x) => x.rssGrowth), 50))}`);
  }

  const text = largeFile(APPS_PER_MIB);
  section(`one-character edits in the 1 MB file (${EDITS * 2} edits each, one fresh server each)`);
  for (const [which, name] of [['ours', 'ours'], ['yls', 'yaml-language-server']]) {
    log(`edits in the 1 MiB file, ${name}`);
    const { small, cpuMsPerEdit } = await benchLargeFileEdits(text, EDITS, () => CONTENDERS[which](peer));
    const note = which === 'yls' ? `info: p50 less its ${YLS_VALIDATION_DELAY_MS} ms debounce ${ms(percentile(small, 50) - YLS_VALIDATION_DELAY_MS)}` : 'info';
    row(`${name}: edit → diagnostics, p50`, percentile(small, 50), ms, note);
    row(`${name}: edit → diagnostics, p95`, percentile(small, 95), ms, 'info');
    row(`${name}: CPU time per edit (mean)`, cpuMsPerEdit, ms, 'info: the process, all threads');
  }
}

async function measureMonokle(peer) {
  const results = [];
  for (const size of MONOKLE_SIZES) {
    const apps = appsOf(size);
    const bytes = Buffer.byteLength(largeFile(apps));
    log(`@monokle/validation, ${mb(bytes)}:`);
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      runs.push(await monokleRun(peer, apps));
      log(`  run ${run + 1}/${RUNS}: split ${ms(runs.at(-1).splitMs)}, validate ${ms(runs.at(-1).validateMs)} (CPU ${ms(runs.at(-1).validateCpuMs)})`);
    }
    results.push({ bytes, runs });
  }
  section(`@monokle/validation ${peer.version}: validate() of the same text, fresh process (no schema, no OPA)`);
  for (const r of results) {
    const first = r.runs[0];
    row(`validate, ${mb(r.bytes)} (${first.resources} resources, ${first.findings} findings)`, r.runs.map((x) => x.validateMs), ms, `info: split into resources before it ${ms(percentile(r.runs.map((x) => x.splitMs), 50))}`);
    row(`  CPU time of validate, ${mb(r.bytes)}`, r.runs.map((x) => x.validateCpuMs), ms, 'info: the process, all threads');
  }
  // Growth: the CPU cost of each added MiB between consecutive sizes (a fixed start-up
  // cost cancels out; CPU time, as the load moves wall time); equal figures mean linear,
  // rising figures mean it grows faster than the text.
  const medians = results.map((r) => percentile(r.runs.map((x) => x.validateCpuMs), 50));
  for (let i = 1; i < results.length; i++) {
    const perMiB = (medians[i] - medians[i - 1]) / ((results[i].bytes - results[i - 1].bytes) / 1048576);
    row(`  CPU ms per added MiB, ${mb(results[i - 1].bytes)} → ${mb(results[i].bytes)} (medians)`, perMiB, (v) => `${v.toFixed(0)} ms`, 'info: equal for each step when linear');
  }
}

async function main() {
  const peers = locatePeers();
  const missing = [!peers.yamlLanguageServer && 'yaml-language-server (with a Node >= 22)', !peers.monokle && '@monokle/validation'].filter(Boolean);
  if (missing.length) console.log(`Peers bench: ${missing.join(' and ')} not installed, not measured; to measure: ${INSTALL_HINT}`);
  if (!peers.yamlLanguageServer && !peers.monokle) return;
  const started = new Date();
  console.log(`\nPeers benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — ours on node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`);
  console.log(`Load average at the start (1 / 5 / 15 min): ${loadAverage()}. Runs: ${RUNS}.\n`);
  // A peer that fails is reported and skipped: the bench scripts after this one still run.
  const attempt = async (name, measure) => {
    try {
      await measure();
    } catch (error) {
      notes.push(`${name} could not be measured: ${error.message}`);
    }
  };
  if (peers.yamlLanguageServer) await attempt('yaml-language-server', () => measureLanguageServers(peers.yamlLanguageServer));
  if (peers.monokle) await attempt('@monokle/validation', () => measureMonokle(peers.monokle));
  notes.push(`Load average at the end (1 / 5 / 15 min): ${loadAverage()}; ${Math.round((Date.now() - started.getTime()) / 1000)} s in all.`);
  if (peers.yamlLanguageServer) notes.push(`yaml-language-server ${peers.yamlLanguageServer.version} runs on ${peers.yamlLanguageServer.node}; it publishes diagnostics ${YLS_VALIDATION_DELAY_MS} ms after the last change at the earliest (its fixed debounce).`);
  if (peers.monokle) notes.push(`@monokle/validation runs on node ${process.version}; its findings come from other rules than ours (pod security, practices, links), so only its time is compared.`);
  print({ targets: false });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
