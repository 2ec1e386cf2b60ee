import { replaceApiVersion } from './apiVersionFix';
import { yamlString } from './completion';
import { labelMap, mapSelectorMismatch, selectorMismatch } from './labels';
import { documentAtLine } from './documentAt';
import { lineIndexOf } from './lines';
import type { Container, EnvVar, LabelSet, Resource } from './model';
import { DNS1035_LABEL, DNS_LABEL_MAX } from './names';
import { coreServicesNamed, governingService, headlessness, podSelection } from './rules/serviceLookup';
import { servicesOneEditFrom } from './rules/similarServices';
import { RULE_IDS, UNUSED_SUPPRESSION_RULE_ID } from './rules';
import { isCheckable } from './rules/rule';
import { ignoreForLineFix } from './suppressionFix';
import { comparePositions, rangeContains, type Position, type Range } from './types';
import type { Workspace, WorkspaceView } from './workspace';
import { appendDocumentAfter, insertSiblingKeyBefore, insertUnderPath, lineBreak, replaceMapEntries, setEntries, type TextEdit } from './yamlEdits';

export type { TextEdit } from './yamlEdits';

/**
 * Quick fixes, keyed by rule id. Each takes a finding (as the editor sends it back:
 * rule id, range, data), finds what it is about in the CURRENT workspace (the finding
 * may be a few keystrokes old: when its range no longer points at what it reported,
 * there is no fix) and returns plain text edits. Nothing here knows the protocol.
 */

export interface QuickFix {
  title: string;
  /** Edits per file uri. */
  changes: Record<string, TextEdit[]>;
  isPreferred?: boolean;
}

export interface FindingRef {
  ruleId: string;
  range: Range;
  data?: Record<string, unknown>;
}

interface FixContext {
  workspace: Workspace;
  view: WorkspaceView;
  uri: string;
  finding: FindingRef;
}

type Fixer = (ctx: FixContext) => QuickFix[];

const FIXERS: Record<string, Fixer> = {
  'service-not-found': createGoverningService,
  'service-not-headless': createHeadlessService,
  'selector-template-mismatch': addTemplateLabels,
  'service-selector-mismatch': matchServiceSelector,
  'env-var-order': moveEnvVarBeforeUse,
  'removed-api-version': ({ workspace, uri, finding }) => {
    const fix = replaceApiVersion(workspace, uri, finding.range, finding.data?.replacement);
    return fix ? [{ title: fix.title, changes: { [uri]: [fix.edit] }, isPreferred: true }] : [];
  },
  'cluster-ip-invalid': writeClusterIpNone,
};

/** Rule ids that have a quick fix of their own (every rule has "Ignore <rule> for this line"). */
export const FIXABLE_RULE_IDS: readonly string[] = Object.keys(FIXERS);

/**
 * The fixes of a finding: its rule's own, then "Ignore <rule> for this line" (every
 * rule but unused-suppression, whose fix is deleting the comment).
 */
export function quickFixes(workspace: Workspace, uri: string, finding: FindingRef): QuickFix[] {
  const fixer = FIXERS[finding.ruleId];
  const file = workspace.effective(uri);
  // A chart template's model is its rendered output: an edit computed from it would write YAML into the template.
  if (!file || file.helm) return [];
  const fixes = fixer ? fixer({ workspace, view: workspace.requestView(), uri, finding }) : [];
  if (finding.ruleId !== UNUSED_SUPPRESSION_RULE_ID && RULE_IDS.includes(finding.ruleId)) {
    const ignore = ignoreForLineFix(workspace, uri, finding.ruleId, finding.range);
    if (ignore) fixes.push(ignore);
  }
  return fixes;
}

// ---------------------------------------------------------------- service-not-found

/**
 * A serviceName one edit away from a Service that would govern these pods (headless and
 * selecting them) is most likely a typo of it: changing the name comes first. Otherwise
 * (or as the alternative) the Service is created under the name written.
 */
