// The cost of the "what selects what" inlay hints on the 1 MB generated file: a screenful
// of 60 lines at places through the file, as VS Code asks for the visible range, then the
// whole file at once. Prints figures beside the floor (a bare `yaml` parse of the same
// text in this process); asserts nothing. Run by `npm run bench`.
//   node scripts/bench-hints.mjs [--screens N]
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { largeFile } from './bench-inputs.mjs';
import { Server } from './bench-server.mjs';
import { loadAverage, ms, percentile, spread } from './bench-stats.mjs';

const args = process.argv.slice(2);
const SCREENS = Number(args.includes('--screens') ? args[args.indexOf('--screens') + 1] : 50);
const text = largeFile();
const lines = text.split('\n');
const t0 = performance.now();
parseAllDocuments(text);
const parse = performance.now() - t0;

const server = new Server();
try {
  await server.initialize();
  const uri = 'file:///bench/large.yaml';
  await server.open(uri, text);
  const hintsOf = (range) => server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
  const screen = [];
  let shown = 0;
  for (let i = 0; i < SCREENS; i++) {
    const start = (i * 7919) % (lines.length - 60);
    const t = performance.now();
    const hints = await hintsOf({ start: { line: start, character: 0 }, end: { line: start + 60, character: 0 } });
    screen.push(performance.now() - t);
    shown += hints?.length ?? 0;
  }
  const whole = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const hints = await hintsOf({ start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } });
    whole.push(performance.now() - t);
    count = hints?.length ?? 0;
  }
  const w = spread(whole);
  console.log(`\nInlay hints (what selects what) on the 1 MB file (${lines.length} lines), load average ${loadAverage()}:`);
  console.log('| measure | figure | beside |');
  console.log('| --- | --- | --- |');
  console.log(`| hints of 60 visible lines, p50 / p99 (${SCREENS} screens) | ${ms(percentile(screen, 50))} / ${ms(percentile(screen, 99))} | ${(shown / SCREENS).toFixed(1)} hints a screen |`);
  console.log(`| hints of the whole file, min / median / max of 5 | ${ms(w.min)} / ${ms(w.median)} / ${ms(w.max)} | ${count} hints; ${(w.median / parse).toFixed(2)}x a bare parse (${ms(parse)}) |`);
} finally {
  await server.stop();
}
