import { dnsNamesIn, resolveDnsName, type DnsNameRef } from './dns';
import { templateDefinitionAt } from './helm/templateNavigation';
import { dnsNameAt, envVarAt, onField, resourceAt } from './locate';
import type { Resource } from './model';
import { expandEnvForPod, firstPods, wholeWordsOf } from './podEnv';
import type { Position, Range } from './types';
import type { Workspace, WorkspaceView } from './workspace';
import { coreServicesNamed } from './rules/serviceLookup';

export interface DefinitionTarget {
  uri: string;
  range: Range;
}

/**
 * Go to definition: from a StatefulSet's `spec.serviceName` to the Service; from a
 * cluster DNS name in a string (or in an env value once its `$(VAR)`s are expanded for
 * the first pod) to the StatefulSet whose pod it names, or to the Service (the named
 * port of an SRV name).
 */
export function definitionAt(workspace: Workspace, uri: string, position: Position): DefinitionTarget[] {
  // In a chart file: an include's define, a .Values path's key in values.yaml.
  const inTemplate = templateDefinitionAt(workspace, uri, position);
  if (inTemplate.length > 0) return inTemplate;
  // A target inside a packaged subchart's template (no file) opens its Chart.yaml dependency entry (helm/packaged.ts).
  return objectDefinitionAt(workspace, uri, position).map((target) => workspace.charts?.shownLocation(target) ?? target);
}

function objectDefinitionAt(workspace: Workspace, uri: string, position: Position): DefinitionTarget[] {
  const resource = resourceAt(workspace, uri, position);
  if (!resource) return [];
  const view = workspace.requestView();
  const serviceName = resource.statefulSet?.serviceName;
  if (serviceName && onField(serviceName, position)) {
    return coreServicesNamed(view, resource.namespace, serviceName.value).map(nameTarget);
  }
  const found = dnsNameAt(resource, position, view);
  if (found) return targetsOf(found.match.ref, view);
  return envValueTargets(resource, position, view);
}

function envValueTargets(resource: Resource, position: Position, view: WorkspaceView): DefinitionTarget[] {
  const at = envVarAt(resource, position);
  if (!at?.variable.value?.value.includes('$(')) return [];
  const [pod] = firstPods(resource, 1, view);
  if (!pod) return [];
  const expanded = expandEnvForPod(at.container, at.index, pod.identity);
  return dnsNamesIn(wholeWordsOf(expanded), resource.namespace, view).flatMap((m) => targetsOf(m.ref, view));
}

function targetsOf(ref: DnsNameRef, view: WorkspaceView): DefinitionTarget[] {
  const resolution = resolveDnsName(ref, view);
  if (ref.kind === 'pod' && resolution.statefulSet) return [nameTarget(resolution.statefulSet)];
  const service = resolution.service;
  if (!service) return resolution.statefulSet ? [nameTarget(resolution.statefulSet)] : [];
  if (ref.kind === 'srv') {
    const port = service.service?.ports.find((p) => p.name?.value.toLowerCase() === ref.portName);
    if (port?.name) return [{ uri: service.uri, range: port.name.range }];
  }
  return [nameTarget(service)];
}

function nameTarget(resource: Resource): DefinitionTarget {
  return { uri: resource.uri, range: (resource.name ?? resource.kind).range };
}
