import { dnsNamesIn, type DnsNameMatch } from '../dns';
import type { Resource } from '../model';
import { WorkBudget, type Steps } from '../steps';
import type { Located } from '../types';
import type { Workspace, WorkspaceView } from '../workspace';

/**
 * Objects a rename reads between two yields (its steps: ./index.ts renameAtSteps): a few
 * milliseconds. The rename of a Service governing 22,000 StatefulSets was one step of
 * 110-220 ms once their files were parsed (issue 16, `npm run stress requestsBesideScanned`).
 */
export const RESOURCES_PER_RENAME_STEP = 500;

export interface DnsNameSite {
  resource: Resource;
  scalar: Located;
  match: DnsNameMatch;
}

/**
 * Every cluster DNS name in the strings of every object of the workspace (env values,
 * args, commands, ConfigMap data…: the model's DNS candidates), each read in the
 * namespace of the object it is in, as the pod's search path reads a short name. Names
 * written with a cluster domain other than the setting's are left out: they may well
 * name another cluster.
 */
export function* dnsNameSiteSteps(workspace: Workspace, view: WorkspaceView): Steps<DnsNameSite[]> {
  const out: DnsNameSite[] = [];
  const budget = new WorkBudget(RESOURCES_PER_RENAME_STEP);
  for (const resource of workspace.allResources()) {
    if (budget.spend()) yield;
    for (const scalar of resource.dnsCandidates) {
      for (const match of dnsNamesIn(maskVariableReferences(scalar.value), resource.namespace, view)) {
        if (match.otherZone === undefined) out.push({ resource, scalar, match });
      }
    }
  }
  return out;
}

/**
 * `$(POD_NAME).nginx.db.svc.cluster.local`: the kubelet expands `$(VAR)` in env values,
 * args and commands (envExpansion.ts), so the rest of the name is a cluster DNS name all
 * the same. Each reference is read as a host label of the same length (`xxxxxxxxx-0`),
 * so the offsets of the other labels stay those of the written string; the masked label
 * itself never matches a name being renamed.
 */
export function maskVariableReferences(text: string): string {
  if (!text.includes('$(')) return text;
  return text.replace(/\$\([A-Za-z_][A-Za-z0-9_.-]*\)/g, (ref) => `${'x'.repeat(ref.length - 2)}-0`);
}
