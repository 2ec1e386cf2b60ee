import { dnsNamesIn, type DnsNameMatch } from './dns';
import type { Container, EnvVar, Resource } from './model';
import { rangeInScalar } from './scalarRange';
import { rangeContains, type Located, type Position, type Range } from './types';
import type { Workspace, WorkspaceView } from './workspace';

/**
 * Finding what is under the cursor from the model's ranges alone (no re-parse): the
 * resource, the field, the DNS name inside a string.
 */

/** The resource whose range holds the position. */
export function resourceAt(workspace: Workspace, uri: string, position: Position): Resource | undefined {
  for (const resource of workspace.resources(uri)) {
    if (rangeContains(resource.range, position)) return resource;
  }
  return undefined;
}

/**
 * Whether the cursor is on a one-line field: on its value, or before it on the same
 * line (the key). Block-style YAML puts `key: value` on one line.
 */
export function onField(field: Located<unknown> | undefined, position: Position): boolean {
  if (!field) return false;
  const { start, end } = field.range;
  if (rangeContains(field.range, position)) return true;
  return start.line === end.line && position.line === start.line && position.character <= end.character;
}

export interface DnsNameAt {
  match: DnsNameMatch;
  /** The string the name was found in. */
  scalar: Located;
  range: Range;
}

/** The cluster DNS name in a string of the resource under the cursor, if any. */
export function dnsNameAt(resource: Resource, position: Position, view: WorkspaceView): DnsNameAt | undefined {
  const scalar = resource.dnsCandidates.find((c) => rangeContains(c.range, position));
  if (!scalar) return undefined;
  const names = namesIn(scalar, resource.namespace, view);
  if (scalar.range.start.line !== scalar.range.end.line) return names.find((n) => onValueLine(scalar, n.match, position));
  // On one line: the name under the cursor, else (cursor on the key or between names) the first.
  return names.find((n) => rangeContains(n.range, position)) ?? names[0];
}

/** The names in a string with their ranges (the whole scalar when it spans lines). */
function namesIn(scalar: Located, namespace: string, view: WorkspaceView): DnsNameAt[] {
  return dnsNamesIn(scalar.value, namespace, view).map((match) => ({ match, scalar, range: rangeInScalar(scalar, match.start, match.end) }));
}

/**
 * For a block scalar (`|`), value line k is source line start + 1 + k: pick the name on
 * the cursor's line even though its columns are not known.
 */
function onValueLine(scalar: Located, match: DnsNameMatch, position: Position): boolean {
  const line = scalar.value.slice(0, match.start).split('\n').length - 1;
  return scalar.range.start.line + 1 + line === position.line;
}

/** The env entry whose value (or name line) is under the cursor, with its container. */
export function envVarAt(resource: Resource, position: Position): { container: Container; index: number; variable: EnvVar } | undefined {
  for (const container of resource.podTemplate?.containers ?? []) {
    if (!rangeContains(container.range, position)) continue;
    const index = container.env.findIndex((v) => onField(v.value, position) || (v.value !== undefined && onField(v.name, position)));
    if (index >= 0) return { container, index, variable: container.env[index] };
  }
  return undefined;
}
