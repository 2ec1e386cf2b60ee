/**
 * Argument conversions as Go does them when a template calls a typed function
 * (text/template validateType: "wrong type for value; expected string; got float64"),
 * and Sprig's loose casts (spf13/cast ToInt64, ToFloat64; Sprig's strval).
 */
import { FuncError } from '../template/exec';
import { formatV } from '../template/print';
import { typeName, type GoValue } from '../template/values';

function wrongType(expected: string, v: GoValue): FuncError {
  return new FuncError(`wrong type for value; expected ${expected}; got ${v === null ? '<nil>' : typeName(v)}`);
}

/** A `string` parameter. */
export function str(v: GoValue): string {
  if (typeof v === 'string') return v;
  throw wrongType('string', v);
}

/** An `int` parameter (an untyped constant or an int value; not a float64). */
export function int(v: GoValue): number {
  if (typeof v === 'bigint') return Number(v);
  throw wrongType('int', v);
}

/** Sprig's strval: strings as they are, anything else as fmt %v. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  return formatV(v);
}

/** spf13/cast ToInt64 as Sprig's `int`/`int64` use it: failures give 0. */
export function toInt64(v: GoValue): bigint {
  switch (typeof v) {
    case 'bigint': return BigInt.asIntN(64, v);
    case 'number': return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : 0n;
    case 'boolean': return v ? 1n : 0n;
    case 'string': {
      // cast.ToInt64E on strings: strconv.ParseInt(trimZeroDecimal(s), 0, 0).
      const s = v.replace(/\.0*$/, '');
      const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|[1-9][0-9_]*|0)$/.exec(s);
      if (!m) return 0n;
      let digits = m[2].replace(/_/g, '');
      if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
      try {
        const n = BigInt(digits);
        return m[1] === '-' ? -n : n;
      } catch {
        return 0n;
      }
    }
    default: return 0n;
  }
}

export function toFloat64(v: GoValue): number {
  switch (typeof v) {
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'boolean': return v ? 1 : 0;
    case 'string': {
      const t = v.trim() === v ? v : '';
      const f = t === '' ? NaN : Number(t);
      return Number.isNaN(f) ? 0 : f;
    }
    default: return 0;
  }
}

/** Sprig's toString/strslice element conversion. */
export function toStringList(v: GoValue): string[] {
  if (Array.isArray(v)) return v.map((e) => (e === null ? '' : strval(e)));
  if (v === null) return [];
  return [strval(v)];
}

/** A list argument as Sprig's list functions accept it ([]interface{} or a typed slice). */
export function list(v: GoValue, fn: string): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new FuncError(`Cannot ${fn} on type ${v === null ? '<nil>' : typeName(v)}`);
}
