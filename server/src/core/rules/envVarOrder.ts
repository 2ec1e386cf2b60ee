import { echo } from '../abbreviate';
import { variableReferences } from '../envExpansion';
import { ENV_RULE_ENTRIES_PER_STEP, firstDefinitionSteps } from '../envNames';
import type { Container, EnvVar, Resource } from '../model';
import { rangeInScalar } from '../scalarRange';
import { runToEnd, WorkBudget, type Steps } from '../steps';
import type { Report, Rule, RuleContext } from './rule';
import { isCheckable } from './rule';

/**
 * `$(VAR)` in an `env[].value` that Kubernetes will not expand because VAR is defined
 * later in the same container's `env`, or nowhere. The kubelet
 * (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables) adds envFrom variables first,
 * then expands each `env` entry against what is defined so far (envFrom, earlier env
 * entries, service variables) and adds it; a reference it cannot resolve is left as
 * written (third_party/forked/golang/expansion/expand.go).
 *
 * Silent where the answer is not in the manifest:
 * - `command` and `args` are expanded against the container's FINAL environment
 *   (ExpandContainerCommandAndArgs), so order does not matter there, and `$(date)` in
 *   them is usually shell command substitution;
 * - a container with `envFrom` may get any name from a ConfigMap or Secret, so a name
 *   not defined in `env` is not reported, nor `A: $(A) …` (extending what envFrom gave
 *   A); one defined only LATER still is: that later value is never the one used;
 * - service link variables (`<SVC>_SERVICE_HOST`, `<SVC>_PORT_…`) come from Services
 *   at pod start (pkg/kubelet/envvars FromServices);
 * - `env` that could not be read completely (aliases, templates).
 */
export const envVarOrder: Rule = {
  id: 'env-var-order',
  defaultSeverity: 'warning',
  summary: '`$(VAR)` in an env value refers to a variable defined later in the container\'s `env`, or not at all: Kubernetes leaves the text unexpanded.',
  kinds: ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'],
  check: (resource, context) => runToEnd(checkSteps(resource, context)),
  checkSteps,
};

function* checkSteps(resource: Resource, { report }: RuleContext): Steps<void> {
  if (!isCheckable(resource)) return;
  // Every entry of a 160,000-entry env list may be a finding: 400-500 ms in one step (issue 16).
  const budget = new WorkBudget(ENV_RULE_ENTRIES_PER_STEP);
  for (const container of resource.podTemplate?.containers ?? []) {
    if (!container.envExact) continue;
    yield* checkContainerSteps(resource.uri, container, report, budget);
  }
}

/** Names of service link variables: `FromServices` + `makeEnvVariableName` (upper case, `-` and `.` as `_`). */
const SERVICE_LINK = /^[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;
/** What the API server accepts as a variable name without RelaxedEnvironmentVariableValidation. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function* checkContainerSteps(uri: string, container: Container, report: (r: Report) => void, budget: WorkBudget): Steps<void> {
  // Defined before entry `index` when first defined before it; else its first definition, if
  // any, is the one at or after it (a search of the rest of the list for each reference was
  // quadratic: a 1.2 MB env list whose every value names the next entry).
  const first = yield* firstDefinitionSteps(container, budget);
  for (let index = 0; index < container.env.length; index++) {
    if (budget.spend()) yield;
    const variable = container.env[index];
    const value = variable.value;
    // Only a non-empty `value` is expanded; valueFrom is taken as it is.
    if (value && value.value !== '') {
      for (const ref of variableReferences(value.value)) {
        const at = first.get(ref.name);
        if ((at !== undefined && at < index) || !ENV_NAME.test(ref.name) || SERVICE_LINK.test(ref.name)) continue;
        const later = at === undefined ? undefined : container.env[at];
        // With envFrom, `A: $(A) more` extends what envFrom gave A: a common, working pattern.
        if (container.hasEnvFrom && (!later || later === variable)) continue;
        report({
          range: rangeInScalar(value, ref.start, ref.end),
          message: later ? definedLaterMessage(variable, later, ref.name, container.hasEnvFrom) : undefinedMessage(ref.name),
          related: later ? [{ uri, range: later.name.range, message: echo`${ref.name} is defined here` }] : [],
          data: { variable: ref.name, ...(later ? { definedAtLine: later.name.range.start.line } : {}) },
        });
      }
    }
  }
}

function definedLaterMessage(user: EnvVar, definition: EnvVar, name: string, hasEnvFrom: boolean): string {
  const fallback = hasEnvFrom ? echo`It stays $(${name}) unless envFrom provides ${name}` : echo`It stays the literal text $(${name})`;
  if (definition === user) {
    return echo`$(${name}) is not expanded: it refers to ${name} itself. Kubernetes expands only variables defined earlier in env. ${fallback}.`;
  }
  return echo`$(${name}) is not expanded: ${name} is defined after ${user.name.value}. Kubernetes expands only variables defined earlier in env. ${fallback}. Move ${name} above ${user.name.value}.`;
}

function undefinedMessage(name: string): string {
  return echo`$(${name}) is not expanded: no variable ${name} is defined before it. Not in this container's env, nor envFrom, so it stays the literal text $(${name}). Define ${name} earlier in env, or write $$(${name}) for a literal.`;
}
