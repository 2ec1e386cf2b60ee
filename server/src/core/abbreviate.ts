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
/** Fewer characters than this are not cut out: '…(99 more characters)…' is about as long. */
const LEAST_LEFT_OUT = 30;

/** Characters {@link abbreviateLongRuns} has read in texts it had to look into: tests count the work with it. */
let charactersRead = 0;
export function charactersReadSoFar(): number {
  return charactersRead;
}

export function abbreviateLongRuns(text: string, max = LONGEST_ECHOED): string {
  if (text.length <= max + LEAST_LEFT_OUT) return text;
  charactersRead += text.length;
  // White space found by a regular expression (V8 scans natively: 20 ms on a 20 MB run,
  // where a charCodeAt loop took 260 ms, and a hover quotes a name several times). Not
  // /\S{301,}/, which overflows V8's regexp stack on a 20 MB run.
  const space = /[\u0000-\u0020]/g;
  let out = '';
  let copied = 0;
  let runStart = 0;
  for (;;) {
    const i = space.exec(text)?.index ?? text.length;
    // Only when the ellipsis is shorter than what it leaves out: a run of 302 characters is
    // shown whole, not as 298 of them and '…(2 more characters)…'.
    if (i - runStart > max + LEAST_LEFT_OUT) {
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

/**
 * Long values cut lately, by value: a 20 MB name is quoted by several messages, each quote
 * a scan of 20 MB (and joining it whole into a message made cutting the message a 20 MB
 * copy first). V8 hashes a string of more than 16,383 characters by its length, so looking
 * one up costs nothing for the same string; shorter ones are hashed by content and cost
 * their length to cut anyway, so they are not kept. Two entries (a name and its Service's
 * name): each keeps its value alive after its file is gone, until two others are cut.
 * Hovers (markdown.ts `code`) use it too: they quote names themselves, and DNS names joined
 * from them cut part by part ({@link abbreviateJoined}), so a hover on a 20 MB name reads
 * the cut the analysis made.
 */
const recentlyCut = new Map<string, string>();
const RECENTLY_CUT_KEPT = 2;
const REMEMBERED_FROM_CHARS = 16 * 1024;

/**
 * {@link abbreviateLongRuns} of one value quoted in a message, remembered for the next
 * quote of the same value: a long name costs one scan, not one per message.
 */
export function cutForEcho(value: string): string {
  if (value.length <= LONGEST_ECHOED + LEAST_LEFT_OUT) return value;
  if (value.length < REMEMBERED_FROM_CHARS) return abbreviateLongRuns(value);
  let cut = recentlyCut.get(value);
  if (cut === undefined) {
    cut = abbreviateLongRuns(value);
    if (recentlyCut.size >= RECENTLY_CUT_KEPT) recentlyCut.delete(recentlyCut.keys().next().value as string);
    recentlyCut.set(value, cut);
  }
  return cut;
}

/**
 * A message written as a template whose values are cut before they are joined (tag a
 * rule's message with it: echo`No Service named '${name}'`): the message is then the
 * size of what it shows, and cutting it again (analyze.ts, for what a rule joined itself)
 * reads that, not the 20 MB name inside it.
 */
export function echo(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += cutForEcho(String(values[i])) + strings[i + 1];
  return out;
}

/**
 * A name joined from parts (dns.ts NameParts) as it is shown: each part cut on its own
 * ({@link cutForEcho}) before they are joined, so a long part is neither copied into the
 * name nor scanned again. Within a part, the cut is the one {@link abbreviateLongRuns}
 * makes; a run across parts is cut part by part.
 */
export function abbreviateJoined(parts: readonly string[]): string {
  return parts.map(cutForEcho).join('');
}
