import { isBuiltInApiVersion } from './apiGroups';
import { isKustomizationFile } from './kustomize';
import { splitDocuments } from './split';
import { basenameUri } from './uris';

/**
 * What a file on disk holds for the workspace index, read line by line without the YAML
 * parser: the `apiVersion`, `kind`, `metadata.name` and `metadata.namespace` of each
 * document, and a StatefulSet's `spec.serviceName`. The index of a 20,000-file workspace
 * needs these fields of each object to answer lookups (index keys, see workspace/keys.ts
 * and dependencies.ts); the full model of a file is built
 * when something reads it (a lookup that returns one of its objects, an analysis, a
 * hover). Profiled on 5,000 generated files: the YAML parser was 45 % of indexing,
 * extracting the model 22 %, reading the files 8 %.
 *
 * The scan answers only when it is sure to agree with the parser (the core's `parseFile`)
 * on those fields: documents that are block mappings at column 0 whose top-level keys and
 * `metadata` keys are all plain words, with plain or simply quoted values. Anything else
 * (flow style, anchors and aliases, tags, merge keys, template syntax, directives, tabs,
 * CR line ends, a byte order mark, a `List`, a multi-line value of a field it reads)
 * answers undefined, and the file is parsed as before; a `spec` whose own keys the scan
 * cannot read so leaves only the serviceName unsure. Where the scan may claim more than
 * the parser (it says a workload has a pod template without reading it), the claim only
 * adds an index key: the lookup that finds it builds the model, which has the exact keys.
 */
export interface ScannedObject {
  documentIndex: number;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** False only when the object can have no pod template (a built-in kind without one); else maybe. */
  mayHavePods: boolean;
  /**
   * A StatefulSet's `spec.serviceName` as the parser reads it; null when it surely has
   * none; undefined when the scan is not sure, and for other kinds. A lookup of the
   * StatefulSets serving one Service then parses only the files that may hold one.
   */
  serviceName?: string | null;
}

