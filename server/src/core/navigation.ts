import { cutForEcho } from './abbreviate';
import type { Resource } from './model';
import { rangeContains, type Position, type Range } from './types';
import type { Workspace } from './workspace';
import { coreServicesNamed } from './rules/serviceLookup';
import { labelReferencesAt } from './selection/labelLinks';

/**
 * Navigation over the model: which StatefulSets a Service governs (find references)
 * and the outline of a file (document symbols).
 */

export interface Location {
  uri: string;
  range: Range;
}

/**
 * References of a governing Service: the `spec.serviceName` of every StatefulSet in
 * the Service's namespace that names it (a pod's subdomain is resolved in its own
 * namespace, so a StatefulSet elsewhere is not governed by it). Asked on the
 * Service's `metadata.name`, or on a `serviceName` (then the same Service's
 * references). With `includeDeclaration`, the Services of that name come first.
 * Elsewhere, on a pod template label or a selector entry: see selection/labelLinks.ts.
 */
export function referencesAt(workspace: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const target = serviceAt(workspace, uri, position);
  if (!target) return sortLocations(labelReferencesAt(workspace, uri, position, includeDeclaration).map(({ uri, range }) => ({ uri, range })));
  const view = workspace.requestView();
  const out: Location[] = [];
  if (includeDeclaration) {
    for (const service of coreServicesNamed(view, target.namespace, target.name)) {
      if (service.name) out.push({ uri: service.uri, range: service.name.range });
    }
  }
  for (const sts of view.inNamespace('StatefulSet', target.namespace)) {
    const serviceName = sts.statefulSet?.serviceName;
    if (serviceName?.value === target.name) out.push({ uri: sts.uri, range: serviceName.range });
  }
  // Places inside a packaged subchart's template (no file) are shown at its Chart.yaml entry (helm/packaged.ts).
  return sortLocations(out.map((location) => workspace.charts?.shownLocation(location) ?? location));
}

function sortLocations(out: Location[]): Location[] {
  return out.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function serviceAt(workspace: Workspace, uri: string, position: Position): { name: string; namespace: string } | undefined {
  for (const r of workspace.resources(uri)) {
    if (!rangeContains(r.range, position)) continue;
    if (r.kind.value === 'Service' && r.name && rangeContains(r.name.range, position)) return { name: r.name.value, namespace: r.namespace };
    const serviceName = r.statefulSet?.serviceName;
    if (serviceName && rangeContains(serviceName.range, position)) return { name: serviceName.value, namespace: r.namespace };
  }
  return undefined;
}

export type SymbolKindName = 'workload' | 'service' | 'object' | 'container' | 'port';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  /** The whole object; contains selectionRange and the children's ranges. */
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

const WORKLOADS = new Set(['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);

/**
 * One symbol per Kubernetes object (named after `metadata.name`, the kind as detail),
 * with the containers of a pod template and the ports of a Service and containers
 * as children.
 */
/**
 * Past this many objects in one file, the outline lists the objects without their
 * containers and ports. The editor asks for the outline after every keystroke pause
 * (breadcrumbs, sticky scroll) and builds its model in the extension host and the window:
 * in code-server, the 1 MB bench file's outline (3,402 symbols, 845 KB) doubled the
 * keystroke-to-squiggle time (p50 299 → 188 ms, p95 2.1 → 1.0 s without it; figures in
 * docs/performance.md). One level keeps what the breadcrumbs and Go to Symbol need most.
 */
export const MAX_OBJECTS_WITH_OUTLINE_CHILDREN = 500;

/**
 * The outline lists at most this many objects of one file, the first ones. VS Code's JSON
 * language service stops at the same count (`json.maxItemsComputed`, 5000: "the maximum
 * number of outline symbols and folding regions computed (limited for performance
 * reasons)"). Measured on a 5.1 MB file of 24,556 objects: the whole outline was a 5.9 MB
 * answer in 519 ms, asked after every pause in typing (docs/limits.md).
 */
export const MAX_OUTLINE_OBJECTS = 5_000;

export function documentSymbols(workspace: Workspace, uri: string): OutlineSymbol[] {
  const all = workspace.resources(uri);
  const resources = all.length > MAX_OUTLINE_OBJECTS ? all.slice(0, MAX_OUTLINE_OBJECTS) : all;
  const symbols = resources.map(cachedResourceSymbol);
  if (all.length <= MAX_OBJECTS_WITH_OUTLINE_CHILDREN) return symbols;
  return symbols.map((s) => (s.children.length === 0 ? s : { ...s, children: [] }));
}

/** How many objects of the file the outline leaves out (past MAX_OUTLINE_OBJECTS). */
export function objectsLeftOutOfOutline(workspace: Workspace, uri: string): number {
  return Math.max(0, workspace.resources(uri).length - MAX_OUTLINE_OBJECTS);
}

/**
 * The outline of a resource, kept while its document is reused unchanged at the same
 * place: an unchanged document keeps its Resource objects after an edit elsewhere in
 * the file (parse.ts), and while its first line stays where it was, every range in it
 * does too. So an edit costs the outline of the edited document only.
 */
const symbolCache = new WeakMap<Resource, { line: number; character: number; symbol: OutlineSymbol }>();

function cachedResourceSymbol(r: Resource): OutlineSymbol {
  const { line, character } = r.range.start;
  const cached = symbolCache.get(r);
  if (cached && cached.line === line && cached.character === character) return cached.symbol;
  const symbol = resourceSymbol(r);
  symbolCache.set(r, { line, character, symbol });
  return symbol;
}

function resourceSymbol(r: Resource): OutlineSymbol {
  const kind = r.kind.value;
  const children: OutlineSymbol[] = [];
  for (const c of r.podTemplate?.containers ?? []) {
    const anchor = c.name?.range ?? c.range;
    children.push({
      name: c.name ? cutForEcho(c.name.value) : '(unnamed container)',
      detail: c.init ? 'init container' : 'container',
      kind: 'container',
      range: c.range,
      selectionRange: anchor,
      children: c.ports.map((p) => portSymbol(p.name?.value, p.containerPort?.value, p.protocol, p.range, p.name?.range ?? p.containerPort?.range ?? p.range)),
    });
  }
  for (const p of r.service?.ports ?? []) {
    children.push(portSymbol(p.name?.value, p.port?.value, p.protocol.value, p.range, p.name?.range ?? p.port?.range ?? p.range));
  }
  const namespace = r.namespaceNode ? ` (${cutForEcho(r.namespaceNode.value)})` : '';
  // Names are cut (abbreviate.ts): a 20 MB name made a 20 MB outline, sent after every edit.
  return {
    name: r.name ? cutForEcho(r.name.value) : `(unnamed ${cutForEcho(kind)})`,
    detail: `${cutForEcho(kind)}${namespace}`,
    kind: kind === 'Service' ? 'service' : WORKLOADS.has(kind) ? 'workload' : 'object',
    range: r.range,
    selectionRange: r.name?.range ?? r.kind.range,
    children,
  };
}

function portSymbol(name: string | undefined, port: number | undefined, protocol: string, range: Range, selectionRange: Range): OutlineSymbol {
  const number = port === undefined ? '?' : String(port);
  return { name: name === undefined ? number : cutForEcho(name), detail: `${number}/${protocol}`, kind: 'port', range, selectionRange, children: [] };
}
