import { serviceNameProblem, statefulSetNameProblem } from '../rules/invalidName';
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import { EditCollector } from './collect';
import { renameLabel } from './label';
import { renameServiceSteps } from './service';
import { runToEnd, type Steps } from '../steps';
import { labelKeyProblem, labelValueProblem } from './validate';
import { renameStatefulSetSteps } from './statefulSet';
import { renameTargetAt } from './target';
import { isRefusal, refuse, type RenameRefusal, type RenameTarget, type WorkspaceRename } from './types';

export { isRefusal, type RenameRefusal, type RenameEdit, type WorkspaceRename, type Confirmation } from './types';

/**
 * Rename (F2) over the whole workspace, as one edit: see docs/rename.md. Pure: the
 * workspace's texts in (open editors win over disk), edits per file out, or the reason
 * the name cannot be renamed safely.
 */

/**
 * The longest name or label renamed: a label key (a 253-character prefix, '/', a
 * 63-character name). A longer one is no valid Kubernetes name anyway, and answering it as
 * the placeholder sent a 20 MB name back to the editor (issue 16): refused instead.
 */
const LONGEST_RENAMED = 317;

function tooLong(current: string): RenameRefusal {
  return refuse(`This name is ${current.length} characters long, longer than any Kubernetes name or label (${LONGEST_RENAMED}): it is not renamed.`);
}

/**
 * `textDocument/prepareRename`: the range of the name under the cursor and its current
 * text; a refusal when renaming it would break something rename cannot see (checked by
 * computing the rename itself, to the same name).
 */
export function prepareRenameAt(workspace: Workspace, uri: string, position: Position): { range: Range; placeholder: string } | RenameRefusal | undefined {
  return runToEnd(prepareRenameAtSteps(workspace, uri, position));
}

/** {@link prepareRenameAt} a step at a time (the workspace must not change between two steps: the caller's to see to). */
export function* prepareRenameAtSteps(workspace: Workspace, uri: string, position: Position): Steps<{ range: Range; placeholder: string } | RenameRefusal | undefined> {
  const target = renameTargetAt(workspace, uri, position);
  if (!target || isRefusal(target)) return target;
  const current = currentText(target);
  if (current.length > LONGEST_RENAMED) return tooLong(current);
  const edits = yield* collectSteps(workspace, target, current);
  return isRefusal(edits) ? edits : { range: target.range, placeholder: current };
}

/** `textDocument/rename`: every edit, in every file, that renaming the name under the cursor to `newName` takes. */
export function renameAt(workspace: Workspace, uri: string, position: Position, newName: string): WorkspaceRename | RenameRefusal | undefined {
  return runToEnd(renameAtSteps(workspace, uri, position, newName));
}

/**
 * {@link renameAt} a step at a time: the edits of a name the whole workspace refers to
 * are gathered a few hundred objects a step (./dnsNames.ts). The workspace must not change
 * between two steps (Workspace.answerInSteps begins again when it does).
 */
export function* renameAtSteps(workspace: Workspace, uri: string, position: Position, newName: string): Steps<WorkspaceRename | RenameRefusal | undefined> {
  const target = renameTargetAt(workspace, uri, position);
  if (!target || isRefusal(target)) return target;
  const current = currentText(target);
  if (current.length > LONGEST_RENAMED) return tooLong(current);
  const problem = newNameProblem(workspace, target, newName);
  if (problem) return refuse(problem);
  return yield* collectSteps(workspace, target, newName);
}

function* collectSteps(workspace: Workspace, target: RenameTarget, newName: string): Steps<WorkspaceRename | RenameRefusal> {
  const view = workspace.requestView();
  const edits = new EditCollector(workspace);
  switch (target.kind) {
    case 'service':
      yield* renameServiceSteps(workspace, view, target.name, target.namespace, newName, edits);
      break;
    case 'statefulSet':
      yield* renameStatefulSetSteps(workspace, view, target.name, target.namespace, newName, edits);
      break;
    case 'labelKey':
    case 'labelValue':
      renameLabel(view, { workload: target.workload, key: target.key, value: target.value, part: target.kind === 'labelKey' ? 'key' : 'value', newText: newName }, edits);
      break;
  }
  return yield* edits.resultSteps();
}

function currentText(target: RenameTarget): string {
  switch (target.kind) {
    case 'service':
    case 'statefulSet':
      return target.name;
    case 'labelKey':
      return target.key;
    case 'labelValue':
      return target.value;
  }
}

function newNameProblem(workspace: Workspace, target: RenameTarget, newName: string): string | undefined {
  switch (target.kind) {
    case 'service':
      return serviceNameProblem(newName);
    case 'statefulSet': {
      const sts = workspace.requestView().named('StatefulSet', target.namespace, target.name)[0];
      return sts ? statefulSetNameProblem(newName, sts, workspace.requestView()) : undefined;
    }
    case 'labelKey':
      return labelKeyProblem(newName);
    case 'labelValue':
      return labelValueProblem(newName);
  }
}
