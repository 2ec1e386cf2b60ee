/**
 * How settings problems quote what the user wrote: short enough for a notification,
 * whatever the setting holds (a 1 MB string, 100,000 unknown rule ids).
 */

/** A value quoted in a message is cut to about this many characters. */
export const MAX_QUOTED_CHARS = 80;
/** A message lists at most this many names, then says how many more there are. */
export const MAX_LISTED = 3;

/** `value` as JSON, cut to {@link MAX_QUOTED_CHARS} characters with `…` (strings are cut before they are quoted, so a huge one costs nothing). */
export function quoted(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value.slice(0, MAX_QUOTED_CHARS + 1)) : String(JSON.stringify(value));
  } catch {
    text = String(value);
  }
  if (typeof value === 'string' && value.length > MAX_QUOTED_CHARS) return `${text.slice(0, -1).slice(0, MAX_QUOTED_CHARS + 1)}…"`;
  return text.length > MAX_QUOTED_CHARS + 2 ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

/** `"a", "b", "c" and 4 more`: the first {@link MAX_LISTED} values quoted, then the count of the rest. */
export function listed(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map(quoted);
  const rest = values.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
