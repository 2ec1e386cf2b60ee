import type { DocumentSelector } from 'vscode-languageclient/node';

/**
 * The documents VS Code hands to the server: YAML files, saved or not, and kustomizations
 * named `Kustomization`. kustomize reads a kustomization from kustomization.yaml,
 * kustomization.yml or Kustomization (RecognizedKustomizationFileNames in kustomize's
 * api/konfig/general.go); VS Code gives the extensionless one no YAML language, so it is
 * selected by name. Without it, unsaved edits to such a file would not reach the server,
 * which reads it from disk (server/src/node/indexer.ts) and watches it.
 * Kept in its own module (no `vscode` import) so a unit test can check it.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', pattern: '**/Kustomization' },
  // Helm chart templates: the Helm extension gives them the language 'helm'; helpers
  // (_helpers.tpl) change what a chart renders while they are edited.
  { scheme: 'file', language: 'helm' },
  { scheme: 'file', pattern: '**/*.tpl' },
];
