import type { ChartFiles } from '../../server/src/core/helm/index';

/** A chart from a map of path → text, for small tests. */
export function memoryChart(files: Record<string, string | Uint8Array>): ChartFiles {
  return { paths: () => Object.keys(files), get: (p) => files[p] };
}

export const CHART_YAML = 'apiVersion: v2\nname: t\nversion: 1.0.0\n';
