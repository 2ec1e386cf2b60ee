import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isBuiltInApiVersion } from './apiGroups';
import { field, identityField, isUnknown, mapField, readList, seqField, Unknown, type Read } from './fields';
import { lazyLocated, lazyRange, type DocumentAnchor } from './lazyRange';
import type {
  Container, ContainerPort, EnvVar, LabelSelector, LabelSet, PodTemplate, Resource, SelectorOperator,
  SelectorRequirement, ServicePort, ServiceSpec, StatefulSetSpec,
} from './model';
import { isTemplated } from './template';
import type { Located, Range } from './types';

/**
 * Turns one parsed YAML document into the Kubernetes objects it holds: the document
 * itself when it has `apiVersion` and `kind`, or the items of a `kind: List`.
 * Anything else (non-Kubernetes YAML, a scalar, a broken document) yields nothing.
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
}

// Qualified names anywhere; short pod names (`web-0.nginx`) also after `=`, `/`, `,`, `@`, space…
const DNS_CANDIDATE = /\.svc(?:\.|\b)|\.cluster\.local\b|(?:^|[^A-Za-z0-9_.-])[a-z0-9-]+-\d+\.[a-z0-9-]+/;
const MAX_DNS_CANDIDATES = 200;
/** The annotation that lists rule ids not to report on this object (see suppressions.ts). */
export const IGNORE_ANNOTATION = 'stateful-manifests.io/ignore';

export function extractResources(doc: Document, documentCtx: ExtractContext): Resource[] {
  const ctx: ExtractContext = { ...documentCtx, scalarAlias: scalarAliasResolver(doc) };
  const root = doc.contents;
  if (!isMap(root)) return [];
  const kind = locatedString(get(root, 'kind'), ctx);
  if (kind?.value === 'List' || (kind && /List$/.test(kind.value) && isSeq(get(root, 'items')))) {
    const items = get(root, 'items');
    if (!isSeq(items)) return [];
    const out: Resource[] = [];
    for (const item of items.items) {
      if (isMap(item)) {
        const r = extractObject(item, ctx);
        if (r) out.push(r);
      }
    }
    return out;
  }
  const r = extractObject(root, ctx);
  return r ? [r] : [];
}

function extractObject(map: YAMLMap, ctx: ExtractContext): Resource | undefined {
  const apiVersion = locatedString(get(map, 'apiVersion'), ctx);
  const kind = locatedString(get(map, 'kind'), ctx);
  if (!apiVersion || !kind || isTemplated(kind.value)) return undefined;
  const metadata = mapField(map, 'metadata');
  const name = knownString(identityField(metadata, 'name'), ctx);
  const namespaceNode = knownString(identityField(metadata, 'namespace'), ctx);
  const spec = mapField(map, 'spec');
  const resource: Resource = {
    uri: ctx.uri,
    documentIndex: ctx.documentIndex,
    apiVersion,
    kind,
    name,
    namespaceNode,
    namespace: '',
    range: nodeRange(map, ctx),
    labels: labelSetField(metadata, 'labels', ctx),
    ignoreAnnotation: locatedString(field(mapField(metadata, 'annotations'), IGNORE_ANNOTATION), ctx),
    templated: ctx.templated,
    dnsCandidates: [],
  };
  switch (kind.value) {
    case 'StatefulSet':
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      if (spec) {
        resource.selector = labelSelector(spec, ctx);
        const specKey = getPair(map, 'spec')?.key as Node | undefined;
        if (!resource.selector && !isUnknown(spec) && specKey) resource.selectorAbsentAt = nodeRange(specKey, ctx);
        resource.podTemplate = podTemplate(spec, ctx);
        if (kind.value === 'StatefulSet') resource.statefulSet = statefulSetSpec(spec, ctx);
      }
      break;
    case 'Job':
    case 'ReplicationController': // spec.template is a pod template (its spec.selector is a plain label map)
      if (spec) resource.podTemplate = podTemplate(spec, ctx);
      break;
    case 'CronJob': {
      const jobSpec = mapField(mapField(spec, 'jobTemplate'), 'spec');
      if (jobSpec) resource.podTemplate = podTemplate(jobSpec, ctx);
      break;
    }
    case 'Pod':
      resource.podTemplate = barePodTemplate(map, metadata, spec, ctx);
      break;
    case 'Service':
      resource.service = serviceSpec(spec, ctx);
      break;
    default:
      if (spec && !isBuiltInApiVersion(apiVersion.value)) resource.podTemplate = customResourcePods(spec, ctx);
  }
  collectDnsCandidates(map, ctx, resource.dnsCandidates);
  return resource;
}

// ---------------------------------------------------------------- workloads

