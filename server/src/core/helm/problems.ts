import { LineIndex } from '../lines';
import type { ParsedFile } from '../parse';
import { HELM_RENDER_RULE_ID } from '../rules';
import { severityOf } from '../analyze';
import type { Finding } from '../types';
import type { Workspace } from '../workspace';
import type { RenderProblem } from './contract';

/**
 * The one information finding that says why a chart template could not be rendered (the
 * renderer's problem), or why a chart could not be rendered at all (on Chart.yaml or the
 * values file at fault). Never more than one per file: the rules are silent on what
 * was not rendered, and this says why.
 */
export function helmRenderFindings(workspace: Workspace, uri: string, file: ParsedFile): Finding[] {
  const severity = severityOf(HELM_RENDER_RULE_ID, 'information', workspace.settings);
  if (!severity) return [];
  const own = file.helm?.template.problem;
  const problem: RenderProblem | undefined = own ?? workspace.charts?.problemsIn(uri)[0];
  if (!problem) return [];
  // A problem in another file (a helper the template includes) is shown at the start of this one.
  const inThisFile = own ? own.file === file.helm!.template.path : true;
  const lines = new LineIndex(file.text);
  let start = inThisFile ? Math.min(problem.start, file.text.length) : 0;
  let end = inThisFile ? Math.min(Math.max(problem.end, start), file.text.length) : 0;
  if (end === start && (!inThisFile || start === 0)) {
    // No place of its own (a values file missing, a helper's error): the first line, so it can be seen.
    start = 0;
    end = lines.offsetAt({ line: 0, character: Number.MAX_SAFE_INTEGER });
  }
  const where = inThisFile ? '' : ` (in ${problem.file})`;
  return [{
    ruleId: HELM_RENDER_RULE_ID,
    severity,
    message: `Not rendered, so not checked: ${problem.message}${where}`,
    uri,
    range: { start: lines.positionAt(start), end: lines.positionAt(end) },
    related: [],
  }];
}
