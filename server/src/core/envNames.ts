import type { Container } from './model';

/**
 * Where each env name of a container is first defined (its index in `env`), made once per
 * container and shared by the rules that ask (duplicate-env-name, env-var-order): a map of
 * 160,000 names is most of the analysis of a 10 MB env list (stress `longEnvList`), and
 * each rule built its own, one of them with a copy of an array per entry.
 */
const firstDefinitions = new WeakMap<Container, Map<string, number>>();

export function firstDefinitionOf(container: Container): Map<string, number> {
  let first = firstDefinitions.get(container);
  if (!first) {
    first = new Map();
    const { env } = container;
    for (let i = 0; i < env.length; i++) if (!first.has(env[i].name.value)) first.set(env[i].name.value, i);
    firstDefinitions.set(container, first);
  }
  return first;
}

/**
 * Env entries the env rules go through per step (Rule.checkSteps): every entry of a
 * 160,000-entry list may be a finding, about 10 ms a step then (issue 16).
 */
export const ENV_RULE_ENTRIES_PER_STEP = 4_096;
