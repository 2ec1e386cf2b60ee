import type { PatchTarget } from './kustomization';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a patch target (kustomize regular expressions, anchored) may match the object. */
export function patchMatches(target: PatchTarget, kind: string, name: string | undefined): boolean {
  const test = (pattern: string | undefined, value: string | undefined) => {
    if (pattern === undefined || value === undefined) return true;
    // null: Go's RE2 syntax that JavaScript does not read: assume it matches
    return targetMatcher(pattern)?.(value) ?? true;
  };
  return test(target.kind, kind) && test(target.name, name);
}

/** Compiled target patterns: every re-read of the effects tests the same few thousand at most. */
const compiledTargets = new Map<string, ((value: string) => boolean) | null>();
const MAX_COMPILED_TARGETS = 10_000;

/** A pattern with no regular expression operator (a name, or a name escaped by {@link escapeRegExp}). */
const LITERAL = /^(?:[^.*+?^${}()|[\]\\]|\\[.*+?^${}()|[\]\\])*$/;

/** The name a pattern matches when it matches one name only (no regular expression operator); undefined otherwise. */
export function literalPattern(pattern: string): string | undefined {
  return LITERAL.test(pattern) ? pattern.replace(/\\(.)/g, '$1') : undefined;
}

/** A test of a kustomize target pattern, anchored (api/types/selector.go); null when JavaScript cannot compile it. */
function targetMatcher(pattern: string): ((value: string) => boolean) | null {
  let compiled = compiledTargets.get(pattern);
  if (compiled === undefined) {
    const literal = literalPattern(pattern);
    if (literal !== undefined) {
      compiled = (value) => value === literal;
    } else {
      try {
        const re = new RegExp(`^(?:${pattern})$`);
        compiled = (value) => re.test(value);
      } catch {
        compiled = null;
      }
    }
    if (compiledTargets.size >= MAX_COMPILED_TARGETS) compiledTargets.clear();
    compiledTargets.set(pattern, compiled);
  }
  return compiled;
}
