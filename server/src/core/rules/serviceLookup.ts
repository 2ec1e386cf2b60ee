import { controllerLabelKeys } from '../controllerLabels';
import { labelMap, mapSelectorMismatch, type LabelDifference } from '../labels';
import type { LabelSet, Resource, ServiceSpec } from '../model';
import { code } from '../markdown';
import { isTemplated } from '../template';
import type { Located } from '../types';
import type { WorkspaceView } from '../workspace';
import { isCheckable } from './rule';

/**
 * The Service that governs a StatefulSet: `spec.serviceName` names a Service in the
 * StatefulSet's own namespace (the pods' `subdomain` is looked up there:
 * https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-hostname-and-subdomain-fields).
 *
 * A namespace holds one Service of a name, so several of that name in the workspace are
 * alternatives of which one is applied (variants of an example such as the
 * kubernetes/website `web.yaml` and `web-parallel.yaml`, overlays, copies). One written in
 * the StatefulSet's own file is the one applied with it, so those alone are considered
 * when there are any. Among the alternatives the StatefulSet is fine if it fits any of
 * them, so the best fit stands for them all ({@link fitProblems}): rules, hovers and
 * fixes all judge that one, and report only what even it gets wrong. Ties go to the
 * workspace's canonical order (by file, then place in the file), never to the order in
 * which files were opened or edited.
 */
export function governingService(sts: Resource, workspace: WorkspaceView): Resource | undefined {
  const name = sts.statefulSet?.serviceName?.value;
  if (!name) return undefined;
  const candidates = coreServicesNamed(workspace, sts.namespace, name);
  const sameFile = candidates.filter((s) => s.uri === sts.uri);
  let best: { service: Resource; fit: [number, number] } | undefined;
  for (const service of sameFile.length > 0 ? sameFile : candidates) {
    const fit = fitProblems(service, sts);
    if (!best || fit[0] < best.fit[0] || (fit[0] === best.fit[0] && fit[1] < best.fit[1])) best = { service, fit };
  }
  return best?.service;
}

/**
 * How badly a candidate Service fits a StatefulSet, as [problems, unknowns]: problems
 * are what {@link headlessness} and {@link podSelection} find wrong (the per-pod names
 * need a headless Service selecting the pods); unknowns are what they cannot judge (a
 * template, an alias), which may well fit but says less than a Service judged to fit.
 */
function fitProblems(service: Resource, sts: Resource): [number, number] {
  const headless = headlessness(service).state;
  const selection = podSelection(service, sts).state;
  const problems = Number(headless === 'not-headless') + Number(selection === 'mismatch' || selection === 'no-selector');
  return [problems, Number(headless === 'unknown') + Number(selection === 'unknown')];
}

/**
 * A Service of the core API group (`apiVersion: v1`). Other groups have kinds named
 * Service too (Knative's serving.knative.dev/v1 Service): they are not what a
 * StatefulSet's serviceName names, and the core validation and selector rules do not
 * apply to them.
 */
export function isCoreService(resource: Resource): boolean {
  return resource.kind.value === 'Service' && resource.apiVersion.value === 'v1';
}

/** Core v1 Services of a name in a namespace: the only ones a serviceName or a DNS name can mean. */
export function coreServicesNamed(view: WorkspaceView, namespace: string, name: string): Resource[] {
  return view.named('Service', namespace, name).filter(isCoreService);
}

/** Core v1 Services in a namespace. */
export function coreServicesIn(view: WorkspaceView, namespace: string): Resource[] {
  return view.inNamespace('Service', namespace).filter(isCoreService);
}

/**
 * Whether a core Service of the namespace may be called `name` although none is written
 * with that name: its name cannot be read here (its `metadata` is an alias, the name
 * comes from a template, it is not typed yet), a kustomization renames it to that name
 * (`namePrefix` / `nameSuffix`, see Resource.kustomizeNames), or a chart's output that an
 * unknown decided may hold it (`{{ if lookup … }}` around a Service: helm/unseenOutput.ts).
 * Then "no Service of that name" is not known, and nothing says so.
 */
