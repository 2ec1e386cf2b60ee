/**
 * Sprig's list functions (Masterminds/sprig v3 list.go). Go's `deepEqual` decides
 * membership for has/without/uniq.
 */
import { FuncError, type FuncDef } from '../template/exec';
import { isMap, truth, type GoValue } from '../template/values';
import { int, list } from './convert';

/** reflect.DeepEqual for template values (int and float64 are different types). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((e, i) => deepEqual(e, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function until(n: number): GoValue[] {
  return untilStep(0, n, n >= 0 ? 1 : -1);
}

const MAX_LIST = 1_000_000;

function untilStep(start: number, stop: number, step: number): GoValue[] {
  const out: GoValue[] = [];
  if (step === 0) return out;
  if (Math.abs((stop - start) / step) > MAX_LIST) throw new FuncError(`list of more than ${MAX_LIST} elements`);
  if (step > 0) for (let i = start; i < stop; i += step) out.push(BigInt(i));
  else for (let i = start; i > stop; i += step) out.push(BigInt(i));
  return out;
}

function seq(args: GoValue[]): string {
  const n = args.map((a) => int(a));
  let [start, step, end] = [1, 1, 0];
  if (n.length === 0) return '';
  if (n.length === 1) end = n[0];
  else if (n.length === 2) [start, end] = n;
  else [start, step, end] = n;
  if (n.length < 3 && end < start) step = -1;
  if (step === 0 || (end - start) / step < 0) return '';
  if (Math.abs((end - start) / step) > MAX_LIST) throw new FuncError('seq: too many elements');
  const out: number[] = [];
  for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i);
  return out.join(' ');
}

/** Sprig's sortAlpha: elements as strings (strval), sorted. */
function sortAlpha(v: GoValue): GoValue[] {
  if (!Array.isArray(v)) return [String(v)];
  return v.map((e) => (typeof e === 'string' ? e : String(e))).sort();
}

export const SPRIG_LISTS: Record<string, FuncDef> = {
  list: { fn: (args) => [...args] },
  tuple: { fn: (args) => [...args] },
  append: { fn: ([l, v]) => [...list(l, 'append'), v] },
  push: { fn: ([l, v]) => [...list(l, 'push'), v] },
  prepend: { fn: ([l, v]) => [v, ...list(l, 'prepend')] },
  concat: { fn: (args) => args.flatMap((l) => list(l, 'concat')) },
  first: { fn: ([l]) => (l === null ? null : list(l, 'find first').length ? list(l, 'first')[0] : null) },
  last: { fn: ([l]) => { if (l === null) return null; const a = list(l, 'find last'); return a.length ? a[a.length - 1] : null; } },
  rest: { fn: ([l]) => { if (l === null) return null; const a = list(l, 'find rest'); return a.length ? a.slice(1) : null; } },
  initial: { fn: ([l]) => { if (l === null) return null; const a = list(l, 'find initial'); return a.length ? a.slice(0, -1) : null; } },
  reverse: { fn: ([l]) => [...list(l, 'find reverse')].reverse() },
  uniq: { fn: ([l]) => list(l, 'find uniq').filter((e, i, a) => a.findIndex((x) => deepEqual(x, e)) === i) },
  compact: { fn: ([l]) => list(l, 'compact').filter((e) => truth(e)) },
  has: { fn: ([needle, l]) => (l === null ? false : list(l, 'find has').some((e) => deepEqual(e, needle))) },
  without: { fn: ([l, ...omit]) => list(l, 'find without').filter((e) => !omit.some((o) => deepEqual(o, e))) },
  slice: { fn: ([l, ...ix]) => { const a = list(l, 'slice'); const n = ix.map((i) => int(i)); return a.slice(n[0] ?? 0, n[1] ?? a.length); } },
  until: { fn: ([n], call) => { call.exec.charge(Math.min(Math.abs(int(n)), MAX_LIST), call); return until(int(n)); } },
  untilStep: { fn: ([a, b, c], call) => { if (int(c) !== 0) call.exec.charge(Math.min(Math.abs((int(b) - int(a)) / int(c)), MAX_LIST), call); return untilStep(int(a), int(b), int(c)); } },
  seq: { fn: (args) => seq(args) },
  sortAlpha: { fn: ([l]) => sortAlpha(l) },
  chunk: { fn: ([size, l]) => { const n = int(size); const a = list(l, 'chunk'); const out: GoValue[] = []; if (n <= 0) throw new FuncError('chunk size must be positive'); for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n)); return out; } },
};
