import { LineIndex } from '../lines';
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import { chartPath, chartUri } from './charts';
import type { TemplateSymbol } from './contract';
import { chartSymbols, templateSymbols } from './index';
import { valuesKeyOffsets, valuesKeysUnder } from './valuesKeys';

/**
 * Go to Definition and completion in the template language of a chart's files: from
 * `include "db.fullname"` to its `define`, from `.Values.a.b` to the key in values.yaml;
 * `.Values.` keys and template names offered while typing. The symbols come from the
 * renderer's scanner (chartSymbols), which reads files that do not parse too.
 */

export interface TemplateTarget {
  uri: string;
  range: Range;
}

interface ChartFile {
  root: string;
  /** Chart-relative path of the file. */
  path: string;
  text: string;
}

function chartFileAt(workspace: Workspace, uri: string): ChartFile | undefined {
  const root = workspace.charts?.chartOf(uri);
  const text = workspace.chartFileContent(uri);
  if (!root || typeof text !== 'string') return undefined;
  return { root, path: chartPath(root, uri), text };
}

/** The folder of the (sub)chart a chart-relative path belongs to: '' or 'charts/redis/'. */
function ownChartPrefix(path: string): string {
  const m = /^((?:charts\/[^/]+\/)*)/.exec(path);
  return m ? m[1] : '';
}

function rangeIn(text: string, start: number, end: number): Range {
  const lines = new LineIndex(text);
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

/** Definitions of the `include`/`template` name or the `.Values` path under the cursor in a chart file. */
export function templateDefinitionAt(workspace: Workspace, uri: string, position: Position): TemplateTarget[] {
  const file = chartFileAt(workspace, uri);
  if (!file) return [];
  const offset = new LineIndex(file.text).offsetAt(position);
  const symbol = templateSymbols(file.path, file.text).find((s) => s.start <= offset && offset <= s.end);
  if (!symbol) return [];
  if (symbol.kind === 'include') return defineTargets(workspace, file.root, symbol.name);
  if (symbol.kind === 'values') return valuesTargets(workspace, file.root, ownChartPrefix(file.path), symbol.name.split('.'));
  return [];
}

function defineTargets(workspace: Workspace, root: string, name: string): TemplateTarget[] {
  const files = workspace.charts?.filesOf(root);
  if (!files) return [];
  const out: TemplateTarget[] = [];
  for (const symbol of chartSymbols(files)) {
    if (symbol.kind !== 'define' || symbol.name !== name) continue;
    const text = files.get(symbol.file);
    if (typeof text === 'string') out.push({ uri: chartUri(root, symbol.file), range: rangeIn(text, symbol.start, symbol.end) });
  }
  return out;
}

/** The key in the chart's values.yaml, then in the values files of the settings (those that write it). */
function valuesTargets(workspace: Workspace, root: string, prefix: string, keys: string[]): TemplateTarget[] {
  const names = [`${prefix}values.yaml`, ...(prefix === '' ? workspace.settings.helm.valuesFiles : [])];
  const out: TemplateTarget[] = [];
  for (const name of names) {
    const uri = chartUri(root, name);
    const text = workspace.chartFileContent(uri);
    if (typeof text !== 'string') continue;
    const at = valuesKeyOffsets(text, keys);
    if (at) out.push({ uri, range: rangeIn(text, at.start, at.end) });
  }
  return out;
}

export interface TemplateCompletion {
  label: string;
  kind: 'values-key' | 'template-name';
  detail?: string;
  /** The text typed so far that the completion replaces. */
  range: Range;
}

/** Completions inside a `{{ … }}` of a chart file: `.Values.` keys, and template names after `include "` or `template "`. */
export function templateCompletionsAt(workspace: Workspace, uri: string, text: string, position: Position): TemplateCompletion[] {
  const root = workspace.charts?.chartOf(uri);
  if (!root) return [];
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(position);
  const before = text.slice(Math.max(0, offset - 500), offset);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return [];
  const action = before.slice(open);
  const values = /(?:^|[^\w$.)])\$?\.Values((?:\.\w+)*)\.(\w*)$/.exec(action);
  if (values) {
    const path = values[1].split('.').filter(Boolean);
    const typed = values[2];
    const range = { start: lines.positionAt(offset - typed.length), end: position };
    const prefix = ownChartPrefix(chartPath(root, uri));
    const valuesText = workspace.chartFileContent(chartUri(root, `${prefix}values.yaml`));
    if (typeof valuesText !== 'string') return [];
    return valuesKeysUnder(valuesText, path).map((k) => ({ label: k.key, kind: 'values-key', detail: describeValue(k.shape, k.value), range }));
  }
  const name = /\b(?:include|template)\s+"([^"\\]*)$/.exec(action);
  if (name) {
    const files = workspace.charts?.filesOf(root);
    if (!files) return [];
    const typed = name[1];
    const range = { start: lines.positionAt(offset - typed.length), end: position };
    const defined = new Map<string, TemplateSymbol>();
    for (const s of chartSymbols(files)) if (s.kind === 'define' && !defined.has(s.name)) defined.set(s.name, s);
    return [...defined.values()].map((s) => ({ label: s.name, kind: 'template-name', detail: `defined in ${s.file}`, range }));
  }
  return [];
}

function describeValue(shape: 'map' | 'list' | 'scalar', value: unknown): string {
  if (shape !== 'scalar') return `values.yaml: a ${shape}`;
  const shown = JSON.stringify(value) ?? 'null';
  return `values.yaml: ${shown.length > 60 ? `${shown.slice(0, 59)}…` : shown}`;
}
