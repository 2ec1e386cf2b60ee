import type { Severity } from '../types';

/**
 * A suppression (a `# stateful-manifests-disable…` comment or a
 * `stateful-manifests.io/ignore` annotation) that suppresses nothing, or names no rule.
 * It is not a check of resources but of the suppressions themselves, so the engine runs
 * it after the rules (see ../suppressions.ts), like yaml-syntax is not a resource rule.
 */
export const unusedSuppression: { id: string; defaultSeverity: Severity; summary: string } = {
  id: 'unused-suppression',
  defaultSeverity: 'information',
  summary: 'A suppression comment or `stateful-manifests.io/ignore` annotation that suppresses nothing, or names no rule.',
};
