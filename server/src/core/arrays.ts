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

/**
 * The index of the last item for which `atOrBefore` holds, by binary search, -1 when none:
 * `items` are in order, so that `atOrBefore` holds for a first run of them and not after
 * (documents, spans or tokens in text order, against an offset or a line).
 */
export function lastIndexWhere<T>(items: readonly T[], atOrBefore: (item: T) => boolean): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (atOrBefore(items[mid])) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
