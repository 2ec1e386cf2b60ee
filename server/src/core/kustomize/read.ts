import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { parserText } from '../parserText';
import { basenameUri, dirnameUri, joinUri } from '../uris';
import { parseDocumentSteps } from '../yamlSteps';
import type { Kustomization, KustomizePatch, PatchTarget, ReplicasEntry } from './kustomization';
import { runToEnd, StepCounter, type Steps } from './steps';

/** A remote base: a URL, `github.com/org/repo//path`, `git@…`, or anything with `?ref=`. */
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|(?:github|gitlab)\.com\/|bitbucket\.org\/)|\?ref=/i;

/** Field names whose lists name resources in kustomize (`bases` is the pre-v2.1 spelling of folder resources). */
const RESOURCE_FIELDS = ['resources', 'bases', 'components'];

/**
 * Entries (`resources:`, `bases:`, `components:`, patches of every kind, `replicas:`,
 * `transformers:`, `replacements:`) a kustomization may have before what it does is no
 * longer read (docs/limits.md, "Largest kustomization followed"). Real kustomizations
 * have tens or hundreds; the limit keeps patch files parsed and builds told apart
 * bounded whatever one file says.
 */
export const MAX_KUSTOMIZATION_ENTRIES = 50_000;

/** The fields whose entries count against {@link MAX_KUSTOMIZATION_ENTRIES}. */
const COUNTED_FIELDS = [...RESOURCE_FIELDS, 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'replicas', 'transformers', 'replacements'];

/** Parsed as manifests are (parse.ts), errors aside: a kustomization with duplicate keys or a YAML error is still read as far as it goes. */
const PARSE_OPTIONS = { strict: false, uniqueKeys: false } as const;

/**
 * Reads a kustomization file. Returns undefined when the text is not a mapping
 * (broken YAML, an empty file); unreadable entries (templates, non-strings) are skipped.
 * The text is read as manifests are (lone-CR line breaks, byte order marks: see parserText.ts).
 * Past `maxEntries` entries, only the files it lists are read (see {@link Kustomization.overLimit}).
 */
export function readKustomization(uri: string, text: string, maxEntries = MAX_KUSTOMIZATION_ENTRIES): Kustomization | undefined {
  return runToEnd(readKustomizationSteps(uri, text, maxEntries));
}

/** A `yaml` Document of the whole text, already parsed with the same options (a manifest's: parse.ts WholeDocument), or undefined. */
type ParsedText = Pick<Document.Parsed, 'contents'> | undefined;

/**
 * {@link readKustomization} in steps: the parse yields every few hundred tokens
 * (../yamlSteps.ts) and the reading of its lists every `UNITS_PER_STEP` entries (./steps.ts:
 * a `StepCounter` passed down), so a kustomization of 100,000 entries (1.9 MB), which
 * took about 4 s of CPU in one piece, never holds a caller with an event loop for more
 * than a step (issue 16). The result is the same, stepped or not.
 */
export function* readKustomizationSteps(uri: string, text: string, maxEntries = MAX_KUSTOMIZATION_ENTRIES, parsed?: ParsedText): Steps<Kustomization | undefined> {
  let root: unknown = parsed?.contents;
  if (!parsed) {
    try {
      const source = parserText(text);
      yield;
      root = (yield* parseDocumentSteps(source, PARSE_OPTIONS)).contents;
    } catch {
      return undefined;
    }
  }
  if (!isMap(root)) return undefined;
  const counter = new StepCounter();
  const dir = dirnameUri(uri);
  const namespace = stringValue(root.get('namespace', true));
  const prefix = stringValue(root.get('namePrefix', true)) ?? '';
  const suffix = stringValue(root.get('nameSuffix', true)) ?? '';
  const entries: string[] = [];
  const components: string[] = [];
  for (const field of RESOURCE_FIELDS) {
    const list = root.get(field, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (counter.tick()) yield;
      const entry = stringValue(item as Node);
      if (!entry || REMOTE.test(entry)) continue;
      entries.push(joinUri(dir, entry));
      if (field === 'components') components.push(joinUri(dir, entry));
    }
  }
  const transformerFiles = yield* listedFileSteps(root.get('transformers', true), dir, counter);
  const counted = entryCount(root);
  const overLimit = counted > maxEntries;
  const edits = yield* patchEdits(root, dir, counter);
  const patchFiles = edits.flatMap((p) => (p.file ? [p.file] : []));
  const affixes = prefix || suffix ? [{ prefix, suffix }] : [];
  const patches = [...patchFiles, ...transformerFiles];
  // Past the limit the patch files are still named (they are partial objects, never
  // resources), but not read: one patch of unknown content stands for all of them.
  if (overLimit) {
    return { dir, namespace: namespace || undefined, entries, patches, transformerFiles, patchEdits: [{}], components, replicas: [], podLabels: true, affixes, overLimit: counted };
  }
  return {
    dir, namespace: namespace || undefined, entries, patches, transformerFiles,
    patchEdits: edits, components, replicas: yield* replicasEntries(root, counter), podLabels: rewritesPodLabels(root), affixes,
  };
}

