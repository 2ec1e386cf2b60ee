/**
 * Wraps an export of a compiled core module, telling `count` of each call with its
 * arguments and result; returns what puts the export back. Callers in other modules call
 * it through the module's exports, so the tests count the work a request or a rule does
 * rather than time it.
 */
export function spy(module: object, name: string, count: (args: unknown[], result: unknown) => void): () => void {
  const exports = module as Record<string, unknown>;
  const original = exports[name] as (...args: unknown[]) => unknown;
  exports[name] = (...args: unknown[]) => {
    const result = original(...args);
    count(args, result);
    return result;
  };
  return () => { exports[name] = original; };
}
