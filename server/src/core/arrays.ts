/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as an
 * argument, and past about 100,000 of them V8 throws RangeError (Maximum call stack
 * size exceeded): a file or folder big enough must never crash the analysis.
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