export function serviceMayBeNamed(view: WorkspaceView, namespace: string, name: string): boolean {
  if (view.mayHoldUnseen('Service', namespace)) return true;
  // Only the Services filed as of uncertain name can be one (workspace/dependencies.ts): not every Service of the namespace.
  return view.servicesOfUncertainName(namespace).some((service) => {
    if (!isCoreService(service)) return false;
    if (!service.name || isTemplated(service.name.value)) return true;
    const built = service.kustomizeNames;
    return built === 'any' || (built?.includes(name) ?? false);
  });
}

export type Headlessness =
  | { state: 'headless' }
  | {
    state: 'not-headless';
    reason: 'external-name' | 'cluster-ip-set' | 'cluster-ip-absent';
    /** Why, as a Markdown clause (values from the file in code spans): "it is of type ExternalName (…)". */
    message: string;
    /** The field that makes it so (`type` or `clusterIP`), when written. */
    field?: Located;
  }
  | { state: 'unknown'; message: string };

/**
 * Whether a Service is headless, the one place that decides it. Controllers, kubelet and
 * CoreDNS test `spec.clusterIP == "None"`; an ExternalName Service has no endpoints at
 * all. What the API server would store decides, so combinations it rejects are
 * `unknown` rather than guessed (pkg/apis/core/validation/validation.go
 * ValidateServiceClusterIPsRelatedFields: with `clusterIP` set, `clusterIPs[0]` must equal
 * it ("first value must match `clusterIP`"); with `clusterIP` empty, `clusterIPs` must be
 * empty too ("must be empty when `clusterIP` is not specified"): the registry fills
 * `clusterIPs` from `clusterIP`, never the reverse (pkg/registry/core/service/storage
 * normalizeClusterIPs: "we don't init singular based on plural because new client must
 * use both fields"); ValidateService: "may not be set to 'None' for NodePort services",
 * likewise LoadBalancer). A value from a template, or a field a template may add, is
 * not known until rendering.
 */
export function headlessness(service: Resource): Headlessness {
  if (service.kustomizePatched) return { state: 'unknown', message: 'a kustomize patch or transformer may rewrite it (see `kustomize build`)' };
  const spec = service.service ?? { ports: [], portsExact: true };
  const type = spec.type?.value;
  if (type !== undefined && isTemplated(type)) return { state: 'unknown', message: 'its `type` comes from a template' };
  if (spec.typeUnreadable) return { state: 'unknown', message: 'its `type` cannot be read here (an alias of a map or list, or a merge key it may come from)' };
  if (isExternalName(service)) {
    return { state: 'not-headless', reason: 'external-name', message: 'it is of type ExternalName (a CNAME, no endpoints)', field: spec.type };
  }
  const clusterIP = spec.clusterIP;
  if (clusterIP && isTemplated(clusterIP.value)) return { state: 'unknown', message: 'its `clusterIP` comes from a template' };
  if (spec.clusterIPUnreadable) return { state: 'unknown', message: 'its `clusterIP` cannot be read here (a list, a map or an alias of one, or a merge key it may come from)' };
  const rejected = rejectedClusterIPs(spec, type);
  if (rejected) return { state: 'unknown', message: rejected };
  if (clusterIP?.value === 'None') return { state: 'headless' };
  // Absent or "" both mean "allocate one" (ServiceSpec.clusterIP: "Valid values are
  // "None", empty string (""), or a valid IP address").
  if (clusterIP === undefined || clusterIP.value === '') {
    if (service.templated || service.hasSyntaxErrors) return { state: 'unknown', message: 'its `clusterIP` is not written here, and the template (or the unreadable part) may set it' };
    return { state: 'not-headless', reason: 'cluster-ip-absent', message: 'it has no `clusterIP: None`, so it gets a cluster IP', field: clusterIP };
  }
  return { state: 'not-headless', reason: 'cluster-ip-set', message: `its clusterIP is ${code(clusterIP.value)}, not ${code('None')}`, field: clusterIP };
}