function entryCount(root: YAMLMap): number {
  let count = 0;
  for (const field of COUNTED_FIELDS) {
    const list = root.get(field, true);
    if (isSeq(list)) count += list.items.length;
  }
  return count;
}

/** What the Output channel (and the CLI) says about a kustomization past {@link MAX_KUSTOMIZATION_ENTRIES}. */
export function kustomizationLimitMessage(uri: string, entries: number, maxEntries = MAX_KUSTOMIZATION_ENTRIES): string {
  const name = `${basenameUri(dirnameUri(uri))}/${basenameUri(uri)}`;
  return `${name} has ${entries} entries, past the limit of ${maxEntries}. `
    + 'Its patches and replica counts are not read, and the objects it builds get no findings (docs/limits.md).';
}

/**
 * Whether the kustomization changes the labels of pod templates or selectors, which the
 * rules compare. `commonLabels:` adds its labels to metadata.labels, to selectors
 * (Service spec.selector, workload spec.selector.matchLabels) and to pod template labels,
 * overriding a label of the same key
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/commonlabels/:
 * "Add labels and selectors to all resources. If the label key already is present on
 * the resource, the value will be overridden."). A `labels:` entry only touches
 * metadata.labels unless `includeSelectors: true` (metadata, selectors and templates, as
 * commonLabels: api/types/labels.go `labelFromCommonLabels` sets it) or
 * `includeTemplates: true` ("will also apply labels to metadata/labels and
 * spec/template/metadata/labels";
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/labels/); its
 * `fields:` may name any other place. Whatever cannot be read here counts as a change,
 * and so does any `transformers:` entry (a LabelTransformer configuration, a plugin).
 */
function rewritesPodLabels(root: YAMLMap): boolean {
  for (const field of ['commonLabels', 'transformers']) {
    const node = root.get(field, true);
    if (node !== undefined && !isEmpty(node)) return true;
  }
  const labels = root.get('labels', true);
  if (labels === undefined || isEmpty(labels)) return false;
  if (!isSeq(labels)) return true;
  return labels.items.some((item) => {
    if (!isMap(item)) return true;
    const pairs = item.get('pairs', true);
    if (pairs !== undefined && isEmpty(pairs)) return false;
    const set = (field: string) => {
      const node = item.get(field, true);
      return node !== undefined && !(isScalar(node) && (node.value === false || node.value === null));
    };
    return set('includeSelectors') || set('includeTemplates') || set('fields');
  });
}

/** `key:`, `key: null`, `key: {}` or `key: []`: nothing to apply. */
function isEmpty(node: unknown): boolean {
  return (isScalar(node) && node.value === null) || ((isMap(node) || isSeq(node)) && node.items.length === 0);
}

/**
 * `replicas:` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replicas/).
 * `count` is an int64 in kustomize (api/types/replica.go): any other count (a template,
 * a string) is kept as unknown, not dropped, since the entry still replaces the count.
 * An entry without a readable name cannot be matched to a workload and is skipped.
 */
