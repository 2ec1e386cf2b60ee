import { parse } from 'yaml';
import { cutForEcho } from './abbreviate';
import { cursorContext, type CursorContext, type KnownIdentity } from './cursor';
import { templateCompletionsAt } from './helm/templateNavigation';
import { WORKLOAD_KINDS, type Resource } from './model';
import { coreServicesIn, headlessness, podSelection, type Headlessness, type PodSelection } from './rules/serviceLookup';
import { isCheckable } from './rules/rule';
import type { Position, Range } from './types';
import type { Workspace, WorkspaceView } from './workspace';

/**
 * Completions for the places where a headless Service and a StatefulSet must agree:
 * - `spec.serviceName` of a StatefulSet: the Services of its namespace (the pods'
 *   subdomain is looked up in their own namespace), first those that are headless and
 *   select the StatefulSet's pods (the two things per-pod DNS names need);
 * - the keys and values of a Service's `spec.selector` and of a workload's
 *   `spec.selector.matchLabels`: the pod template labels of the workloads in the same
 *   namespace (a Service selects pods of its own namespace only).
 *
 * The cursor's place is read from the current text (see cursor.ts), because the
 * document being typed is rarely valid YAML; the other resources come from the
 * workspace index.
 */
export interface CompletionEntry {
  label: string;
  /** What the entry is: `service`, `label-key` or `label-value`; in chart templates `values-key` or `template-name`. */
  kind: 'service' | 'label-key' | 'label-value' | 'values-key' | 'template-name';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  sortText: string;
  /** Replaces {@link CompletionEntry.range}. */
  newText: string;
  range: Range;
}

export function completionsAt(workspace: Workspace, uri: string, text: string, position: Position): CompletionEntry[] {
  // Inside a `{{ … }}` of a chart file: .Values keys and template names.
  const inTemplate = templateCompletionsAt(workspace, uri, text, position);
  if (inTemplate.length > 0) {
    return inTemplate.map((c, i) => ({ label: c.label, kind: c.kind, detail: c.detail, sortText: String(i).padStart(5, '0'), newText: c.label, range: c.range }));
  }
  const context = cursorContext(text, position, parsedIdentity(workspace, uri, text));
  // Only spec.serviceName and spec.selector… complete: the document is parsed for its kind only there.
  if (!context || !/^spec\.(serviceName$|selector(\.|$))/.test(context.path.join('.')) || !context.kind) return [];
  const namespace = context.namespace ?? workspace.namespaceForFile(uri) ?? workspace.settings.defaultNamespace;
  const view = workspace.requestView();
  const path = context.path.join('.');
  if (context.kind === 'StatefulSet' && context.role === 'value' && path === 'spec.serviceName') {
    const sts = workspace.resources(uri).find((r) => r.documentIndex === context.documentIndex && r.kind.value === 'StatefulSet');
    return serviceNameCompletions(view, namespace, context, sts, workspace.settings.clusterDomain);
  }
  const selectorPath = context.kind === 'Service' ? 'spec.selector' : WORKLOAD_KINDS.has(context.kind) ? 'spec.selector.matchLabels' : undefined;
  if (!selectorPath) return [];
  const own = workspace.resources(uri).find((r) => r.documentIndex === context.documentIndex && r.kind.value === context.kind);
  if (context.role === 'key' && path === selectorPath) return labelKeyCompletions(view, namespace, own, context);
  if (context.role === 'value' && context.path.length === selectorPath.split('.').length + 1 && path.startsWith(`${selectorPath}.`)) {
    return labelValueCompletions(view, namespace, own, context.path[context.path.length - 1], context);
  }
  return [];
}

/**
 * The kind and namespace of a document from the workspace's model, when it modelled this
 * very text: parsing the document again for them took 0.7 s on a 1.2 MB env list, on each
 * keystroke that asks for completions (issue 16). Only a document of one object written at
 * its top level (a List's items are not its kind); otherwise cursor.ts parses it, as it
 * does for text the model does not hold (a document being typed, a chart template).
 */
