/**
 * Unknown values: what the renderer cannot evaluate (`lookup`, random and time functions,
 * unsupported functions, a define from a library chart that is not vendored). An unknown
 * remembers the expression that made it; its id is a hash of that expression and of the
 * inputs, so the same expression on the same inputs gives the same id, and prints the
 * same placeholder `⟦id⟧`.
 */
import { UNKNOWN_CLOSE, UNKNOWN_OPEN } from './contract';

export class Unknown {
  constructor(
    /** Stable id: a hash of `expr` and the inputs. */
    readonly id: string,
    /** What made it, for hovers and logs: 'lookup "v1" "Secret" …', 'include "common.names.fullname"'. */
    readonly expr: string,
  ) {}

  toString(): string {
    return UNKNOWN_OPEN + this.id + UNKNOWN_CLOSE;
  }
}

/** True when a rendered or computed string holds an unknown placeholder. */
export function isUnknownText(s: string): boolean {
  return s.includes(UNKNOWN_OPEN);
}

/** Builds an unknown for `expr` applied to `inputs` (values, described by content). */
export function unknownOf(expr: string, inputs: readonly unknown[]): Unknown {
  const parts = [expr];
  for (const input of inputs) parts.push(describe(input, { budget: 300 }));
  return new Unknown(hash(parts.join('\u0000')), expr);
}

/** A marker for the template's root context (`.` at the top, `$`): described by name, not content. */
export const ROOT_CONTEXT = Symbol('root context');

export function isRootContext(v: object): boolean {
  return (v as { [ROOT_CONTEXT]?: boolean })[ROOT_CONTEXT] === true;
}

function describe(v: unknown, state: { budget: number }): string {
  if (state.budget-- <= 0) return '…';
  if (v === null || v === undefined) return 'nil';
  if (v instanceof Unknown) return `?${v.id}`;
  if (typeof v === 'bigint') return `${v}i`;
  if (typeof v !== 'object') return JSON.stringify(v) ?? String(v);
  if (isRootContext(v)) return '$';
  if (Array.isArray(v)) return `[${v.map((e) => describe(e, state)).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${describe((v as Record<string, unknown>)[k], state)}`).join(',')}}`;
}

/** 53-bit FNV-1a-style hash as base36: stable across runs, short enough to read. */
function hash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const n = (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
  return n.toString(36);
}
