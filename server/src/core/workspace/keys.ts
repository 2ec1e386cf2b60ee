import type { Resource } from '../model';
import { addNarrowKeys } from './dependencies';

/**
 * Index and dependency keys: `Service/ns` (a kind in a namespace), `Service/*` (in any
 * namespace), `Service/ns/name` (by name; with `*` for any namespace), `pods/ns` (pod templates).
 */
export type DependencyKey = string;

/** Memo of {@link sharedKey}: by family, then first part, then second part. */
const sharedKeys = new Map<string, Map<string, Map<string, DependencyKey>>>();
let sharedKeyCount = 0;
/** Past this many distinct shared keys the memo starts again (a workspace has a few kinds and namespaces). */
const MAX_SHARED_KEYS = 10_000;
/** The first part of a key that has none (no kind or name can hold a NUL). */
const NO_PART = '\0';

/**
 * A key with few distinct values (a kind in a namespace, the pods of a namespace), made
 * once and then shared: every resource is filed under such keys, and a new string for
 * each was garbage the collector copied while a reopened 20,000-file workspace was
 * indexed (docs/performance.md, "Reopening from the cache"). Looked up by its parts
 * through nested Maps, so a lookup allocates nothing. The key is `<prefix><first>/<second>`,
 * or `<prefix><second>` without a first part, each part cut by {@link keyPart}.
 */
export function sharedKey(prefix: string, first: string | undefined, second: string): DependencyKey {
  let byFirst = sharedKeys.get(prefix);
  if (!byFirst) sharedKeys.set(prefix, (byFirst = new Map()));
  let bySecond = byFirst.get(first ?? NO_PART);
  if (!bySecond) byFirst.set(first ?? NO_PART, (bySecond = new Map()));
  let key = bySecond.get(second);
  if (key === undefined) {
    if (++sharedKeyCount > MAX_SHARED_KEYS) {
      sharedKeys.clear();
      sharedKeyCount = 0;
    }
    key = first === undefined ? prefix + keyPart(second) : [prefix + keyPart(first), keyPart(second)].join('/');
    byFirst.get(first ?? NO_PART)!.set(second, key);
  }
  return key;
}

/** The one place the key formats are written, for the index and the lookups alike. */
export const ANY_NAMESPACE = '*';
// Joined, not a template: a template of parts makes a chain of concatenated strings (one
// per `+`, plus a copy of the first part), and the index keeps each key it files: 150,000
// string objects for 20,000 files reopened, each copied by the garbage collector. join
// makes one flat string.
export const kindKey = (kind: string, namespace: string): DependencyKey => sharedKey('', kind, namespace);
export const nameKey = (kind: string, namespace: string, name: string): DependencyKey => [keyPart(kind), keyPart(namespace), keyPart(name)].join('/');
export const podsKey = (namespace: string): DependencyKey => sharedKey('pods/', undefined, namespace);
export const isPodsKey = (key: DependencyKey): boolean => key.startsWith('pods/');
/** Whether an index entry has any resource: touched only when it becomes empty or stops being so (ResourceIndex.takeFlipped). */
export const nonEmptyKey = (key: DependencyKey): DependencyKey => `nonEmpty:${key}`;

/**
 * Longest part of a key written whole. Kubernetes object names are at most 253
 * characters (DNS subdomains; namespaces and Service names 63), and a kind is far
 * shorter, so every part a real manifest holds is written whole.
 */
const LONGEST_KEY_PART = 253;

/**
 * A part of a key, cut when it is longer than any Kubernetes name: a 20 MB name made
 * every Map and Set lookup of its keys compare 20 MB strings (about 1 s each, V8
 * compares concatenated strings a character at a time). Two long parts that share
 * their start and length share a key, so lookups with a cut part check the names
 * themselves ({@link Workspace.view}).
 */
export function keyPart(part: string): string {
  return part.length <= LONGEST_KEY_PART ? part : `${part.slice(0, LONGEST_KEY_PART)}…${part.length}`;
}

export const isCut = (...parts: string[]): boolean => parts.some((part) => part.length > LONGEST_KEY_PART);

/**
 * The keys a resource is indexed under. The same for as long as it is in the index: its
 * namespace and kustomize facts are set before it is added and change only while it is out.
 */
export function indexKeys(r: Resource): DependencyKey[] {
  const ns = r.namespace;
  const kind = r.kind.value;
  const keys = [kindKey(kind, ns), kindKey(kind, ANY_NAMESPACE)];
  if (r.name) keys.push(nameKey(kind, ns, r.name.value), nameKey(kind, ANY_NAMESPACE, r.name.value));
  if (r.podTemplate) keys.push(podsKey(ns));
  // The keys of the questions asked after each keystroke, narrower than the namespace (./dependencies.ts).
  addNarrowKeys(r, keys);
  return keys;
}

/** The canonical order of resources: by file URI, then by place in the file. */
export function compareLocations(a: Resource, b: Resource): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.documentIndex - b.documentIndex || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
