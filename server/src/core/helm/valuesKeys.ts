import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

/**
 * Keys of a values file (values.yaml, a -f file) found with the `yaml` package: where a
 * `.Values` path is written, for Go to Definition and for hovers that say where a value
 * came from; and the nested keys, for completion after `.Values.`.
 */

/** Values files larger than this are not searched (a 10 MB values file must not stall a hover). */
const MAX_SEARCHED = 2 * 1024 * 1024;

/** The last document read per text: hovers and completions ask again and again while the text stays. */
const cache = new Map<string, Document | undefined>();

function documentOf(text: string): Document | undefined {
  if (text.length > MAX_SEARCHED) return undefined;
  if (cache.has(text)) return cache.get(text);
  let doc: Document | undefined;
  try {
    doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
  } catch {
    doc = undefined;
  }
  if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
  cache.set(text, doc);
  return doc;
}

/** Offsets of the key that holds `path` ('image.tag') in a values file, when it is written there. */
export function valuesKeyOffsets(text: string, path: readonly string[]): { start: number; end: number } | undefined {
  let node: unknown = documentOf(text)?.contents;
  let found: { start: number; end: number } | undefined;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
    if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
    found = { start: pair.key.range[0], end: pair.key.range[1] };
    node = pair.value;
  }
  return found;
}

/** The keys written under `path` in a values file (the top-level keys for an empty path), in file order, with their scalar value or their shape. */
export function valuesKeysUnder(text: string, path: readonly string[]): { key: string; shape: 'map' | 'list' | 'scalar'; value?: unknown }[] {
  let node: unknown = documentOf(text)?.contents;
  for (const segment of path) {
    if (!isMap(node)) return [];
    node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment)?.value;
  }
  if (!isMap(node)) return [];
  return node.items.filter((p) => isScalar(p.key)).map((p) => {
    const key = String((p.key as { value: unknown }).value);
    if (isMap(p.value)) return { key, shape: 'map' as const };
    if (isSeq(p.value)) return { key, shape: 'list' as const };
    return { key, shape: 'scalar' as const, value: isScalar(p.value) ? p.value.value : null };
  });
}
