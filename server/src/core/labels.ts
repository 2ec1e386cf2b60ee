import type { LabelSelector, LabelSet, SelectorRequirement } from './model';

/**
 * Label selector semantics of k8s.io/apimachinery/pkg/labels (selector.go,
 * Requirement.Matches): `matchLabels` entries and `matchExpressions` are ANDed;
 * `In` needs the key present with one of the values, `NotIn` matches when the key is
 * absent or its value is not listed, `Exists` / `DoesNotExist` test the key only.
 */

export function labelMap(set: LabelSet | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of set?.entries ?? []) map.set(e.key.value, e.value.value);
  return map;
}

export function requirementMatches(req: SelectorRequirement, labels: Map<string, string>): boolean {
  const has = labels.has(req.key.value);
  const value = labels.get(req.key.value);
  switch (req.operator.value) {
    case 'In':
      return has && req.values.includes(value as string);
    case 'NotIn':
      return !has || !req.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** A selector read exactly with no requirement at all: it would match every label set. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return selector.exact && !selector.matchLabels?.entries.length && selector.matchExpressions.length === 0;
}

/** A label the selector wants that the pod does not have, or has with another value. */
export interface LabelDifference {
  key: string;
  expected: string;
  actual: string | undefined;
}

export interface SelectorMismatch {
  /** matchLabels entries whose key is missing or whose value differs. */
  labels: LabelDifference[];
  expressions: SelectorRequirement[];
}

/** What in the selector does not match the labels; undefined when it matches. */
export function selectorMismatch(selector: LabelSelector, labels: Map<string, string>): SelectorMismatch | undefined {
  const mismatch: SelectorMismatch = {
    labels: selector.matchLabels ? mapSelectorMismatch(selector.matchLabels, labels) : [],
    expressions: selector.matchExpressions.filter((req) => !requirementMatches(req, labels)),
  };
  return mismatch.labels.length || mismatch.expressions.length ? mismatch : undefined;
}

/**
 * The entries of a label map (a Service selector, a workload's `matchLabels`) that the
 * labels do not have: a pod is selected when every entry is among its labels with the
 * same value (Service.spec.selector, "Route service traffic to pods with label keys and
 * values matching this selector"; matchLabels entries are ANDed the same way).
 */
export function mapSelectorMismatch(selector: LabelSet, labels: Map<string, string>): LabelDifference[] {
  const out: LabelDifference[] = [];
  for (const e of selector.entries) {
    const actual = labels.get(e.key.value);
    if (actual !== e.value.value) out.push({ key: e.key.value, expected: e.value.value, actual });
  }
  return out;
}

export function describeLabel(key: string, value: string | undefined): string {
  return value === undefined ? `no '${key}' label` : `${key}: ${value}`;
}
