import { LineIndex } from '../lines';
import { parseChunk, type ParsedDocument, type ParsedFile } from '../parse';
import { splitDocuments } from '../split';
import type { RenderedTemplate, TemplateSpan } from './contract';
import type { PackagedTemplate } from './packaged';
import { lastIndexWhere } from '../arrays';

/**
 * A chart template read through its rendered output: the rendered text is split into
 * documents and modelled like any manifest, and every range of the model is mapped back
 * through the renderer's source map into the template file (see DocumentAnchor.toSource).
 * Literal template text keeps its exact characters; a value printed by an action gets the
 * range of the whole `{{ … }}`. The resources belong to the template's URI, so findings,
 * hovers and the outline land in the template.
 */

/** What the workspace keeps about a rendered template beside its model. */
export interface RenderedFileInfo {
  /** URI of the chart's root folder (the one holding Chart.yaml). */
  chartRoot: string;
  template: RenderedTemplate;
  /** The chart render this came from: any unknown deciding control flow, anywhere in it. */
  chartUncertain: boolean;
  /** Set for a template inside a packaged subchart (`charts/*.tgz`): it has no file (./packaged.ts). */
  packaged?: PackagedTemplate;
}

/**
 * The model of one rendered template. `sourceText` is the template file's text (what the
 * editor shows): ranges are in it. Documents that overlap an `uncertain` range, and every
 * document of a template the renderer could not finish, are `templated`: indexed, never
 * the subject of a finding, their fields unknown to the rules.
 */
export function parseRenderedTemplate(uri: string, sourceText: string, info: RenderedFileInfo): ParsedFile {
  const { template } = info;
  const toSource = sourceOffsetMapper(template, sourceText.length);
  const lineStarts = new LineIndex(sourceText).starts;
  const documents: ParsedDocument[] = [];
  for (const chunk of splitDocuments(template.text)) {
    const chunkStart = chunk.startOffset;
    const chunkEnd = chunkStart + chunk.text.length;
    const anchor = {
      startLine: 0,
      lineStarts,
      length: sourceText.length,
      toSource: (offset: number, side: 'start' | 'end') => toSource(chunkStart + offset, side),
    };
    const templated = !!template.problem || template.uncertain.some((u) => overlaps(u, chunkStart, chunkEnd));
    documents.push(parseChunk(uri, documents.length, chunk.text, chunk.startLine, chunkStart, { anchor, templated }));
  }
  const resources = documents.flatMap((doc) => doc.resources);
  return { uri, text: sourceText, documents, resources, changed: resources, helm: info };
}

/** Whether an uncertain range touches a document (an empty one counts where it sits: something may be missing there). */
function overlaps(range: { start: number; end: number }, start: number, end: number): boolean {
  return range.start === range.end ? start <= range.start && range.start <= end : range.start < end && range.end > start;
}

interface MappedSpan {
  renderedStart: number;
  renderedEnd: number;
  span: TemplateSpan;
}

/**
 * Offsets in the rendered text → offsets in the template file. A range's start maps to the
 * first character's origin (an action: its `{{`); a range's end (exclusive) maps after the
 * last character's origin (an action: after its `}}`). Spans from other files (which the
 * contract rules out for a template's own output) and gaps map to the nearest span before.
 */
export function sourceOffsetMapper(template: RenderedTemplate, sourceLength: number): (offset: number, side: 'start' | 'end') => number {
  const spans: MappedSpan[] = template.map.spans().filter((s) => s.span.file === template.path && s.renderedEnd > s.renderedStart);
  const clamp = (n: number) => Math.max(0, Math.min(n, sourceLength));
  if (spans.length === 0) return () => 0;
  return (offset, side) => {
    // The character the offset stands for: the one at it (start), or the one before it (end).
    const character = side === 'start' ? offset : offset - 1;
    const index = spanIndexAt(spans, character);
    if (index < 0) return clamp(spans[0].span.start);
    const { renderedStart, renderedEnd, span } = spans[index];
    if (character >= renderedEnd) return clamp(span.end); // past the last span, or in a gap after this one
    if (span.kind === 'action') return clamp(side === 'start' ? span.start : span.end);
    return clamp(span.start + (offset - renderedStart));
  };
}

/** Index of the last span starting at or before `offset` (binary search), -1 when none. */
function spanIndexAt(spans: readonly MappedSpan[], offset: number): number {
  return lastIndexWhere(spans, (span) => span.renderedStart <= offset);
}

/** The spans of the rendered text a rendered range was made from (for hovers: which actions printed a value). */
export function spansIn(template: RenderedTemplate, start: number, end: number): TemplateSpan[] {
  return template.map.spans().filter((s) => s.renderedStart < Math.max(end, start + 1) && s.renderedEnd > start).map((s) => s.span);
}
