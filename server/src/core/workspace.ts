import type { Resource } from './model';
import { parseFile, type ParsedFile } from './parse';
import { DEFAULT_SETTINGS, type Settings } from './settings';

/**
 * Everything the core knows: every YAML file, as open in the editor or as on disk.
 * An open document overrides its file on disk. Resources are indexed by kind and
 * namespace; lookups made during an analysis are recorded as dependency keys, so a
 * change to one file re-checks only the files whose findings can depend on it.
 */

/**
 * Index and dependency keys: `Service/ns` (a kind in a namespace), `Service/*` (in any
 * namespace), `Service/ns/name` (by name; with `*` for any namespace), `pods/ns` (pod templates).
 */
export type DependencyKey = string;

export interface FileChange {
  uri: string;
  /** Index keys touched by the change: compare with {@link Workspace.dependents}. */
  keys: Set<DependencyKey>;
}

interface FileLayers {
  open?: ParsedFile;
  disk?: ParsedFile;
}

/** Read-only queries over the workspace, recording what they looked at. */
export interface WorkspaceView {
  readonly settings: Settings;
  /** Resources of a kind in a namespace. */
  inNamespace(kind: string, namespace: string): Resource[];
  /** Resources of a kind with a name, in a namespace. */
  named(kind: string, namespace: string, name: string): Resource[];
  /** Resources of a kind with a name, in any namespace. */
  namedAnywhere(kind: string, name: string): Resource[];
  /** Every resource with a pod template (workloads, Jobs, bare Pods) in a namespace. */
  podTemplatesIn(namespace: string): Resource[];
}

export class Workspace {
  private readonly files = new Map<string, FileLayers>();
  private readonly index = new Map<DependencyKey, Set<Resource>>();
  private readonly dependencies = new Map<string, Set<DependencyKey>>();
  private currentSettings: Settings = DEFAULT_SETTINGS;

  /**
   * Namespace a file's resources get when they have none, before the default
   * namespace setting: where a kustomization names one. Set by the indexer.
   */
  namespaceForFile: (uri: string) => string | undefined = () => undefined;

  get settings(): Settings {
    return this.currentSettings;
  }

  /** Applies new settings. Namespaces may change, so everything is re-indexed. */
  setSettings(settings: Settings): void {
    this.currentSettings = settings;
    this.reindexAll();
  }

  /** Re-computes every resource's effective namespace (after settings or kustomizations changed). */
  reindexAll(): void {
    this.index.clear();
    for (const [uri] of this.files) {
      for (const r of this.effective(uri)?.resources ?? []) this.addToIndex(r);
    }
  }

  setOpen(uri: string, text: string): FileChange {
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      // Reuse only the open layer's own documents: reused documents are moved in place,
      // and the disk layer must stay as it is for when the editor closes the file.
      layers.open = parseFile(uri, text, layers.open);
    });
  }

  close(uri: string): FileChange {
    const layers = this.files.get(uri);
    return this.replace(uri, () => {
      if (layers) layers.open = undefined;
    });
  }

  setDisk(uri: string, text: string): FileChange {
    const layers = this.layers(uri);
    return this.replace(uri, () => {
      layers.disk = parseFile(uri, text, layers.disk);
    });
  }

  removeDisk(uri: string): FileChange {
    const layers = this.files.get(uri);
    return this.replace(uri, () => {
      if (layers) layers.disk = undefined;
    });
  }

  isOpen(uri: string): boolean {
    return !!this.files.get(uri)?.open;
  }

  /** The file as the core sees it: the open document, else the file on disk. */
  effective(uri: string): ParsedFile | undefined {
    const layers = this.files.get(uri);
    return layers?.open ?? layers?.disk;
  }

  uris(): string[] {
    return [...this.files.keys()].filter((uri) => this.effective(uri));
  }

  resources(uri: string): Resource[] {
    return this.effective(uri)?.resources ?? [];
  }

  *allResources(): Iterable<Resource> {
    for (const uri of this.files.keys()) yield* this.resources(uri);
  }

  /** A view whose lookups are added to `dependencies` (when given). */
  view(dependencies?: Set<DependencyKey>): WorkspaceView {
    const lookup = (key: DependencyKey): Iterable<Resource> => {
      dependencies?.add(key);
      return this.index.get(key) ?? [];
    };
    const settings = this.currentSettings;
    return {
      settings,
      inNamespace: (kind, namespace) => [...lookup(`${kind}/${namespace}`)],
      named: (kind, namespace, name) => [...lookup(`${kind}/${namespace}/${name}`)],
      namedAnywhere: (kind, name) => [...lookup(`${kind}/*/${name}`)],
      podTemplatesIn: (namespace) => [...lookup(`pods/${namespace}`)],
    };
  }

  /** Remembers what the last analysis of `uri` looked up. */
  recordDependencies(uri: string, keys: Set<DependencyKey>): void {
    this.dependencies.set(uri, keys);
  }

  /** Files whose last analysis looked at something a change touched (the changed file itself excluded). */
  dependents(change: FileChange): string[] {
    const out: string[] = [];
    for (const [uri, keys] of this.dependencies) {
      if (uri === change.uri) continue;
      for (const key of change.keys) {
        if (keys.has(key)) {
          out.push(uri);
          break;
        }
      }
    }
    return out;
  }

  forgetDependencies(uri: string): void {
    this.dependencies.delete(uri);
  }

  private layers(uri: string): FileLayers {
    let layers = this.files.get(uri);
    if (!layers) {
      layers = {};
      this.files.set(uri, layers);
    }
    return layers;
  }

  private replace(uri: string, update: () => void): FileChange {
    const before = this.effective(uri);
    update();
    const after = this.effective(uri);
    const keys = new Set<DependencyKey>();
    if (before !== after) {
      const beforeSet = new Set(before?.resources ?? []);
      const afterSet = new Set(after?.resources ?? []);
      for (const r of beforeSet) {
        if (afterSet.has(r)) continue;
        this.removeFromIndex(r);
        for (const k of indexKeys(r)) keys.add(k);
      }
      for (const r of afterSet) {
        if (beforeSet.has(r)) continue;
        this.addToIndex(r);
        for (const k of indexKeys(r)) keys.add(k);
      }
      // Reused resources that moved: dependents' related locations point into them.
      for (const r of after?.changed ?? []) for (const k of indexKeys(r)) keys.add(k);
    }
    const layers = this.files.get(uri);
    if (layers && !layers.open && !layers.disk) {
      this.files.delete(uri);
      this.dependencies.delete(uri);
    }
    return { uri, keys };
  }

  private addToIndex(r: Resource): void {
    r.namespace = r.namespaceNode?.value ?? this.namespaceForFile(r.uri) ?? this.currentSettings.defaultNamespace;
    for (const key of indexKeys(r)) {
      let set = this.index.get(key);
      if (!set) {
        set = new Set();
        this.index.set(key, set);
      }
      set.add(r);
    }
  }

  private removeFromIndex(r: Resource): void {
    for (const key of indexKeys(r)) this.index.get(key)?.delete(r);
  }
}

function indexKeys(r: Resource): DependencyKey[] {
  const ns = r.namespace;
  const kind = r.kind.value;
  const keys = [`${kind}/${ns}`, `${kind}/*`];
  if (r.name) keys.push(`${kind}/${ns}/${r.name.value}`, `${kind}/*/${r.name.value}`);
  if (r.podTemplate) keys.push(`pods/${ns}`);
  return keys;
}
