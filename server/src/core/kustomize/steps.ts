/**
 * Work done a step at a time: a generator that yields after each {@link UNITS_PER_STEP}
 * units of work (a folder or file visited by a walk, a patch read), so a caller with a time
 * budget (the language server, between messages) can stop between two steps and go on
 * later. The effects of one kustomization of 100,000 resources and 20,000 patches took
 * 1.9 s of CPU in one piece, and no message was answered meanwhile (issue 16).
 */
export { runToEnd, type Steps } from '../steps';

/** Units of work between two yields: well under a millisecond of walking. */
export const UNITS_PER_STEP = 256;

/** Counts units of work: `tick()` is true once every {@link UNITS_PER_STEP} units, when the generator should yield. */
export class StepCounter {
  private units = 0;

  tick(): boolean {
    return ++this.units % UNITS_PER_STEP === 0;
  }
}
