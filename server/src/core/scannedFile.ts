import type { ScannedObject } from './indexScan';
import type { PodTemplate, Resource } from './model';

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

  /** `text` is the file's text, or reads it when first needed (a scan kept from an index cache). */
  constructor(readonly uri: string, private readonly text_: string | (() => string), readonly resources: Resource[]) {}

  get text(): string {
    if (typeof this.text_ === 'string') return this.text_;
    return (this.loaded ??= this.text_());
  }
}

export const isScanned = (file: unknown): file is ScannedFile => file instanceof ScannedFile;
/** The stand-ins of scanned files' objects (see {@link ScannedFile}). */
const standIns = new WeakSet<Resource>();

/** Whether the object is a stand-in of a scanned file (the Workspace parses its file before answering with it). */
export const isStandIn = (r: Resource): boolean => standIns.has(r);

/** A scanned file with a stand-in for each object the scan found. */
export function scannedFile(uri: string, text: string | (() => string), objects: readonly ScannedObject[]): ScannedFile {
  const resources = objects.map((o): Resource => {
    const standIn: Resource = {
      uri,
      documentIndex: o.documentIndex,
      apiVersion: { value: o.apiVersion, range: NO_RANGE },
      kind: { value: o.kind, range: NO_RANGE },
      name: o.name === undefined ? undefined : { value: o.name, range: NO_RANGE },
      namespaceNode: o.namespace === undefined ? undefined : { value: o.namespace, range: NO_RANGE },
      namespace: '',
      range: NO_RANGE,
      templated: false,
      dnsCandidates: [],
      podTemplate: o.mayHavePods ? STAND_IN_PODS : undefined,
    };
    standIns.add(standIn);
    return standIn;
  });
  return new ScannedFile(uri, text, resources);
}
