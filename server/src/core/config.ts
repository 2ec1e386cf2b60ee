import { isMap, isPair, isScalar, parseDocument, type Node } from 'yaml';
import { LineIndex } from './lines';
import { closestId, formatVersion, readSettings } from './settings';
import { readWorkspaceSettings } from './workspaceSettings';

/**
 * `.stateful-manifests.yaml` at the root of a repository or workspace: the settings a
 * team shares, read by the CLI and the language server alike. Its keys are those of
 * the `statefulManifests.*` editor settings (schemas/stateful-manifests.schema.json):
 *
 *     rules: { service-name-missing: off }
 *     exclude: ["vendor/**"]
 *     clusterDomain: cluster.local
 *     defaultNamespace: default
 *     kubernetesVersion: "1.33"
 *     helm: { releaseName: db, namespace: prod, valuesFiles: [values-prod.yaml], set: [image.tag=1.2] }
 *
 * This module only reads the text into a plain settings object and says what is wrong,
 * with the line; the values themselves are validated by readSettings and
 * readWorkspaceSettings like the editor's, and each bad one falls back to its default.
 */
export const CONFIG_FILE_NAME = '.stateful-manifests.yaml';

export const CONFIG_KEYS = [
  'rules', 'exclude', 'clusterDomain', 'defaultNamespace', 'kubernetesVersion', 'helm', 'reportSyntaxErrors', 'maxFileSizeKB',
] as const;

export interface ConfigResult {
  /** The settings object, in the shape of the `statefulManifests` editor settings. */
  raw: Record<string, unknown>;
  /** `line: message` for each problem (1-based line), in the order of the file. */
  problems: string[];
}

/** Reads the config file's text. Never throws: what cannot be read is a problem, and left out. */
export function readConfigText(text: string): ConfigResult {
  const lines = new LineIndex(text);
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.positionAt(node.range[0]).line + 1 : 1);
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const problems: string[] = [];
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    problems.push(`line ${lines.positionAt(error.pos[0]).line + 1}: ${error.message.split('\n')[0]}; the file is ignored.`);
    return { raw: {}, problems };
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return { raw: {}, problems };
  if (!isMap(doc.contents)) {
    problems.push(`line ${lineOf(doc.contents)}: the file must be a map of settings (rules:, exclude:, …); the file is ignored.`);
    return { raw: {}, problems };
  }
  let js: Record<string, unknown>;
  try {
    js = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    problems.push(`line 1: the file cannot be read (${(error as Error).message}); the file is ignored.`);
    return { raw: {}, problems };
  }
  const raw: Record<string, unknown> = {};
  for (const pair of doc.contents.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined || !(CONFIG_KEYS as readonly string[]).includes(key)) {
      const close = key === undefined ? undefined : closestId(key, CONFIG_KEYS);
      problems.push(`line ${lineOf(keyNode)}: unknown setting ${JSON.stringify(key ?? '?')}${close ? ` (did you mean "${close}"?)` : ''}; it is ignored. Settings: ${CONFIG_KEYS.join(', ')}.`);
      continue;
    }
    raw[key] = js[key];
  }
  return { raw, problems };
}

/**
 * The line of the setting a settings problem names (`statefulManifests.rules["x"]`,
 * `statefulManifests.helm.set`…), found in the config text, for messages like
 * `.stateful-manifests.yaml:3: …`. 1 when it cannot be found.
 */
export function lineOfSetting(text: string, problem: string): number {
  const m = /^statefulManifests\.([A-Za-z]+)(?:\["([^"]+)"\]|\.([A-Za-z]+))?/.exec(problem);
  if (!m) return 1;
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const unknownRule = /^statefulManifests\.rules: there is no rule "([^"]*)"/.exec(problem)?.[1];
  const path = [m[1], ...(m[2] ? [m[2]] : m[3] ? [m[3]] : unknownRule !== undefined ? [unknownRule] : [])];
  const lines = new LineIndex(text);
  for (let n = path.length; n > 0; n--) {
    const node = findKey(doc.contents, path.slice(0, n));
    if (node?.range) return lines.positionAt(node.range[0]).line + 1;
  }
  return 1;
}

function findKey(node: unknown, path: string[]): Node | undefined {
  let current: unknown = node;
  let key: Node | undefined;
  for (const step of path) {
    if (!isMap(current)) return undefined;
    const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
    if (!pair) return undefined;
    key = pair.key as Node;
    current = pair.value;
  }
  return key;
}

/**
 * The editor's defaults (package.json). VS Code sends every setting with its default
 * filled in, so an editor value equal to its default cannot be told from "not set"; it
 * is taken as not set, and the shared config file's value stays.
 */
export const EDITOR_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  defaultNamespace: 'default', clusterDomain: 'cluster.local', reportSyntaxErrors: false, maxFileSizeKB: 2048,
});

/**
 * The config file's settings with one person's (the editor's, or the CLI's options)
 * laid over them: a setting given in `over` wins, except that `rules` and `helm` are
 * merged key by key and `exclude` globs are added to the file's. Values of `over` equal
 * to `unsetValues` count as not given (see {@link EDITOR_DEFAULTS}).
 */
export function layerSettings(base: Record<string, unknown>, over: unknown, unsetValues: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  if (!isPlainObject(over)) return result;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined || value === null) continue;
    if (key in unsetValues && unsetValues[key] === value && key in base) continue;
    if ((key === 'rules' || key === 'helm') && isPlainObject(value) && isPlainObject(base[key])) {
      result[key] = { ...(base[key] as object), ...value };
    } else if (key === 'exclude' && Array.isArray(value) && Array.isArray(base.exclude)) {
      result.exclude = [...base.exclude, ...value];
    } else {
      result[key] = value;
    }
  }
  return result;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The config file read and validated: only its valid settings (a bad value is left
 * out, so its default applies), and each problem as `line N: message` naming the
 * setting as the file writes it.
 */
export function readConfig(text: string, knownRuleIds: readonly string[]): ConfigResult {
  const { raw, problems } = readConfigText(text);
  const { settings, problems: settingProblems } = readSettings(raw, knownRuleIds);
  const { settings: index, problems: indexProblems } = readWorkspaceSettings(raw);
  for (const problem of [...settingProblems, ...indexProblems]) {
    problems.push(`line ${lineOfSetting(text, problem)}: ${problem.replace(/^statefulManifests\./, '').replace(/^statefulManifests settings/, 'the settings')}`);
  }
  problems.sort((a, b) => Number(/^line (\d+)/.exec(a)?.[1]) - Number(/^line (\d+)/.exec(b)?.[1]));
  const valid: Record<string, unknown> = {};
  // As the settings reader takes them again (layerSettings, then readSettings): the version as text.
  const read: Record<string, unknown> = { ...settings, kubernetesVersion: formatVersion(settings.kubernetesVersion), exclude: index.exclude, maxFileSizeKB: index.maxFileSizeKB };
  for (const key of Object.keys(raw)) if (read[key] !== undefined) valid[key] = read[key];
  return { raw: valid, problems };
}