/** Top-level and `metadata` keys the scan accepts: what the parser reads as that same plain string. */
const SIMPLE_KEY = /^([A-Za-z0-9_][A-Za-z0-9_.\/-]*):(?: |$)/;
/** Values of the fields the scan reads: a plain scalar whose text is the value (null forms excluded below), or a quoted one without escapes. */
const PLAIN_VALUE = /^([A-Za-z0-9][A-Za-z0-9._\/-]*)(?: +#.*)?$/;
const SINGLE_QUOTED = /^'([A-Za-z0-9._\/-]+)'(?: +#.*)?$/;
const DOUBLE_QUOTED = /^"([A-Za-z0-9._\/-]+)"(?: +#.*)?$/;
/** YAML 1.2 core schema null forms: a field written so is absent (core/extract/read.ts `get`). */
const NULL_FORMS = new Set(['null', 'Null', 'NULL']);
/** A block sequence entry (`- x`, or `-` alone). */
const SEQUENCE_ITEM = /^-(?: |$)/;
/** A line that is blank or only a comment. */
const NOTHING = /^ *(?:#.*)?$/;
/** Characters that make a file too unusual to scan: template syntax, tabs, CR, BOM, directives and ends of documents. */
const UNSCANNABLE = /\{\{|\t|\r|\uFEFF|^%|^\.\.\./m;

/**
 * Built-in kinds that never get a pod template in the model (core/extract/index.ts reads
 * one only for workloads, Jobs, CronJobs, Pods and objects of API groups it does not know).
 */
const KINDS_WITHOUT_PODS = new Set([
  'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'Namespace',
  'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Role', 'RoleBinding',
  'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'Endpoints', 'EndpointSlice', 'LimitRange', 'ResourceQuota', 'PriorityClass',
]);

/**
 * Whether the file may be kept as scanned until read: not a kustomization (its content
 * drives kustomize effects) and not a Helm chart file (charts render from the full model).
 */
export function isScannable(uri: string): boolean {
  if (isKustomizationFile(uri) || uri.includes('/templates/') || uri.includes('/charts/')) return false;
  return !/^(?:Chart|values[^/]*|requirements)\.ya?ml$/i.test(basenameUri(uri));
}

/** The objects of `text` for the index, or undefined when the scan is not sure (then parse the file). */
export function scanForIndex(text: string): ScannedObject[] | undefined {
  if (UNSCANNABLE.test(text)) return undefined;
  const objects: ScannedObject[] = [];
  const chunks = splitDocuments(text);
  for (let i = 0; i < chunks.length; i++) {
    const fields = scanDocument(chunks[i].text);
    if (fields === undefined) return undefined;
    const { apiVersion, kind, name, namespace } = fields;
    // A List's items are objects even when the List has no apiVersion (extractObject reads them): parse.
    if (kind !== undefined && /List$/.test(kind)) return undefined;
    if (apiVersion === undefined || kind === undefined) continue; // not a Kubernetes object: extractObject makes none
    const mayHavePods = !(KINDS_WITHOUT_PODS.has(kind) && isBuiltInApiVersion(apiVersion));
    const serviceName = kind === 'StatefulSet' ? fields.serviceName : undefined;
    objects.push({ documentIndex: i, apiVersion, kind, name, namespace, mayHavePods, serviceName });
  }
  return objects;
}

interface ScannedFields {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** `spec.serviceName`: null when the document surely has none, undefined when the scan is not sure. */
  serviceName?: string | null;
}

/** The block map under a top-level key the scan reads into: where its keys are, which were seen. */
interface Section {
  key: 'metadata' | 'spec';
  /** The indentation of its keys, from its first line (-1 before it). */
  indent: number;
  keys: Set<string>;
}

/** The fields of one document (a chunk of splitDocuments), or undefined when not sure. */
function scanDocument(chunk: string): ScannedFields | undefined {
  const lines = chunk.split('\n');
  let first = 0;
  if (lines[0].startsWith('---')) {
    if (!NOTHING.test(lines[0].slice(3))) return undefined; // content after the marker
    first = 1;
  }
  const fields: ScannedFields = {};
  const seen = new Set<string>();
  /** Whether `spec` is surely a block map the scan read whole: else its serviceName is not sure. */
  let specRead = true;
  let section: Section | undefined;
  /** The last key's value was empty: a block sequence may follow at the key's own indentation. */
  let sequenceMayFollow = false;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    if (NOTHING.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (sequenceMayFollow && SEQUENCE_ITEM.test(line.slice(indent)) && indent === (section && section.indent >= 0 ? section.indent : 0)) {
      if (section?.indent === -1) {
        specRead = false; // `spec:` holding a sequence
        section = undefined;
      }
      continue;
    }
    if (indent === 0) {
      const key = SIMPLE_KEY.exec(line)?.[1];
      if (key === undefined || key === '<<' || seen.has(key)) return undefined;
      seen.add(key);
      const rest = line.slice(key.length + 1).trim();
      section = undefined;
      sequenceMayFollow = key !== 'metadata' && NOTHING.test(rest);
      if (key === 'metadata' || key === 'spec') {
        if (NOTHING.test(rest)) section = { key, indent: -1, keys: new Set() };
        else if (key === 'metadata') return undefined; // flow map, anchor or tag: parse
        else if (!closedOnItsLine(rest)) return undefined;
        else specRead = false; // flow map, anchor, alias or tag: its serviceName is not sure
      } else if (key === 'apiVersion' || key === 'kind') {
        const value = fieldValue(rest, lines, i);
        if (value === undefined) return undefined;
        fields[key] = value;
      } else if (!closedOnItsLine(rest)) return undefined;
      continue;
    }
    if (seen.size === 0) return undefined; // a document indented as a whole
    if (!section) continue; // inside another top-level field
    if (section.indent < 0) section.indent = indent;
    if (indent > section.indent) continue; // inside labels, annotations, the pod template…
    const key = indent === section.indent ? SIMPLE_KEY.exec(line.slice(indent))?.[1] : undefined;
    if (key === undefined || key === '<<' || section.keys.has(key)) {
      if (section.key === 'metadata') return undefined;
      specRead = false;
      section = undefined; // the rest of spec is skipped, as another top-level field's
      continue;
    }
    section.keys.add(key);
    const rest = line.slice(indent + key.length + 1).trim();
    sequenceMayFollow = NOTHING.test(rest);
    const read = section.key === 'metadata' ? key === 'name' || key === 'namespace' : key === 'serviceName';
    if (read) {
      const value = fieldValue(rest, lines, i, indent);
      if (value !== undefined) fields[key as 'name' | 'namespace' | 'serviceName'] = value;
      else if (section.key === 'metadata') return undefined;
      else specRead = false;
    } else if (!closedOnItsLine(rest)) return undefined;
  }
  if (!specRead) delete fields.serviceName;
  else fields.serviceName ??= null;
  return fields;
}

/**
 * The value of a field the scan reads, when written on its line in a form whose text is
 * certain and the next content line does not continue it (a plain scalar may go on over
 * more indented lines). Undefined when not sure.
 */
function fieldValue(rest: string, lines: readonly string[], at: number, indent = 0): string | undefined {
  const value = PLAIN_VALUE.exec(rest)?.[1] ?? SINGLE_QUOTED.exec(rest)?.[1] ?? DOUBLE_QUOTED.exec(rest)?.[1];
  if (value === undefined || NULL_FORMS.has(value)) return undefined;
  for (let j = at + 1; j < lines.length; j++) {
    if (NOTHING.test(lines[j])) continue;
    const next = lines[j].length - lines[j].trimStart().length;
    return next > indent ? undefined : value;
  }
  return value;
}

/**
 * Whether the value of a field the scan skips ends on its line, so that it cannot hide
 * or fake a key on the following lines: quoted strings and flow collections must close
 * on the line (checked loosely: the line ends with the closing character), anything else
 * is plain, a block scalar or a nested block, whose lines are all indented.
 */
function closedOnItsLine(rest: string): boolean {
  const opener = rest[0];
  if (opener === '"' || opener === "'") return rest.length > 1 && rest.endsWith(opener) && !rest.includes('#');
  if (opener === '[') return rest.endsWith(']') && !rest.includes('#');
  if (opener === '{') return rest.endsWith('}') && !rest.includes('#');
  return true;
}
