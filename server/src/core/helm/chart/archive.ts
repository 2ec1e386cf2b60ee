/**
 * Chart archives (`charts/*.tgz`): gzip by fflate, tar by nanotar (both pure JavaScript,
 * no Node APIs), never a hand-written reader. Helm's archives hold one top folder named
 * after the chart; its contents become a chart's files.
 */
import { gunzipSync } from 'fflate';
import { parseTar } from 'nanotar';
import type { ChartFiles } from '../contract';
import { fromUtf8 } from '../template/fmt';

/** Largest archive content read (all files together), against zip bombs. */
const MAX_UNPACKED = 64 * 1024 * 1024;

/** The files of the chart in `bytes`, relative to its top folder; throws on a bad archive. */
export function readChartArchive(bytes: Uint8Array): ChartFiles {
  const tar = gunzipSync(bytes, { out: undefined });
  if (tar.length > MAX_UNPACKED) throw new Error(`archive larger than ${MAX_UNPACKED} bytes unpacked`);
  const entries = parseTar(tar);
  const files = new Map<string, string | Uint8Array>();
  for (const entry of entries) {
    if (entry.type !== undefined && entry.type !== 'file') continue;
    if (!entry.data) continue;
    const name = entry.name.replace(/^\.\//, '');
    const slash = name.indexOf('/');
    if (slash < 0) continue;
    const inner = name.slice(slash + 1);
    if (inner === '' || inner.split('/').includes('..')) continue;
    files.set(inner, inner.endsWith('.tgz') ? entry.data : fromUtf8(entry.data));
  }
  return {
    paths: () => [...files.keys()],
    get: (path) => files.get(path),
  };
}
