import { isMap, parseAllDocuments } from 'yaml';
import type { Kustomization } from './kustomization';
import { PATCH_PARSE_OPTIONS, patchContentEffects } from './patchContent';
import { listedFiles } from './read';

/**
 * What a patch file says, as far as the rules care: its effects, and the `paths:` it
 * names when it is a transformer configuration. A keystroke in a patch file refreshes
 * the kustomize effects only when this changes.
 */
export function patchFileSummary(text: string | undefined): string {
  // The paths joined to a placeholder folder: joined to '' every path read '' (joinUri needs
  // a URI), so renaming a transformer's `paths:` entry changed no summary and no patch file.
  return JSON.stringify([patchContentEffects(text, undefined, ''), transformerPaths(text, SUMMARY_DIR)]);
}

/** Any folder URI: a summary compares the paths a file names, wherever it is. */
const SUMMARY_DIR = 'file:///';

/**
 * The `paths:` of a PatchStrategicMergeTransformer configuration (strategic-merge patch
 * files, relative to the kustomization's folder like its other entries:
 * https://kubectl.docs.kubernetes.io/references/kustomize/builtins/#_patchstrategicmergetransformer_).
 */
function transformerPaths(text: string | undefined, dir: string): string[] {
  if (text === undefined || !text.includes('paths')) return [];
  try {
    return parseAllDocuments(text, PATCH_PARSE_OPTIONS).flatMap((doc) => (isMap(doc.contents) ? listedFiles(doc.contents.get('paths', true), dir) : []));
  } catch {
    return [];
  }
}

/**
 * Every patch file named by the kustomizations (see {@link Kustomization.patches}),
 * with the `paths:` of their transformer configurations (`readFile` gives a file's text).
 */
export function kustomizePatchFiles(kustomizations: Iterable<Kustomization>, readFile: (uri: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  for (const k of kustomizations) {
    for (const p of k.patches) out.add(p);
    for (const t of k.transformerFiles) for (const p of transformerPaths(readFile(t), k.dir)) out.add(p);
  }
  return out;
}
