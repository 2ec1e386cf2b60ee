import type { Resource } from '../model';
import type { Range } from '../types';
import type { TextEdit } from '../yamlEdits';

/**
 * What F2 renames: the name under the cursor, its exact range, and the object whose
 * name (or label) it is. Every kind of rename answers `prepareRename` the same way and
 * computes its edits in its own file (service.ts, statefulSet.ts, label.ts).
 */
export type RenameTarget =
  | { kind: 'service'; range: Range; name: string; namespace: string }
  | { kind: 'statefulSet'; range: Range; name: string; namespace: string }
  | { kind: 'labelKey' | 'labelValue'; range: Range; key: string; value: string; workload: Resource };

/**
 * Why an edit deserves a second look before it is applied: the editor shows `label` and
 * `description` and asks (an LSP change annotation, see lsp/features/rename.ts). Edits
 * with the same `id` share one annotation.
 */
export interface Confirmation {
  id: string;
  label: string;
  description: string;
}

/** One edit of a rename, with the reason to confirm it, if any. */
export interface RenameEdit extends TextEdit {
  confirm?: Confirmation;
}

/** The edits of a rename, per file, each file's edits in document order. */
export interface WorkspaceRename {
  files: Map<string, RenameEdit[]>;
}

/** Why the name under the cursor cannot be renamed safely: the editor shows `message`. */
export interface RenameRefusal {
  refused: string;
}

export function refuse(message: string): RenameRefusal {
  return { refused: message };
}

export function isRefusal(x: unknown): x is RenameRefusal {
  return typeof x === 'object' && x !== null && 'refused' in x;
}
