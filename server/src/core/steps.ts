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

/** Units counted by every {@link WorkBudget} since the process started: tests count the work of a step with it. */
let unitsSpent = 0;
export function workUnitsSoFar(): number {
  return unitsSpent;
}

/**
 * Work counted toward a step of a generator: `spend` says when the step is full, and the
 * caller yields (`if (budget.spend(n)) yield;`); the next step starts with a full budget.
 */
export class WorkBudget {
  private left: number;

  constructor(private readonly perStep: number) {
    this.left = perStep;
  }

  /** Counts `units` of work done; true when they filled the step. */
  spend(units = 1): boolean {
    unitsSpent += units;
    this.left -= units;
    if (this.left > 0) return false;
    this.left = this.perStep;
    return true;
  }
}
