import type { Resource } from '../model';
import { isDashVariant, isOneEditApart } from '../similarNames';
import type { WorkspaceView } from '../workspace';
import { isCoreService } from './serviceLookup';

/**
 * The core Services of a namespace whose names are close to a serviceName (similarNames.ts),
 * found through an index of their names instead of comparing the name with each of them.
 * service-not-found and its "Change serviceName" fix asked that for every StatefulSet whose
 * Service is missing: with 12,278 Services in one file and one StatefulSet in ten naming no
 * Service, 15 million comparisons, about a second of every analysis of the file and 250 ms of
 * each code action request over it (stress `requests`).
 *
 * One edit (Damerau, optimal string alignment) is found by looking up, among the names,
 * every name one edit from the one asked about: its deletions and swaps of neighbours, and
 * its insertions and substitutions of a character a valid Service name may hold (a DNS-1035
 * label: a-z, 0-9, '-'). About 800 lookups for a name of 10 characters, whatever the size
 * of the namespace. Names with other characters (invalid, or templates) and names past 63
 * characters are compared one by one. An index of every name with each of its characters
 * deleted (symmetric deletion) answered with fewer lookups, but building it for the 25,000
 * Services of one namespace was one step of 113 ms of an analysis (issue 16, stress
 * settingsDuringBigParse); the lists here take a few milliseconds.
 */
interface NameIndex {
  /** The Services in the namespace's order, for sorting what is found. */
  order: Map<Resource, number>;
  /** `a-b-c` → the Services named `a-b` (their name without its last dash part), of those in {@link byName}. */
  byDashParent: Map<string, Resource[]>;
  /** The Services of each name made of {@link LABEL_CHARACTERS}, at most 63 long. */
  byName: Map<string, Resource[]>;
  /** The Services of every other name (rare: invalid ones), compared one by one. */
  others: Resource[];
}

/**
 * A Service name is a DNS-1035 label of at most 63 characters (core validation
 * ValidateServiceName); other names are invalid anyway, and only compared one by one.
 */
const MAX_INDEXED_NAME = 63;
/** The characters of a DNS label, lowercase (a Service name's: ValidateServiceName). */
const LABEL_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const LABEL = /^[a-z0-9-]*$/;

/** The index of one namespace's Service list: that list is the workspace index's own, replaced when a Service changes. */
const indexes = new WeakMap<readonly Resource[], NameIndex>();

function nameIndex(view: WorkspaceView, namespace: string): NameIndex {
  const services = view.inNamespace('Service', namespace);
  let index = indexes.get(services);
  if (!index) {
    index = { order: new Map(), byDashParent: new Map(), byName: new Map(), others: [] };
    for (const service of services) {
      const name = service.name?.value;
      if (!name || !isCoreService(service)) continue;
      index.order.set(service, index.order.size);
      if (name.length > MAX_INDEXED_NAME || !LABEL.test(name)) {
        index.others.push(service);
        continue;
      }
      add(index.byName, name, service);
      const dash = name.lastIndexOf('-');
      if (dash > 0) add(index.byDashParent, name.slice(0, dash), service);
    }
    indexes.set(services, index);
  }
  return index;
}

/** Core Services of the namespace one edit away from `name`, in the namespace's order. */
export function servicesOneEditFrom(view: WorkspaceView, namespace: string, name: string): Resource[] {
  const index = nameIndex(view, namespace);
  return inOrder(index, oneEditFrom(index, name));
}

/** Core Services of the namespace one edit or one dash part away from `name` (similarNames.ts isSimilarName), in the namespace's order. */
export function servicesSimilarTo(view: WorkspaceView, namespace: string, name: string): Resource[] {
  const index = nameIndex(view, namespace);
  const found = oneEditFrom(index, name);
  // `name-x`: one more dash part than the name.
  if (name !== '') for (const service of index.byDashParent.get(name) ?? []) found.add(service);
  // The name without its last dash part, when that part has no dash (it is the last one).
  const dash = name.lastIndexOf('-');
  if (dash > 0) for (const service of index.byName.get(name.slice(0, dash)) ?? []) found.add(service);
  for (const service of index.others) if (isDashVariant(name, service.name!.value)) found.add(service);
  return inOrder(index, found);
}

/** The Services of the index one edit away from `name`, unordered. */
function oneEditFrom(index: NameIndex, name: string): Set<Resource> {
  const found = new Set<Resource>();
  if (name.length <= MAX_INDEXED_NAME + 1) {
    for (const variant of oneEditVariants(name)) {
      for (const service of index.byName.get(variant) ?? []) if (isOneEditApart(name, service.name!.value)) found.add(service);
    }
  }
  for (const service of index.others) if (isOneEditApart(name, service.name!.value)) found.add(service);
  return found;
}

/** Every string one edit from `name` whose new characters are {@link LABEL_CHARACTERS} (repeats left in: a set costs more). */
function* oneEditVariants(name: string): Iterable<string> {
  for (let i = 0; i <= name.length; i++) {
    const before = name.slice(0, i);
    const after = name.slice(i);
    for (const c of LABEL_CHARACTERS) yield before + c + after;
    if (i === name.length) break;
    const rest = name.slice(i + 1);
    yield before + rest;
    for (const c of LABEL_CHARACTERS) if (c !== name[i]) yield before + c + rest;
    if (i + 1 < name.length) yield before + name[i + 1] + name[i] + name.slice(i + 2);
  }
}

function add(map: Map<string, Resource[]>, key: string, service: Resource): void {
  const list = map.get(key);
  if (list) list.push(service);
  else map.set(key, [service]);
}

function inOrder(index: NameIndex, found: Set<Resource>): Resource[] {
  return [...found].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}
