import type { Workspace } from '../workspace';
import { UNKNOWN_OPEN } from './contract';

/**
 * The rendered output of a chart template, as the "Show Rendered Manifest" command shows
 * it: what the analysis reads, with helm template's `# Source:` header, and a first comment
 * saying what is not known or why the render stopped.
 */
export function renderedManifest(workspace: Workspace, uri: string): { text: string } | { unavailable: string } {
  // An edit of a helper just before the request must be in the output (the rendered view updates while typing).
  workspace.settle();
  const file = workspace.effective(uri);
  const info = file?.helm;
  if (!info) {
    const root = workspace.charts?.chartOf(uri);
    if (!root) return { unavailable: 'This file is not a template of a Helm chart (a folder with Chart.yaml).' };
    const problem = workspace.charts?.problemsIn(`${root}/Chart.yaml`)[0];
    return { unavailable: problem ? `The chart could not be rendered: ${problem.message}` : 'This file renders to no manifest (helpers, NOTES.txt and files starting with _ are not rendered).' };
  }
  const { template } = info;
  const render = workspace.charts?.renderOf(info.chartRoot);
  const notes: string[] = [];
  if (template.problem) notes.push(`# Rendered up to where it stopped: ${template.problem.message}`);
  if (template.text.includes(UNKNOWN_OPEN)) notes.push(`# ${UNKNOWN_OPEN}…⟧ marks a value that cannot be known without a cluster or a missing chart: rules stay silent on it.`);
  if (template.uncertain.length > 0) notes.push('# Parts of this output depend on such a value: the documents there are not checked.');
  const { helm } = workspace.settings;
  const header = `# Release '${helm.releaseName}' in namespace '${helm.namespace ?? workspace.settings.defaultNamespace}'`;
  return { text: [header, ...notes, '---', `# Source: ${render?.chartName ?? 'chart'}/${template.path}`, template.text].join('\n') };
}
