/**
 * Sprig's defaults, type and flow helpers (Masterminds/sprig v3 defaults.go, reflect.go):
 * default, empty, coalesce, ternary, all/any, typeOf/kindOf/kindIs/typeIs, deepEqual.
 */
import { FuncError, type FuncDef } from '../template/exec';
import { isMap, kindName, namesIntegerType, truth, typeName, type GoValue } from '../template/values';
import { unknownOf } from '../unknown';
import { isUnknownValue } from '../template/exec';
import { str } from './convert';
import { deepEqual } from './sprigLists';

/** Sprig's `empty`: Go zero values, and empty collections. */
export function empty(v: GoValue): boolean {
  return !truth(v) || (isMap(v) && Object.keys(v).length === 0);
}

/** `default d v`: v unless it is empty. With an unknown v the result is unknown; an unknown
 * default only matters when v is empty. */
function defaultFn(args: GoValue[]): GoValue {
  const [d, ...rest] = args;
  const v = rest.length ? rest[0] : null;
  if (isUnknownValue(v)) return unknownOf('default', args);
  if (rest.length === 0 || empty(v)) return d;
  return v;
}

function coalesce(args: GoValue[]): GoValue {
  for (const v of args) {
    if (isUnknownValue(v)) return unknownOf('coalesce', args);
    if (!empty(v)) return v;
  }
  return null;
}

function ternary([a, b, cond]: GoValue[]): GoValue {
  if (isUnknownValue(cond)) return unknownOf('ternary', [a, b, cond]);
  // Sprig's ternary takes a Go bool: anything else fails, as in Helm.
  if (typeof cond !== 'boolean') throw new FuncError(`wrong type for value; expected bool; got ${cond === null ? 'interface {}' : typeName(cond)}`);
  return cond ? a : b;
}

export const SPRIG_MISC: Record<string, FuncDef> = {
  default: { fn: defaultFn, unknownAware: true },
  empty: { fn: ([v]) => empty(v) },
  coalesce: { fn: coalesce, unknownAware: true },
  ternary: { fn: ternary, unknownAware: true },
  all: { fn: (args) => args.every((a) => !empty(a)) },
  any: { fn: (args) => args.some((a) => !empty(a)) },
  // An integer may be an int (a literal, len) or an int64 (Sprig's math, --set): unknown.
  typeOf: { fn: (a) => (namesIntegerType(a[0]) ? unknownOf('typeOf', a) : typeName(a[0])) },
  typeIs: { fn: (a) => (namesIntegerType(a[1]) ? unknownOf('typeIs', a) : str(a[0]) === typeName(a[1])) },
  typeIsLike: { fn: (a) => (namesIntegerType(a[1]) ? unknownOf('typeIsLike', a) : str(a[0]) === typeName(a[1]) || str(a[0]) === `*${typeName(a[1])}`) },
  kindOf: { fn: (a) => (namesIntegerType(a[0]) ? unknownOf('kindOf', a) : kindName(a[0])) },
  kindIs: { fn: (a) => (namesIntegerType(a[1]) ? unknownOf('kindIs', a) : str(a[0]) === kindName(a[1])) },
  deepEqual: { fn: ([a, b]) => deepEqual(a, b) },
};
