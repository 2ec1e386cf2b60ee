/**
 * Whether two values of plain data (strings, numbers, booleans, null, arrays, objects
 * made of these) are equal as `JSON.stringify` would say, without writing either out: a
 * property set to undefined counts as absent, and the first difference ends the walk.
 * Comparing two kustomizations of 100,000 entries by their JSON wrote two strings of
 * several megabytes at each commit of the file (issue 16).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const leftKeys = keys(left);
  const rightKeys = keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((k, i) => k === rightKeys[i] && sameData(left[k], right[k]));
}
