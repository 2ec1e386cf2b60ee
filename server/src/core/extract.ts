import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isBuiltInApiVersion } from './apiGroups';
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
  const metadata = asMap(get(map, 'metadata'));
  const name = knownString(metadata && get(metadata, 'name'), ctx);
  const namespaceNode = knownString(metadata && get(metadata, 'namespace'), ctx);
  const spec = asMap(get(map, 'spec'));
  const resource: Resource = {
    uri: ctx.uri,
    documentIndex: ctx.documentIndex,
    apiVersion,
    kind,
    name,
    namespaceNode,
    namespace: '',
    range: nodeRange(map, ctx),
    labels: metadata ? labelSet(get(metadata, 'labels'), ctx) : undefined,
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
        resource.podTemplate = podTemplate(spec, ctx);
        if (kind.value === 'StatefulSet') resource.statefulSet = statefulSetSpec(spec, ctx);
      }
      break;
    case 'Job':
    case 'ReplicationController': // spec.template is a pod template (its spec.selector is a plain label map)
      if (spec) resource.podTemplate = podTemplate(spec, ctx);
      break;
    case 'CronJob': {
      const jobSpec = asMap(get(asMap(get(spec, 'jobTemplate')), 'spec'));
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

function statefulSetSpec(spec: YAMLMap, ctx: ExtractContext): StatefulSetSpec {
  const serviceNameNode = get(spec, 'serviceName');
  const serviceName = knownString(serviceNameNode, ctx);
  return {
    serviceName,
    serviceNameUnreadable: !serviceName && serviceNameNode !== undefined && serviceNameNode !== null && !(isScalar(serviceNameNode) && serviceNameNode.value === ''),
    replicas: locatedNumber(get(spec, 'replicas'), ctx),
    ordinalsStart: locatedNumber(get(asMap(get(spec, 'ordinals')), 'start'), ctx),
  };
}

function labelSelector(spec: YAMLMap, ctx: ExtractContext): LabelSelector | undefined {
  const pair = getPair(spec, 'selector');
  if (!pair) return undefined;
  const node = pair.value as Node | null;
  const selector: LabelSelector = {
    range: nodeRange(node ?? (pair.key as Node), ctx),
    keyRange: nodeRange(pair.key as Node, ctx),
    matchExpressions: [],
    exact: isMap(node),
  };
  if (!isMap(node)) return selector;
  for (const item of node.items) {
    const key = scalarValue(item.key);
    if (key !== 'matchLabels' && key !== 'matchExpressions') selector.exact = false;
  }
  const matchLabels = get(node, 'matchLabels');
  if (matchLabels !== undefined && matchLabels !== null) {
    selector.matchLabels = labelSet(matchLabels, ctx);
    if (!selector.matchLabels?.exact) selector.exact = false;
  }
  const expressions = get(node, 'matchExpressions');
  if (isSeq(expressions)) {
    for (const item of expressions.items) {
      const requirement = selectorRequirement(item, ctx);
      if (requirement) selector.matchExpressions.push(requirement);
      else selector.exact = false;
    }
  } else if (expressions !== undefined && expressions !== null) {
    selector.exact = false;
  }
  return selector;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function selectorRequirement(item: unknown, ctx: ExtractContext): SelectorRequirement | undefined {
  if (!isMap(item)) return undefined;
  const key = knownString(get(item, 'key'), ctx);
  const operator = knownString(get(item, 'operator'), ctx);
  if (!key || !operator || !OPERATORS.has(operator.value)) return undefined;
  const valuesNode = get(item, 'values');
  const values: string[] = [];
  if (isSeq(valuesNode)) {
    for (const v of valuesNode.items) {
      const s = scalarText(v);
      if (s === undefined || isTemplated(s)) return undefined;
      values.push(s);
    }
  } else if (valuesNode !== undefined && valuesNode !== null) {
    return undefined;
  }
  return { key, operator: operator as Located<SelectorOperator>, values, range: nodeRange(item, ctx) };
}

function podTemplate(spec: YAMLMap, ctx: ExtractContext): PodTemplate | undefined {
  const pair = getPair(spec, 'template');
  if (!pair) return undefined;
  const template = asMap(pair.value);
  const metadataPair = template ? getPair(template, 'metadata') : undefined;
  const metadata = asMap(metadataPair?.value);
  const podSpec = asMap(template && get(template, 'spec'));
  const containers = podSpec ? readContainers(podSpec, ctx) : { containers: [], exact: true };
  return {
    keyRange: nodeRange(pair.key as Node, ctx),
    labels: metadata ? labelSet(get(metadata, 'labels'), ctx) : undefined,
    metadataRange: metadataPair ? nodeRange(metadataPair.key as Node, ctx) : undefined,
    containers: containers.containers,
    exact: !!template && containers.exact,
  };
}

function barePodTemplate(map: YAMLMap, metadata: YAMLMap | undefined, spec: YAMLMap | undefined, ctx: ExtractContext): PodTemplate {
  const metadataPair = getPair(map, 'metadata');
  const containers = spec ? readContainers(spec, ctx) : { containers: [], exact: true };
  return {
    keyRange: nodeRange((metadataPair?.key as Node) ?? map, ctx),
    labels: metadata ? labelSet(get(metadata, 'labels'), ctx) : undefined,
    metadataRange: metadataPair ? nodeRange(metadataPair.key as Node, ctx) : undefined,
    containers: containers.containers,
    exact: containers.exact,
  };
}

function readContainers(podSpec: YAMLMap, ctx: ExtractContext): { containers: Container[]; exact: boolean } {
  const containers: Container[] = [];
  let exact = true;
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = get(podSpec, field);
    if (list === undefined || list === null) continue;
    if (!isSeq(list)) {
      exact = false;
      continue;
    }
    for (const item of list.items) {
      if (!isMap(item)) {
        exact = false;
        continue;
      }
      containers.push(readContainer(item, init, ctx));
    }
  }
  return { containers, exact };
}

function readContainer(map: YAMLMap, init: boolean, ctx: ExtractContext): Container {
  const container: Container = {
    name: knownString(get(map, 'name'), ctx),
    range: nodeRange(map, ctx),
    ports: [],
    env: [],
    hasEnvFrom: get(map, 'envFrom') !== undefined,
    envExact: true,
    command: stringList(get(map, 'command'), ctx),
    args: stringList(get(map, 'args'), ctx),
    init,
  };
  const ports = get(map, 'ports');
  if (isSeq(ports)) {
    for (const p of ports.items) {
      if (!isMap(p)) continue;
      const port: ContainerPort = {
        name: knownString(get(p, 'name'), ctx),
        containerPort: locatedNumber(get(p, 'containerPort'), ctx),
        protocol: scalarText(get(p, 'protocol')) ?? 'TCP',
        range: nodeRange(p, ctx),
      };
      container.ports.push(port);
    }
  }
  const env = get(map, 'env');
  if (isSeq(env)) {
    for (const e of env.items) {
      const v = isMap(e) ? readEnvVar(e, ctx) : undefined;
      if (v) container.env.push(v);
      else container.envExact = false;
    }
  } else if (env !== undefined && env !== null) {
    container.envExact = false;
  }
  return container;
}

function readEnvVar(map: YAMLMap, ctx: ExtractContext): EnvVar | undefined {
  const name = knownString(get(map, 'name'), ctx);
  if (!name) return undefined;
  const valueFrom = asMap(get(map, 'valueFrom'));
  const fieldRef = asMap(valueFrom && get(valueFrom, 'fieldRef'));
  const valueNode = get(map, 'value');
  const value = locatedString(valueNode, ctx);
  if (valueNode !== undefined && valueNode !== null && !value) return undefined;
  return {
    name,
    value,
    fieldPath: knownString(fieldRef && get(fieldRef, 'fieldPath'), ctx),
    hasValueFrom: !!valueFrom,
    range: nodeRange(map, ctx),
  };
}

/**
 * A custom resource with a `spec` (an Argo Rollout, an operator's Prometheus) may make
 * pods, through a controller not known here. They count as pods whose labels are not all
 * known (`exact: false`): a `spec.template` (Rollout) gives the labels they surely have,
 * for completions; the controller may add labels and containers of its own.
 */
function customResourcePods(spec: YAMLMap, ctx: ExtractContext): PodTemplate {
  const template = podTemplate(spec, ctx);
  const range = nodeRange(spec, ctx);
  const labels = template?.labels ?? { range: template?.keyRange ?? range, entries: [], exact: false };
  return { ...(template ?? { keyRange: range, containers: [] }), labels: { ...labels, exact: false }, exact: false };
}

// ---------------------------------------------------------------- services

/** `spec.clusterIPs` (dual-stack Services): the items that could be read, and whether that is all of them. */
function clusterIPList(node: unknown, ctx: ExtractContext): ServiceSpec['clusterIPs'] {
  if (node === undefined) return undefined;
  if (!isSeq(node)) return { values: [], exact: false };
  const values = stringList(node, ctx);
  return { values, exact: values.length === node.items.length };
}

function serviceSpec(spec: YAMLMap | undefined, ctx: ExtractContext): ServiceSpec {
  const service: ServiceSpec = { ports: [], portsExact: true };
  if (!spec) return service;
  const clusterIPNode = get(spec, 'clusterIP');
  service.clusterIP = locatedString(clusterIPNode, ctx);
  service.clusterIPUnreadable = clusterIPNode !== undefined && !service.clusterIP;
  service.clusterIPs = clusterIPList(get(spec, 'clusterIPs'), ctx);
  service.type = locatedString(get(spec, 'type'), ctx);
  const selectorPair = getPair(spec, 'selector');
  if (selectorPair && selectorPair.value !== null && selectorPair.value !== undefined) {
    service.selector = labelSet(selectorPair.value, ctx);
    service.selectorKeyRange = nodeRange(selectorPair.key as Node, ctx);
  }
  const pna = get(spec, 'publishNotReadyAddresses');
  if (isScalar(pna) && typeof pna.value === 'boolean') {
    service.publishNotReadyAddresses = located(pna.value as boolean, pna, ctx);
  }
  const ports = get(spec, 'ports');
  if (isSeq(ports)) {
    for (const p of ports.items) {
      if (!isMap(p)) {
        service.portsExact = false;
        continue;
      }
      const targetNode = get(p, 'targetPort');
      const target = isScalar(targetNode) && (typeof targetNode.value === 'number' || typeof targetNode.value === 'string')
        && !isTemplated(String(targetNode.value))
        ? located(targetNode.value as number | string, targetNode, ctx)
        : undefined;
      const protocolNode = get(p, 'protocol');
      const port: ServicePort = {
        name: knownString(get(p, 'name'), ctx),
        port: locatedNumber(get(p, 'port'), ctx),
        targetPort: target,
        protocol: locatedString(protocolNode, ctx) ?? located('TCP', p, ctx),
        range: nodeRange(p, ctx),
      };
      service.ports.push(port);
    }
  } else if (ports !== undefined && ports !== null) {
    service.portsExact = false;
  }
  return service;
}

// ---------------------------------------------------------------- labels

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
 * The value node of `key`. An alias comes back as the alias node itself, which no
 * reader treats as a map, list or scalar: values behind aliases are never expanded
 * (alias bombs stay small) and the values that hold them count as not exactly known.
 */
function get(map: unknown, key: string): unknown {
  const value = getPair(map, key)?.value;
  // `key:` with no value (or `null`) decodes to the field's zero value, as if absent.
  return isScalar(value) && value.value === null ? undefined : value;
}

function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
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

function locatedNumber(node: unknown, ctx: ExtractContext): Located<number> | undefined {
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) return undefined;
  return located(node.value, node, ctx);
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