function parsedIdentity(workspace: Workspace, uri: string, text: string): KnownIdentity | undefined {
  const file = workspace.effective(uri);
  if (!file || file.helm || file.text !== text) return undefined;
  return (index) => {
    const resources = file.documents[index]?.resources ?? [];
    const [r] = resources;
    if (resources.length !== 1 || r.range.start.character !== 0 || r.hasSyntaxErrors) return undefined;
    return { kind: r.kind.value, namespace: r.namespaceNode?.value || undefined };
  };
}

function serviceNameCompletions(view: WorkspaceView, namespace: string, context: CursorContext, sts: Resource | undefined, domain: string): CompletionEntry[] {
  const byName = new Map<string, Resource>();
  for (const service of coreServicesIn(view, namespace)) {
    const name = service.name?.value;
    if (!name) continue;
    // With copies of one Service (overlays), a complete one speaks for them.
    if (!byName.has(name) || (!isCheckable(byName.get(name)!) && isCheckable(service))) byName.set(name, service);
  }
  return [...byName].map(([name, service]) => {
    const headless = headlessness(service);
    const selection: PodSelection = sts ? podSelection(service, sts) : { state: 'unknown' };
    return {
      label: name,
      kind: 'service',
      ...serviceCompletionText(name, namespace, domain, headless, selection, sts),
      sortText: `${serviceRank(headless, selection)}-${name}`,
      newText: (context.needsSpace ? ' ' : '') + name,
      range: context.range,
    };
  });
}

/**
 * Best first: headless and selecting the pods (what per-pod DNS names need), headless
 * with a selection not known here, headless but selecting other pods, headless or not
 * unknown, not headless.
 */
function serviceRank(headless: Headlessness, selection: PodSelection): number {
  if (headless.state === 'headless') return selection.state === 'selects' ? 0 : selection.state === 'unknown' ? 1 : 2;
  return headless.state === 'unknown' ? 3 : 4;
}

/** What a serviceName completion says of the Service: headless and selecting the pods, or what is missing. */
function serviceCompletionText(name: string, namespace: string, domain: string, headless: Headlessness, selection: PodSelection, sts: Resource | undefined): { detail: string; documentation: string } {
  switch (headless.state) {
    case 'headless': {
      if (selection.state === 'mismatch' || selection.state === 'no-selector') {
        return {
          detail: `headless Service in '${namespace}', does not select these pods`,
          documentation: `Service \`${name}\` is headless, but its selector does not select this StatefulSet's pods, so they get no DNS names from it.`,
        };
      }
      const stsName = sts?.name?.value;
      const pattern = `${stsName ?? '<statefulset>'}-<ordinal>.${name}.${namespace}.svc.${domain}`;
      const pods = selection.state === 'selects' ? 'Its selector selects these pods' : 'Whether it selects these pods is not known here';
      return {
        detail: `headless Service in '${namespace}'${selection.state === 'selects' ? ', selects these pods' : ''}`,
        documentation: `${pods}.${selection.state === 'selects' ? ` Pod DNS names take the form \`${pattern}\`.` : ''}`,
      };
    }
    case 'not-headless':
      return {
        detail: `Service in '${namespace}', not headless: pods get no DNS names`,
        documentation: `Service \`${name}\` is not headless: ${headless.message}. The pods would get no per-pod DNS names from it. Choose a Service with \`clusterIP: None\`.`,
      };
    case 'unknown':
      return { detail: `Service in '${namespace}', headless or not unknown`, documentation: `Whether Service \`${name}\` is headless is not known here: ${headless.message}.` };
  }
}

/**
 * label key -> value -> the workloads whose pod template carries it, each named once (a
 * set: 12,000 workloads of one label searched a list of them for each, 1.7 s).
 */
type LabelIndex = Map<string, Map<string, Set<string>>>;

