/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as an
 * argument, and past about 100,000 of them V8 throws RangeError (Maximum call stack
 * size exceeded): a file or folder big enough must never crash the analysis.
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

/**
 * The same items in an array with no spare room. V8 grows an array filled by `push` to
 * half as large again plus 16 slots, and never gives the spare back: a list of one
 * port, one container or two labels kept 17 slots (152 bytes). The model keeps about
 * 12,000 such lists for a 1 MB file, 1.7 MB of slots of which this saves about half
 * (a heap snapshot after the open, docs/performance.md). Lists the model keeps are made
 * through this; short-lived ones need not be.
 */
export function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}
