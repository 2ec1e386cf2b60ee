import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMergeKey } from '../fields';
import type { PatchEffect, PatchTarget } from './kustomization';
import { escapeRegExp, patchMatches } from './patchTargets';
import { stringValue } from './read';

/** What a patch writes, as far as the rules care (see {@link PatchEffect}). */
type Writes = Pick<PatchEffect, 'replicas' | 'labels' | 'podSpec' | 'whole'>;

const NOTHING: Writes = { replicas: false, labels: false, podSpec: false, whole: false };
const ANYTHING: Writes = { replicas: true, labels: true, podSpec: true, whole: true };

/**
 * The fields the rules read, as a tree of field names: a leaf says what writing there
 * changes. `identity` is the object's name or namespace: in a strategic-merge patch it
 * says which object is patched (nothing is written), in a JSON 6902 op it renames the
 * object. `containers` is a list of containers merged by name (see {@link CONTAINER_READS}).
 * Writing to a field on the way to a read field (`spec: null`, replacing `/spec/template`)
 * writes them all.
 */
type Reads = 'replicas' | 'labels' | 'podSpec' | 'whole' | 'identity' | 'containers' | { readonly [field: string]: Reads };

const POD_SPEC_READS = {
  containers: 'containers', initContainers: 'containers', hostname: 'whole', subdomain: 'whole',
  // volume-mount-not-found, spread-selector-mismatch
  volumes: 'podSpec', affinity: 'podSpec', topologySpreadConstraints: 'podSpec',
} as const;

const TEMPLATE_READS = { metadata: { labels: 'labels' }, spec: POD_SPEC_READS } as const;

const READS: Reads = {
  metadata: { name: 'identity', namespace: 'identity' },
  // ConfigMap and Secret values: dns-name-unresolved checks the DNS names in them.
  data: 'whole', stringData: 'whole', binaryData: 'whole',
  spec: {
    // StatefulSet (and other workloads): see statefulset.ts, dns.ts and the rules.
    serviceName: 'whole', replicas: 'replicas', ordinals: 'replicas', selector: 'labels',
    template: TEMPLATE_READS,
    // A CronJob's pods (dns-name-unresolved reads their containers).
    jobTemplate: { spec: { template: TEMPLATE_READS } },
    // Service: see serviceLookup.ts headlessness, podSelection and the port rules.
    clusterIP: 'whole', clusterIPs: 'whole', type: 'whole', externalName: 'whole', ports: 'whole', publishNotReadyAddresses: 'whole',
    // StatefulSet claim templates and partition; PodDisruptionBudget counts; autoscaler targets.
    volumeClaimTemplates: 'podSpec', updateStrategy: 'podSpec', minAvailable: 'podSpec', maxUnavailable: 'podSpec', scaleTargetRef: 'podSpec',
    // A bare Pod.
    ...POD_SPEC_READS,
  },
};

/** A bare Pod's own labels are its pod labels. */
const POD_READS: Reads = { ...READS, metadata: { name: 'identity', namespace: 'identity', labels: 'labels' } };

/** Container fields the rules read (port names, env order, DNS names in commands); `name` is the merge key. */
const CONTAINER_READS = new Set(['name', 'ports', 'env', 'envFrom', 'command', 'args']);

/** Container fields only the pod spec rules read (mounts, probe ports): writing them is a `podSpec` write. */
const CONTAINER_POD_SPEC_READS = new Set(['volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']);

function child(reads: Reads, field: string): Reads | undefined {
  return typeof reads === 'object' && Object.prototype.hasOwnProperty.call(reads, field) ? reads[field] : undefined;
}

function add(writes: Writes, leaf: 'replicas' | 'labels' | 'podSpec' | 'whole'): Writes {
  return leaf === 'whole' ? ANYTHING : { ...writes, [leaf]: true };
}

/**
 * What a strategic-merge patch object writes: the fields it sets along {@link READS}.
 * A `$patch` (`delete`, `replace`, `merge`), `$setElementOrder`, `$retainKeys` or
 * `$deleteFromPrimitiveList` directive anywhere, a merge key, an alias or a key that is
 * not a string may change anything
 * (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md).
 */
function strategicWrites(map: YAMLMap, reads: Reads, writes: Writes): Writes {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string' || isMergeKey(pair.key)) return ANYTHING;
    const leaf = child(reads, key);
    if (leaf === undefined || leaf === 'identity') continue;
    if (leaf === 'containers') {
      if (!harmlessContainers(pair.value)) return ANYTHING;
      if (touchesPodSpecReads(pair.value)) writes = add(writes, 'podSpec');
    } else if (typeof leaf === 'string') {
      writes = add(writes, leaf);
    } else if (isMap(pair.value)) {
      writes = strategicWrites(pair.value, leaf, writes);
    } else {
      return ANYTHING; // deletes or replaces a field on the way to fields the rules read
    }
    if (writes.whole) return writes;
  }
  return writes;
}