function templateLabels(view: WorkspaceView, namespace: string): LabelIndex {
  const index: LabelIndex = new Map();
  for (const workload of view.podTemplatesIn(namespace)) {
    const who = `${workload.kind.value} ${workload.name ? cutForEcho(workload.name.value) : '(unnamed)'}`;
    for (const e of workload.podTemplate?.labels?.entries ?? []) {
      let values = index.get(e.key.value);
      if (!values) index.set(e.key.value, (values = new Map()));
      let owners = values.get(e.value.value);
      if (!owners) values.set(e.value.value, (owners = new Set()));
      owners.add(who);
    }
  }
  return index;
}

/** At most this many names in a completion's text, then "and N more": a label on 12,000 workloads named them all. */
const NAMES_SHOWN = 3;

function someOf(names: Iterable<string>): string {
  const all = [...names];
  const shown = all.slice(0, NAMES_SHOWN).join(', ');
  return all.length > NAMES_SHOWN ? `${shown} and ${all.length - NAMES_SHOWN} more` : shown;
}

/** The labels of the resource's own pod template rank first in its own selector. */
function ownLabels(own: Resource | undefined): Map<string, string> {
  return new Map((own?.podTemplate?.labels?.entries ?? []).map((e) => [e.key.value, e.value.value]));
}

function labelKeyCompletions(view: WorkspaceView, namespace: string, own: Resource | undefined, context: CursorContext): CompletionEntry[] {
  const mine = ownLabels(own);
  const out: CompletionEntry[] = [];
  for (const [key, values] of templateLabels(view, namespace)) {
    if (context.siblings.includes(key)) continue;
    // One known value: complete the whole entry; several: the key, then the value.
    const only = values.size === 1 ? [...values.keys()][0] : mine.get(key);
    const owners = new Set<string>();
    for (const names of values.values()) for (const name of names) owners.add(name);
    out.push({
      label: key,
      kind: 'label-key',
      detail: `pod label in '${namespace}': ${someOf([...values.keys()].map((value) => cutForEcho(value)))}`,
      documentation: `Pod template label of ${someOf(owners)}.`,
      sortText: `${mine.has(key) ? 0 : 1}-${key}`,
      newText: context.colonFollows ? yamlString(key) : `${yamlString(key)}: ${only === undefined ? '' : yamlString(only)}`,
      range: context.range,
    });
  }
  return out;
}

function labelValueCompletions(view: WorkspaceView, namespace: string, own: Resource | undefined, key: string, context: CursorContext): CompletionEntry[] {
  const mine = ownLabels(own).get(key);
  const values = templateLabels(view, namespace).get(key) ?? new Map<string, Set<string>>();
  return [...values].map(([value, owners]) => ({
    label: value,
    kind: 'label-value',
    detail: `${cutForEcho(key)}: ${cutForEcho(value)} on ${someOf(owners)}`,
    sortText: `${value === mine ? 0 : 1}-${value}`,
    newText: (context.needsSpace ? ' ' : '') + yamlString(value),
    range: context.range,
  }));
}

/** The longest value {@link yamlString} may write plain (longer ones are quoted): longer than any Kubernetes name or label. */
const LONGEST_PLAIN_CHECKED = 1024;

/**
 * A label key or value written so YAML reads it back as the same string: `"true"`,
 * `"1"`, `"null"` must be quoted, or the API server gets a boolean or a number where
 * a string is required and rejects the object.
 */
export function yamlString(value: string): string {
  // Quoted without asking the parser: a rename checks a name's source by writing it, and
  // parsing a 20 MB name to see whether it may stay plain took 0.4 s (issue 16).
  if (value.length > LONGEST_PLAIN_CHECKED) return JSON.stringify(value);
  let plain: unknown;
  try {
    plain = parse(value);
  } catch {
    plain = undefined;
  }
  return plain === value && !/^\s|\s$|: | #/.test(value) ? value : JSON.stringify(value);
}
