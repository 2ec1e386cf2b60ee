import { dnsNamesIn, type DnsNameMatch } from '../dns';
import type { Resource } from '../model';
import type { Located } from '../types';
import type { Workspace, WorkspaceView } from '../workspace';

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
export function dnsNameSites(workspace: Workspace, view: WorkspaceView): DnsNameSite[] {
  const out: DnsNameSite[] = [];
  for (const resource of workspace.allResources()) {
    for (const scalar of resource.dnsCandidates) {
      for (const match of dnsNamesIn(scalar.value, resource.namespace, view)) {
        if (match.otherZone === undefined) out.push({ resource, scalar, match });
      }
    }
  }
  return out;
}
