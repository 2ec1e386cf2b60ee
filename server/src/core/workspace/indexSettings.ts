import type { Settings } from '../settings';

/**
 * The settings the index depends on: the default namespace (of objects that set none),
 * and what the Helm charts render with (release, values, Kubernetes version; the
 * release's namespace). Rule severities, the cluster domain and syntax errors change
 * findings, not where any object is: changing them re-analyses without re-indexing.
 */
function indexSettings(settings: Settings): string {
  return JSON.stringify([settings.defaultNamespace, settings.helm, settings.kubernetesVersion]);
}

export function sameIndexSettings(a: Settings, b: Settings): boolean {
  return a === b || indexSettings(a) === indexSettings(b);
}
