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

/**
 * Counts the calls of the methods `names` of a prototype (every instance's) while `fn`
 * runs, `fn` reading the count so far; puts them back after. The index's filing methods
 * this way: tests count the objects a step files rather than time it.
 */
export function countingCalls<T>(proto: object, names: readonly string[], fn: (counted: () => number) => T): T {
  let count = 0;
  const methods = proto as Record<string, (...args: unknown[]) => unknown>;
  const originals = names.map((name) => methods[name]);
  names.forEach((name, i) => {
    methods[name] = function (this: unknown, ...args: unknown[]) {
      count++;
      return originals[i].apply(this, args);
    };
  });
  try {
    return fn(() => count);
  } finally {
    names.forEach((name, i) => { methods[name] = originals[i]; });
  }
}
