/**
 * Sprig's dict functions (Masterminds/sprig v3 dict.go) and the mergo merges behind
 * merge/mergeOverwrite (dst wins / src wins, maps merged deeply, nothing else).
 */
import { FuncError, isUnknownValue, taint, type FuncDef } from '../template/exec';
import { Unknown, unknownOf } from '../unknown';
import { isMap, typeName, VALUES_TYPED, type GoMap, type GoValue } from '../template/values';
import { str, strval } from './convert';

function dict(args: GoValue[]): GoMap {
  const m: GoMap = {};
  for (let i = 0; i < args.length; i += 2) m[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
  return m;
}

function map(v: GoValue, fn: string): GoMap {
  if (isMap(v)) return v;
  throw new FuncError(`wrong type for value; expected map[string]interface {}; got ${v === null ? '<nil>' : typeName(v)}`);
  void fn;
}

/** mergo.Merge(dst, src) (overwrite false) or mergo.Merge(dst, src, WithOverride). */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean, depth = 0): void {
  if (depth > 1000) throw new FuncError('merge: values nested too deeply');
  for (const [k, sv] of Object.entries(src)) {
    const dv = Object.prototype.hasOwnProperty.call(dst, k) ? dst[k] : undefined;
    if (dv !== undefined && isMap(dv) && isMap(sv)) {
      mergeInto(dv, sv, overwrite, depth + 1);
    } else if (dv === undefined || dv === null || (overwrite ? !isEmptyValue(sv) : isEmptyValue(dv))) {
      dst[k] = sv;
    }
  }
}

/** mergo's isEmptyValue: zero values. */
function isEmptyValue(v: GoValue): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'boolean': return !v;
    case 'string': return v === '';
    case 'number': return v === 0;
    case 'bigint': return v === 0n;
    default:
  }
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

function mergeAll([dst, ...srcs]: GoValue[], overwrite: boolean): GoValue {
  const name = overwrite ? 'mergeOverwrite' : 'merge';
  if (dst instanceof Unknown) return unknownOf(name, [dst, ...srcs]);
  const d = map(dst, name);
  for (const s of srcs) {
    if (isUnknownValue(s)) taint(d);
    else mergeInto(d, map(s, name), overwrite);
  }
  return d;
}

export function deepCopy(v: GoValue, depth = 0): GoValue {
  if (depth > 10_000) throw new FuncError('deepCopy: values nested too deeply');
  if (Array.isArray(v)) return v.map((e) => deepCopy(e, depth + 1));
  if (isMap(v)) {
    const m: GoMap = {};
    for (const [k, val] of Object.entries(v)) m[k] = deepCopy(val, depth + 1);
    return m;
  }
  return v;
}

function dig(args: GoValue[]): GoValue {
  if (args.length < 3) throw new FuncError('dig needs at least three arguments');
  const last = args[args.length - 1];
  // Sprig's dig asserts map[string]interface{}: Helm's common.Values fails it.
  if (last !== null && typeof last === 'object' && VALUES_TYPED.has(last)) throw new FuncError('interface conversion: interface {} is common.Values, not map[string]interface {}');
  const m = map(last, 'dig');
  const def = args[args.length - 2];
  const keys = args.slice(0, -2).map((k) => str(k));
  let cur: GoValue = m;
  for (const k of keys) {
    if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return def;
    cur = cur[k];
  }
  return cur;
}

export const SPRIG_DICTS: Record<string, FuncDef> = {
  dict: { fn: dict },
  get: { fn: ([m, k]) => { const d = map(m, 'get'); const key = str(k); return Object.prototype.hasOwnProperty.call(d, key) ? d[key] : ''; } },
  // set, unset and the merges change their first argument: they must run even when another
  // argument is unknown (an unknown value is stored; an unknown key or source taints the map).
  set: {
    fn: ([m, k, v]) => {
      if (m instanceof Unknown) return unknownOf('set', [m, k, v]);
      const d = map(m, 'set');
      if (isUnknownValue(k)) {
        taint(d);
        return d;
      }
      d[str(k)] = v;
      return d;
    },
    unknownAware: true,
  },
  unset: {
    fn: ([m, k]) => {
      if (m instanceof Unknown) return unknownOf('unset', [m, k]);
      const d = map(m, 'unset');
      if (isUnknownValue(k)) taint(d);
      else delete d[str(k)];
      return d;
    },
    unknownAware: true,
  },
  hasKey: { fn: ([m, k]) => Object.prototype.hasOwnProperty.call(map(m, 'hasKey'), str(k)) },
  keys: { fn: (args) => args.flatMap((m) => Object.keys(map(m, 'keys'))) },
  values: { fn: ([m]) => Object.values(map(m, 'values')) },
  pick: { fn: ([m, ...ks]) => { const d = map(m, 'pick'); const out: GoMap = {}; for (const k of ks) { const key = str(k); if (Object.prototype.hasOwnProperty.call(d, key)) out[key] = d[key]; } return out; } },
  omit: { fn: ([m, ...ks]) => { const d = map(m, 'omit'); const drop = new Set(ks.map((k) => str(k))); const out: GoMap = {}; for (const [k, v] of Object.entries(d)) if (!drop.has(k)) out[k] = v; return out; } },
  pluck: { fn: ([k, ...ms]) => { const key = str(k); return ms.map((m) => map(m, 'pluck')).filter((d) => Object.prototype.hasOwnProperty.call(d, key)).map((d) => d[key]); } },
  merge: { fn: (args) => mergeAll(args, false), unknownAware: true },
  mergeOverwrite: { fn: (args) => mergeAll(args, true), unknownAware: true },
  deepCopy: { fn: ([v]) => deepCopy(v) },
  dig: { fn: dig },
};
