/**
 * Sprig's math functions (Masterminds/sprig v3 numeric.go): integer ones cast with
 * cast.ToInt64 and return int64, the float ones (addf, …) float64.
 */
import { FuncError, type FuncDef } from '../template/exec';
import type { GoValue } from '../template/values';
import { toFloat64, toInt64 } from './convert';

const i64 = (n: bigint): bigint => BigInt.asIntN(64, n);

function fold(args: GoValue[], op: (a: bigint, b: bigint) => bigint): bigint {
  if (args.length === 0) return 0n;
  return args.slice(1).reduce<bigint>((acc, v) => i64(op(acc, toInt64(v))), toInt64(args[0]));
}

function divide(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new FuncError('runtime error: integer divide by zero');
  return a / b;
}

function modulo(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new FuncError('runtime error: integer divide by zero');
  return a % b;
}

/** Go's math.Round: half away from zero. */
function round(f: number, places: number): number {
  const p = 10 ** places;
  const v = Math.abs(f) * p;
  const r = Math.floor(v + 0.5) / p;
  return f < 0 ? -r : r;
}

export const SPRIG_MATH: Record<string, FuncDef> = {
  add: { fn: (a) => fold(a, (x, y) => x + y) },
  add1: { fn: ([a]) => i64(toInt64(a) + 1n) },
  sub: { fn: ([a, b]) => i64(toInt64(a) - toInt64(b)) },
  mul: { fn: (a) => fold(a, (x, y) => x * y) },
  div: { fn: ([a, b]) => divide(toInt64(a), toInt64(b)) },
  mod: { fn: ([a, b]) => modulo(toInt64(a), toInt64(b)) },
  max: { fn: (a) => a.map(toInt64).reduce((x, y) => (y > x ? y : x)) },
  min: { fn: (a) => a.map(toInt64).reduce((x, y) => (y < x ? y : x)) },
  addf: { fn: (a) => a.map(toFloat64).reduce((x, y) => x + y, 0) },
  add1f: { fn: ([a]) => toFloat64(a) + 1 },
  subf: { fn: ([a, ...r]) => r.map(toFloat64).reduce((x, y) => x - y, toFloat64(a)) },
  mulf: { fn: (a) => a.map(toFloat64).reduce((x, y) => x * y, 1) },
  divf: { fn: ([a, ...r]) => r.map(toFloat64).reduce((x, y) => x / y, toFloat64(a)) },
  maxf: { fn: (a) => a.map(toFloat64).reduce((x, y) => Math.max(x, y)) },
  minf: { fn: (a) => a.map(toFloat64).reduce((x, y) => Math.min(x, y)) },
  floor: { fn: ([a]) => Math.floor(toFloat64(a)) },
  ceil: { fn: ([a]) => Math.ceil(toFloat64(a)) },
  round: { fn: ([a, p]) => round(toFloat64(a), Number(toInt64(p))) },
  int: { fn: ([a]) => toInt64(a) },
  int64: { fn: ([a]) => toInt64(a) },
  float64: { fn: ([a]) => toFloat64(a) },
  atoi: { fn: ([a]) => { const s = typeof a === 'string' ? a : ''; return /^[+-]?[0-9]+$/.test(s) ? i64(BigInt(s)) : 0n; } },
};
