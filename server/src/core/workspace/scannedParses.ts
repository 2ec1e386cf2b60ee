import type { Steps } from '../steps';

/**
 * How many scanned files (see ../scannedFile.ts) one step of an analysis may parse. A
 * lookup reading stand-ins parses their files first (ResourceIndex.inOrder): the small ping
 * file's Service, looking up the StatefulSets serving it while 22,000 files of its
 * namespace were only scanned, parsed them all in one step of seconds (issue 16, `npm run
 * stress hugeKustomization`). With a budget, such a lookup throws {@link ScannedParsesDue}
 * instead; the analysis (analyze.ts) parses those files a step at a time, then checks the
 * resource again: its lookups then find them parsed, and answer as they would have.
 * Requests do the same (Workspace.answerSteps). 25, not the 100 of before: a step of 100
 * small files took 20-30 ms of CPU once the parser is warm, but 300-500 ms in a server that
 * had parsed little yet (V8 compiling the parser); 25 made that first step 100-120 ms and
 * the others 5-7 ms (22,000 files, core, load 7).
 */
export const SCANNED_PARSES_PER_STEP = 25;

/** What the step in progress may still parse. */
export interface ScannedParseBudget {
  left: number;
}

/** Thrown by a lookup that would parse more scanned files than the step has left: the files to parse first. */
export class ScannedParsesDue {
  constructor(readonly uris: readonly string[]) {}
}

/**
 * Runs `attempt` within `budget`: when one of its lookups throws {@link ScannedParsesDue},
 * parses those files a step at a time (yielding whenever the budget is spent, then
 * starting a new one) and runs it again, its lookups then finding them parsed. An answer
 * is the same as without a budget; only the parses are spread over steps. Asked again
 * for files parsed already (a parse that left stand-ins), the last attempt parses within
 * its lookups, as without a budget: each file is parsed once either way.
 *
 * The attempt is itself done in steps (the rules on one object with a 160,000-entry env
 * list: analyze.ts). Each of its steps starts with a full budget, as a step of parses
 * does; one that throws {@link ScannedParsesDue} is given up, those files are parsed, and
 * the attempt starts again from its beginning.
 */
export function* withinScannedBudgetSteps<T>(budget: ScannedParseBudget, parse: (uri: string) => Steps<void>, attempt: () => Generator<void, T>): Generator<void, T> {
  let parsedBefore: ReadonlySet<string> | undefined;
  for (;;) {
    let due: ScannedParsesDue;
    try {
      const steps = attempt();
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) return step.value;
        yield;
        if (budget.left !== Infinity) budget.left = SCANNED_PARSES_PER_STEP;
      }
    } catch (error) {
      if (!(error instanceof ScannedParsesDue)) throw error;
      due = error;
    } finally {
      // A budget lifted for one attempt (below) is spent by it.
      if (budget.left === Infinity) budget.left = 0;
    }
    if (parsedBefore && due.uris.some((uri) => parsedBefore!.has(uri))) budget.left = Infinity;
    else yield* parseScannedSteps(due.uris, budget, parse);
    parsedBefore = new Set(due.uris);
  }
}

/** Parses scanned files, yielding whenever the step's budget is spent. */
function* parseScannedSteps(uris: readonly string[], budget: ScannedParseBudget, parse: (uri: string) => Steps<void>): Generator<void> {
  for (const uri of uris) {
    if (budget.left <= 0) {
      yield;
      budget.left = SCANNED_PARSES_PER_STEP;
    }
    yield* parse(uri);
    budget.left--;
  }
}
