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

type Piece = { literal: string } | { reference: VariableReference };

/** The input cut into literal text and references, following `Expand` step by step. */
function scan(input: string): Piece[] {
  const pieces: Piece[] = [];
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    if (cursor > checkpoint) pieces.push({ literal: input.slice(checkpoint, cursor) });
    const next = input[cursor + 1];
    if (next === '$') {
      pieces.push({ literal: '$' }); // escaped operator
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close >= 0) {
        pieces.push({ reference: { name: input.slice(cursor + 2, close), start: cursor, end: close + 1 } });
        cursor = close;
      } else {
        pieces.push({ literal: '$(' }); // incomplete reference
        cursor += 1;
      }
    } else {
      pieces.push({ literal: `$${next}` }); // an operator that starts no expression
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  if (checkpoint < input.length) pieces.push({ literal: input.slice(checkpoint) });
  return pieces;
}

/** The references the kubelet would try to expand (escaped ones are not references). */
export function variableReferences(input: string): VariableReference[] {
  const out: VariableReference[] = [];
  for (const piece of scan(input)) if ('reference' in piece) out.push(piece.reference);
  return out;
}

/**
 * Expands `input`. `lookup` returns the value of a variable, or undefined when it is
 * not defined at that point: the reference then stays as written (MappingFuncFor).
 */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (const piece of scan(input)) {
    if ('literal' in piece) out += piece.literal;
    else out += lookup(piece.reference.name) ?? `$(${piece.reference.name})`;
  }
  return out;
}
