/**
 * `$(VAR)` expansion exactly as the kubelet does it for `env[].value`, `command` and
 * `args`: kubernetes/kubernetes third_party/forked/golang/expansion/expand.go
 * (`Expand`, `tryReadVariableName`, `MappingFuncFor`).
 *
 * One left-to-right pass, never recursive:
 * - `$$` is an escape and becomes `$` (so `$$(A)` is the literal text `$(A)`);
 * - `$(` starts a reference that ends at the FIRST `)`; the name is whatever lies in
 *   between. A name the mapping knows is replaced by its value; any other reference is
 *   left as it was written (`$(name)`);
 * - `$(` without a later `)`, `$` followed by anything else, and a `$` at the very end
 *   are copied as they are.
 */

/** One `$(name)` reference: `start` is the offset of `$`, `end` the offset after `)`. */
export interface VariableReference {
  name: string;
  start: number;
  end: number;
}

/** What {@link scan} reports: literal text, or a reference; returning `false` stops the scan. */
interface ScanVisitor {
  literal(text: string): boolean | void;
  reference(name: string, start: number, end: number): boolean | void;
}

/**
 * The input cut into literal text and references, following `Expand` step by step.
 * Callbacks rather than a list, so a value with a million references costs no list and
 * a bounded caller can stop early.
 */
function scan(input: string, visit: ScanVisitor): void {
  let checkpoint = 0;
  for (let cursor = input.indexOf('$'); cursor >= 0 && cursor < input.length; cursor = input.indexOf('$', cursor + 1)) {
    if (cursor + 1 >= input.length) break; // a `$` at the very end is copied as it is
    if (cursor > checkpoint && visit.literal(input.slice(checkpoint, cursor)) === false) return;
    const next = input[cursor + 1];
    let more: boolean | void;
    if (next === '$') {
      more = visit.literal('$'); // escaped operator
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close >= 0) {
        more = visit.reference(input.slice(cursor + 2, close), cursor, close + 1);
        cursor = close;
      } else {
        more = visit.literal('$('); // incomplete reference
        cursor += 1;
      }
    } else {
      more = visit.literal(`$${next}`); // an operator that starts no expression
      cursor += 1;
    }
    checkpoint = cursor + 1;
    if (more === false) return;
  }
  if (checkpoint < input.length) visit.literal(input.slice(checkpoint));
}

/** The references the kubelet would try to expand (escaped ones are not references). */
export function variableReferences(input: string): VariableReference[] {
  const out: VariableReference[] = [];
  scan(input, { literal: () => {}, reference: (name, start, end) => void out.push({ name, start, end }) });
  return out;
}

/** The distinct names of {@link variableReferences}, in order of first use. */
export function referencedNames(input: string): string[] {
  const names = new Set<string>();
  scan(input, { literal: () => {}, reference: (name) => void names.add(name) });
  return [...names];
}

/**
 * Expands `input`. `lookup` returns the value of a variable, or undefined when it is
 * not defined at that point: the reference then stays as written (MappingFuncFor).
 * Unbounded: for values from a manifest use {@link expandBounded}.
 */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  return expandBounded(input, (name) => {
    const value = lookup(name);
    return value === undefined ? undefined : { value, truncated: false };
  }, Infinity).value;
}

/**
 * The longest expansion computed, in UTF-16 code units (docs/limits.md). The kubelet
 * expands without a limit, so `A1: $(A0)$(A0)`, `A2: $(A1)$(A1)` … doubles at each
 * entry: 22 entries are 2^22 copies. Previews show this prefix and say it was cut.
 */
export const EXPANSION_LIMIT = 4096;

/** An expanded value; `truncated` when it is only the first {@link EXPANSION_LIMIT} characters of it. */
export interface Expansion {
  value: string;
  truncated: boolean;
}

/**
 * Expands `input` up to `limit` characters. A value looked up that was itself cut ends
 * the expansion there (what would follow it is not known), truncated.
 */
export function expandBounded(input: string, lookup: (name: string) => Expansion | undefined, limit = EXPANSION_LIMIT): Expansion {
  let out = '';
  let truncated = false;
  const append = (text: string, cut: boolean): boolean => {
    out += text;
    if (out.length > limit) {
      out = out.slice(0, limit);
      truncated = true;
    } else if (cut) truncated = true;
    return !truncated;
  };
  scan(input, {
    literal: (text) => append(text, false),
    reference: (name) => {
      const found = lookup(name);
      return found ? append(found.value, found.truncated) : append(`$(${name})`, false);
    },
  });
  return { value: out, truncated };
}
