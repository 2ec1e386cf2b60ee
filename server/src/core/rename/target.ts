import { parsePodHost, resolveDnsName } from '../dns';
import { dnsNameAt, resourceAt } from '../locate';
import type { Resource } from '../model';
import { coreServicesNamed, isCoreService } from '../rules/serviceLookup';
import { rangeContains, type Located, type Position, type Range } from '../types';
import type { Workspace, WorkspaceView } from '../workspace';
import type { TextEdit } from '../yamlEdits';
import { SourceEdits } from './sourceEdits';
import { isRefusal, refuse, type RenameRefusal, type RenameTarget } from './types';

/**
 * What is under the cursor that F2 can rename, with the exact range of the name (inside
 * quotes, or the one label of a DNS name): a Service's or StatefulSet's `metadata.name`,
 * a `spec.serviceName` or pod `subdomain` (the Service they name), the Service or pod
 * part of a cluster DNS name in a string, a label key or value of a pod template.
 * Undefined where there is nothing to rename; a refusal where there is, but not safely.
 */
export function renameTargetAt(workspace: Workspace, uri: string, position: Position): RenameTarget | RenameRefusal | undefined {
  const resource = resourceAt(workspace, uri, position);
  if (!resource) return undefined;
  const view = workspace.requestView();
  const source = new SourceEdits(workspace);
  // Only the range of the edit is read: it is written to nothing, not to the name again (a 20 MB name, quoted, was a 20 MB string to collect).
  const exact = (value: Located): Range | RenameRefusal => rangeOf(source.scalar(uri, value, '', 'This name'));
  const { name, namespace } = resource;

  if (name && rangeContains(name.range, position)) {
    const kind = isCoreService(resource) ? 'service' : resource.kind.value === 'StatefulSet' ? 'statefulSet' : undefined;
    if (!kind) return refuse(`Rename changes Service and StatefulSet names, not ${resource.kind.value} names.`);
    return withRange(exact(name), (range) => ({ kind, range, name: name.value, namespace }));
  }
  const serviceName = resource.statefulSet?.serviceName;
  const subdomain = resource.podTemplate?.subdomain;
  for (const reference of [serviceName, subdomain]) {
    if (reference && rangeContains(reference.range, position)) {
      return withRange(exact(reference), (range) => serviceTarget(view, range, reference.value, namespace));
    }
  }
  for (const entry of resource.podTemplate?.labels?.entries ?? []) {
    for (const [kind, located] of [['labelKey', entry.key], ['labelValue', entry.value]] as const) {
      if (rangeContains(located.range, position)) {
        return withRange(exact(located), (range) => ({ kind, range, key: entry.key.value, value: entry.value.value, workload: resource }));
      }
    }
  }
  const dns = dnsNameAt(resource, position, view);
  if (dns && rangeContains(dns.range, position)) return dnsTarget(source, resource, dns, position, view);
  if (resource.templated && rangeContains(resource.range, position)) {
    return refuse(`This ${resource.kind.value} is in a Helm chart template. Its names may come from values or helpers that rename cannot follow.`);
  }
  return undefined;
}

function serviceTarget(view: WorkspaceView, range: Range, name: string, namespace: string): RenameTarget | RenameRefusal {
  if (coreServicesNamed(view, namespace, name).length === 0) {
    return refuse(`No Service ${name} is known in namespace ${namespace}. Rename the Service itself, so nothing points at a missing one.`);
  }
  return { kind: 'service', range, name, namespace };
}

/** On a DNS name: its Service label renames the Service, its pod hostname's StatefulSet part the StatefulSet. */
function dnsTarget(source: SourceEdits, resource: Resource, dns: NonNullable<ReturnType<typeof dnsNameAt>>, position: Position, view: WorkspaceView): RenameTarget | RenameRefusal {
  const { match, scalar } = dns;
  const { ref } = match;
  const span = (start: number, end: number) => rangeOf(source.span(resource.uri, scalar, start, end, scalar.value.slice(start, end)));
  const service = span(match.serviceSpan.start, match.serviceSpan.end);
  if (isRefusal(service)) return service;
  if (rangeContains(service, position)) {
    const known = coreServicesNamed(view, ref.namespace, ref.service);
    if (known.length === 0) return refuse(`No Service ${ref.service} is known in namespace ${ref.namespace}. Rename cannot tell what else names it.`);
    return { kind: 'service', range: service, name: known[0].name!.value, namespace: ref.namespace };
  }
  if (ref.kind === 'pod' && match.hostSpan) {
    const host = parsePodHost(ref.host);
    const sts = resolveDnsName(ref, view).statefulSet;
    if (host && sts?.name) {
      const range = span(match.hostSpan.start, match.hostSpan.start + host.statefulSet.length);
      if (isRefusal(range)) return range;
      // The range F2 answers holds the cursor (the editor expects it to): the StatefulSet part only.
      if (rangeContains(range, position)) {
        return { kind: 'statefulSet', range, name: sts.name.value, namespace: ref.namespace };
      }
    }
  }
  return refuse(`Only the Service or the pod part of ${match.text} can be renamed. Put the cursor on one of them.`);
}

function rangeOf(edit: TextEdit | RenameRefusal): Range | RenameRefusal {
  return isRefusal(edit) ? edit : edit.range;
}

function withRange(range: Range | RenameRefusal, make: (range: Range) => RenameTarget | RenameRefusal): RenameTarget | RenameRefusal {
  return isRefusal(range) ? range : make(range);
}
