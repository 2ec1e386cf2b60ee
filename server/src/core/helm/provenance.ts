import { LineIndex } from '../lines';
import { helmKubeVersion } from '../settings';
import type { Range } from '../types';
import type { Workspace } from '../workspace';
import { chartUri } from './charts';
import type { TemplateSpan } from './contract';
import { valuesKeyOffsets } from './valuesKeys';

/**
 * Where the values of a rendered template came from, for hovers: which actions printed the
 * hovered text, what they printed, and for each input they read, its value and its source
 * (a values.yaml key, a -f file, a --set entry, a setting). Says nothing it does not know:
 * a value whose source cannot be told is given without one.
 */
export function provenanceLines(workspace: Workspace, uri: string, ranges: readonly Range[]): string[] {
  const file = workspace.effective(uri);
  const info = file?.helm;
  if (!file || !info) return [];
  const lines = new LineIndex(file.text);
  const wanted = ranges.map((r) => ({ start: lines.offsetAt(r.start), end: lines.offsetAt(r.end) }));
  const actions = new Map<number, TemplateSpan>();
  for (const { span } of info.template.map.spans()) {
    if (span.kind !== 'action' || span.file !== info.template.path) continue;
    if (wanted.some((w) => span.start >= w.start && span.end <= w.end)) actions.set(span.start, span);
  }
  const { settings } = workspace;
  const namespace = settings.helm.namespace ?? settings.defaultNamespace;
  const out = [`**Rendered** for release \`${settings.helm.releaseName}\` in namespace \`${namespace}\`${actions.size > 0 ? ':' : '.'}`];
  for (const span of [...actions.values()].sort((a, b) => a.start - b.start)) {
    const source = oneLine(file.text.slice(span.start, span.end));
    out.push(`- \`${source}\` → ${span.output === undefined ? 'its output' : `\`${oneLine(span.output)}\``}`);
    for (const read of span.reads ?? []) out.push(`  - ${describeRead(workspace, info.chartRoot, info.template.path, read)}`);
  }
  return out;
}

function describeRead(workspace: Workspace, root: string, templatePath: string, read: string): string {
  const { settings } = workspace;
  const path = read.replace(/^\$/, '');
  if (path === '.Release.Name') {
    return `\`.Release.Name\` = \`${settings.helm.releaseName}\`, from the setting statefulManifests.helm.releaseName${settings.helm.releaseName === 'release-name' ? ' (helm template\'s default)' : ''}`;
  }
  if (path === '.Release.Namespace') {
    const own = settings.helm.namespace;
    return `\`.Release.Namespace\` = \`${own ?? settings.defaultNamespace}\`, from the setting ${own ? 'statefulManifests.helm.namespace' : 'statefulManifests.defaultNamespace'}`;
  }
  if (path.startsWith('.Capabilities.')) return `\`${path}\`, from the setting statefulManifests.kubernetesVersion (\`${helmKubeVersion(settings.kubernetesVersion)}\`)`;
  if (path.startsWith('.Chart.')) return `\`${path}\`, from Chart.yaml`;
  if (!path.startsWith('.Values.')) return `\`${path}\``;
  const keys = path.slice('.Values.'.length).split('.');
  const render = workspace.charts?.renderOf(root);
  const value = render ? valueAt(render.values, keys) : undefined;
  // An empty string would make an empty code span: shown quoted.
  const shown = value === undefined ? 'not set' : value === '' ? '`""`' : `\`${oneLine(typeof value === 'string' ? value : JSON.stringify(value))}\``;
  // The sources of a subchart's values are scoped and merged with its parent's: not told.
  const from = templatePath.startsWith('charts/') ? undefined : valuesSource(workspace, root, keys);
  return `\`${path}\` = ${shown}${from ? `, from ${from}` : ''}`;
}

/** The last place that sets a values path, in helm's order: --set, then -f files (last first), then values.yaml. */
function valuesSource(workspace: Workspace, root: string, keys: string[]): string | undefined {
  const { settings } = workspace;
  const dotted = keys.join('.');
  for (const entry of [...settings.helm.set].reverse()) {
    const key = entry.slice(0, entry.indexOf('='));
    if (key === dotted || dotted.startsWith(`${key}.`) || key.startsWith(`${dotted}.`)) return `the setting statefulManifests.helm.set (\`${entry}\`)`;
  }
  for (const name of [...settings.helm.valuesFiles.map((f) => ({ name: f, setting: true })).reverse(), { name: 'values.yaml', setting: false }]) {
    const text = workspace.chartFileContent(chartUri(root, name.name));
    if (typeof text !== 'string') continue;
    const at = valuesKeyOffsets(text, keys);
    if (at) return `${name.name} line ${new LineIndex(text).positionAt(at.start).line + 1}${name.setting ? ' (statefulManifests.helm.valuesFiles)' : ''}`;
  }
  return undefined;
}

function valueAt(values: unknown, keys: readonly string[]): unknown {
  let node = values;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A short one-line form of a text for a hover (no backticks: they would end the code span). */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/`/g, "'").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
