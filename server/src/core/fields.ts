import { isMap, isNode, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { exactSize } from './arrays';

/**
 * Reading a field of a YAML map gives one of three answers: absent (`undefined`), the
 * value's node, or {@link Unknown}: the field may well be there, but the core cannot
 * tell without expanding an alias or a merge key (which it never does: alias bombs
 * stay small), or its value has the wrong YAML type. Absent lets a rule conclude (no
 * labels, no ports); unknown must keep it silent.
 */
export class Unknown {
  /** `at`: the node where reading stopped (the alias, the map with `<<`, the odd value); its range stands for the field. */
  constructor(readonly at: Node) {}
}

/** A field as read: undefined = absent. */
export type Read<T> = T | Unknown | undefined;

export function isUnknown(read: unknown): read is Unknown {
  return read instanceof Unknown;
}

/**
 * A YAML merge key: a `<<` key (a string in YAML 1.2 documents, the merge symbol in
 * `%YAML 1.1` ones). Go YAML decoders (go-yaml, which kubectl and the API server use
 * through sigs.k8s.io/yaml) treat a plain `<<` as a merge, not as a key named `<<`.
 * A quoted `"<<"` is an ordinary key to them; it is accepted here too on purpose: the
 * only effect is that fields beside it count as unknown, an extra silence, never a
 * false finding.
 */
export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

/**
 * The value node of `key` in `parent` (the last one when the key is repeated: the API
 * server decodes duplicate keys that way). An alias comes back as the alias node:
 * scalar readers resolve aliases of scalars, {@link mapField} and {@link seqField}
 * make aliases of maps and lists unknown. `key:` with no value (or `null`) decodes to
 * the field's zero value, as if absent.
 *
 * In a map with a merge key, a field is known only when written after every `<<`:
 * then every YAML implementation keeps it. Absent there, it may come from the merged
 * map; written before a `<<`, implementations disagree on which wins (the merge key
 * draft, yaml.org/type/merge.html, keeps the explicit key; decoders that apply `<<`
 * where it stands let the merged map replace it: goccy/go-yaml#840).
 */
export function field(parent: Read<YAMLMap>, key: string): Read<Node> {
  return lookup(parent, key, false);
}

/**
 * {@link field} for the fields that name an object (`metadata.name`, `namespace`): one
 * written in a map with a merge key is taken as written, as the merge key draft says,
 * even before the `<<`. Read as unknown, it would leave the object without a name and
 * every reference to it unresolved: a false "not found" is the worse mistake.
 */
export function identityField(parent: Read<YAMLMap>, key: string): Read<Node> {
  return lookup(parent, key, true);
}

function lookup(parent: Read<YAMLMap>, key: string, writtenWins: boolean): Read<Node> {
  if (parent === undefined || isUnknown(parent)) return parent;
  let found: Pair | undefined;
  let mergedAfter = false;
  // Each key's node tested once (isMergeKey tested it again): every field of every object
  // is read through here, the largest single part of reading the model in a CPU profile
  // of a first open (docs/performance.md). A merge key is found as isMergeKey finds it.
  for (const pair of parent.items) {
    const keyNode = pair.key;
    if (!isScalar(keyNode)) continue;
    const name = keyNode.value;
    if (name === key && key !== '<<') {
      found = pair;
      mergedAfter = false;
    } else if (name === '<<' || (typeof name === 'symbol' && name.description === '<<')) {
      mergedAfter = true;
    }
  }
  if (mergedAfter && !(writtenWins && found)) return new Unknown(parent);
  const value = found?.value as Node | null | undefined;
  if (value === undefined || value === null || (isScalar(value) && value.value === null)) return undefined;
  return value;
}

/** A field that must hold a map: an alias or a value of another type is unknown. */
export function mapField(parent: Read<YAMLMap>, key: string): Read<YAMLMap> {
  return asMap(field(parent, key));
}

/** A field that must hold a list: an alias or a value of another type is unknown. */
export function seqField(parent: Read<YAMLMap>, key: string): Read<YAMLSeq> {
  const value = field(parent, key);
  return value === undefined || isUnknown(value) || isSeq(value) ? value : new Unknown(value);
}

/** A field value that must be a map: an alias or a value of another type is unknown. */
function asMap(value: Read<Node>): Read<YAMLMap> {
  return value === undefined || isUnknown(value) || isMap(value) ? value : new Unknown(value);
}

/**
 * A list of maps read item by item with `read`: the items it made sense of, and whether
 * that is the whole list (the list itself is not unknown and `read` gave up on no item).
 */
export function readList<T>(parent: Read<YAMLMap>, key: string, read: (item: YAMLMap | Unknown) => T | undefined): { items: T[]; exact: boolean } {
  const list = seqField(parent, key);
  const items: T[] = [];
  const exact = readItems(mapItems(list), 0, Infinity, read, items);
  return { items: exactSize(items), exact: exact && !isUnknown(list) };
}

/**
 * Reads `items[from, to)` with `read` into `out`: whether `read` made sense of each. The
 * loop of {@link readList}, shared with the reading of one list in steps (extract/listsAhead.ts).
 */
export function readItems<T>(items: readonly (YAMLMap | Unknown)[], from: number, to: number, read: (item: YAMLMap | Unknown) => T | undefined, out: T[]): boolean {
  let exact = true;
  for (let i = from; i < items.length && i < to; i++) {
    const value = read(items[i]);
    if (value === undefined) exact = false;
    else out.push(value);
  }
  return exact;
}

/**
 * The items of a list of maps (none when the list is absent or unknown), each a map
 * or unknown: an alias, a scalar, a list or an empty item.
 */
export function mapItems(list: Read<YAMLSeq>): (YAMLMap | Unknown)[] {
  if (list === undefined || isUnknown(list)) return [];
  return list.items.map((item) => (isMap(item) ? item : new Unknown(isNode(item) ? item : list)));
}