/** A strategic-merge list of containers that only touches fields the rules do not read (image, resources, probes…). */
function harmlessContainers(node: unknown): boolean {
  if (!isSeq(node)) return false;
  return node.items.every((item) => isMap(item) && stringValue(item.get('name', true)) !== undefined
    && item.items.every((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && (pair.key.value === 'name' || !CONTAINER_READS.has(pair.key.value))));
}

/** A strategic-merge list of containers that sets mounts or probes (read by the pod spec rules). */
function touchesPodSpecReads(node: unknown): boolean {
  return isSeq(node) && node.items.some((item) => isMap(item) && item.items.some((pair) => isScalar(pair.key) && CONTAINER_POD_SPEC_READS.has(String(pair.key.value))));
}

/** Whether a document has a key starting with `$` anywhere (a strategic-merge directive). */
function hasDirective(node: Node): boolean {
  let found = false;
  visit(node, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value.startsWith('$')) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * What a JSON 6902 patch (RFC 6902: a list of `{ op, path, value | from }`) writes: each
 * op's `path` (and a `move`'s `from`, which it removes) along {@link READS}. `test` writes
 * nothing. An op that cannot be read may write anything.
 */
function jsonPatchWrites(list: YAMLSeq, reads: Reads): Writes {
  let writes = NOTHING;
  for (const item of list.items) {
    if (!isMap(item)) return ANYTHING;
    const op = stringValue(item.get('op', true));
    const paths = op === 'move' ? [item.get('path', true), item.get('from', true)] : [item.get('path', true)];
    if (op === 'test') continue;
    for (const path of paths) {
      const text = stringValue(path);
      if (!op || text === undefined || (text !== '' && !text.startsWith('/'))) return ANYTHING;
      // RFC 6901: "~1" is "/", "~0" is "~".
      const segments = text === '' ? [] : text.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      writes = pointerWrites(segments, reads, writes);
      if (writes.whole) return writes;
    }
  }
  return writes;
}

function pointerWrites(segments: readonly string[], reads: Reads, writes: Writes): Writes {
  let at: Reads = reads;
  for (let i = 0; i < segments.length; i++) {
    const leaf = child(at, segments[i]!);
    if (leaf === undefined) return writes;
    // A container as a whole (`/containers/0`, `/containers/-`) or a field of one the rules read.
    if (leaf === 'containers') {
      if (segments.length < i + 3 || CONTAINER_READS.has(segments[i + 2]!)) return ANYTHING;
      return CONTAINER_POD_SPEC_READS.has(segments[i + 2]!) ? add(writes, 'podSpec') : writes;
    }
    if (leaf === 'identity') return ANYTHING; // renames the object
    if (typeof leaf === 'string') return add(writes, leaf);
    at = leaf;
  }
  return ANYTHING; // the path ends on a field that holds fields the rules read
}

export const PATCH_PARSE_OPTIONS = { strict: false, uniqueKeys: false } as const;

/**
 * What a patch does to the objects it reaches, from its content (a patch file's text or
 * an inline patch; undefined when it cannot be read here) and its target: one effect per
 * object it may write fields of that the rules read, none for a patch that only writes
 * fields they do not read (an image, resources, annotations). A document that is a list
 * is a JSON 6902 patch, a mapping a strategic-merge patch (kustomize tries the first,
 * then the second: api/filters/patchjson6902, api/internal/builtins/PatchTransformer.go).
 * With a target, the effect is on what the target matches; without one, on the object
 * of the patch's own kind and name. Anything that cannot be read (a template, broken
 * YAML, a patch object without a name, an empty patch) may touch anything.
 */
export function patchContentEffects(text: string | undefined, target: PatchTarget | undefined, dir: string): PatchEffect[] {
  const everything: PatchEffect[] = [{ ...target, ...ANYTHING, dir }];
  if (text === undefined || text.includes('{{')) return everything;
  let documents;
  try {
    documents = parseAllDocuments(text, PATCH_PARSE_OPTIONS);
  } catch {
    return everything;
  }
  if (!Array.isArray(documents) || documents.length === 0) return everything;
  const out: PatchEffect[] = [];
  for (const doc of documents) {
    const root = doc.contents;
    if (doc.errors.length > 0 || !(isMap(root) || isSeq(root))) return everything;
    const object = isMap(root) ? patchedObject(root) : undefined;
    const on = target ?? object;
    const reads = mayBePod(on?.kind) ? POD_READS : READS;
    const writes = isSeq(root) ? jsonPatchWrites(root, reads) : hasDirective(root) ? ANYTHING : strategicWrites(root, reads, NOTHING);
    if (!target && object?.name === undefined) out.push({ ...object, ...ANYTHING, dir });
    else if (writes.replicas || writes.labels || writes.podSpec || writes.whole) out.push({ ...on, ...writes, dir });
  }
  return out;
}

/** The kind and name a strategic-merge patch object names, as anchored target patterns. */
function patchedObject(root: YAMLMap): PatchTarget {
  const kind = stringValue(root.get('kind', true));
  const metadata = root.get('metadata', true);
  const name = isMap(metadata) ? stringValue(metadata.get('name', true)) : undefined;
  return { kind: kind && escapeRegExp(kind), name: name && escapeRegExp(name) };
}

function mayBePod(kind: string | undefined): boolean {
  return patchMatches({ kind }, 'Pod', undefined);
}
