/**
 * Helm chart templates: files under `templates/` of a folder that holds `Chart.yaml`
 * (https://helm.sh/docs/topics/charts/#the-chart-file-structure). They are Go templates,
 * not manifests: their resources are indexed (a Service there still exists for a
 * StatefulSet elsewhere) but they are never the subject of a finding.
 *
 * `hasFile(uri)` says whether the workspace knows a file, so the test is pure.
 */
export function isHelmTemplate(uri: string, hasFile: (uri: string) => boolean): boolean {
  let index = uri.indexOf('/templates/');
  while (index >= 0) {
    if (hasFile(`${uri.slice(0, index)}/Chart.yaml`)) return true;
    index = uri.indexOf('/templates/', index + 1);
  }
  return false;
}
