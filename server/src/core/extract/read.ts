import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLSeq } from 'yaml';
import { lazyLocated, lazyRange, type DocumentAnchor } from '../lazyRange';
import { isTemplated } from '../template';
import type { EnvVar } from '../model';
import type { Located, Range } from '../types';

/**
 * What every reader of a document needs: where it is (for ranges) and how to resolve
 * an alias of a scalar. The readers of one concern live beside this file (workloads,
 * pod specs, Services, policies, labels); index.ts dispatches on the kind.
 */
export interface ExtractContext {
  uri: string;
  documentIndex: number;
  templated: boolean;
  /**
   * Where the document is in its file: every range is computed from it when read
   * (see {@link lazyRange}), so a moved document only updates the anchor.
   */
  anchor: DocumentAnchor;
  /** The scalar an alias stands for (set by {@link extractResources}). */
  scalarAlias?: (alias: Alias) => Scalar | undefined;
  /** Containers' env lists read ahead of their object, in steps (extract/listsAhead.ts), by the list's node. */
  envAhead?: Map<YAMLSeq, { items: EnvVar[]; exact: boolean }>;
}


// ---------------------------------------------------------------- YAML helpers

export function getPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  let found: Pair | undefined;
  for (const pair of map.items) {
    // Duplicate keys: the last one wins, as when the API server decodes JSON.
    if (scalarValue(pair.key) === key) found = pair;
  }
  return found;
}

/**
 * The value node of `key` in the document's top map (its identity: apiVersion, kind,
 * items); the fields inside are read with ./fields.ts, which knows unknown from absent.
 */
export function get(map: unknown, key: string): unknown {
  const value = getPair(map, key)?.value;
  // `key:` with no value (or `null`) decodes to the field's zero value, as if absent.
  return isScalar(value) && value.value === null ? undefined : value;
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Text of a scalar the way Kubernetes would read it into a string field. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return interned(v);
  if (typeof v === 'number' || typeof v === 'boolean') return interned(node.source ?? String(v));
  return undefined;
}

/** Longer texts are not interned: no repeats worth sharing (Kubernetes names are at most 253 characters). */
const LONGEST_INTERNED = 4096;

/**
 * The same text as a string of its own, shared with every equal string: V8 keeps one
 * copy of each property name (its string table, weak: an unused entry goes with the
 * next full GC), and a property name is a flat string. A scalar's text as the parser
 * gives it is a view into the document's text; the model holds tens of thousands of
 * them, mostly repeats (`app.kubernetes.io/name`, `TCP`, `apps/v1`…). Texts longer
 * than {@link LONGEST_INTERNED} are copied instead.
 */
function interned(text: string): string {
  // Interning hashes and copies the whole string into the string table: 0.6 s for a 20 MB
  // name. A text that long is no repeat worth sharing; a copy of its own detaches it.
  if (text.length > LONGEST_INTERNED) return (' ' + text).slice(1);
  INTERNING[text] = true;
  for (const key in INTERNING) {
    delete INTERNING[key];
    return key;
  }
  return text;
}

/**
 * The one object {@link interned} files each text under, emptied after each: an object
 * in dictionary mode (V8 makes every `Object.create(null)` so), whose keys are a hash
 * table, and stays so as keys are added and deleted. A new
 * plain object per text, as before, took a hidden class of its own for every distinct
 * text (3,870 in the 1 MB file of the bench), with its enumeration cache: about a
 * quarter of reading the model, in a CPU profile of a first open (docs/performance.md).
 */
const INTERNING: Record<string, true> = Object.create(null);

/** A value with the range of its node, kept as offsets (see {@link lazyLocated}). */
export function located<T>(value: T, node: Node, ctx: ExtractContext): Located<T> {
  const [start, valueEnd] = node.range ?? [0, 0];
  return lazyLocated(value, ctx.anchor, start, valueEnd);
}

/** A string read from a scalar, or from the scalar an alias stands for (with the alias's range). */
export function locatedString(node: unknown, ctx: ExtractContext): Located | undefined {
  const text = scalarText(scalarOf(node, ctx));
  return text === undefined ? undefined : located(text, node as Node, ctx);
}

/**
 * The scalar a node is, or that an alias names. An alias of a scalar is one value,
 * not an expansion (aliases of maps and lists stay unread), and resolving it keeps
 * names such as `name: *svc` in a List from looking absent.
 */
export function scalarOf(node: unknown, ctx: ExtractContext): Scalar | undefined {
  if (isScalar(node)) return node;
  return isAlias(node) ? ctx.scalarAlias?.(node) : undefined;
}

/**
 * Resolves aliases the way YAML does (the closest anchor of that name before the
 * alias), with one walk of the document, made the first time an alias is read.
 */
export function scalarAliasResolver(doc: Document): (alias: Alias) => Scalar | undefined {
  let targets: Map<Alias, Node> | undefined;
  return (alias) => {
    if (!targets) {
      const found = new Map<Alias, Node>();
      const anchors = new Map<string, Node>();
      visit(doc, {
        Node(_key, node) {
          if (isAlias(node)) {
            const target = anchors.get(node.source);
            if (target) found.set(node, target);
          } else if (node.anchor) {
            anchors.set(node.anchor, node);
          }
        },
      });
      targets = found;
    }
    const target = targets.get(alias);
    return isScalar(target) ? target : undefined;
  };
}

/** A string value that holds no template placeholder. */
export function knownString(node: unknown, ctx: ExtractContext): Located | undefined {
  const s = locatedString(node, ctx);
  return s && !isTemplated(s.value) && s.value !== '' ? s : undefined;
}

/** A number read from a scalar, or from the scalar an alias stands for (with the alias's range). */
export function locatedNumber(node: unknown, ctx: ExtractContext): Located<number> | undefined {
  const scalar = scalarOf(node, ctx);
  if (!scalar || typeof scalar.value !== 'number' || !Number.isFinite(scalar.value)) return undefined;
  return located(scalar.value, node as Node, ctx);
}

export function stringList(node: unknown, ctx: ExtractContext): Located[] {
  if (!isSeq(node)) return [];
  const out: Located[] = [];
  for (const item of node.items) {
    const s = locatedString(item, ctx);
    if (s) out.push(s);
  }
  return out;
}

export function nodeRange(node: Node, ctx: ExtractContext): Range {
  const [start, valueEnd] = node.range ?? [0, 0];
  return lazyRange(ctx.anchor, start, valueEnd);
}
