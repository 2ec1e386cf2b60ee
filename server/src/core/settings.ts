import { listed, quoted } from './settingsText';
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
  /** How Helm charts are rendered: the release `helm template` would make (docs/helm.md). */
  helm: HelmSettings;
  /** The Kubernetes version the manifests are applied to: which API versions are served, which fields are optional. */
  kubernetesVersion: KubernetesVersion;
}

/** A Kubernetes minor release, e.g. 1.33. */
export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** A recent release; what the removed-API and service-name-missing rules assume unless told. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = Object.freeze({ major: 1, minor: 33 });

/** Whether `version` is `major.minor` or later. */
export function atLeast(version: KubernetesVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

export function formatVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

/** `1.33`, `v1.33`, `1.33.2` (the patch is ignored); undefined for anything else. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const m = /^v?(1)\.(\d{1,3})(?:\.\d+)?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export interface HelmSettings {
  /** `.Release.Name`. */
  releaseName: string;
  /** `.Release.Namespace`, and the namespace of rendered objects without one; undefined: {@link Settings.defaultNamespace}. */
  namespace?: string;
  /** Extra values files (helm -f), relative to each chart's folder, in order. */
  valuesFiles: string[];
  /** `--set` overrides ('a.b=c'), in order. */
  set: string[];
}

export const DEFAULT_HELM_SETTINGS: HelmSettings = Object.freeze({
  releaseName: 'release-name',
  valuesFiles: Object.freeze([]) as unknown as string[],
  set: Object.freeze([]) as unknown as string[],
});

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  defaultNamespace: 'default',
  clusterDomain: 'cluster.local',
  reportSyntaxErrors: false,
  rules: Object.freeze({}) as Record<string, RuleLevel>,
  helm: DEFAULT_HELM_SETTINGS,
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
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
    else problems.push(`statefulManifests.defaultNamespace must be a namespace name (lower-case letters, digits and '-', at most 63 characters), not ${quoted(ns)}; using "default".`);
  }

  const domain = input.clusterDomain;
  if (domain !== undefined) {
    const trimmed = typeof domain === 'string' ? domain.replace(/^\.+|\.+$/g, '') : undefined;
    if (trimmed && trimmed.length <= 253 && trimmed.split('.').every((label) => DNS_LABEL.test(label) && label.length <= 63)) {
      settings.clusterDomain = trimmed;
    } else {
      problems.push(`statefulManifests.clusterDomain must be a DNS domain such as "cluster.local", not ${quoted(domain)}; using "cluster.local".`);
    }
  }

  // null: not set (the VS Code client then decides: on unless the YAML extension reports them).
  const syntax = input.reportSyntaxErrors;
  if (syntax !== undefined && syntax !== null) {
    if (typeof syntax === 'boolean') settings.reportSyntaxErrors = syntax;
    else problems.push(`statefulManifests.reportSyntaxErrors must be true or false, not ${quoted(syntax)}; using false.`);
  }

  const version = input.kubernetesVersion;
  if (version !== undefined) {
    const parsed = typeof version === 'string' ? parseKubernetesVersion(version) : undefined;
    if (parsed) settings.kubernetesVersion = parsed;
    else problems.push(`statefulManifests.kubernetesVersion must be a Kubernetes version such as "1.33", not ${JSON.stringify(version)}${typeof version === 'number' ? ' (quote it: 1.30 unquoted is the number 1.3)' : ''}; using "${formatVersion(DEFAULT_KUBERNETES_VERSION)}".`);
  }

  const rules = input.rules;
  if (rules !== undefined) {
    if (!isObject(rules)) {
      problems.push('statefulManifests.rules must be an object of rule id to severity, e.g. { "service-name-missing": "off" }.');
    } else {
      const known = new Set(knownRuleIds);
      const unknownIds: string[] = [];
      const badLevels: { id: string; level: unknown }[] = [];
      // Object.keys then lookups: Object.entries is 4x slower on a 100,000-key object.
      for (const id of Object.keys(rules)) {
        const level = rules[id];
        if (!known.has(id)) unknownIds.push(id);
        else if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) badLevels.push({ id, level });
        else settings.rules[id] = level as RuleLevel;
      }
      // One problem for all unknown ids and one for all bad levels, naming a few: 100,000
      // mistyped ids make two notifications, not 100,000 (and cost no edit distances but three).
      if (unknownIds.length > 0) problems.push(unknownRulesProblem(unknownIds, knownRuleIds));
      if (badLevels.length === 1) {
        const [{ id, level }] = badLevels;
        problems.push(`statefulManifests.rules[${quoted(id)}] must be one of ${LEVELS.join(', ')}, not ${quoted(level)}; using the rule's default.`);
      } else if (badLevels.length > 1) {
        problems.push(`statefulManifests.rules: levels must be one of ${LEVELS.join(', ')}, not so for ${listed(badLevels.map((b) => b.id))}; using the rules' defaults.`);
      }
    }
  }
  settings.helm = readHelmSettings(input.helm, problems);
  return { settings, problems };
}

