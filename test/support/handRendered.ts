import type { ChartFiles, ChartRender, HelmReleaseOptions, RenderedTemplate, SourceMap, TemplateSpan } from '../../server/src/core/helm/contract';
import type { ChartRenderer } from '../../server/src/core/helm/charts';

/**
 * Hand-written renders, as test inputs for the code around the renderer: every `{{ … }}`
 * of `source` is replaced by the output the test gives for it (by its text), literal text
 * is kept. No trimming, no control flow: the tests say what each action printed.
 */
export type HandOutputs = Record<string, string | { output: string; reads: string[] }>;

export function handRendered(path: string, source: string, outputs: HandOutputs, extra: Partial<RenderedTemplate> = {}): RenderedTemplate {
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
    const given = outputs[m[0]];
    if (given === undefined) throw new Error(`no output given for ${m[0]}`);
    const { output, reads } = typeof given === 'string' ? { output: given, reads: [] } : given;
    push(output, { file: path, start, end: start + m[0].length, kind: 'action', output, reads });
    last = start + m[0].length;
  }
  push(source.slice(last), { file: path, start: last, end: source.length, kind: 'text' });
  const map: SourceMap = {
    origin: (offset) => spans.find((s) => s.renderedStart <= offset && offset < s.renderedEnd)?.span,
    spans: () => spans,
  };
  return { path, text, map, uncertain: [], ...extra };
}

/**
 * A chart renderer for tests of the code around the real one: every `templates/*.yaml`
 * is rendered by {@link handRendered} with the outputs of `outputs(files)` (an action not
 * in the table makes a render problem, as a failed render would). Counts its renders.
 */
export function handRenderer(outputs: (files: ChartFiles, options: HelmReleaseOptions) => HandOutputs, values: unknown = {}): ChartRenderer & { renders: number } {
  const renderer = Object.assign((files: ChartFiles, options: HelmReleaseOptions): ChartRender => {
    renderer.renders++;
    const table = outputs(files, options);
    const templates = files.paths().filter((p) => /^templates\/[^_][^/]*\.ya?ml$/.test(p)).map((p) => {
      const source = files.get(p) as string;
      try {
        return handRendered(p, source, table);
      } catch (error) {
        return { ...handRendered(p, '', {}), problem: { message: (error as Error).message, file: p, start: 0, end: 0 } };
      }
    });
    return { chartName: 'db', templates, values, problems: [] };
  }, { renders: 0 });
  return renderer;
}
