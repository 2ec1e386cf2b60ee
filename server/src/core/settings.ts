import { SEVERITIES, type Severity } from './types';

export type RuleLevel = Severity | 'off';

export interface Settings {
  /** Namespace of resources without `metadata.namespace`. */
  defaultNamespace: string;
  /** The cluster's DNS domain (kubelet --cluster-domain). */
  clusterDomain: string;
  reportSyntaxErrors: boolean;
  /** Severity overrides per rule id. */
  rules: Record<string, RuleLevel>;
  /** Kubernetes version the manifests are for (`1.33`), for `.Capabilities` in Helm charts; undefined: not said. */
  kubernetesVersion?: string;
  /** How Helm charts are rendered for analysis; undefined: the defaults (`helm template`'s). */
  helm?: HelmReleaseSettings;
}

/** `helm template`'s release options: `--name-template`/NAME, `--namespace`, `-f`, `--set`. */
export interface HelmReleaseSettings {
  releaseName?: string;
  namespace?: string;
  /** Values files, relative to the chart (or absolute), in the order given. */
  valuesFiles: string[];
  /** `--set` style overrides, `a.b=value`, in order. */
  set: string[];
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  defaultNamespace: 'default',
  clusterDomain: 'cluster.local',
  reportSyntaxErrors: false,
  rules: Object.freeze({}) as Record<string, RuleLevel>,
});

export interface SettingsResult {
  settings: Settings;
  /** What was wrong in the input and what was used instead, one sentence each. */
  problems: string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LEVELS: readonly RuleLevel[] = ['off', ...SEVERITIES];

/**
 * Reads the `statefulManifests` settings object as the client sends it. Bad values
 * never stop the server: each is replaced by its default and named in `problems`,
 * with what to write instead.
 */
export function readSettings(raw: unknown, knownRuleIds: readonly string[]): SettingsResult {
  const problems: string[] = [];
  const input = isObject(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isObject(raw)) problems.push('statefulManifests settings must be an object; using the defaults.');
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };

  const ns = input.defaultNamespace;
  if (ns !== undefined) {
    if (typeof ns === 'string' && DNS_LABEL.test(ns) && ns.length <= 63) settings.defaultNamespace = ns;
    else problems.push(`statefulManifests.defaultNamespace must be a namespace name (lower-case letters, digits and '-', at most 63 characters), not ${JSON.stringify(ns)}; using "default".`);
  }

  const domain = input.clusterDomain;
  if (domain !== undefined) {
    const trimmed = typeof domain === 'string' ? domain.replace(/^\.+|\.+$/g, '') : undefined;
    if (trimmed && trimmed.length <= 253 && trimmed.split('.').every((label) => DNS_LABEL.test(label) && label.length <= 63)) {
      settings.clusterDomain = trimmed;
    } else {
      problems.push(`statefulManifests.clusterDomain must be a DNS domain such as "cluster.local", not ${JSON.stringify(domain)}; using "cluster.local".`);
    }
  }

  const syntax = input.reportSyntaxErrors;
  if (syntax !== undefined) {
    if (typeof syntax === 'boolean') settings.reportSyntaxErrors = syntax;
    else problems.push(`statefulManifests.reportSyntaxErrors must be true or false, not ${JSON.stringify(syntax)}; using false.`);
  }

  const rules = input.rules;
  if (rules !== undefined) {
    if (!isObject(rules)) {
      problems.push('statefulManifests.rules must be an object of rule id to severity, e.g. { "service-name-missing": "off" }.');
    } else {
      for (const [id, level] of Object.entries(rules)) {
        if (!knownRuleIds.includes(id)) {
          const close = closestId(id, knownRuleIds);
          problems.push(`statefulManifests.rules: there is no rule "${id}"${close ? ` (did you mean "${close}"?)` : ''}. Rule ids: ${knownRuleIds.join(', ')}.`);
        } else if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) {
          problems.push(`statefulManifests.rules["${id}"] must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)}; using the rule's default.`);
        } else {
          settings.rules[id] = level as RuleLevel;
        }
      }
    }
  }
  const version = input.kubernetesVersion;
  if (version !== undefined) {
    // A version as helm --kube-version takes it: 1.33, v1.33, 1.33.2. A string only: the
    // YAML number 1.30 is 1.3, so an unquoted version cannot be trusted.
    if (typeof version === 'string' && /^v?1\.\d{1,3}(\.\d{1,3})?$/.test(version)) settings.kubernetesVersion = version.replace(/^v/, '');
    else problems.push(`statefulManifests.kubernetesVersion must be a Kubernetes version such as "1.33", not ${JSON.stringify(version)}${typeof version === 'number' ? ' (quote it: 1.30 unquoted is the number 1.3)' : ''}; using none.`);
  }

  const helm = input.helm;
  if (helm !== undefined) settings.helm = readHelm(helm, problems);
  return { settings, problems };
}

function readHelm(helm: unknown, problems: string[]): HelmReleaseSettings | undefined {
  if (!isObject(helm)) {
    problems.push(`statefulManifests.helm must be a map (releaseName, namespace, valuesFiles, set), not ${JSON.stringify(helm)}; using the defaults.`);
    return undefined;
  }
  const out: HelmReleaseSettings = { valuesFiles: [], set: [] };
  for (const [key, value] of Object.entries(helm)) {
    if (key === 'releaseName') {
      // helm: a release name is a DNS-1123 subdomain of at most 53 characters (pkg/chartutil ValidateReleaseName).
      if (typeof value === 'string' && value.length <= 53 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)) out.releaseName = value;
      else problems.push(`statefulManifests.helm.releaseName must be a release name (lower-case letters, digits, '-' and '.', at most 53 characters), not ${JSON.stringify(value)}; using "release-name".`);
    } else if (key === 'namespace') {
      if (typeof value === 'string' && DNS_LABEL.test(value) && value.length <= 63) out.namespace = value;
      else problems.push(`statefulManifests.helm.namespace must be a namespace name, not ${JSON.stringify(value)}; using the default namespace.`);
    } else if (key === 'valuesFiles') {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')) out.valuesFiles = value as string[];
      else problems.push(`statefulManifests.helm.valuesFiles must be a list of file paths, not ${JSON.stringify(value)}; using none.`);
    } else if (key === 'set') {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && /^[^=]+=/.test(v))) out.set = value as string[];
      else problems.push(`statefulManifests.helm.set must be a list of key=value overrides such as "image.tag=1.2", not ${JSON.stringify(value)}; using none.`);
    } else {
      problems.push(`statefulManifests.helm.${key} is not a Helm setting (releaseName, namespace, valuesFiles, set); it is ignored.`);
    }
  }
  return out;
}

/** The known id a mistyped one most likely meant: at most a third of its characters off. */
export function closestId(id: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.floor(id.length / 3) + 1;
  for (const candidate of known) {
    const d = editDistance(id.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time (ids are short). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