/**
 * The settings with only the known rule ids left in `rules`, each with its level as written
 * (a bad one is still a bad one): what layering them over the config file's needs, the
 * unknown ids being reported by {@link readSettings} of the settings as given. Looks up the
 * known ids, not every key: 100,000 unknown ids were spread into the layered settings and
 * read again (issue 16, stress `settingsFlood`).
 */
export function withKnownRulesOnly(raw: unknown, knownRuleIds: readonly string[]): unknown {
  if (!isObject(raw) || !isObject(raw.rules)) return raw;
  const given = raw.rules;
  const rules: Record<string, unknown> = {};
  for (const id of knownRuleIds) if (Object.prototype.hasOwnProperty.call(given, id)) rules[id] = given[id];
  return { ...raw, rules };
}

/** `.Capabilities.KubeVersion` of rendered charts, from the statefulManifests.kubernetesVersion setting ('v1.33.0'). */
export function helmKubeVersion(version: KubernetesVersion): string {
  return `v${version.major}.${version.minor}.0`;
}
/**
 * Helm's release names: a DNS-1123 subdomain of at most 53 characters (helm's
 * chartutil.ValidateReleaseName: validName and maxReleaseNameLen).
 */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const HELM_KEYS = ['releaseName', 'namespace', 'valuesFiles', 'set'];

function readHelmSettings(raw: unknown, problems: string[]): HelmSettings {
  const helm: HelmSettings = { ...DEFAULT_HELM_SETTINGS, valuesFiles: [], set: [] };
  if (raw === undefined || raw === null) return helm;
  if (!isObject(raw)) {
    problems.push('statefulManifests.helm must be an object such as { "releaseName": "db" }; using the defaults.');
    return helm;
  }
  for (const key of Object.keys(raw)) {
    if (!HELM_KEYS.includes(key)) problems.push(`statefulManifests.helm.${key} is not a Helm setting (${HELM_KEYS.join(', ')}); it is ignored.`);
  }
  const name = raw.releaseName;
  if (name !== undefined) {
    if (typeof name === 'string' && RELEASE_NAME.test(name) && name.length <= 53) helm.releaseName = name;
    else problems.push(`statefulManifests.helm.releaseName must be a Helm release name (lower-case letters, digits, '-' and '.', at most 53 characters), not ${JSON.stringify(name)}; using "release-name".`);
  }
  const ns = raw.namespace;
  if (ns !== undefined && ns !== null && ns !== '') {
    if (typeof ns === 'string' && DNS_LABEL.test(ns) && ns.length <= 63) helm.namespace = ns;
    else problems.push(`statefulManifests.helm.namespace must be a namespace name (lower-case letters, digits and '-', at most 63 characters), not ${JSON.stringify(ns)}; using statefulManifests.defaultNamespace.`);
  }
  const files = raw.valuesFiles;
  if (files !== undefined) {
    if (Array.isArray(files) && files.every((f) => typeof f === 'string' && f.trim() !== '')) helm.valuesFiles = files.map((f: string) => f.trim());
    else problems.push(`statefulManifests.helm.valuesFiles must be a list of file paths relative to the chart, such as ["ci/values-prod.yaml"], not ${JSON.stringify(files)}; using none.`);
  }
  const set = raw.set;
  if (set !== undefined) {
    if (Array.isArray(set)) {
      for (const entry of set) {
        if (typeof entry === 'string' && /^[^=]+=/.test(entry)) helm.set.push(entry);
        else problems.push(`statefulManifests.helm.set entries must read key=value (such as "replicaCount=3"), not ${JSON.stringify(entry)}; ignoring it.`);
      }
    } else {
      problems.push(`statefulManifests.helm.set must be a list of key=value strings, such as ["replicaCount=3"], not ${JSON.stringify(set)}; using none.`);
    }
  }
  return helm;
}

function unknownRulesProblem(ids: string[], knownRuleIds: readonly string[]): string {
  const suggestions = ids.slice(0, 3).flatMap((id) => {
    const close = closestId(id, knownRuleIds);
    if (!close) return [];
    return ids.length === 1 ? [`"${close}"`] : [`"${close}" for ${quoted(id)}`];
  });
  const meant = suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : '';
  const rules = ids.length === 1 ? `there is no rule ${quoted(ids[0])}` : `there are no rules ${listed(ids)}`;
  return `statefulManifests.rules: ${rules}${meant}. Rule ids: ${knownRuleIds.join(', ')}.`;
}

/** The known id a mistyped one most likely meant: at most a third of its characters off. */
export function closestId(id: string, known: readonly string[]): string | undefined {
  if (id.length > 100) return undefined; // no rule id is that long; and the distance costs length x length
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