function createGoverningService(ctx: FixContext): QuickFix[] {
  const sts = statefulSetAt(ctx);
  const serviceName = sts?.statefulSet?.serviceName;
  const name = serviceName?.value;
  if (!sts || !serviceName || !name) return [];
  const near = nearbyGoverningServices(ctx.view, sts, name);
  const fixes: QuickFix[] = near.map((other) => ({
    title: `Change serviceName to '${other}'`,
    changes: { [ctx.uri]: [{ range: serviceName.range, newText: yamlString(other) }] },
    isPreferred: near.length === 1,
  }));
  const selector = podSelectorLabels(sts);
  if (selector) {
    const service = headlessService(name, sts, selector, containerServicePorts(sts));
    fixes.push({
      title: `Create headless Service '${name}'`,
      changes: { [ctx.uri]: [appendDocumentAfter(fileText(ctx.workspace, ctx.uri), nextDocumentStart(ctx, sts), service)] },
      isPreferred: near.length === 0,
    });
  }
  return fixes;
}

/**
 * Names of Services in the StatefulSet's namespace that are headless, select its pods and
 * are one edit (insertion, deletion, substitution or swap of two neighbours) away from
 * `name`, sorted.
 */
function nearbyGoverningServices(view: WorkspaceView, sts: Resource, name: string): string[] {
  const names = new Set<string>();
  for (const service of servicesOneEditFrom(view, sts.namespace, name)) {
    const other = service.name!.value;
    if (names.has(other)) continue;
    if (headlessness(service).state === 'headless' && podSelection(service, sts).state === 'selects') names.add(other);
  }
  return [...names].sort();
}

// ---------------------------------------------------------------- service-not-headless

/**
 * `spec.serviceName` of an existing StatefulSet cannot be changed (apps validation
 * ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than
 * 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',
 * 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"), and a
 * Service's clusterIP cannot be changed in place either (ValidateServiceUpdate:
 * spec.clusterIP "field is immutable"). So there are two fixes, each saying what it
 * costs on a live cluster: make the Service itself headless, keeping every name (the
 * Service is deleted and re-created), or add a headless Service beside it and point
 * serviceName there (fine for a StatefulSet not created yet).
 */
function createHeadlessService(ctx: FixContext): QuickFix[] {
  const sts = statefulSetAt(ctx);
  const serviceName = sts?.statefulSet?.serviceName;
  if (!sts || !serviceName) return [];
  const existing = governingService(sts, ctx.view);
  if (!existing || headlessness(existing).state !== 'not-headless') return [];
  return [...makeServiceHeadless(ctx, existing), ...pointAtNewHeadlessService(ctx, sts, serviceName, existing)];
}

/** The fix that keeps the name: `clusterIP: None` on the Service itself. */
function makeServiceHeadless(ctx: FixContext, service: Resource): QuickFix[] {
  const spec = service.service;
  const name = service.name?.value;
  if (!spec || !name || !isCheckable(service) || spec.clusterIPs || spec.clusterIPUnreadable) return [];
  // clusterIP: None is rejected on NodePort and LoadBalancer Services (ValidateService).
  if (spec.type !== undefined && spec.type.value !== 'ClusterIP') return [];
  const text = fileText(ctx.workspace, service.uri);
  let edit: TextEdit | undefined;
  if (spec.clusterIP) edit = { range: spec.clusterIP.range, newText: 'None' };
  else if (spec.selectorKeyRange) edit = insertSiblingKeyBefore(text, spec.selectorKeyRange, 'clusterIP: None');
  if (!edit) return [];
  return [{
    title: `Make Service '${name}' headless (clusterIP is immutable: delete and re-create it)`,
    changes: { [service.uri]: [edit] },
    isPreferred: true,
  }];
}

