// The table the benchmark scripts print: sections of rows of min / median / max over the
// runs, a target column whose PASS or MISS uses the median, and notes under it. One
// implementation for scripts/bench.mjs and scripts/bench-peers.mjs.
import { spread } from './bench-stats.mjs';

const HEADERS = ['measure', 'min', 'median', 'max', 'target', 'result'];
const KEYS = ['what', 'min', 'median', 'max', 'target', 'result'];

export function createTable() {
  const rows = [];
  const notes = [];
  return {
    notes,
    section: (title) => rows.push({ title }),
    /** A row of min / median / max (or one value); `format` turns a value into text; `target` and `pass` optional. */
    row(what, values, format, target = '', pass = undefined) {
      const s = Array.isArray(values) ? spread(values) : { min: NaN, median: values, max: NaN };
      const cell = (v) => (Number.isFinite(v) ? format(v) : '');
      rows.push({ what, min: cell(s.min), median: cell(s.median), max: cell(s.max), target, result: pass === undefined ? '' : pass ? 'PASS' : 'MISS' });
    },
    /** Prints the table, its notes, and (with `targets`) how many targets were met. */
    print({ targets = true } = {}) {
      const body = rows.filter((r) => !r.title);
      const widths = KEYS.map((k, i) => Math.max(HEADERS[i].length, ...body.map((r) => r[k].length)));
      const line = (cells) => `| ${cells.map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
      console.log(line(HEADERS));
      console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
      for (const r of rows) console.log(r.title ? line([`**${r.title}**`, '', '', '', '', '']) : line(KEYS.map((k) => r[k])));
      console.log('');
      for (const n of notes) console.log(`- ${n}`);
      if (!targets) return;
      const passed = rows.filter((r) => r.result === 'PASS').length;
      const missed = rows.filter((r) => r.result === 'MISS').length;
      console.log(`\n${passed} targets met, ${missed} missed (each on the median of its runs).`);
    },
  };
}
