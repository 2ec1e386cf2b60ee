import { echo } from '../abbreviate';
import { POD_TEMPLATE_KINDS } from '../model';
import { capitalized, invalidPodSpecOutcome } from './podCreation';
import type { Rule } from './rule';
import { isCheckable } from './rule';

/**
 * A container port `name` that is not an IANA service name, as pod validation requires
 * (pkg/apis/core/validation/validation.go validateContainerPorts calls
 * k8s.io/apimachinery/pkg/util/validation IsValidPortName): at most 15 characters, only
 * a-z, 0-9 and '-', at least one letter, no '--', no '-' at either end.
 */
export const containerPortNameInvalid: Rule = {
  id: 'container-port-name-invalid',
  defaultSeverity: 'error',
  summary: 'A container port `name` that is not a valid IANA service name (over 15 characters, upper case, no letter…): its pods cannot be created.',
  kinds: POD_TEMPLATE_KINDS,
  check(resource, { report }) {
    if (!isCheckable(resource)) return;
    for (const container of resource.podTemplate?.containers ?? []) {
      for (const port of container.ports) {
        const name = port.name;
        const problem = name && portNameProblem(name.value);
        if (!name || !problem) continue;
        report({
          range: name.range,
          message: echo`Port name '${name.value}' ${problem}. ${capitalized(invalidPodSpecOutcome(resource))}.`,
          data: { portName: name.value },
        });
      }
    }
  },
};

/** Why `name` is not a valid port name (IsValidPortName's checks, in its order); undefined when it is. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return `is ${name.length} characters long (at most 15)`;
  if (!/^[-a-z0-9]+$/.test(name)) return 'may hold only lower-case letters, digits and \'-\'';
  if (!/[a-z]/.test(name)) return 'has no letter';
  if (name.includes('--')) return 'has \'--\'';
  if (name.startsWith('-') || name.endsWith('-')) return 'begins or ends with \'-\'';
  return undefined;
}
