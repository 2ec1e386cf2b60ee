import { isMap, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { exactSize } from '../arrays';
import { isBuiltInApiVersion } from '../apiGroups';
import { field, identityField, isUnknown, mapField } from '../fields';
import type { Resource } from '../model';
import { runToEnd } from '../steps';
import { isTemplated } from '../template';
import { dnsCandidateSteps, DNS_NODES_PER_STEP } from './dnsCandidates';
import { readEnvListsAhead } from './listsAhead';
import { labelSelector, labelSetField } from './labels';
import { get, getPair, knownString, locatedString, nodeRange, scalarAliasResolver, type ExtractContext } from './read';
import { disruptionBudgetSpec, scaleTarget } from './policies';
import { serviceSpec } from './services';
import { barePodTemplate, customResourcePods, podTemplate, statefulSetSpec } from './workloads';

export type { ExtractContext } from './read';

/** The annotation that lists rule ids not to report on this object (see suppressions.ts). */
export const IGNORE_ANNOTATION = 'stateful-manifests.io/ignore';

/**
 * Turns one parsed YAML document into the Kubernetes objects it holds: the document
 * itself when it has `apiVersion` and `kind`, or the items of a `kind: List`.
 * Anything else (non-Kubernetes YAML, a scalar, a broken document) yields nothing.
 */
export function extractResources(doc: Document, documentCtx: ExtractContext): Resource[] {
  return runToEnd(extractResourcesSteps(doc, documentCtx));
}

/**
 * {@link extractResources} in steps: yields after every `objectsPerStep` items of a List
 * (a `kubectl get -o yaml` of a cluster is one document of thousands of objects), and,
 * when stepped, within one large object: its long env lists are read ahead
 * (listsAhead.ts) and its strings looked at for DNS names (dnsCandidates.ts) in steps.
 */
export function* extractResourcesSteps(doc: Document, documentCtx: ExtractContext, objectsPerStep = Infinity): Generator<void, Resource[]> {
  const ctx: ExtractContext = { ...documentCtx, scalarAlias: scalarAliasResolver(doc) };
  const stepped = objectsPerStep !== Infinity;
  const root = doc.contents;
  if (!isMap(root)) return [];
  const kind = locatedString(get(root, 'kind'), ctx);
  if (kind?.value === 'List' || (kind && /List$/.test(kind.value) && isSeq(get(root, 'items')))) {
    const items = get(root, 'items');
    if (!isSeq(items)) return [];
    const out: Resource[] = [];
    let sinceYield = 0;
    for (const item of items.items) {
      if (isMap(item)) {
        const r = yield* objectSteps(item, ctx, stepped);
        if (r) out.push(r);
      }
      if (++sinceYield >= objectsPerStep) {
        sinceYield = 0;
        yield;
      }
    }
    return out;
  }
  const r = yield* objectSteps(root, ctx, stepped);
  return r ? [r] : [];
}

/** One object; when `stepped`, what grows with its size is done in steps of its own. */
function* objectSteps(map: YAMLMap, ctx: ExtractContext, stepped: boolean): Generator<void, Resource | undefined> {
  if (stepped) yield* readEnvListsAhead(map, ctx);
  const resource = extractObject(map, ctx);
  if (resource) resource.dnsCandidates = exactSize(yield* dnsCandidateSteps(map, ctx, stepped ? DNS_NODES_PER_STEP : Infinity));
  return resource;
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
    case 'PodDisruptionBudget':
      if (spec) resource.disruptionBudget = disruptionBudgetSpec(spec, ctx);
      break;
    case 'NetworkPolicy':
      // Only the Kubernetes API's (networking.k8s.io/v1, earlier extensions/v1beta1): Calico's
      // NetworkPolicy kinds select pods with a `selector` expression string instead.
      if (spec && /^(networking\.k8s\.io|extensions)\//.test(apiVersion.value)) {
        resource.podSelector = labelSelector(spec, ctx, 'podSelector');
        resource.networkPolicyRules = field(spec, 'ingress') !== undefined || field(spec, 'egress') !== undefined;
      }
      break;
    case 'HorizontalPodAutoscaler':
      resource.scaleTarget = scaleTarget(spec, ctx);
      break;
    default:
      if (kind.value === 'ScaledObject') resource.scaleTarget = scaleTarget(spec, ctx);
      if (spec && !isBuiltInApiVersion(apiVersion.value)) resource.podTemplate = customResourcePods(spec, ctx);
  }
  return resource;
}

