import { CST, Scalar, isAlias, isPair, type Alias } from 'yaml';
import { collectionsHolding } from './yamlNodesAt';
import type { Steps } from './steps';

/**
 * How many characters of a large flow scalar are decoded per step, per character of a
 * collection composed per step. `yaml` decodes a double-quoted scalar at about 80 ms per MB
 * (it appends the value a character at a time: a 20 MB string was one step of 2.2 s), and
 * unfolds the lines of a multi-line single-quoted or plain scalar at about 5 ms per MB,
 * while it composes a collection at about 0.4 ms per 4 KiB piece. A part without a line
 * break (or an escape, or a quote) is its own value and costs almost nothing.
 */
export const FLOW_SCALAR_CHARS_PER_COMPOSED_CHAR = 4;

/** The flow scalars decoded apart: how each is written and where a part may be cut. */
interface FlowScalarKind {
  tokenType: 'double-quoted-scalar' | 'single-quoted-scalar' | 'scalar';
  scalarType: Scalar.Type;
  /** The quote that opens and closes it ('' for a plain scalar). */
  quote: string;
  /** Characters after which `yaml`'s decoder is in a state of its own: a part without any is its own value. */
  carriesState: RegExp;
  /** Whether a part may start with this character (a plain scalar may not start with some). */
  mayStart: (code: number) => boolean;
  /** Whether `at` (a backslash) starts an escape, and how many characters it reads. */
  escapes: boolean;
}

const isBlankOrBreak = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/**
 * A double-quoted scalar: blanks are trimmed before a line break, line breaks fold with the
 * blanks and breaks around them, an escape reads up to 9 characters after its backslash.
 */
const DOUBLE_QUOTED: FlowScalarKind = { tokenType: 'double-quoted-scalar', scalarType: Scalar.QUOTE_DOUBLE, quote: '"', carriesState: /[ \t\r\n\\]/, mayStart: (code) => code !== 0x5c, escapes: true };

