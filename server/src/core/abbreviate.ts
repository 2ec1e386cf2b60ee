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
  // White space found by a regular expression (V8 scans natively: 20 ms on a 20 MB run,
  // where a charCodeAt loop took 260 ms, and a hover quotes a name several times). Not
  // /\S{301,}/, which overflows V8's regexp stack on a 20 MB run.
  const space = /[\u0000-\u0020]/g;
  let out = '';
  let copied = 0;
  let runStart = 0;
  for (;;) {
    const i = space.exec(text)?.index ?? text.length;
    if (i - runStart > max) {
      const headEnd = runStart + max - KEPT_TAIL;
      const tailStart = i - KEPT_TAIL;
      out += `${text.slice(copied, headEnd)}…(${tailStart - headEnd} more characters)…${text.slice(tailStart, i)}`;
      copied = i;
    }
    if (i >= text.length) break;
    runStart = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
