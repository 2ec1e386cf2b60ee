import type { Container } from './model';
import type { Steps, WorkBudget } from './steps';

/** A container's map of first definitions, built as far as `next` (the entries before it are in). */
interface FirstDefinitions {
  first: Map<string, number>;
  next: number;
}

/**
 * Where each env name of a container is first defined (its index in `env`), made once per
 * container and shared by the rules that ask (duplicate-env-name, env-var-order): a map of
 * 160,000 names is most of the analysis of a 10 MB env list (stress `longEnvList`), and
 * each rule built its own, one of them with a copy of an array per entry.
 */
const firstDefinitions = new WeakMap<Container, FirstDefinitions>();

/**
 * The map of first definitions, built an entry per unit of `budget`, yielding when a step
 * is spent: built in one step, the 160,000 names of that env list were an analysis step of
 * 100-170 ms (2026-12-06). A build left off (its analysis begun again) goes on from where
 * it was the next time either rule asks.
 */
export function* firstDefinitionSteps(container: Container, budget: WorkBudget): Steps<Map<string, number>> {
  let built = firstDefinitions.get(container);
  if (!built) firstDefinitions.set(container, (built = { first: new Map(), next: 0 }));
  const { env } = container;
  while (built.next < env.length) {
    if (budget.spend()) yield;
    const name = env[built.next].name.value;
    if (!built.first.has(name)) built.first.set(name, built.next);
    built.next++;
  }
  return built.first;
}

/**
 * Env entries the env rules go through per step (Rule.checkSteps): every entry of a
 * 160,000-entry list may be a finding, about 10 ms a step then (issue 16).
 */
export const ENV_RULE_ENTRIES_PER_STEP = 4_096;
