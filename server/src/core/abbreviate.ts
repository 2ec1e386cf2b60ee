/**
 * Bounds what a message or a hover echoes of the input. A name, a value or a DNS name
 * from a manifest can be megabytes on one line (issue #16: a 20 MB name made a 41 MB
 * message and a 125 MB hover); Kubernetes names are at most 253 characters, so a run of
 * more than {@link LONGEST_ECHOED} characters without white space is never worth showing
 * whole. It keeps its start and its last characters (a closing quote or backtick, the
 * `.svc.cluster.local` of a DNS name) around an ellipsis that says how much was left out.
 */
export const LONGEST_ECHOED = 300;
const KEPT_TAIL = 40;

export function abbreviateLongRuns(text: string, max = LONGEST_ECHOED): string {
  if (text.length <= max) return text;
  // A loop, not a regular expression: /\S{301,}/ overflows V8's regexp stack on a
  // 20 MB run.
  let out = '';
  let copied = 0;
  let runStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) > 32) continue;
    if (i - runStart > max) {
      const headEnd = runStart + max - KEPT_TAIL;
      const tailStart = i - KEPT_TAIL;
      out += `${text.slice(copied, headEnd)}…(${tailStart - headEnd} more characters)…${text.slice(tailStart, i)}`;
      copied = i;
    }
    runStart = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
