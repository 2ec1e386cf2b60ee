import { echo } from '../abbreviate';
import { variableReferences } from '../envExpansion';
import { firstDefinitionOf } from '../envNames';
import { POD_TEMPLATE_KINDS, type Container, type EnvVar } from '../model';
import type { RelatedLocation } from '../types';
import type { Report, Rule } from './rule';
import { isCheckable } from './rule';

/**
 * The same name twice in one container's `env`. The kubelet builds the environment in
 * order (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables): each entry is expanded
 * against the variables defined so far, then replaces any earlier value of its name. So
 * the later entry silently wins in the container, `$(NAME)` in an env value between the
 * two gets the earlier value, after the second the later one, and `$(NAME)` in command
 * and args (expanded against the final environment) the later one. The finding says
 * which reference gets which, in its related information.
 */
export const duplicateEnvName: Rule = {
  id: 'duplicate-env-name',
  defaultSeverity: 'warning',
  summary: 'A container defines the same env name twice: the later value silently wins, and `$(VAR)` references see one or the other by position.',
  kinds: POD_TEMPLATE_KINDS,
  check(resource, { report }) {
    if (!isCheckable(resource)) return;
    for (const container of resource.podTemplate?.containers ?? []) {
      if (container.envExact) checkContainer(resource.uri, container, report);
    }
  },
};

function checkContainer(uri: string, container: Container, report: (r: Report) => void): void {
  // Only the names defined more than once, with every definition in order (envNames.ts).
  const firstAt = firstDefinitionOf(container);
  const byName = new Map<string, EnvVar[]>();
  container.env.forEach((v, i) => {
    const at = firstAt.get(v.name.value)!;
    if (at === i) return;
    const definitions = byName.get(v.name.value);
    if (definitions) definitions.push(v);
    else byName.set(v.name.value, [container.env[at], v]);
  });
  // In the order of the names' first definitions, as before.
  for (const [name, definitions] of [...byName].sort(([a], [b]) => firstAt.get(a)! - firstAt.get(b)!)) {
    const first = definitions[0];
    for (const later of definitions.slice(1)) {
      report({
        range: later.name.range,
        message: echo`Env var ${name} is defined twice in container '${container.name?.value ?? '?'}'. This later value silently wins.`,
        related: [{ uri, range: first.name.range, message: echo`${name} first defined here` }, ...referenceNotes(uri, container, name, definitions)],
        data: { name },
      });
    }
  }
}

/** For each `$(name)` in env values, command and args: which definition it gets. */
function referenceNotes(uri: string, container: Container, name: string, definitions: EnvVar[]): RelatedLocation[] {
  const notes: RelatedLocation[] = [];
  const line = (v: EnvVar): number => v.name.range.start.line + 1;
  container.env.forEach((user) => {
    if (!user.value || !variableReferences(user.value.value).some((r) => r.name === name)) return;
    // Only definitions before this entry are visible to it.
    const seen = definitions.filter((d) => container.env.indexOf(d) < container.env.indexOf(user));
    const gets = seen.length ? echo`the value defined on line ${line(seen[seen.length - 1])}` : 'no value (it is defined only later)';
    notes.push({ uri, range: user.value.range, message: echo`$(${name}) in ${user.name.value} gets ${gets}` });
  });
  for (const arg of [...container.command, ...container.args]) {
    if (variableReferences(arg.value).some((r) => r.name === name)) {
      notes.push({ uri, range: arg.range, message: echo`$(${name}) here gets the last value, defined on line ${line(definitions[definitions.length - 1])}` });
    }
  }
  return notes;
}
