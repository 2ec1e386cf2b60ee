import { CST, Scalar, isAlias, isMap, isPair, isSeq, type Alias } from 'yaml';
import type { Steps } from './steps';

/**
 * How many characters of a large double-quoted scalar are decoded per step, per character
 * of a collection composed per step: `yaml` decodes a double-quoted scalar at about 80 ms
 * per MB (it appends the value a character at a time: a 20 MB string was one step of 2.2 s),
 * while it composes a collection at about 0.4 ms per 4 KiB piece. A part without an escape
 * or a line break is its own value and costs almost nothing.
 */
export const QUOTED_CHARS_PER_COMPOSED_CHAR = 4;

/**
 * A large double-quoted scalar decoded apart (yamlCompose.ts): the composer was given an
 * alias token of the same source in its place, which it composes without reading its
 * characters, and the put-back turns that alias back into the scalar composing it would give.
 */
export interface QuotedCut {
  kind: 'double-quoted';
  start: number;
  value: string;
}

/**
 * The value of a double-quoted scalar's `source` (quotes included), decoded by `yaml` a part
 * of about `charsPerStep` characters per step; undefined when `yaml` finds a problem in a
 * part (an unknown escape, a missing closing quote): then the scalar is composed whole, so
 * that the problem is reported where and as composing it reports it.
 *
 * Parts are cut only between two characters that are neither blank, a line break nor a
 * backslash, outside any escape: there `yaml`'s decoder carries nothing from one character
 * to the next (blanks are trimmed before a line break, line breaks fold with the blanks and
 * breaks around them, an escape reads up to 9 characters after its backslash), so decoding
 * the parts one by one, each as a scalar of its own, gives the value decoding the whole
 * gives. A long run of blanks or line breaks, where no cut is allowed, is one part.
 */
export function* decodeDoubleQuotedSteps(source: string, charsPerStep: number): Steps<string | undefined> {
  if (source.length < 2 || source[0] !== '"' || source[source.length - 1] !== '"') return undefined;
  const end = source.length - 1;
  let value = '';
  for (let from = 1; from < end; ) {
    const to = nextCut(source, from, from + Math.max(1, charsPerStep), end);
    const part = decodePart(source.slice(from, to));
    if (part === undefined) return undefined;
    value += part;
    from = to;
    if (from < end) yield;
  }
  return value;
}

/** The characters after which `yaml`'s decoder is in a state of its own: a blank, a line break, a backslash. */
const CARRIES_STATE = /[ \t\r\n\\]/;

function decodePart(part: string): string | undefined {
  // Without any of them, every character stands for itself: a blank is trimmed only
  // before a line break.
  if (!CARRIES_STATE.test(part)) return part;
  let problem = false;
  const resolved = CST.resolveAsScalar({ type: 'double-quoted-scalar', offset: 0, indent: 0, source: `"${part}"` }, false, () => {
    problem = true;
  });
  return problem || typeof resolved?.value !== 'string' ? undefined : flattened(resolved.value);
}

/**
 * The string, stored as one block of characters. `yaml` builds a value a character at a time,
 * which V8 keeps as a tree of one node per character (about 32 bytes each) until something
 * reads it whole: kept as they are, the parts of a 20 MB value held 580 MB and their garbage
 * collection made single steps of 160 ms. Converting a string to a number flattens it.
 */
function flattened(value: string): string {
  Number(value);
  return value;
}

/**
 * The first place at or after `target` where the scalar may be cut (see
 * {@link decodeDoubleQuotedSteps}), or `end`; `from` is a place where it may be cut.
 */
function nextCut(source: string, from: number, target: number, end: number): number {
  let cut = Math.min(target, end);
  let escape = source.indexOf('\\', from);
  for (;;) {
    while (escape !== -1 && escape < cut) {
      const after = escape + escapeLength(source, escape);
      if (after > cut) cut = after;
      escape = source.indexOf('\\', after);
    }
    if (cut >= end) return end;
    if (escape !== cut && mayCutBetween(source.charCodeAt(cut - 1), source.charCodeAt(cut))) return cut;
    cut++;
  }
}

/** How many characters the escape starting with the backslash at `at` reads (YAML 1.2, 5.7). */
function escapeLength(source: string, at: number): number {
  switch (source[at + 1]) {
    case 'x':
      return 4;
    case 'u':
      return 6;
    case 'U':
      return 10;
    case '\r':
      return source[at + 2] === '\n' ? 3 : 2;
    default:
      return 2;
  }
}

function mayCutBetween(before: number, after: number): boolean {
  // A surrogate pair stays in one part, so that no part holds half a character.
  return !carriesState(before) && !carriesState(after) && !(after >= 0xdc00 && after <= 0xdfff);
}

function carriesState(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x5c;
}

/** The token the composer is given in place of a large double-quoted scalar: an alias of the same length, composed without reading its characters. */
export function aliasInPlaceOf(token: CST.FlowScalar): CST.FlowScalar {
  return { ...token, type: 'alias', source: `*${token.source.slice(1)}` };
}

/** Where the composed stand-in of a quoted cut sits: a pair's value or a sequence's item. */
type Slot = { holder: { value: unknown } } | { holder: unknown[]; index: number };

/**
 * The slot of each quoted cut's stand-in under `root`, or undefined when one is not found
 * exactly once. Only collections whose range holds the cut's start are searched.
 */
export function quotedSlots(root: unknown, cuts: readonly QuotedCut[]): Slot[] | undefined {
  const slots: Slot[] = [];
  for (const cut of cuts) {
    const found: Slot[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!isMap(node) && !isSeq(node)) continue;
      const range = node.range;
      if (!range || range[0] > cut.start || range[2] < cut.start) continue;
      for (const [index, item] of node.items.entries()) {
        if (isPair(item)) {
          if (isStandIn(item.value, cut)) found.push({ holder: item as { value: unknown } });
          stack.push(item.key, item.value);
        } else {
          if (isStandIn(item, cut)) found.push({ holder: node.items as unknown[], index });
          stack.push(item);
        }
      }
    }
    if (found.length !== 1) return undefined;
    slots.push(found[0]);
  }
  return slots;
}

function isStandIn(node: unknown, cut: QuotedCut): node is Alias {
  return isAlias(node) && node.range?.[0] === cut.start;
}

/** Puts in each slot the double-quoted scalar composing it whole gives in place of its alias. */
export function putQuotedBack(slots: readonly Slot[], cuts: readonly QuotedCut[]): void {
  for (const [i, slot] of slots.entries()) {
    if ('index' in slot) slot.holder[slot.index] = quotedScalar(slot.holder[slot.index] as Alias, cuts[i].value);
    else slot.holder.value = quotedScalar(slot.holder.value as Alias, cuts[i].value);
  }
}

/** What `yaml`'s composeScalar and composeNode make of a double-quoted scalar without a tag or an anchor, its range, comments and blank line before taken from its stand-in. */
function quotedScalar(alias: Alias, value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.range = alias.range;
  scalar.source = value;
  scalar.type = Scalar.QUOTE_DOUBLE;
  if (alias.comment) scalar.comment = alias.comment;
  if (alias.spaceBefore) scalar.spaceBefore = true;
  if (alias.commentBefore) scalar.commentBefore = alias.commentBefore;
  return scalar;
}
