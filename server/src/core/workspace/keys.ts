import type { Resource } from '../model';

/**
 * Index and dependency keys: `Service/ns` (a kind in a namespace), `Service/*` (in any
 * namespace), `Service/ns/name` (by name; with `*` for any namespace), `pods/ns` (pod templates).
 */
export type DependencyKey = string;

/** The one place the key formats are written, for the index and the lookups alike. */
export const ANY_NAMESPACE = '*';
export const kindKey = (kind: string, namespace: string): DependencyKey => `${keyPart(kind)}/${keyPart(namespace)}`;
export const nameKey = (kind: string, namespace: string, name: string): DependencyKey => `${keyPart(kind)}/${keyPart(namespace)}/${keyPart(name)}`;
export const podsKey = (namespace: string): DependencyKey => `pods/${keyPart(namespace)}`;

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
function keyPart(part: string): string {
  return part.length <= LONGEST_KEY_PART ? part : `${part.slice(0, LONGEST_KEY_PART)}…${part.length}`;
}

export const isCut = (...parts: string[]): boolean => parts.some((part) => part.length > LONGEST_KEY_PART);

/** The keys a resource is indexed under: in its namespace, or in `ns` (new settings not yet written on it). */
export function indexKeys(r: Resource, ns = r.namespace): DependencyKey[] {
  const kind = r.kind.value;
  const keys = [kindKey(kind, ns), kindKey(kind, ANY_NAMESPACE)];
  if (r.name) keys.push(nameKey(kind, ns, r.name.value), nameKey(kind, ANY_NAMESPACE, r.name.value));
  if (r.podTemplate) keys.push(podsKey(ns));
  return keys;
}

/** The canonical order of resources: by file URI, then by place in the file. */
export function compareLocations(a: Resource, b: Resource): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.documentIndex - b.documentIndex || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
