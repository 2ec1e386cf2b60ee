/**
 * Values as Helm computes them for `helm template`:
 * - user values: -f files deep-merged in order, then each `--set` parsed into them
 *   (helm pkg/cli/values/options.go mergeMaps, pkg/strvals);
 * - subcharts enabled by `tags` and `condition` (pkg/chart/v2/util/dependencies.go
 *   processDependencyEnabled), aliases applied;
 * - chart values coalesced under the user's: the user wins, `null` deletes a chart default,
 *   each subchart gets `.Values.<name>` with the parent's `global` merged in
 *   (pkg/chart/common/util/coalesce.go).
 */
import { deepCopy } from '../functions/sprigDicts';
import { semverCompare } from '../functions/semver';
import { isMap, type GoMap, type GoValue } from '../template/values';
import type { LoadedChart } from './load';

/** options.go mergeMaps: b over a, maps merged deeply. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    out[k] = isMap(v) && isMap(existing) ? mergeMaps(existing, v) : v;
  }
  return out;
}

/** Helm's coalesce(): chart values (and subcharts') under `dest` (the user's values).
 * `merge` keeps nulls (MergeValues) instead of letting them delete keys (CoalesceValues).
 * Follows helm v4.1.4 (the oracle), which does not yet drop nulls of chart defaults. */
export function coalesce(chart: LoadedChart, dest: GoMap, merge = false): GoMap {
  coalesceValues(chart, dest, merge);
  return coalesceDeps(chart, dest, merge);
}

export function coalesceValues(chart: LoadedChart, v: GoMap, merge: boolean): void {
  const vc = deepCopy(chart.values) as GoMap;
  for (const [key, val] of Object.entries(vc)) {
    if (Object.prototype.hasOwnProperty.call(v, key)) {
      const value = v[key];
      if (value === null && !merge) {
        delete v[key];
      } else if (isMap(value) && isMap(val)) {
        const isSubchart = chart.subcharts.some((s) => s.name === key);
        coalesceTables(value, val, merge || isSubchart);
      }
    } else {
      v[key] = val;
    }
  }
}

function coalesceDeps(chart: LoadedChart, dest: GoMap, merge: boolean): GoMap {
  for (const sub of chart.subcharts) {
    const existing = dest[sub.name];
    if (existing === undefined) dest[sub.name] = {};
    else if (!isMap(existing)) continue; // Helm fails the render: "type mismatch on <sub>"
    const dv = dest[sub.name] as GoMap;
    coalesceGlobals(dv, dest);
    dest[sub.name] = coalesce(sub, dv, merge);
  }
  return dest;
}

function coalesceGlobals(dest: GoMap, src: GoMap): void {
  const destGlobal = dest.global;
  const srcGlobal = src.global;
  if (destGlobal !== undefined && !isMap(destGlobal)) return;
  if (srcGlobal !== undefined && !isMap(srcGlobal)) return;
  const dg: GoMap = destGlobal ?? {};
  const sg: GoMap = srcGlobal ?? {};
  for (const [key, val] of Object.entries(sg)) {
    if (isMap(val)) {
      const vv = { ...val };
      const destv = dg[key];
      if (destv === undefined) dg[key] = vv;
      else if (isMap(destv)) {
        coalesceTables(vv, destv, true);
        dg[key] = vv;
      }
    } else if (!(key in dg && isMap(dg[key]))) {
      dg[key] = val;
    }
  }
  dest.global = dg;
}

/** coalesceTablesFullKey: `src` fills what `dst` lacks; dst's null deletes unless merging. */
export function coalesceTables(dst: GoMap, src: GoMap, merge: boolean, depth = 0): GoMap {
  if (depth > 1000) return dst;
  const srcOriginalNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const [key, val] of Object.entries(dst)) if (val === null) src[key] = null;
  for (const [key, val] of Object.entries(src)) {
    const has = Object.prototype.hasOwnProperty.call(dst, key);
    const dv = dst[key];
    if (has && !merge && dv === null && srcOriginalNonNil.has(key)) delete dst[key];
    else if (!has) dst[key] = val;
    else if (isMap(val) && isMap(dv)) coalesceTables(dv, val, merge, depth + 1);
  }
  return dst;
}

