/**
 * Work done in steps is written as generators that yield between steps (parse.ts,
 * analyze.ts, yamlSteps.ts): a caller with an event loop runs a few steps per turn, any
 * other caller runs them all at once with this.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to their end at once (callers without a time budget: the CLI, the tests). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
