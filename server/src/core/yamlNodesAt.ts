import { isMap, isPair, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * The maps and sequences under `root` whose range holds `offset`, outermost first. Only
 * those are walked (the others cannot hold what starts there), so a large collection
 * composed whole beside it is not, and the walk keeps its own stack (a document may nest
 * deeper than the call stack). For the put-backs of yamlPutBack.ts.
 */
export function* collectionsHolding(root: unknown, offset: number): Generator<YAMLMap.Parsed | YAMLSeq.Parsed> {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isMap(node) && !isSeq(node)) continue;
    const range = node.range;
    if (!range || range[0] > offset || range[2] < offset) continue;
    yield node as YAMLMap.Parsed | YAMLSeq.Parsed;
    for (const item of node.items) {
      if (isPair(item)) stack.push(item.key, item.value);
      else stack.push(item);
    }
  }
}