/** A table at a dotted path (Values.Table): undefined when absent or not a map. */
function table(values: GoMap, path: string): GoMap | undefined {
  const v = pathValue(values, path);
  return isMap(v) ? v : undefined;
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  return path.split('.').reduceRight<GoMap>((cur, key) => ({ [key]: cur }), data);
}

/**
 * processDependencyImportValues (merge mode, as `helm template` runs it): bottom-up, each
 * chart with enabled dependencies gets as its values its merged values (its subcharts'
 * defaults under their names, nulls kept) with the `import-values` of its dependencies
 * filled in beneath its own.
 */
export function processImportValues(chart: LoadedChart): void {
  for (const sub of chart.subcharts) processImportValues(sub);
  if (chart.subcharts.length === 0 || chart.metadata.dependencies.length === 0) return;
  const cvals = coalesce(chart, {}, true);
  let b: GoMap = {};
  for (const req of chart.metadata.dependencies) {
    const name = req.alias || req.name;
    if (!chart.subcharts.some((s) => s.name === name)) continue;
    for (const iv of req.importValues) {
      if (isMap(iv)) {
        const child = String(iv.child ?? '<nil>');
        const parent = String(iv.parent ?? '<nil>');
        const vv = table(cvals, `${name}.${child}`);
        if (vv) b = coalesceTables(b, pathToMap(parent, deepCopy(vv) as GoMap), true);
      } else if (typeof iv === 'string') {
        const vm = table(cvals, `${name}.exports.${iv}`);
        if (vm) b = coalesceTables(b, deepCopy(vm) as GoMap, true);
      }
    }
  }
  chart.values = coalesceTables(deepCopy(cvals) as GoMap, b, true);
}

/** A value at a dotted path ('redis.enabled'), undefined when absent. */
function pathValue(values: GoMap, path: string): GoValue | undefined {
  let cur: GoValue = values;
  for (const part of path.split('.')) {
    if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function compatible(constraint: string, version: string): boolean {
  try {
    return semverCompare(constraint, version);
  } catch {
    return false;
  }
}

export interface DependencyOutcome {
  /** Dependencies declared in Chart.yaml that no vendored chart provides (by chart location). */
  missing: string[];
}

/**
 * processDependencyEnabled: applies aliases and removes the subcharts that tags or
 * conditions disable, recursively. Mutates the chart tree (call on a fresh load).
 */
export function processDependencies(chart: LoadedChart, userValues: GoMap, outcome: DependencyOutcome, path = ''): void {
  const reqs = chart.metadata.dependencies;
  if (reqs.length === 0) return;
  const kept = chart.subcharts.filter((existing) => !reqs.some((r) => existing.metadata.name === r.name && compatible(r.version, existing.metadata.version)));
  for (const req of reqs) {
    const found = chart.subcharts.find((c) => c.metadata.name === req.name && compatible(req.version, c.metadata.version));
    if (found) kept.push({ ...found, name: req.alias || found.metadata.name });
    else if (!chart.subcharts.some((c) => c.metadata.name === req.name)) outcome.missing.push(`${chart.location}charts/${req.name}`);
  }
  chart.subcharts = kept;
  const cvals = coalesce(chart, deepCopy(userValues) as GoMap);
  const enabled = new Map<string, boolean>();
  const tags = cvals.tags;
  for (const req of reqs) {
    const name = req.alias || req.name;
    let on = true;
    if (isMap(tags)) {
      let hasTrue = false;
      let hasFalse = false;
      for (const t of req.tags) {
        const b = tags[t];
        if (b === true) hasTrue = true;
        else if (b === false) hasFalse = true;
      }
      on = !(!hasTrue && hasFalse);
    }
    for (const c of req.condition.trim().split(',')) {
      if (c === '') continue;
      const v = pathValue(cvals, path + c);
      if (typeof v === 'boolean') {
        on = v;
        break;
      }
    }
    enabled.set(name, on);
  }
  chart.subcharts = chart.subcharts.filter((c) => enabled.get(c.name) !== false);
  chart.metadata = { ...chart.metadata, dependencies: reqs.filter((r) => enabled.get(r.alias || r.name) !== false) };
  for (const sub of chart.subcharts) processDependencies(sub, cvals, outcome, `${path}${sub.name}.`);
}
