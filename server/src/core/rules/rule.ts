import type { Resource } from '../model';
import type { RelatedLocation, Range, Severity } from '../types';
import type { Steps } from '../steps';
import type { WorkspaceView } from '../workspace';

/** What a rule reports; the engine adds the rule id, severity and file. */
export interface Report {
  range: Range;
  message: string;
  related?: RelatedLocation[];
  data?: Record<string, unknown>;
  /**
   * A lower severity for this finding, used while the rule's level is its default (a level
   * the user sets in `statefulManifests.rules` applies to every finding of the rule).
   */
  severity?: Severity;
}

export interface RuleContext {
  workspace: WorkspaceView;
  report(report: Report): void;
}

/**
 * One check. Each lives in its own file with a doc page at docs/rules/<id>.md and
 * fixtures under test/fixtures/rules/<id>/ (a test enforces both).
 */
export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence: what the rule finds. Shown in the README's rules table. */
  summary: string;
  /** Kinds of resource the rule looks at. */
  kinds: readonly string[];
  check(resource: Resource, context: RuleContext): void;
  /**
   * {@link check} in steps, for a rule whose work on one object grows with one of its
   * lists (a 160,000-entry env list gives as many findings): the analysis yields between
   * them (analyze.ts), so one object does not hold the server. `check` runs them all.
   */
  checkSteps?(resource: Resource, context: RuleContext): Steps<void>;
}

/**
 * A resource is checked only when the core could read it completely and it is applied
 * as written (not rewritten by a kustomize patch or transformer in fields the rules read).
 */
export function isCheckable(resource: Resource): boolean {
  return !resource.templated && !resource.hasSyntaxErrors && !resource.kustomizePatched;
}

/**
 * {@link isCheckable}, and no kustomize patch may write the pod spec details the newer
 * rules read (volumes, mounts, probes, affinity, claim templates, update strategy,
 * disruption counts, scale targets).
 */
export function isPodSpecCheckable(resource: Resource): boolean {
  return isCheckable(resource) && !resource.kustomizePodSpec;
}