/** The fix that adds a headless Service '<name>-headless' and points serviceName at it. */
function pointAtNewHeadlessService(ctx: FixContext, sts: Resource, serviceName: NonNullable<NonNullable<Resource['statefulSet']>['serviceName']>, existing: Resource): QuickFix[] {
  const newName = `${serviceName.value}-headless`;
  if (newName.length > DNS_LABEL_MAX || !DNS1035_LABEL.test(newName)) return [];
  const immutable = '(serviceName is immutable: new StatefulSets only)';
  const retarget: TextEdit = { range: serviceName.range, newText: newName };
  const taken = coreServicesNamed(ctx.view, sts.namespace, newName);
  if (taken.length > 0) {
    // Already there: only point at it, when it is known to be headless itself.
    if (taken.some((s) => headlessness(s).state !== 'headless')) return [];
    return [{ title: `Point serviceName at headless Service '${newName}' ${immutable}`, changes: { [ctx.uri]: [retarget] } }];
  }
  const selector = headlessSelector(existing, sts);
  if (!selector) return [];
  const ports = existing.service?.portsExact && existing.service.ports.every((p) => p.port)
    ? existing.service.ports.map((p) => ({ name: p.name?.value, port: p.port!.value, protocol: p.protocol.value, targetPort: p.targetPort?.value }))
    : containerServicePorts(sts);
  const service = headlessService(newName, sts, selector, ports);
  return [{
    title: `Create headless Service '${newName}' and use it ${immutable}`,
    changes: { [ctx.uri]: [retarget, appendDocumentAfter(fileText(ctx.workspace, ctx.uri), nextDocumentStart(ctx, sts), service)] },
  }];
}

/**
 * The selector of the new headless Service: the existing Service's when it selects the
 * StatefulSet's pods (narrow and intended), else the StatefulSet's own pod selector, so
 * the new Service selects the pods and does not carry over a selector mismatch.
 */
function headlessSelector(existing: Resource, sts: Resource): [string, string][] | undefined {
  const existingSelector = existing.service?.selector;
  const templateLabels = sts.podTemplate?.labels;
  const reuse = existingSelector?.exact && templateLabels?.exact && existingSelector.entries.length > 0
    && mapSelectorMismatch(existingSelector, labelMap(templateLabels)).length === 0;
  return reuse ? exactLabels(existingSelector) : podSelectorLabels(sts);
}

// ---------------------------------------------------------------- selector-template-mismatch

/**
 * A StatefulSet's selector is immutable once created, its template is not: the labels
 * the selector requires are added to (or corrected in) the pod template. matchLabels
 * entries and `In` expressions with one value say which value; other expressions
 * (`Exists`, several values) leave the value to the author, so they get no fix.
 */