/** A single-quoted scalar: its lines unfold as a plain scalar's, and `''` is a quote. */
const SINGLE_QUOTED: FlowScalarKind = { tokenType: 'single-quoted-scalar', scalarType: Scalar.QUOTE_SINGLE, quote: "'", carriesState: /[\n']/, mayStart: (code) => code !== 0x27, escapes: false };

/**
 * A multi-line plain scalar: its lines unfold (a line break between two lines is a space,
 * blank lines are line feeds, the blanks around a break go); a part never starts with a
 * character a plain scalar may not start with, which `yaml` reports.
 */
const PLAIN: FlowScalarKind = { tokenType: 'scalar', scalarType: Scalar.PLAIN, quote: '', carriesState: /\n/, mayStart: (code) => !',%|>@`'.includes(String.fromCharCode(code)), escapes: false };

const KINDS: Record<string, FlowScalarKind | undefined> = { 'double-quoted-scalar': DOUBLE_QUOTED, 'single-quoted-scalar': SINGLE_QUOTED, scalar: PLAIN };

/**
 * A large flow scalar decoded apart (yamlCompose.ts): the composer was given an alias token of
 * the same source in its place, which it composes without reading its characters, and the
 * put-back turns that alias back into the scalar composing it would give.
 */
export interface ScalarCut {
  kind: 'scalar';
  scalarType: Scalar.Type;
  start: number;
  value: string;
  /** A block scalar's comment after its header (a flow scalar's comment is its stand-in's). */
  comment?: string;
}

/**
 * Whether a flow scalar token is one {@link decodeFlowScalarSteps} decodes: a quoted one, or
 * a plain one of more than one line. (A plain scalar of one line is its own value, which
 * `yaml` resolves by its content: a number, a boolean. One of more lines is always a string:
 * its lines unfold with a space or a line feed between them, which no other type holds.)
 */
export function decodedApart(token: CST.FlowScalar): boolean {
  return token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar' || (token.type === 'scalar' && token.source.includes('\n') && !token.source.endsWith(':'));
}

/**
 * The value of a flow scalar's `source` (quotes included), decoded by `yaml` a part of about
 * `charsPerStep` characters per step; undefined when `yaml` finds a problem in a part (an
 * unknown escape, a missing closing quote, a plain scalar's first character): then the
 * scalar is composed whole, so that the problem is reported where and as composing it
 * reports it.
 *
 * Parts are cut only between two characters that are neither blank nor a line break (nor a
 * quote or a backslash), outside any escape: there `yaml`'s decoder carries nothing from one
 * character to the next, so decoding the parts one by one, each as a scalar of its own,
 * gives the value decoding the whole gives. A long run of blanks or line breaks, where no
 * cut is allowed, is one part.
 */
export function* decodeFlowScalarSteps(token: Pick<CST.FlowScalar, 'type' | 'source'>, charsPerStep: number): Steps<string | undefined> {
  const kind = KINDS[token.type];
  const { source } = token;
  if (!kind) return undefined;
  const q = kind.quote.length;
  if (source.length < 2 * q || !source.startsWith(kind.quote) || !source.endsWith(kind.quote) || (q > 0 && source.length === 1)) return undefined;
  const end = source.length - q;
  let value = '';
  for (let from = q; from < end; ) {
    const to = nextCut(kind, source, from, from + Math.max(1, charsPerStep), end);
    // The first part of a plain scalar holds its first character, which `yaml` checks.
    const part = decodePart(kind, source.slice(from, to), from === q && q === 0);
    if (part === undefined) return undefined;
    value += part;
    from = to;
    if (from < end) yield;
  }
  return value;
}

/** The token decoded apart by {@link decodeFlowScalarSteps}, as a cut to put back; undefined when it is not. */
export function* scalarCutSteps(token: CST.FlowScalar, charsPerStep: number): Steps<ScalarCut | undefined> {
  const value = yield* decodeFlowScalarSteps(token, charsPerStep);
  const kind = KINDS[token.type];
  return value === undefined || !kind ? undefined : { kind: 'scalar', scalarType: kind.scalarType, start: token.offset, value };
}

function decodePart(kind: FlowScalarKind, part: string, first: boolean): string | undefined {
  if (!first && !kind.carriesState.test(part)) return part;
  let problem = false;
  // `strict` weighs only the tokens after a scalar (a comment glued to it), which a part
  // has none of: the alias composed in the scalar's place keeps them.
  const resolved = CST.resolveAsScalar({ type: kind.tokenType, offset: 0, indent: 0, source: `${kind.quote}${part}${kind.quote}` }, false, () => {
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
export function flattened(value: string): string {
  Number(value);
  return value;
}

/**
 * The first place at or after `target` where the scalar may be cut (see
 * {@link decodeFlowScalarSteps}), or `end`; `from` is a place where it may be cut.
 */
function nextCut(kind: FlowScalarKind, source: string, from: number, target: number, end: number): number {
  let cut = Math.min(target, end);
  let escape = kind.escapes ? source.indexOf('\\', from) : -1;
  for (;;) {
    while (escape !== -1 && escape < cut) {
      const after = escape + escapeLength(source, escape);
      if (after > cut) cut = after;
      escape = source.indexOf('\\', after);
    }
    if (cut >= end) return end;
    if (escape !== cut && mayCutBetween(kind, source.charCodeAt(cut - 1), source.charCodeAt(cut))) return cut;
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

function mayCutBetween(kind: FlowScalarKind, before: number, after: number): boolean {
  if (isBlankOrBreak(before) || isBlankOrBreak(after) || !kind.mayStart(after) || !kind.mayStart(before)) return false;
  // A surrogate pair stays in one part, so that no part holds half a character.
  return !(after >= 0xdc00 && after <= 0xdfff);
}

/**
 * The token the composer is given in place of a large flow scalar: an alias of the same
 * length, composed without reading its characters. Its source is the scalar's own, not
 * `*` and the rest: the composer takes an alias's name with `substring(1)` and checks only
 * that it is not empty and does not end in `:`, the same for both; and the scalar's
 * source is a view into the document's text, where a `*` joined to it made a string that
 * `substring` copied whole (30 MB: 60-100 ms in one step, issue 16).
 */
export function aliasInPlaceOf(token: CST.FlowScalar): CST.FlowScalar {
  return { ...token, type: 'alias' };
}

/** Where the composed stand-in of a scalar cut sits: a pair's value or a sequence's item. */
type Slot = { holder: { value: unknown } } | { holder: unknown[]; index: number };

/**
 * The slot of each scalar cut's stand-in under `root`, or undefined when one is not found
 * exactly once. Only collections whose range holds the cut's start are searched.
 */
export function scalarSlots(root: unknown, cuts: readonly ScalarCut[]): Slot[] | undefined {
  const slots: Slot[] = [];
  for (const cut of cuts) {
    const found: Slot[] = [];
    for (const node of collectionsHolding(root, cut.start)) {
      for (const [index, item] of node.items.entries()) {
        if (isPair(item)) {
          if (isStandIn(item.value, cut)) found.push({ holder: item as { value: unknown } });
        } else if (isStandIn(item, cut)) found.push({ holder: node.items as unknown[], index });
      }
    }
    if (found.length !== 1) return undefined;
    slots.push(found[0]);
  }
  return slots;
}

function isStandIn(node: unknown, cut: ScalarCut): node is Alias {
  return isAlias(node) && node.range?.[0] === cut.start;
}

/** Puts in each slot the scalar composing it whole gives in place of its alias. */
export function putScalarsBack(slots: readonly Slot[], cuts: readonly ScalarCut[]): void {
  for (const [i, slot] of slots.entries()) {
    if ('index' in slot) slot.holder[slot.index] = composedScalar(slot.holder[slot.index] as Alias, cuts[i]);
    else slot.holder.value = composedScalar(slot.holder.value as Alias, cuts[i]);
  }
}

/** What `yaml`'s composeScalar and composeNode make of a string scalar without a tag or an anchor, its range, comments and blank line before taken from its stand-in. */
function composedScalar(alias: Alias, { value, scalarType, comment }: ScalarCut): Scalar {
  const scalar = new Scalar(value);
  scalar.range = alias.range;
  scalar.source = value;
  scalar.type = scalarType;
  if (comment ?? alias.comment) scalar.comment = comment ?? alias.comment;
  if (alias.spaceBefore) scalar.spaceBefore = true;
  if (alias.commentBefore) scalar.commentBefore = alias.commentBefore;
  return scalar;
}
