/** The source map of a rendered template: spans in rendered order, looked up by binary search. */
import type { SourceMap, TemplateSpan } from './contract';
import type { MappedSpan } from './template/sink';

export function sourceMap(spans: readonly MappedSpan[]): SourceMap {
  return {
    spans: () => spans,
    origin(offset: number): TemplateSpan | undefined {
      let lo = 0;
      let hi = spans.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = spans[mid];
        if (offset < s.renderedStart) hi = mid - 1;
        else if (offset >= s.renderedEnd) lo = mid + 1;
        else return s.span;
      }
      return undefined;
    },
  };
}
