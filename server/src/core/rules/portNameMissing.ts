import { echo } from '../abbreviate';
import { dnsNamesIn, governedStatefulSets } from '../dns';
import type { Resource } from '../model';
import type { WorkspaceView } from '../workspace';
import type { Rule } from './rule';
import { isCheckable } from './rule';
import { governingService, headlessness } from './serviceLookup';

/**
 * A port of a headless Service without a name, where a name is needed:
 * - the Service has several ports: every port then needs a name (the API server says
 *   `spec.ports[1].name: Required value`, pkg/apis/core/validation validateServicePort
 *   with requireName = len(ports) > 1), and only named ports get SRV records;
 * - its only port is unnamed but the pods of a StatefulSet it governs look up an SRV
 *   name of this Service (`_<port>._<proto>.<svc>…`): "Unnamed ports do not have an SRV
 *   record" (kubernetes/dns docs/specification.md), so that lookup finds nothing.
 */
export const portNameMissing: Rule = {
  id: 'port-name-missing',
  defaultSeverity: 'information',
  summary: 'A headless Service port has no name although the Service has several ports or its pods look up SRV records, which exist only for named ports.',
  kinds: ['Service'],
  check(service, { workspace, report }) {
    const spec = service.service;
    if (!spec || !spec.portsExact || !isCheckable(service) || headlessness(service).state !== 'headless') return;
    const unnamed = spec.ports.filter((p) => !p.name);
    if (unnamed.length === 0) return;
    const name = service.name?.value ?? '?';
    if (spec.ports.length > 1) {
      for (const port of unnamed) {
        report({
          range: (port.port ?? port).range,
          message: echo`This port needs a name: Service '${name}' has ${spec.ports.length} ports. The API server rejects an unnamed one (spec.ports[${spec.ports.indexOf(port)}].name: Required value), and only named ports get SRV records.`,
          data: { port: port.port?.value },
        });
      }
      return;
    }
    const lookup = srvLookupOf(service, workspace);
    if (!lookup) return;
    report({
      range: (unnamed[0].port ?? unnamed[0]).range,
      message: echo`This port has no name, so ${lookup.name} does not exist. ${lookup.user} looks it up, but Service '${name}' gets SRV records only for named ports. Name the port '${lookup.portName}'.`,
      data: { port: unnamed[0].port?.value, suggestedName: lookup.portName },
    });
  },
};

/**
 * The first SRV name of this Service used by the pods of a StatefulSet it governs. With
 * several Services of its name, only a StatefulSet for which this copy is the one
 * {@link governingService} judges against counts: another copy (in the StatefulSet's
 * own file, or fitting better) is the one applied with it.
 */
function srvLookupOf(service: Resource, view: WorkspaceView): { name: string; portName: string; user: string } | undefined {
  const serviceName = service.name?.value;
  for (const sts of governedStatefulSets(service, view)) {
    if (governingService(sts, view) !== service) continue;
    for (const candidate of sts.dnsCandidates) {
      for (const m of dnsNamesIn(candidate.value, sts.namespace, view)) {
        if (m.ref.kind === 'srv' && m.ref.service === serviceName && m.ref.namespace === service.namespace) {
          return { name: m.text, portName: m.ref.portName, user: echo`StatefulSet '${sts.name?.value ?? '?'}'` };
        }
      }
    }
  }
  return undefined;
}