function statefulSetSpec(spec: Read<YAMLMap>, ctx: ExtractContext): StatefulSetSpec {
  const serviceNameNode = field(spec, 'serviceName');
  const serviceName = knownString(serviceNameNode, ctx);
  const replicasNode = field(spec, 'replicas');
  const startNode = field(mapField(spec, 'ordinals'), 'start');
  return {
    serviceName,
    serviceNameUnreadable: !serviceName && serviceNameNode !== undefined && !(isScalar(serviceNameNode) && serviceNameNode.value === ''),
    replicas: locatedNumber(replicasNode, ctx),
    ordinalsStart: locatedNumber(startNode, ctx),
    ordinalsUnreadable: isUnknown(replicasNode) || isUnknown(startNode) || undefined,
  };
}

function labelSelector(spec: Read<YAMLMap>, ctx: ExtractContext): LabelSelector | undefined {
  const pair = getPair(spec, 'selector');
  const node = mapField(spec, 'selector');
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
  for (const v of valuesNode?.items ?? []) {
    const s = scalarText(v);
    if (s === undefined || isTemplated(s)) return undefined;
    values.push(s);
  }
  return { key, operator: operator as Located<SelectorOperator>, values, range: nodeRange(item, ctx) };
}

function podTemplate(spec: Read<YAMLMap>, ctx: ExtractContext): PodTemplate | undefined {
  const pair = getPair(spec, 'template');
  const template = mapField(spec, 'template');
  if (template === undefined) return undefined;
  const keyRange = nodeRange((pair?.key as Node | undefined) ?? (template as Unknown).at, ctx);
  // A template behind an alias or a merge key: its labels and containers are unknown.
  if (isUnknown(template)) return { keyRange, labels: unknownLabels(template, ctx), containers: [], exact: false };
  const metadataPair = getPair(template, 'metadata');
  const containers = readContainers(mapField(template, 'spec'), ctx);
  return {
    keyRange,
    labels: labelSetField(mapField(template, 'metadata'), 'labels', ctx),
    metadataRange: metadataPair ? nodeRange(metadataPair.key as Node, ctx) : undefined,
    containers: containers.containers,
    exact: containers.exact,
  };
}

function barePodTemplate(map: YAMLMap, metadata: Read<YAMLMap>, spec: Read<YAMLMap>, ctx: ExtractContext): PodTemplate {
  const metadataPair = getPair(map, 'metadata');
  const containers = readContainers(spec, ctx);
  return {
    keyRange: nodeRange((metadataPair?.key as Node) ?? map, ctx),
    labels: labelSetField(metadata, 'labels', ctx),
    metadataRange: metadataPair ? nodeRange(metadataPair.key as Node, ctx) : undefined,
    containers: containers.containers,
    exact: containers.exact,
  };
}

