// yaml-language-server (Red Hat's, the server of the YAML extension for VS Code) as the
// peers bench runs it: over stdio on Node 24, driven by the same LspClient as our server.
//
// Offline by its settings: no JSON Schema Store catalogue, no Kubernetes CRD store, no
// schema associations. Its Kubernetes schema is downloaded at run time and no npm package
// ships it, so it validates YAML only here: its parse, YAML syntax and its own YAML checks
// (duplicate keys, anchors and the like), on every change after a fixed 200 ms debounce
// (validationDelayMs, not a setting). docs/performance.md says what the rows then compare.
import { LspClient } from './bench-lsp-client.mjs';

/** Its validation debounce (yamlSettings.validationDelayMs = 200 in 1.25.0), in every open and edit it answers. */
export const YLS_VALIDATION_DELAY_MS = 200;

const SETTINGS = {
  yaml: { validate: true, hover: true, completion: true, format: { enable: false }, schemas: {}, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } },
  http: {},
  '[yaml]': {},
  editor: {},
};

export class YamlLanguageServer extends LspClient {
  /** `peer`: locatePeers().yamlLanguageServer. */
  constructor(peer) {
    super(peer.node, [peer.bin, '--stdio'], { configuration: (item) => SETTINGS[item.section] ?? null, versioned: false });
  }

  /** Initialised with `workspace.configuration`, so it pulls the offline settings above. */
  initialize() {
    return super.initialize(null, { workspace: { configuration: true } });
  }
}
