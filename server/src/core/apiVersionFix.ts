import { removalOf } from './removedApis';
import { isCheckable } from './rules/rule';
import { comparePositions, type Range } from './types';
import type { Workspace } from './workspace';

/**
 * The removed-api-version quick fix: writes the replacement apiVersion, offered only
 * when the rule found that nothing else must change (its finding carries `replacement`)
 * and the object under the finding still has the removed apiVersion.
 */
export function replaceApiVersion(workspace: Workspace, uri: string, range: Range, replacement: unknown): { title: string; edit: { range: Range; newText: string } } | undefined {
  if (typeof replacement !== 'string') return undefined;
  const resource = workspace.resources(uri).find((r) => isCheckable(r) && sameRange(r.apiVersion.range, range));
  const removal = resource && removalOf(resource.apiVersion.value, resource.kind.value);
  if (!resource || removal?.replacement !== replacement || removal.alsoChange?.(resource) !== undefined) return undefined;
  return { title: `Change apiVersion to ${replacement}`, edit: { range: resource.apiVersion.range, newText: replacement } };
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}
