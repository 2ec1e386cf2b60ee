/**
 * Large single documents whose large collection is not a value of the top-level map, for
 * the tests of composing in pieces (yamlCompose.ts, issue 16).
 */

/** A document that is itself a list of `count` StatefulSets (a generated file, a chart's test list): about 104 characters each. */
export function topList(count: number): string {
  const item = (i: number) => `- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: web-${i}\n  spec:\n    serviceName: svc-${i % 7}\n`;
  return Array.from({ length: count }, (_, i) => item(i)).join('');
}

/**
 * A StatefulSet whose one container has `count` env entries (about 55 characters each),
 * deep in the object (spec.template.spec.containers[0].env), a key after them.
 */
export function envStatefulSet(count: number): string {
  const env = Array.from({ length: count }, (_, i) => `        - name: VAR_${i}\n          value: "value-${i}"\n`).join('');
  return `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  template:\n    spec:\n      containers:\n      - name: c\n        env:\n${env}        image: nginx\n`;
}
