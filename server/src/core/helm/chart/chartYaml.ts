/**
 * Chart.yaml (https://helm.sh/docs/topics/charts/#the-chartyaml-file) as Helm v4 hands it to
 * templates: `.Chart` is the Metadata struct turned into a map by field name (helm
 * pkg/chart/common.go structToMap), so `.Chart.Name`, `.Chart.AppVersion`, `.Chart.IsRoot`.
 */
import { readYaml } from './yamlRead';
import { isMap, type GoMap, type GoValue } from '../template/values';

export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  alias: string;
  importValues: GoValue[];
}

export interface ChartMetadata {
  name: string;
  version: string;
  type: string;
  dependencies: Dependency[];
  /** `.Chart` as templates see it (without IsRoot). */
  asMap: GoMap;
}

function s(v: GoValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

function strings(v: GoValue | undefined): GoValue[] {
  return Array.isArray(v) ? v.map((e) => s(e)) : [];
}

/** Reads Chart.yaml; throws YamlReadError for text that is not YAML. */
export function readChartYaml(text: string): ChartMetadata {
  const raw = readYaml(text);
  const m: GoMap = isMap(raw) ? raw : {};
  const dependencies: Dependency[] = (Array.isArray(m.dependencies) ? m.dependencies : []).filter(isMap).map((d) => ({
    name: s(d.name),
    version: s(d.version),
    repository: s(d.repository),
    condition: s(d.condition),
    tags: strings(d.tags).map((t) => s(t)),
    alias: s(d.alias),
    importValues: Array.isArray(d['import-values']) ? d['import-values'] : [],
  }));
  const maintainers = (Array.isArray(m.maintainers) ? m.maintainers : []).filter(isMap).map((x): GoValue => ({ Name: s(x.name), Email: s(x.email), URL: s(x.url) }));
  const annotations: GoMap = {};
  if (isMap(m.annotations)) for (const [k, v] of Object.entries(m.annotations)) annotations[k] = s(v);
  const asMap: GoMap = {
    Name: s(m.name),
    Home: s(m.home),
    Sources: strings(m.sources),
    Version: s(m.version),
    Description: s(m.description),
    Keywords: strings(m.keywords),
    Maintainers: maintainers,
    Icon: s(m.icon),
    APIVersion: s(m.apiVersion),
    Condition: s(m.condition),
    Tags: s(m.tags),
    AppVersion: s(m.appVersion),
    Deprecated: m.deprecated === true,
    Annotations: annotations,
    KubeVersion: s(m.kubeVersion),
    Dependencies: dependencies.map((d) => ({ Name: d.name, Version: d.version, Repository: d.repository, Condition: d.condition, Tags: d.tags, Enabled: false, ImportValues: d.importValues, Alias: d.alias })),
    Type: s(m.type),
  };
  return { name: s(m.name), version: s(m.version), type: s(m.type), dependencies, asMap };
}
