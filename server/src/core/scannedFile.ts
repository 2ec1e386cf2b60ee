import type { ScannedObject } from './indexScan';
import type { PodTemplate, Resource } from './model';
import type { Located } from './types';

/** The range of a stand-in's values: never read, stand-ins never leave the Workspace. */
const NO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/** A stand-in's pod template: only its presence is read, for the `pods/<namespace>` key. */
const STAND_IN_PODS = {} as PodTemplate;

/**
 * A file on disk known from a scan (see ./indexScan.ts), not parsed yet: its text, and
 * stand-ins for its objects that carry what the index reads (uri, document index,
 * apiVersion, kind, name, namespace as written, whether it may have pods). Stand-ins
 * never leave the Workspace: reading the file (`Workspace.source`) or a lookup
 * that finds one of them builds the file's model first and puts its objects in their place.
 */
export class ScannedFile {
  private loaded: string | undefined;

  /**
   * `text` is the file's text, or reads the text of a URI when first needed (a scan kept
   * from an index cache): one reader for all the files of an index run, not a closure
   * for each (two objects a file, kept until the file is read).
   */
  constructor(readonly uri: string, private readonly text_: string | ((uri: string) => string), readonly resources: Resource[]) {}

  get text(): string {
    if (typeof this.text_ === 'string') return this.text_;
    return (this.loaded ??= this.text_(this.uri));
  }
}

export const isScanned = (file: unknown): file is ScannedFile => file instanceof ScannedFile;

/** A stand-in's DNS-name candidates: none (never read: stand-ins are never analysed). */
const NO_CANDIDATES = Object.freeze([]) as unknown as Located[];

/**
 * The stand-in of a scanned object (see {@link ScannedFile}). A class, not a literal with
 * a WeakSet beside it: `instanceof` tells stand-ins apart, and every field the workspace
 * fills in later (namespace, kustomize facts) is in the object from the start, so none
 * needs a second allocation for its properties. 20,000 files reopened from the index
 * cache make 25,000 of these, each kept, each copied by the collector (docs/performance.md).
 */
class StandIn implements Resource {
  namespace = '';
  range = NO_RANGE;
  templated = false;
  dnsCandidates = NO_CANDIDATES;
  kustomizeLabels: boolean | undefined = undefined;
  kustomizePatched: boolean | undefined = undefined;
  kustomizePodSpec: boolean | undefined = undefined;
  kustomizeNames: readonly string[] | 'any' | undefined = undefined;

  constructor(
    readonly uri: string,
    readonly documentIndex: number,
    readonly apiVersion: Located,
    readonly kind: Located,
    readonly name: Located | undefined,
    readonly namespaceNode: Located | undefined,
    readonly podTemplate: PodTemplate | undefined,
    /** A StatefulSet's `spec.serviceName` as scanned (see ScannedObject): where the index files it. */
    readonly scannedServiceName: string | null | undefined,
  ) {}
}

/** Whether the object is a stand-in of a scanned file (the Workspace parses its file before answering with it). */
export const isStandIn = (r: Resource): boolean => r instanceof StandIn;

/** A stand-in's scanned `spec.serviceName` (see ScannedObject); undefined for a parsed object. */
export const scannedServiceName = (r: Resource): string | null | undefined => (r instanceof StandIn ? r.scannedServiceName : undefined);

/**
 * The `{ value, range }` of a stand-in's field, one object per value: stand-ins' values are
 * never moved or changed (their files are parsed into new objects), and apiVersions, kinds
 * and namespaces repeat across thousands of files. At most {@link MAX_SHARED} are kept
 * (then the table starts again), so unusual workspaces cost no more than before.
 */
const shared = new Map<string, Located>();
const MAX_SHARED = 4096;

function sharedLocated(value: string): Located {
  let located = shared.get(value);
  if (!located) {
    if (shared.size >= MAX_SHARED) shared.clear();
    located = { value, range: NO_RANGE };
    shared.set(value, located);
  }
  return located;
}

/** A scanned file with a stand-in for each object the scan found. */
export function scannedFile(uri: string, text: string | ((uri: string) => string), objects: readonly ScannedObject[]): ScannedFile {
  const resources = objects.map((o): Resource => new StandIn(
    uri,
    o.documentIndex,
    sharedLocated(o.apiVersion),
    sharedLocated(o.kind),
    // Names are mostly unique: one object each, as before.
    o.name === undefined ? undefined : { value: o.name, range: NO_RANGE },
    o.namespace === undefined ? undefined : sharedLocated(o.namespace),
    o.mayHavePods ? STAND_IN_PODS : undefined,
    o.serviceName,
  ));
  return new ScannedFile(uri, text, resources);
}
