import type { RenderedTemplate, SourceMap, TemplateSpan } from '../../server/src/core/helm/contract';

/**
 * Hand-written renders, as test inputs for the code around the renderer: every `{{ … }}`
 * of `source` is replaced by the output the test gives for it (by its text), literal text
 * is kept. No trimming, no control flow: the tests say what each action printed.
 */
export function handRendered(path: string, source: string, outputs: Record<string, string>, extra: Partial<RenderedTemplate> = {}): RenderedTemplate {
  const spans: { renderedStart: number; renderedEnd: number; span: TemplateSpan }[] = [];
  let text = '';
  let last = 0;
  const push = (output: string, span: TemplateSpan) => {
    if (output.length === 0) return;
    spans.push({ renderedStart: text.length, renderedEnd: text.length + output.length, span });
    text += output;
  };
  for (const m of source.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    const start = m.index;
    push(source.slice(last, start), { file: path, start: last, end: start, kind: 'text' });
    const output = outputs[m[0]];
    if (output === undefined) throw new Error(`no output given for ${m[0]}`);
    push(output, { file: path, start, end: start + m[0].length, kind: 'action', output, reads: [] });
    last = start + m[0].length;
  }
  push(source.slice(last), { file: path, start: last, end: source.length, kind: 'text' });
  const map: SourceMap = {
    origin: (offset) => spans.find((s) => s.renderedStart <= offset && offset < s.renderedEnd)?.span,
    spans: () => spans,
  };
  return { path, text, map, uncertain: [], ...extra };
}
