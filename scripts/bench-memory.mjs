// Memory of a process as the benchmarks report it: resident set size from /proc (Linux),
// not heap after GC, which leaves out what the process holds but does not use.
import * as fs from 'node:fs';

/** Resident set size (current and peak) of a process, from /proc (Linux). */
export function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}
