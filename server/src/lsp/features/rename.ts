import {
  ErrorCodes, MessageType, ResponseError,
  type AnnotatedTextEdit, type ChangeAnnotation, type PrepareRenameParams, type Range, type RenameParams, type TextDocumentEdit, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { isRefusal, prepareRenameAtSteps, renameAtSteps, type Confirmation, type WorkspaceRename } from '../../core';
import { answerMadeInSteps, type Feature, type ServerContext } from '../context';

/**
 * textDocument/prepareRename and textDocument/rename (core/rename/): one workspace edit
 * across every file. A refusal is answered with an error whose message the editor shows
 * (VS Code puts it beside the name). Edits that need a second look (an immutable
 * StatefulSet field, a StatefulSet's new volumes) carry a change annotation that labels
 * them in the editor's preview, and the server says why in a message.
 */
export const renameFeature: Feature = {
  name: 'rename',
  capabilities: (params) => ({ renameProvider: params.capabilities.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true }),
  register(context) {
    // A rename reads every file (a Service's DNS names anywhere): every pending text first (newestEverywhere).
    context.connection.onPrepareRename(answerMadeInSteps(context, 'prepareRename', null, (params: PrepareRenameParams) => params.textDocument.uri, function* (params) {
      const prepared = yield* prepareRenameAtSteps(context.workspace, params.textDocument.uri, params.position);
      if (!prepared) return null;
      if (isRefusal(prepared)) return new ResponseError(ErrorCodes.InvalidRequest, prepared.refused);
      return { range: prepared.range as Range, placeholder: prepared.placeholder };
    }, { newestEverywhere: true }));
    context.connection.onRenameRequest(answerMadeInSteps(context, 'rename', null, (params: RenameParams) => params.textDocument.uri, function* (params) {
      const renamed = yield* renameAtSteps(context.workspace, params.textDocument.uri, params.position, params.newName);
      if (!renamed) return new ResponseError(ErrorCodes.InvalidRequest, 'There is nothing to rename here.');
      if (isRefusal(renamed)) return new ResponseError(ErrorCodes.InvalidRequest, renamed.refused);
      return yield* workspaceEditSteps(context, renamed);
    }, { newestEverywhere: true }));
  },
};

/** Files whose edits are converted between two yields of {@link workspaceEditSteps}: 22,000 files took 20-30 ms in one piece. */
const FILES_PER_EDIT_STEP = 1_000;

/** The protocol's WorkspaceEdit of a rename, a step at a time. */
function* workspaceEditSteps(context: ServerContext, renamed: WorkspaceRename): Generator<void, WorkspaceEdit> {
  const caps = context.initializeParams.capabilities.workspace?.workspaceEdit;
  const annotate = !!caps?.changeAnnotationSupport && !!caps.documentChanges;
  const confirmations = new Map<string, Confirmation>();
  const edits = (uri: string): (TextEdit | AnnotatedTextEdit)[] => (renamed.files.get(uri) ?? []).map((e) => {
    if (e.confirm) confirmations.set(e.confirm.id, e.confirm);
    return annotate && e.confirm ? { range: e.range as Range, newText: e.newText, annotationId: e.confirm.id } : { range: e.range as Range, newText: e.newText };
  });
  const documentChanges: TextDocumentEdit[] = [];
  const changes: Record<string, (TextEdit | AnnotatedTextEdit)[]> = {};
  let converted = 0;
  for (const uri of renamed.files.keys()) {
    if (++converted % FILES_PER_EDIT_STEP === 0) yield;
    // An open document is edited at the version its text was read from; a file on disk has none.
    if (caps?.documentChanges) documentChanges.push({ textDocument: { uri, version: context.documents.get(uri)?.version ?? null }, edits: edits(uri) });
    else changes[uri] = edits(uri);
  }
  const result: WorkspaceEdit = caps?.documentChanges ? { documentChanges } : { changes };
  // Annotated, not held back: VS Code leaves an edit that "needs confirmation" unchecked in its
  // preview, so Apply would rename the Service and leave serviceName behind, breaking what the
  // rename keeps whole. The label groups those edits in the preview; the message says it in any client.
  if (annotate && confirmations.size > 0) {
    result.changeAnnotations = Object.fromEntries([...confirmations].map(([id, c]): [string, ChangeAnnotation] => [id, { label: c.label, description: c.description, needsConfirmation: false }]));
  }
  for (const c of confirmations.values()) void context.connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `Renamed. ${c.description}` });
  return result;
}
