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
 * One edit (Damerau, optimal string alignment) is found by symmetric deletion: two names
 * one insertion, deletion, substitution or swap of neighbours apart share a key among
 * "the name" and "the name with one character deleted" (a swap: delete the same one of the
 * two characters from each). Keys found are then checked with isOneEditApart.
 */
interface NameIndex {
  /** The Services in the namespace's order, for sorting what is found. */
  order: Map<Resource, number>;
  /** Each name and each name with one character deleted → the Services of that name. */
  byDeletion: Map<string, Resource[]>;
  /** `a-b-c` → the Services named `a-b` (their name without its last dash part). */
  byDashParent: Map<string, Resource[]>;
  /** The Services of each name. */
  byName: Map<string, Resource[]>;
  /** Names longer than this are compared one by one: their deletion keys would cost their length squared. */
  long: Resource[];
}

/**
 * A Service name is a DNS-1035 label of at most 63 characters (core validation
 * ValidateServiceName); longer names are invalid anyway, and only compared one by one.
 */
const MAX_INDEXED_NAME = 63;

/** The index of one namespace's Service list: that list is the workspace index's own, replaced when a Service changes. */
const indexes = new WeakMap<readonly Resource[], NameIndex>();

function nameIndex(view: WorkspaceView, namespace: string): NameIndex {
  const services = view.inNamespace('Service', namespace);
  let index = indexes.get(services);
  if (!index) {
    index = { order: new Map(), byDeletion: new Map(), byDashParent: new Map(), byName: new Map(), long: [] };
    for (const service of services) {
      const name = service.name?.value;
      if (!name || !isCoreService(service)) continue;
      index.order.set(service, index.order.size);
      if (name.length > MAX_INDEXED_NAME) {
        index.long.push(service);
        continue;
      }
      add(index.byName, name, service);
      for (const key of deletionKeys(name)) add(index.byDeletion, key, service);
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
  for (const service of index.long) if (isDashVariant(name, service.name!.value)) found.add(service);
  return inOrder(index, found);
}

/** The Services of the index one edit away from `name`, unordered. */
function oneEditFrom(index: NameIndex, name: string): Set<Resource> {
  const found = new Set<Resource>();
  if (name.length <= MAX_INDEXED_NAME + 1) {
    for (const key of deletionKeys(name)) {
      for (const service of index.byDeletion.get(key) ?? []) if (isOneEditApart(name, service.name!.value)) found.add(service);
    }
  }
  for (const service of index.long) if (isOneEditApart(name, service.name!.value)) found.add(service);
  return found;
}

/** The name itself and the name with each one of its characters deleted, without repeats. */
function deletionKeys(name: string): Set<string> {
  const keys = new Set([name]);
  for (let i = 0; i < name.length; i++) keys.add(name.slice(0, i) + name.slice(i + 1));
  return keys;
}

function add(map: Map<string, Resource[]>, key: string, service: Resource): void {
  const list = map.get(key);
  if (list) list.push(service);
  else map.set(key, [service]);
}

function inOrder(index: NameIndex, found: Set<Resource>): Resource[] {
  return [...found].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}