function* replicasEntries(root: YAMLMap, counter: StepCounter): Steps<ReplicasEntry[]> {
  const list = root.get('replicas', true);
  if (!isSeq(list)) return [];
  const out: ReplicasEntry[] = [];
  for (const item of list.items) {
    if (counter.tick()) yield;
    if (!isMap(item)) continue;
    const name = stringValue(item.get('name', true));
    const count = item.get('count', true);
    if (!name) continue;
    const readable = isScalar(count) && typeof count.value === 'number' && Number.isInteger(count.value) && count.value >= 0;
    out.push({ name, count: readable ? (count.value as number) : undefined });
  }
  return out;
}

/** Inline patches are YAML text in a string: a path has no line break and no ': '. */
function patchPath(path: string | undefined): string | undefined {
  return path && !/\n|: /.test(path) && !REMOTE.test(path) ? path : undefined;
}

/** The file paths of a list of paths and inline texts (`patchesStrategicMerge:`, `transformers:`, `paths:`). */
export function listedFiles(list: unknown, dir: string): string[] {
  return runToEnd(listedFileSteps(list, dir, new StepCounter()));
}

function* listedFileSteps(list: unknown, dir: string, counter: StepCounter): Steps<string[]> {
  if (!isSeq(list)) return [];
  const out: string[] = [];
  for (const item of list.items) {
    if (counter.tick()) yield;
    const file = patchPath(stringValue(item));
    if (file) out.push(joinUri(dir, file));
  }
  return out;
}

/**
 * The patches of a kustomization (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/,
 * …/patchesstrategicmerge/, …/patchesjson6902/): each with its file or inline text and
 * its target. Whatever cannot be read here is a patch of unknown content on every object.
 *
 * `transformers:` (a ReplicaCountTransformer, a PatchTransformer, a plugin…) and
 * `replacements:` (values copied from one object's field into others') may write any
 * field of any object of the build, and reading them here would mean following every
 * builtin's configuration: when either is not empty, the build counts as patching every
 * object in unknown ways (coarse: rules about those objects stay silent).
 */
function* patchEdits(root: YAMLMap, dir: string, counter: StepCounter): Steps<KustomizePatch[]> {
  const out: KustomizePatch[] = [];
  for (const field of ['transformers', 'replacements']) {
    const node = root.get(field, true);
    if (node !== undefined && !isEmpty(node)) out.push({});
  }
  const strategic = root.get('patchesStrategicMerge', true);
  if (strategic !== undefined && !isEmpty(strategic) && !isSeq(strategic)) out.push({});
  if (isSeq(strategic)) {
    for (const item of strategic.items) {
      if (counter.tick()) yield;
      out.push(strategicSource(stringValue(item), dir));
    }
  }
  for (const field of ['patches', 'patchesJson6902']) {
    const list = root.get(field, true);
    if (list !== undefined && !isEmpty(list) && !isSeq(list)) out.push({});
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (counter.tick()) yield;
      if (!isMap(item)) {
        out.push({});
        continue;
      }
      const file = patchPath(stringValue(item.get('path', true)));
      const text = stringValue(item.get('patch', true));
      const source: KustomizePatch = file ? { file: joinUri(dir, file) } : text !== undefined ? { text } : {};
      const target = item.get('target', true);
      out.push(target === undefined ? source : { ...source, target: patchTarget(target) });
    }
  }
  return out;
}

/** A `patchesStrategicMerge:` entry: a patch file (a path) or an inline patch (YAML text); `{}` when it is neither. */
function strategicSource(value: string | undefined, dir: string): KustomizePatch {
  if (value === undefined) return {};
  const file = patchPath(value);
  return file ? { file: joinUri(dir, file) } : { text: value };
}

/** A `target:` selector; `{}` (every resource) when it is not a mapping. */
function patchTarget(node: unknown): PatchTarget {
  if (!isMap(node)) return {};
  const field = (name: string) => {
    const value = node.get(name, true);
    // Absent: any. Present but unreadable (a template, a number): any, to be safe.
    return value === undefined ? undefined : stringValue(value) || undefined;
  };
  return { kind: field('kind'), name: field('name') };
}

export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' && !node.value.includes('{{') ? node.value.trim() : undefined;
}
