/**
 * Where the evaluator writes. A `MapSink` renders a chart template and keeps its source
 * map: literal text maps to itself, everything an action prints (also through `include`
 * and `template`) maps to that action. A `StringSink` collects the output of an
 * `include`/`template`/`tpl` call. Helm replaces `<no value>` in a template's output with
 * '' (pkg/engine/engine.go), so the MapSink does; an include's string keeps it, as in Helm.
 */
import type { TemplateSpan } from '../contract';
import { Unknown } from '../unknown';
import type { Exec } from './exec';

export class OutputLimitError extends Error {}

export interface Sink {
  writeText(text: string, node: { start: number; end: number }): void;
  beginAction(node: { start: number; end: number }, exec: Exec): void;
  writeValue(value: unknown, printed: string): void;
  endAction(exec: Exec): void;
  writeUnknown(u: Unknown): void;
  /** A sink for a nested template call, written back with `writeNested`. */
  nested(): StringSink;
  writeNested(inner: StringSink): void;
  /** An unknown decided a branch at `node`: what it covers cannot be known. */
  markUncertain(node: { start: number; end: number }): void;
}

export class StringSink implements Sink {
  text = '';
  uncertain = false;

  constructor(private readonly limit: number) {}

  private append(s: string): void {
    if (this.text.length + s.length > this.limit) throw new OutputLimitError(`output larger than ${this.limit} characters`);
    this.text += s;
  }

  writeText(text: string): void { this.append(text); }
  beginAction(): void {}
  writeValue(_value: unknown, printed: string): void { this.append(printed); }
  endAction(): void {}
  writeUnknown(u: Unknown): void { this.append(u.toString()); }
  nested(): StringSink { return new StringSink(this.limit); }
  writeNested(inner: StringSink): void {
    this.append(inner.text);
    if (inner.uncertain) this.uncertain = true;
  }
  markUncertain(): void { this.uncertain = true; }
}

export interface MappedSpan {
  renderedStart: number;
  renderedEnd: number;
  span: TemplateSpan;
}

export class MapSink implements Sink {
  private readonly parts: string[] = [];
  private length = 0;
  readonly spans: MappedSpan[] = [];
  readonly uncertain: { start: number; end: number }[] = [];
  private action: { start: number; end: number; output: string; uncertain: boolean } | undefined;
  private actionDepth = 0;

  constructor(private readonly file: string, private readonly limit: number) {}

  get text(): string {
    return this.parts.join('');
  }

  private emit(text: string, span: TemplateSpan): void {
    if (text === '') return;
    if (this.length + text.length > this.limit) throw new OutputLimitError(`output larger than ${this.limit} characters`);
    this.parts.push(text);
    this.spans.push({ renderedStart: this.length, renderedEnd: this.length + text.length, span });
    this.length += text.length;
  }

  writeText(text: string, node: { start: number; end: number }): void {
    if (this.action) {
      this.action.output += text;
      return;
    }
    this.emit(text.replaceAll('<no value>', ''), { file: this.file, start: node.start, end: node.end, kind: 'text' });
  }

  beginAction(node: { start: number; end: number }, exec: Exec): void {
    if (this.actionDepth++ > 0) return;
    this.action = { start: node.start, end: node.end, output: '', uncertain: false };
    exec.reads = [];
  }

  writeValue(_value: unknown, printed: string): void {
    if (this.action) this.action.output += printed;
  }

  writeUnknown(u: Unknown): void {
    if (this.action) this.action.output += u.toString();
  }

  endAction(exec: Exec): void {
    if (--this.actionDepth > 0 || !this.action) return;
    const { start, end, uncertain } = this.action;
    const output = this.action.output.replaceAll('<no value>', '');
    this.action = undefined;
    const reads = exec.reads ?? [];
    exec.reads = undefined;
    const renderedStart = this.length;
    const span: TemplateSpan = { file: this.file, start, end, kind: 'action', output };
    if (reads.length) span.reads = reads;
    if (output === '') {
      // Nothing printed: still record the action, as an empty span, for hovers on it.
      this.spans.push({ renderedStart, renderedEnd: renderedStart, span });
    } else {
      this.emit(output, span);
    }
    if (uncertain) this.uncertain.push({ start: renderedStart, end: this.length });
  }

  nested(): StringSink {
    return new StringSink(this.limit);
  }

  writeNested(inner: StringSink): void {
    if (this.action) {
      this.action.output += inner.text;
      if (inner.uncertain) this.action.uncertain = true;
    }
  }

  markUncertain(): void {
    if (this.action) this.action.uncertain = true;
    else this.uncertain.push({ start: this.length, end: this.length });
  }

  /** Aborts an action left open by an error, keeping what it printed so far out of the text. */
  abandonAction(exec: Exec): void {
    this.action = undefined;
    this.actionDepth = 0;
    exec.reads = undefined;
  }
}
