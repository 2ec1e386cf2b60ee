/**
 * Sprig's defaults, type and flow helpers (Masterminds/sprig v3 defaults.go, reflect.go):
 * default, empty, coalesce, ternary, all/any, typeOf/kindOf/kindIs/typeIs, deepEqual.
 */
import type { FuncDef } from '../template/exec';
import { isMap, kindName, truth, typeName, type GoValue } from '../template/values';
import { Unknown, unknownOf } from '../unknown';
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
  if (v instanceof Unknown) return unknownOf('default', args);
  if (rest.length === 0 || empty(v)) return d;
  return v;
}

function coalesce(args: GoValue[]): GoValue {
  for (const v of args) {
    if (v instanceof Unknown) return unknownOf('coalesce', args);
    if (!empty(v)) return v;
  }
  return null;
}

function ternary([a, b, cond]: GoValue[]): GoValue {
  if (cond instanceof Unknown) return unknownOf('ternary', [a, b, cond]);
  return truth(cond) ? a : b;
}

export const SPRIG_MISC: Record<string, FuncDef> = {
  default: { fn: defaultFn, unknownAware: true },
  empty: { fn: ([v]) => empty(v) },
  coalesce: { fn: coalesce, unknownAware: true },
  ternary: { fn: ternary, unknownAware: true },
  all: { fn: (args) => args.every((a) => !empty(a)) },
  any: { fn: (args) => args.some((a) => !empty(a)) },
  typeOf: { fn: ([v]) => typeName(v) },
  typeIs: { fn: ([t, v]) => str(t) === typeName(v) },
  typeIsLike: { fn: ([t, v]) => str(t) === typeName(v) || str(t) === `*${typeName(v)}` },
  kindOf: { fn: ([v]) => kindName(v) },
  kindIs: { fn: ([k, v]) => str(k) === kindName(v) },
  deepEqual: { fn: ([a, b]) => deepEqual(a, b) },
};
