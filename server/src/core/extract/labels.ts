import { isMap, type Node, type YAMLMap } from 'yaml';
import { exactSize } from '../arrays';
import { field, isUnknown, mapField, readList, seqField, Unknown, type Read } from '../fields';
import type { LabelSelector, LabelSet, SelectorOperator, SelectorRequirement } from '../model';
import { isTemplated } from '../template';
import type { Located } from '../types';
import { getPair, knownString, located, locatedString, nodeRange, scalarOf, scalarText, scalarValue, type ExtractContext } from './read';

/** The label selector in field `key` (`selector`, `labelSelector`) of `spec`. */
export function labelSelector(spec: Read<YAMLMap>, ctx: ExtractContext, key = 'selector'): LabelSelector | undefined {
  const pair = getPair(spec, key);
  const node = mapField(spec, key);
  // `selector:` with no value is no selector; an unknown one is still a selector.
  if (node === undefined) return undefined;
  const keyNode = (pair?.key as Node | undefined) ?? (node as Unknown).at;
  const selector: LabelSelector = {
    range: nodeRange((pair?.value as Node | null) ?? keyNode, ctx),
    keyRange: nodeRange(keyNode, ctx),
    matchExpressions: [],
    exact: !isUnknown(node),
  };
  if (isUnknown(node)) return selector;
  for (const item of node.items) {
    const key = scalarValue(item.key);
    if (key !== 'matchLabels' && key !== 'matchExpressions') selector.exact = false;
  }
  selector.matchLabels = labelSetField(node, 'matchLabels', ctx);
  if (selector.matchLabels && !selector.matchLabels.exact) selector.exact = false;
  const expressions = readList(node, 'matchExpressions', (item) => selectorRequirement(item, ctx));
  selector.matchExpressions = expressions.items;
  if (!expressions.exact) selector.exact = false;
  return selector;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** A requirement read completely, or undefined when some of it is unknown. */
function selectorRequirement(item: YAMLMap | Unknown, ctx: ExtractContext): SelectorRequirement | undefined {
  if (isUnknown(item)) return undefined;
  const key = knownString(field(item, 'key'), ctx);
  const operator = knownString(field(item, 'operator'), ctx);
  if (!key || !operator || !OPERATORS.has(operator.value)) return undefined;
  const valuesNode = seqField(item, 'values');
  if (isUnknown(valuesNode)) return undefined;
  const values: string[] = [];
  const valueNodes: Located[] = [];
  for (const v of valuesNode?.items ?? []) {
    const s = scalarText(v);
    if (s === undefined || isTemplated(s)) return undefined;
    values.push(s);
    valueNodes.push(located(s, v as Node, ctx));
  }
  return { key, operator: operator as Located<SelectorOperator>, values, valueNodes, range: nodeRange(item, ctx) };
}

/** The label set in field `key` of `parent`: absent, read, or unknown (nothing in it can be relied on). */
export function labelSetField(parent: Read<YAMLMap>, key: string, ctx: ExtractContext): LabelSet | undefined {
  const node = field(parent, key);
  return isUnknown(node) ? unknownLabels(node, ctx) : labelSet(node, ctx);
}

/** Labels that are there but cannot be read: rules stay silent about them. */
export function unknownLabels(unknown: Unknown, ctx: ExtractContext): LabelSet {
  return { range: nodeRange(unknown.at, ctx), entries: [], exact: false };
}

export function labelSet(node: unknown, ctx: ExtractContext): LabelSet | undefined {
  if (node === undefined || node === null) return undefined;
  if (!isMap(node)) return { range: nodeRange(node as Node, ctx), entries: [], exact: false };
  const set: LabelSet = { range: nodeRange(node, ctx), entries: [], exact: true };
  for (const pair of node.items) {
    const key = locatedString(pair.key, ctx);
    const scalar = scalarOf(pair.value, ctx);
    const value = scalar ? located(scalarText(scalar) ?? '', pair.value as Node, ctx) : undefined;
    if (!key || !value || isTemplated(key.value) || isTemplated(value.value) || key.value === '<<') {
      set.exact = false;
      continue;
    }
    set.entries.push({ key, value });
  }
  set.entries = exactSize(set.entries);
  return set;
}