/** The containers that could be read; `exact` when none (nor any of their ports) is unknown. */
function readContainers(podSpec: Read<YAMLMap>, ctx: ExtractContext): { containers: Container[]; exact: boolean } {
  const containers: Container[] = [];
  let exact = !isUnknown(podSpec);
  for (const [name, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = readList(podSpec, name, (item) => (isUnknown(item) ? undefined : readContainer(item, init, ctx)));
    if (!list.exact) exact = false;
    for (const read of list.items) {
      containers.push(read.container);
      if (!read.portsExact) exact = false;
    }
  }
  return { containers, exact };
}

function readContainer(map: YAMLMap, init: boolean, ctx: ExtractContext): { container: Container; portsExact: boolean } {
  const container: Container = {
    name: knownString(field(map, 'name'), ctx),
    range: nodeRange(map, ctx),
    ports: [],
    env: [],
    // Unknown (a merge key) counts as present: envFrom may then define any name.
    hasEnvFrom: field(map, 'envFrom') !== undefined,
    envExact: true,
    command: stringList(field(map, 'command'), ctx),
    args: stringList(field(map, 'args'), ctx),
    init,
  };
  const ports = readList(map, 'ports', (item) => containerPort(item, ctx));
  container.ports = ports.items;
  const env = readList(map, 'env', (item) => readEnvVar(item, ctx));
  container.env = env.items;
  container.envExact = env.exact;
  return { container, portsExact: ports.exact };
}

/** A container port, or undefined when its name, number or protocol is unknown. */
function containerPort(map: YAMLMap | Unknown, ctx: ExtractContext): ContainerPort | undefined {
  if (isUnknown(map)) return undefined;
  const name = field(map, 'name');
  const containerPort = field(map, 'containerPort');
  const protocol = field(map, 'protocol');
  if (isUnknown(name) || isUnknown(containerPort) || isUnknown(protocol)) return undefined;
  return {
    name: knownString(name, ctx),
    containerPort: locatedNumber(containerPort, ctx),
    protocol: scalarText(protocol) ?? 'TCP',
    range: nodeRange(map, ctx),
  };
}

/** An env entry, or undefined when its name or value cannot be read. */
function readEnvVar(map: YAMLMap | Unknown, ctx: ExtractContext): EnvVar | undefined {
  if (isUnknown(map)) return undefined;
  const name = knownString(field(map, 'name'), ctx);
  if (!name) return undefined;
  const valueFrom = mapField(map, 'valueFrom');
  const valueNode = field(map, 'value');
  const value = locatedString(valueNode, ctx);
  if (valueNode !== undefined && !value) return undefined;
  return {
    name,
    value,
    fieldPath: knownString(field(mapField(valueFrom, 'fieldRef'), 'fieldPath'), ctx),
    // An unknown valueFrom is still there: the value comes from elsewhere.
    hasValueFrom: valueFrom !== undefined,
    range: nodeRange(map, ctx),
  };
}

/**
 * A custom resource with a `spec` (an Argo Rollout, an operator's Prometheus) may make
 * pods, through a controller not known here. They count as pods whose labels are not all
 * known (`exact: false`): a `spec.template` (Rollout) gives the labels they surely have,
 * for completions; the controller may add labels and containers of its own.
 */
function customResourcePods(spec: YAMLMap | Unknown, ctx: ExtractContext): PodTemplate {
  const template = podTemplate(spec, ctx);
  const range = nodeRange(isUnknown(spec) ? spec.at : spec, ctx);
  const labels = template?.labels ?? { range: template?.keyRange ?? range, entries: [], exact: false };
  return { ...(template ?? { keyRange: range, containers: [] }), labels: { ...labels, exact: false }, exact: false };
}

// ---------------------------------------------------------------- services

/** `spec.clusterIPs` (dual-stack Services): the items that could be read, and whether that is all of them. */
function clusterIPList(node: Read<Node>, ctx: ExtractContext): ServiceSpec['clusterIPs'] {
  if (node === undefined) return undefined;
  if (!isSeq(node)) return { values: [], exact: false };
  const values = stringList(node, ctx);
  return { values, exact: values.length === node.items.length };
}

function serviceSpec(spec: Read<YAMLMap>, ctx: ExtractContext): ServiceSpec {
  const service: ServiceSpec = { ports: [], portsExact: true };
  if (!spec) return service;
  const clusterIP = field(spec, 'clusterIP');
  const type = field(spec, 'type');
  service.clusterIP = locatedString(clusterIP, ctx);
  service.clusterIPUnreadable = clusterIP !== undefined && !service.clusterIP;
  service.clusterIPs = clusterIPList(field(spec, 'clusterIPs'), ctx);
  service.type = locatedString(type, ctx);
  service.typeUnreadable = type !== undefined && !service.type;
  const selector = field(spec, 'selector');
  if (selector !== undefined) {
    service.selector = isUnknown(selector) ? unknownLabels(selector, ctx) : labelSet(selector, ctx);
    service.selectorKeyRange = nodeRange((getPair(spec, 'selector')?.key as Node | undefined) ?? (selector as Unknown).at, ctx);
  }
  const pna = field(spec, 'publishNotReadyAddresses');
  if (isScalar(pna) && typeof pna.value === 'boolean') {
    service.publishNotReadyAddresses = located(pna.value as boolean, pna, ctx);
  }
  const ports = readList(spec, 'ports', (item) => servicePort(item, ctx));
  service.ports = ports.items;
  service.portsExact = ports.exact;
  return service;
}

/** A Service port, or undefined when one of its fields is unknown. */
function servicePort(map: YAMLMap | Unknown, ctx: ExtractContext): ServicePort | undefined {
  if (isUnknown(map)) return undefined;
  const name = field(map, 'name');
  const port = field(map, 'port');
  const targetNode = field(map, 'targetPort');
  const protocolNode = field(map, 'protocol');
  if (isUnknown(name) || isUnknown(port) || isUnknown(targetNode) || isUnknown(protocolNode)) return undefined;
  const target = isScalar(targetNode) && (typeof targetNode.value === 'number' || typeof targetNode.value === 'string')
    && !isTemplated(String(targetNode.value))
    ? located(targetNode.value as number | string, targetNode, ctx)
    : undefined;
  return {
    name: knownString(name, ctx),
    port: locatedNumber(port, ctx),
    targetPort: target,
    protocol: locatedString(protocolNode, ctx) ?? located('TCP', map, ctx),
    range: nodeRange(map, ctx),
  };
}

// ---------------------------------------------------------------- labels

/** The label set in field `key` of `parent`: absent, read, or unknown (nothing in it can be relied on). */
function labelSetField(parent: Read<YAMLMap>, key: string, ctx: ExtractContext): LabelSet | undefined {
  const node = field(parent, key);
  return isUnknown(node) ? unknownLabels(node, ctx) : labelSet(node, ctx);
}

/** Labels that are there but cannot be read: rules stay silent about them. */
function unknownLabels(unknown: Unknown, ctx: ExtractContext): LabelSet {
  return { range: nodeRange(unknown.at, ctx), entries: [], exact: false };
}

function labelSet(node: unknown, ctx: ExtractContext): LabelSet | undefined {
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
  return set;
}

// ---------------------------------------------------------------- DNS candidates

function collectDnsCandidates(node: unknown, ctx: ExtractContext, out: Located[], depth = 0): void {
  if (out.length >= MAX_DNS_CANDIDATES || depth > 64) return;
  if (isMap(node)) {
    for (const pair of node.items) collectDnsCandidates(pair.value, ctx, out, depth + 1);
  } else if (isSeq(node)) {
    for (const item of node.items) collectDnsCandidates(item, ctx, out, depth + 1);
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.length < 4096 && !isTemplated(node.value) && DNS_CANDIDATE.test(node.value)) {
    const value = located(node.value, node, ctx);
    if (value) out.push(value);
  }
}

// ---------------------------------------------------------------- YAML helpers

function getPair(map: unknown, key: string): Pair | undefined {
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
function get(map: unknown, key: string): unknown {
  const value = getPair(map, key)?.value;
  // `key:` with no value (or `null`) decodes to the field's zero value, as if absent.
  return isScalar(value) && value.value === null ? undefined : value;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Text of a scalar the way Kubernetes would read it into a string field. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return interned(v);
  if (typeof v === 'number' || typeof v === 'boolean') return interned(node.source ?? String(v));
  return undefined;
}

/**
 * The same text as a string of its own, shared with every equal string: V8 keeps one
 * copy of each property name (its string table, weak: an unused entry goes with the
 * next full GC), and a property name is a flat string. A scalar's text as the parser
 * gives it is a view into the document's text; the model holds tens of thousands of
 * them, mostly repeats (`app.kubernetes.io/name`, `TCP`, `apps/v1`…).
 */
function interned(text: string): string {
  const holder: Record<string, true> = {};
  holder[text] = true;
  for (const key in holder) return key;
  return text;
}

/** A value with the range of its node, kept as offsets (see {@link lazyLocated}). */
function located<T>(value: T, node: Node, ctx: ExtractContext): Located<T> {
  const [start, valueEnd] = node.range ?? [0, 0];
  return lazyLocated(value, ctx.anchor, start, valueEnd);
}

/** A string read from a scalar, or from the scalar an alias stands for (with the alias's range). */
function locatedString(node: unknown, ctx: ExtractContext): Located | undefined {
  const text = scalarText(scalarOf(node, ctx));
  return text === undefined ? undefined : located(text, node as Node, ctx);
}

/**
 * The scalar a node is, or that an alias names. An alias of a scalar is one value,
 * not an expansion (aliases of maps and lists stay unread), and resolving it keeps
 * names such as `name: *svc` in a List from looking absent.
 */
function scalarOf(node: unknown, ctx: ExtractContext): Scalar | undefined {
  if (isScalar(node)) return node;
  return isAlias(node) ? ctx.scalarAlias?.(node) : undefined;
}

/**
 * Resolves aliases the way YAML does (the closest anchor of that name before the
 * alias), with one walk of the document, made the first time an alias is read.
 */
function scalarAliasResolver(doc: Document): (alias: Alias) => Scalar | undefined {
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
function knownString(node: unknown, ctx: ExtractContext): Located | undefined {
  const s = locatedString(node, ctx);
  return s && !isTemplated(s.value) && s.value !== '' ? s : undefined;
}

/** A number read from a scalar, or from the scalar an alias stands for (with the alias's range). */
function locatedNumber(node: unknown, ctx: ExtractContext): Located<number> | undefined {
  const scalar = scalarOf(node, ctx);
  if (!scalar || typeof scalar.value !== 'number' || !Number.isFinite(scalar.value)) return undefined;
  return located(scalar.value, node as Node, ctx);
}

function stringList(node: unknown, ctx: ExtractContext): Located[] {
  if (!isSeq(node)) return [];
  const out: Located[] = [];
  for (const item of node.items) {
    const s = locatedString(item, ctx);
    if (s) out.push(s);
  }
  return out;
}

function nodeRange(node: Node, ctx: ExtractContext): Range {
  const [start, valueEnd] = node.range ?? [0, 0];
  return lazyRange(ctx.anchor, start, valueEnd);
}