function addTemplateLabels(ctx: FixContext): QuickFix[] {
  const workload = resourcesAtFinding(ctx).find((r) => r.selector && (
    r.selector.matchLabels?.entries.some((e) => rangeEquals({ start: e.key.range.start, end: e.value.range.end }, ctx.finding.range))
    || r.selector.matchExpressions.some((req) => rangeEquals(req.key.range, ctx.finding.range))));
  const template = workload?.podTemplate;
  if (!workload?.selector || !template || (template.labels && !template.labels.exact)) return [];
  const current = labelMap(template.labels);
  const mismatch = selectorMismatch(workload.selector, current);
  if (!mismatch) return [];
  const wanted = new Map<string, string>();
  for (const d of mismatch.labels) wanted.set(d.key, d.expected);
  for (const req of mismatch.expressions) {
    if (req.operator.value === 'In' && req.values.length === 1 && !current.has(req.key.value)) wanted.set(req.key.value, req.values[0]);
  }
  if (wanted.size === 0) return [];
  const text = fileText(ctx.workspace, ctx.uri);
  const entries = [...wanted].map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`);
  const edits = template.labels
    ? setEntries(text, template.labels, wanted)
    : template.metadataRange
      ? insertUnderPath(text, template.metadataRange, ['labels'], entries)
      : insertUnderPath(text, template.keyRange, ['metadata', 'labels'], entries);
  if (!edits) return [];
  return [{ title: 'Add the missing labels to the pod template', changes: { [ctx.uri]: edits }, isPreferred: true }];
}

// ---------------------------------------------------------------- service-selector-mismatch

/**
 * The Service selector is rewritten to what the pod template has: an entry whose key
 * the template has takes the template's value, an entry whose key it lacks is
 * dropped, and if nothing would be left the selector becomes the template labels
 * (an empty selector would mean "no endpoints managed", not "all pods").
 */
function matchServiceSelector(ctx: FixContext): QuickFix[] {
  const sts = statefulSetAt(ctx);
  if (!sts) return [];
  const service = governingService(sts, ctx.view);
  const selector = service?.service?.selector;
  const labels = exactLabels(sts.podTemplate?.labels);
  if (!service || !selector?.exact || selector.entries.length === 0 || !labels || !isCheckable(service)) return [];
  const template = new Map(labels);
  const kept = selector.entries.filter((e) => template.has(e.key.value)).map((e): [string, string] => [e.key.value, template.get(e.key.value)!]);
  const entries = kept.length > 0 ? kept : labels;
  const text = fileText(ctx.workspace, service.uri);
  const edit = replaceMapEntries(text, selector, entries);
  if (!edit) return [];
  return [{ title: 'Make the Service selector match the pod labels', changes: { [service.uri]: [edit] }, isPreferred: true }];
}

// ---------------------------------------------------------------- env-var-order

/**
 * `$(VAR)` in an env value sees only the entries above it (kubelet
 * makeEnvironmentVariables expands env in order), so the entry that defines VAR is
 * moved to just before the first entry that uses it, in the same container. Not
 * offered when the definition itself refers to an entry it would jump over: the move
 * would only shift the problem.
 */
function moveEnvVarBeforeUse(ctx: FixContext): QuickFix[] {
  const text = fileText(ctx.workspace, ctx.uri);
  const lines = lineIndexOf(text);
  const reference = text.slice(lines.offsetAt(ctx.finding.range.start), lines.offsetAt(ctx.finding.range.end));
  const variable = typeof ctx.finding.data?.variable === 'string' ? ctx.finding.data.variable : /^\$\((.*)\)$/.exec(reference)?.[1];
  if (!variable || reference !== `$(${variable})`) return [];
  const found = envUseAt(resourcesAtFinding(ctx), ctx.finding.range);
  if (!found) return [];
  const { container, index } = found;
  const defIndex = container.env.findIndex((e, i) => i > index && e.name.value === variable);
  const definition = container.env[defIndex];
  if (!definition) return [];
  const jumpedOver = container.env.slice(index, defIndex).map((e) => e.name.value);
  if (jumpedOver.some((name) => definition.value?.value.includes(`$(${name})`))) return [];
  const use = container.env[index];
  const source = sourceLines(text);
  const defLines = sequenceItemLines(source, definition);
  const useLines = sequenceItemLines(source, use);
  if (!defLines || !useLines) return [];
  const eol = lineBreak(text);
  const moved = Array.from({ length: defLines.last - defLines.first + 1 }, (_, i) => source.line(defLines.first + i)).join(eol) + eol;
  const removeEnd: Position = defLines.last + 1 < source.length
    ? { line: defLines.last + 1, character: 0 }
    : { line: defLines.last, character: source.line(defLines.last).length };
  const removeStart: Position = defLines.last + 1 < source.length || defLines.first === 0
    ? { line: defLines.first, character: 0 }
    : { line: defLines.first - 1, character: source.line(defLines.first - 1).length };
  return [{
    title: `Move ${variable} before its first use`,
    changes: {
      [ctx.uri]: [
        { range: { start: { line: useLines.first, character: 0 }, end: { line: useLines.first, character: 0 } }, newText: moved },
        { range: { start: removeStart, end: removeEnd }, newText: '' },
      ],
    },
    isPreferred: true,
  }];
}

/**
 * The env entry whose value holds the range, and its container. A container's entries are
 * in the order of the text: the last one starting at or before the range is the only one
 * that may hold it (a binary search: a list of 20,000 entries is not read once per fix).
 */
function envUseAt(resources: Resource[], range: Range): { container: Container; index: number } | undefined {
  for (const r of resources) {
    for (const container of r.podTemplate?.containers ?? []) {
      const { env } = container;
      let low = 0;
      let high = env.length - 1;
      let index = -1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (comparePositions(env[mid].range.start, range.start) <= 0) {
          index = mid;
          low = mid + 1;
        } else high = mid - 1;
      }
      const value = env[index]?.value;
      if (value && rangeContains(value.range, range.start) && rangeContains(value.range, range.end)) return { container, index };
    }
  }
  return undefined;
}

/**
 * The whole lines of a block sequence item `- name: X ...`: its first line must hold
 * only the dash before the entry, its last line nothing after it but a comment.
 */
/**
 * The lines of a file's text, each cut out when asked (from its kept line index): a fix
 * reads the few lines of two env entries, and splitting the whole file for each fix made
 * a code action over the 1,000 findings of a 1 MB env list cost 1,000 splits of it.
 */
interface SourceLines {
  length: number;
  /** The line's text without its line break; '' past the end. */
  line(index: number): string;
}

function sourceLines(text: string): SourceLines {
  const lines = lineIndexOf(text);
  return {
    length: lines.lineCount,
    line: (index) => (index < 0 || index >= lines.lineCount ? '' : text.slice(lines.offsetAt({ line: index, character: 0 }), lines.offsetAt({ line: index, character: Number.MAX_SAFE_INTEGER }))),
  };
}

function sequenceItemLines(source: SourceLines, entry: EnvVar): { first: number; last: number } | undefined {
  const { start, end } = entry.range;
  if (!/^\s*-\s+$/.test(source.line(start.line).slice(0, start.character))) return undefined;
  const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  if (last === end.line && !/^\s*(#.*)?$/.test(source.line(last).slice(end.character))) return undefined;
  return { first: start.line, last };
}

// ---------------------------------------------------------------- shared pieces

function statefulSetAt(ctx: FixContext): Resource | undefined {
  return resourcesAtFinding(ctx).find((r) => r.statefulSet?.serviceName && rangeEquals(r.statefulSet.serviceName.range, ctx.finding.range)
    && isCheckable(r));
}

function rangeEquals(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** The entries of a label set the core read completely, or undefined when there is nothing exact to copy. */
function exactLabels(set: LabelSet | undefined): [string, string][] | undefined {
  if (!set?.exact || set.entries.length === 0) return undefined;
  return set.entries.map((e) => [e.key.value, e.value.value]);
}

/**
 * The labels a new Service selects the StatefulSet's pods with: its `spec.selector.matchLabels`
 * (what identifies these pods to their controller, not every template label such as a
 * version that changes on each release), when that is exact, has no matchExpressions
 * beside it (a Service selector is a plain map) and the template carries those labels.
 * Otherwise the template's labels, which the pods have.
 */
function podSelectorLabels(sts: Resource): [string, string][] | undefined {
  const selector = sts.selector;
  const template = sts.podTemplate?.labels;
  const matchLabels = selector?.exact && selector.matchExpressions.length === 0 ? exactLabels(selector.matchLabels) : undefined;
  if (matchLabels && template?.exact && mapSelectorMismatch(selector!.matchLabels!, labelMap(template)).length === 0) return matchLabels;
  return exactLabels(template);
}

/** The file's text as the workspace holds it. */
/**
 * The resources of the document where the finding starts: each fixer looks for what the
 * finding is about there, not in every resource of the file (a code action over 1,000
 * findings of a file of 17,000 objects searched it 1,000 times).
 */
function resourcesAtFinding(ctx: FixContext): Resource[] {
  const documents = ctx.workspace.effective(ctx.uri)?.documents ?? [];
  return documentAtLine(documents, ctx.finding.range.start.line)?.resources ?? [];
}

/** Where the document after the resource's starts, if one does: a new document goes there. */
function nextDocumentStart(ctx: FixContext, resource: Resource): number | undefined {
  return ctx.workspace.effective(ctx.uri)?.documents[resource.documentIndex + 1]?.startOffset;
}

function fileText(workspace: Workspace, uri: string): string {
  return workspace.effective(uri)?.text ?? '';
}

interface PortSpec {
  name?: string;
  port: number;
  protocol: string;
  targetPort?: number | string;
}

/**
 * Service ports for the containers' ports: one per distinct (port, protocol). With
 * more than one port each needs a name (ValidateService: "spec.ports[i].name:
 * Required value"); container port names are IANA service names, which are also
 * valid DNS-1123 labels, and unnamed ports get `port-<number>`.
 */
function containerServicePorts(sts: Resource): PortSpec[] {
  const ports: PortSpec[] = [];
  for (const c of sts.podTemplate?.containers ?? []) {
    if (c.init) continue;
    for (const p of c.ports) {
      const port = p.containerPort?.value;
      if (port === undefined || ports.some((q) => q.port === port && q.protocol === p.protocol)) continue;
      ports.push({ name: p.name?.value, port, protocol: p.protocol });
    }
  }
  if (ports.length > 1) {
    const used = new Set<string>();
    for (const p of ports) {
      let name = p.name && !used.has(p.name) ? p.name : `port-${p.port}`;
      if (used.has(name)) name = `${name}-${p.protocol.toLowerCase()}`;
      used.add(name);
      p.name = name;
    }
  }
  return ports;
}

/**
 * A headless Service document. The namespace is written only when the StatefulSet
 * writes one: otherwise both end up in the same (default or kustomization) namespace.
 * A headless Service may have no ports (ValidateService requires ports only for
 * non-headless Services); it then has A records but no SRV records.
 */
function headlessService(name: string, sts: Resource, selector: [string, string][], ports: PortSpec[]): string[] {
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${yamlString(name)}`];
  if (sts.namespaceNode) lines.push(`  namespace: ${yamlString(sts.namespaceNode.value)}`);
  lines.push('spec:', '  clusterIP: None', '  selector:', ...selector.map(([k, v]) => `    ${yamlString(k)}: ${yamlString(v)}`));
  if (ports.length > 0) lines.push('  ports:');
  for (const p of ports) {
    const fields = [
      ...(p.name ? [`name: ${p.name}`] : []),
      `port: ${p.port}`,
      ...(p.protocol !== 'TCP' ? [`protocol: ${p.protocol}`] : []),
      ...(p.targetPort !== undefined && p.targetPort !== p.port ? [`targetPort: ${typeof p.targetPort === 'number' ? p.targetPort : yamlString(p.targetPort)}`] : []),
    ];
    fields.forEach((f, i) => lines.push(`${i === 0 ? '    - ' : '      '}${f}`));
  }
  return lines;
}

// ---------------------------------------------------------------- cluster-ip-invalid

/** `clusterIP: none` → `clusterIP: None`, the one spelling the API server accepts (rules/clusterIpInvalid.ts). */
function writeClusterIpNone(ctx: FixContext): QuickFix[] {
  const service = resourcesAtFinding(ctx).find((r) => r.service?.clusterIP && rangeEquals(r.service.clusterIP.range, ctx.finding.range));
  const clusterIP = service?.service?.clusterIP;
  if (!clusterIP || clusterIP.value === 'None' || clusterIP.value.toLowerCase() !== 'none') return [];
  return [{ title: 'Write clusterIP: None', changes: { [ctx.uri]: [{ range: clusterIP.range, newText: 'None' }] }, isPreferred: true }];
}
