import { clusterIpInvalid } from './clusterIpInvalid';
import { dnsNameUnresolved } from './dnsNameUnresolved';
import { envVarOrder } from './envVarOrder';
import { invalidName } from './invalidName';
import { portNameMissing } from './portNameMissing';
import { claimTemplateUnused } from './claimTemplateUnused';
import { containerPortNameInvalid } from './containerPortNameInvalid';
import { duplicateEnvName } from './duplicateEnvName';
import { hpaTargetNotFound } from './hpaTargetNotFound';
import { partitionAboveReplicas } from './partitionAboveReplicas';
import { pdbBlocksEviction } from './pdbBlocksEviction';
import { pdbSelectsNothing } from './pdbSelectsNothing';
import { probePortNotFound } from './probePortNotFound';
import { removedApiVersion } from './removedApiVersion';
import type { Rule } from './rule';
import { servicePortNotServed } from './servicePortNotServed';
import { spreadSelectorMismatch } from './spreadSelectorMismatch';
import { volumeMountNotFound } from './volumeMountNotFound';
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
  removedApiVersion,
  volumeMountNotFound,
  claimTemplateUnused,
  containerPortNameInvalid,
  probePortNotFound,
  pdbSelectsNothing,
  pdbBlocksEviction,
  spreadSelectorMismatch,
  servicePortNotServed,
  hpaTargetNotFound,
  duplicateEnvName,
  partitionAboveReplicas,
];

/** Findings that are not a rule over resources: YAML syntax errors, off unless the setting asks. */
export const YAML_SYNTAX_RULE_ID = 'yaml-syntax';

export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), YAML_SYNTAX_RULE_ID];