/** Why the API server would reject this clusterIP / clusterIPs / type combination, if it would. */
function rejectedClusterIPs(spec: ServiceSpec, type: string | undefined): string | undefined {
  const clusterIP = spec.clusterIP?.value ?? '';
  if (isMisspelledNone(clusterIP)) {
    return `the API server rejects its clusterIP ${code(clusterIP)}: only ${code('None')} (that case), "" or an IP address is valid`;
  }
  const list = spec.clusterIPs;
  if (list && !list.exact && clusterIP === '') return 'its `clusterIPs` cannot be read here';
  const first = list?.exact ? list.values[0]?.value : undefined;
  if (first !== undefined && isTemplated(first)) return clusterIP === '' ? 'its `clusterIPs` comes from a template' : undefined;
  if (first !== undefined && clusterIP === '') {
    return 'it sets `clusterIPs` without `clusterIP`, which the API server rejects (spec.clusterIPs: "must be empty when `clusterIP` is not specified"); set `clusterIP` to the same first value';
  }
  if (first !== undefined && first !== clusterIP) {
    return `its \`clusterIPs[0]\` (${code(first)}) differs from \`clusterIP\` (${code(clusterIP)}), which the API server rejects (spec.clusterIPs: "first value must match \`clusterIP\`")`;
  }
  if (clusterIP === 'None' && (type === 'NodePort' || type === 'LoadBalancer')) {
    return `the API server rejects \`clusterIP: None\` on a ${type} Service ("may not be set to 'None' for ${type} services")`;
  }
  return undefined;
}

/**
 * `clusterIP: none`, `NONE`…: meant headless, but the API server compares with `None`
 * exactly and then requires an IP address (pkg/apis/core/validation/validation.go
 * ValidateServiceClusterIPsRelatedFields: "valid at first location only" for
 * `core.ClusterIPNone`, every other entry of `clusterIPs`, which the registry fills from
 * `clusterIP`, must pass `IsValidIP`: "must be a valid IP address"). The rule
 * cluster-ip-invalid reports it; headlessness() calls it unknown, so no rule says "not
 * headless" about a Service that would not be created at all.
 */
export function isMisspelledNone(clusterIP: string): boolean {
  return clusterIP !== 'None' && clusterIP.toLowerCase() === 'none';
}

/** `type: ExternalName`: a CNAME to `spec.externalName`, with no cluster IP and no endpoints. */
export function isExternalName(service: Resource): boolean {
  return service.service?.type?.value === 'ExternalName';
}

/**
 * The selector the endpoint controllers act on: none for an ExternalName Service
 * (ServiceSpec.selector: "Ignored if type is ExternalName"; the EndpointSlice
 * controller's syncService skips ExternalName Services).
 */
export function endpointSelector(service: Resource): LabelSet | undefined {
  const spec = service.service;
  return isExternalName(service) ? undefined : spec?.selector;
}

export type PodSelection =
  | { state: 'selects' }
  /** Selector absent or empty: Kubernetes manages no endpoints for the Service. */
  | { state: 'no-selector' }
  /** An ExternalName Service: its selector is ignored, it has no endpoints (see {@link headlessness}). */
  | { state: 'external-name' }
  | { state: 'mismatch'; differences: LabelDifference[]; selector: LabelSet }
  /** Something could not be read (a template, an alias, syntax errors, no pod template). */
  | { state: 'unknown' };

/**
 * Whether a StatefulSet's governing Service selects its pods, for the rule and the hovers
 * alike. A Service selector is a plain map: every entry must be among the pod's labels
 * (Service.spec.selector). Labels the controller adds to each pod (pod name, pod index,
 * revision hash) are not in the template: a selector entry on them is not a difference
 * the template can show.
 */
export function podSelection(service: Resource, sts: Resource): PodSelection {
  if (isExternalName(service)) return { state: 'external-name' };
  const selector = endpointSelector(service);
  const labels = sts.podTemplate?.labels;
  if (!isCheckable(service) || !isCheckable(sts) || !sts.podTemplate || (labels && !labels.exact)) return { state: 'unknown' };
  // A kustomization adds labels to one of them (commonLabels…): the built labels are not these.
  if (service.kustomizeLabels || sts.kustomizeLabels) return { state: 'unknown' };
  if (selector && !selector.exact) return { state: 'unknown' };
  if (!selector || selector.entries.length === 0) return { state: 'no-selector' };
  const controllerLabels = controllerLabelKeys(sts.kind.value);
  const differences = mapSelectorMismatch(selector, labelMap(labels)).filter((d) => !controllerLabels.has(d.key));
  return differences.length === 0 ? { state: 'selects' } : { state: 'mismatch', differences, selector };
}
