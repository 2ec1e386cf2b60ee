import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { quickFixes, RULE_IDS } from '../../core';
import { answeredInSteps, type Feature } from '../context';

/**
 * The fixes of at most this many of the request's diagnostics, the first the editor lists.
 * Selecting a whole file of 1,000 findings asks for the fixes of each (VS Code asks as the
 * selection changes, for its light bulb): a menu of 3,000 fixes is no use to anyone, and
 * computing and sending them held the server (issue 16, docs/limits.md).
 */
export const MAX_DIAGNOSTICS_FIXED = 100;

/**
 * Quick fixes for our diagnostics, keyed by the diagnostic's `code` (the rule id);
 * the finding's `data` comes back in `Diagnostic.data`. The edits are computed by
 * core/codeActions.ts against the current workspace.
 */
export const codeActionsFeature: Feature = {
  name: 'codeActions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } }),
  register(context) {
    context.connection.onCodeAction(answeredInSteps(context, 'codeAction', [], (params: CodeActionParams) => params.textDocument.uri, (params): CodeAction[] => {
      const only = params.context.only;
      if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
      const uri = params.textDocument.uri;
      const actions: CodeAction[] = [];
      let fixed = 0;
      for (const diagnostic of params.context.diagnostics) {
        if (fixed >= MAX_DIAGNOSTICS_FIXED) break;
        const ruleId = ourRuleId(diagnostic);
        if (!ruleId) continue;
        fixed++;
        const data = typeof diagnostic.data === 'object' && diagnostic.data !== null ? diagnostic.data as Record<string, unknown> : undefined;
        for (const fix of quickFixes(context.workspace, uri, { ruleId, range: diagnostic.range, data })) {
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: { changes: fix.changes } });
        }
      }
      return actions;
    }));
  },
};

function ourRuleId(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.source !== 'stateful-manifests' || typeof diagnostic.code !== 'string') return undefined;
  return RULE_IDS.includes(diagnostic.code) ? diagnostic.code : undefined;
}
