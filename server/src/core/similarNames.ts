/**
 * Names a person may have meant: for a serviceName that names no Service, the Services of
 * its namespace one typo away (`postgers`) or one dash-part away (`db` for `db-headless`,
 * the usual pair of a client and a headless Service, as Helm charts name them).
 */

/** Damerau-Levenshtein distance exactly 1 (optimal string alignment: one edit or one swap of neighbours). */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i); // insertion / deletion
}

/** `a` is `b` with one more dash-separated part at its end, or the other way round. */
export function isDashVariant(a: string, b: string): boolean {
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return short !== '' && long.startsWith(`${short}-`) && !long.slice(short.length + 1).includes('-');
}

export function isSimilarName(a: string, b: string): boolean {
  return isOneEditApart(a, b) || isDashVariant(a, b);
}
