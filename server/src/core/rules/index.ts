import { clusterIpInvalid } from './clusterIpInvalid';
import { dnsNameUnresolved } from './dnsNameUnresolved';
import { envVarOrder } from './envVarOrder';
import { invalidName } from './invalidName';
import { portNameMissing } from './portNameMissing';
import type { Rule } from './rule';
import { selectorTemplateMismatch } from './selectorTemplateMismatch';
import { serviceNameMissing } from './serviceNameMissing';
import { serviceNotFound } from './serviceNotFound';
import { serviceNotHeadless } from './serviceNotHeadless';
import { serviceSelectorMismatch } from './serviceSelectorMismatch';
import { serviceSelectsNothing } from './serviceSelectsNothing';
import { targetPortNotFound } from './targetPortNotFound';

export type { Rule, RuleContext, Report } from './rule';

/** Every rule, in the order findings are reported. */
export const RULES: readonly Rule[] = [
  serviceNotFound,
  serviceNotHeadless,
  clusterIpInvalid,
  serviceSelectorMismatch,
  selectorTemplateMismatch,
  serviceNameMissing,
  serviceSelectsNothing,
  invalidName,
  envVarOrder,
  dnsNameUnresolved,
  portNameMissing,
  targetPortNotFound,
];

/** Findings that are not a rule over resources: YAML syntax errors, off unless the setting asks. */
export const YAML_SYNTAX_RULE_ID = 'yaml-syntax';

export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), YAML_SYNTAX_RULE_ID];
