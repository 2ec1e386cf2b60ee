import { echo } from '../abbreviate';
import { variableReferences } from '../envExpansion';
import { ENV_RULE_ENTRIES_PER_STEP, firstDefinitionSteps } from '../envNames';
import { lastIndexWhere } from '../arrays';
import { POD_TEMPLATE_KINDS, type Container, type EnvVar, type Resource } from '../model';
import { runToEnd, WorkBudget, type Steps } from '../steps';
import type { Located, RelatedLocation } from '../types';
import type { Report, Rule, RuleContext } from './rule';
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
  check: (resource, context) => runToEnd(checkSteps(resource, context)),
  checkSteps,
};

/**
 * At most this many references listed in one finding's related information; the last
 * listed says how many more there are. Every entry of a long env list may name the
 * duplicated variable, and every later definition repeats the list.
 */
export const MAX_REFERENCES_LISTED = 20;

function* checkSteps(resource: Resource, { report }: RuleContext): Steps<void> {
  if (!isCheckable(resource)) return;
  const budget = new WorkBudget(ENV_RULE_ENTRIES_PER_STEP);
  for (const container of resource.podTemplate?.containers ?? []) {
    if (container.envExact) yield* checkContainerSteps(resource.uri, container, report, budget);
  }
}

/**
 * Each pass over the env list is linear and stepped: before, each duplicated name searched
 * the whole list for its references, and each reference the list for the definitions
 * before it (8,000 entries defining 4,000 names twice: 2.5 s in one step, issue 16).
 */
function* checkContainerSteps(uri: string, container: Container, report: (r: Report) => void, budget: WorkBudget): Steps<void> {
  const { env } = container;
  // Only the names defined more than once, with the index of every definition in order (envNames.ts).
  const firstAt = yield* firstDefinitionSteps(container, budget);
  const definitionsOf = new Map<string, number[]>();
  for (let i = 0; i < env.length; i++) {
    if (budget.spend()) yield;
    const name = env[i].name.value;
    const at = firstAt.get(name)!;
    if (at === i) continue;
    const definitions = definitionsOf.get(name);
    if (definitions) definitions.push(i);
    else definitionsOf.set(name, [at, i]);
  }
  if (definitionsOf.size === 0) return;
  // Where each of those names is referenced, in order: the env entries whose value names it,
  // then the command and args items that do.
  const commandAndArgs = [...container.command, ...container.args];
  const usersOf = yield* referencesTo(definitionsOf, env.map((v) => v.value?.value), budget);
  const argsUsingOf = yield* referencesTo(definitionsOf, commandAndArgs.map((arg) => arg.value), budget);
  // In the order of the names' first definitions.
  for (const [name, definitions] of [...definitionsOf].sort(([a], [b]) => firstAt.get(a)! - firstAt.get(b)!)) {
    const first = env[definitions[0]];
    const notes = referenceNotes(uri, env, name, definitions, usersOf.get(name) ?? [], (argsUsingOf.get(name) ?? []).map((i) => commandAndArgs[i]));
    for (const later of definitions.slice(1)) {
      if (budget.spend()) yield;
      report({
        range: env[later].name.range,
        message: echo`Env var ${name} is defined twice in container '${container.name?.value ?? '?'}'. This later value silently wins.`,
        related: [{ uri, range: first.name.range, message: echo`${name} first defined here` }, ...notes],
        data: { name },
      });
    }
  }
}

/**
 * For each of `names`, the indexes of the `texts` with a `$(name)` in them, in order, each once:
 * one pass over the texts (a search of them per name was quadratic).
 */
function* referencesTo(names: ReadonlyMap<string, unknown>, texts: readonly (string | undefined)[], budget: WorkBudget): Steps<Map<string, number[]>> {
  const usersOf = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i++) {
    if (budget.spend()) yield;
    const text = texts[i];
    if (text === undefined) continue;
    for (const ref of variableReferences(text)) {
      if (!names.has(ref.name)) continue;
      const users = usersOf.get(ref.name);
      if (!users) usersOf.set(ref.name, [i]);
      else if (users[users.length - 1] !== i) users.push(i);
    }
  }
  return usersOf;
}

/**
 * For each `$(name)` in env values (`users`, indexes in `env`) and in the command and args
 * items (`argsUsing`): which definition it gets; at most {@link MAX_REFERENCES_LISTED}, the
 * last of them saying how many more there are.
 */
function referenceNotes(uri: string, env: readonly EnvVar[], name: string, definitions: readonly number[], users: readonly number[], argsUsing: readonly Located[]): RelatedLocation[] {
  const notes: RelatedLocation[] = [];
  const line = (index: number): number => env[index].name.range.start.line + 1;
  let more = 0;
  for (const user of users) {
    if (notes.length >= MAX_REFERENCES_LISTED) {
      more++;
      continue;
    }
    // Only definitions before this entry are visible to it.
    const seen = lastIndexWhere(definitions, (d) => d < user);
    const gets = seen >= 0 ? echo`the value defined on line ${line(definitions[seen])}` : 'no value (it is defined only later)';
    notes.push({ uri, range: env[user].value!.range, message: echo`$(${name}) in ${env[user].name.value} gets ${gets}` });
  }
  for (const arg of argsUsing) {
    if (notes.length >= MAX_REFERENCES_LISTED) {
      more++;
      continue;
    }
    notes.push({ uri, range: arg.range, message: echo`$(${name}) here gets the last value, defined on line ${line(definitions[definitions.length - 1])}` });
  }
  if (more > 0) {
    const last = notes[notes.length - 1];
    notes[notes.length - 1] = { ...last, message: `${last.message} ${echo`(and ${more.toLocaleString('en')} more references to $(${name}) not listed)`}` };
  }
  return notes;
}
