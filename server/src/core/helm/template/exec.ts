/**
 * The evaluator of Go's text/template (src/text/template/exec.go) over the values of
 * `values.ts`, with Helm's options: a missing map key is nil (missingkey=zero), and Helm
 * replaces every `<no value>` in the output with '' (pkg/engine/engine.go), which the sinks
 * do as text is written.
 *
 * What it cannot evaluate it does not guess: functions given an unknown return an unknown,
 * and a branch decided by an unknown renders nothing and is recorded as uncertain.
 * Budgets (steps, output size, template call depth) turn runaway templates into errors.
 */
import { isRootContext, isUnknownText, Unknown, unknownOf } from '../unknown';
import type { ArgNode, CommandNode, Definition, ListNode, Node, PipeNode, TemplateCallNode } from './nodes';
import { printTop } from './print';
import { StringSink, type Sink } from './sink';
import { GoObject, isMap, sortedKeys, truth, type GoValue } from './values';

/** An error that stops the template, with the offsets of the action that raised it. */
export class ExecError extends Error {
  constructor(message: string, readonly file: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

/** Thrown by functions; the evaluator adds where. */
export class FuncError extends Error {}

/** `required` and `fail`: the chart's own message, reported as it is (Helm: "execution error at …: msg"). */
export class ChartFailure extends FuncError {}

export interface CallSite {
  exec: Exec;
  /** The dot at the call. */
  dot: GoValue;
  file: string;
  start: number;
  end: number;
}

export interface TemplateFunc {
  (args: GoValue[], call: CallSite): GoValue;
}

export interface FuncDef {
  fn: TemplateFunc;
  /** Handles unknown arguments itself; otherwise any unknown argument makes the result unknown. */
  unknownAware?: boolean;
}

export interface Limits {
  /** Evaluation steps per rendered template. */
  steps: number;
  /** Characters of output per rendered template (and per include). */
  output: number;
  /** Nested template calls (`include`, `template`, `tpl`). */
  depth: number;
}

/** Budgets that real charts stay far below (a large template takes some 20,000 steps) and
 * that stop a runaway template within about a second. */
export const DEFAULT_LIMITS: Limits = { steps: 300_000, output: 5_000_000, depth: 100 };

/** Everything shared by the templates of one render. */
export interface ExecEnv {
  defines: Map<string, { def: Definition; file: string }>;
  funcs: Map<string, FuncDef>;
  /** Names Helm defines but this renderer does not implement: calling them yields an unknown. */
  unsupported: Set<string>;
  /** Whether a template name that is not defined is unknown (a library chart that is not
   * vendored, a file that does not parse may define it) rather than an error. */
  missingDefineIsUnknown: (name: string) => boolean;
  limits: Limits;
}

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();

interface Variable { name: string; value: GoValue }

/** Marker for "no final argument" in a pipeline's first command. */
const NO_FINAL = Symbol('no final');
type Final = GoValue | typeof NO_FINAL;

export class Exec {
  steps = 0;
  depth = 0;
  /** Paths read by the current top-level action ('.Values.a.b'), in first-read order. */
  reads: string[] | undefined;
  /** Where maps came from, to name reads made through `with`/`range`/variables. */
  readonly origins = new WeakMap<object, string>();
  private vars: Variable[] = [];
  /** File of the template being walked (for errors). */
  file = '';

  constructor(readonly env: ExecEnv) {}

  /** Walks a template body with `dot`, writing to `sink`. Throws ExecError. */
  run(body: ListNode, dot: GoValue, file: string, sink: Sink): void {
    const savedVars = this.vars;
    const savedFile = this.file;
    this.vars = [{ name: '$', value: dot }];
    this.file = file;
    try {
      this.walkList(body, dot, sink);
    } finally {
      this.vars = savedVars;
      this.file = savedFile;
    }
  }

  /** A sink for the output of a nested template call. */
  nestedSink(): StringSink {
    return new StringSink(this.env.limits.output);
  }

  /** Calls template `name` (include/template): renders it into `sink`. */
  callTemplate(name: string, dot: GoValue, sink: Sink, site: { start: number; end: number }): void {
    const found = this.env.defines.get(name);
    if (!found) {
      if (this.env.missingDefineIsUnknown(name)) {
        sink.writeUnknown(unknownOf(`include ${JSON.stringify(name)}`, [dot]));
        return;
      }
      throw new ExecError(`no template named "${name}"`, this.file, site.start, site.end);
    }
    if (this.depth >= this.env.limits.depth) {
      throw new ExecError(`template "${name}" calls itself more than ${this.env.limits.depth} levels deep`, this.file, site.start, site.end);
    }
    this.depth++;
    try {
      this.run(found.def.body, dot, found.file, sink);
    } finally {
      this.depth--;
    }
  }

  /** Counts work done outside the evaluator (a function building a long list) as steps. */
  charge(steps: number, node: { start: number; end: number }): void {
    this.steps += steps;
    this.step(node);
  }

  private step(node: { start: number; end: number }): void {
    if (++this.steps > this.env.limits.steps) {
      throw new ExecError(`template stopped after ${this.env.limits.steps} evaluation steps`, this.file, node.start, node.end);
    }
  }

  private walkList(list: ListNode, dot: GoValue, sink: Sink): void {
    for (const node of list.nodes) this.walk(node, dot, sink);
  }

  private walk(node: Node, dot: GoValue, sink: Sink): void {
    this.step(node);
    switch (node.type) {
      case 'text':
        sink.writeText(node.text, node);
        return;
      case 'action': {
        sink.beginAction(node, this);
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) sink.writeValue(value, printTop(value));
        sink.endAction(this);
        return;
      }
      case 'if': case 'with': return this.walkBranch(node.type, node, dot, sink);
      case 'range': return this.walkRange(node, dot, sink);
      case 'template': return this.walkTemplate(node, dot, sink);
      case 'break': throw BREAK;
      case 'continue': throw CONTINUE;
    }
  }

  private walkTemplate(node: TemplateCallNode, dot: GoValue, sink: Sink): void {
    sink.beginAction(node, this);
    const arg = node.pipe ? this.evalPipeline(dot, node.pipe) : null;
    const inner = sink.nested();
    this.callTemplate(node.name, arg, inner, { start: node.nameStart - 1, end: node.nameEnd + 1 });
    sink.writeNested(inner);
    sink.endAction(this);
  }

  private walkBranch(kind: 'if' | 'with', node: { pipe: PipeNode; list: ListNode; elseList?: ListNode; start: number; end: number }, dot: GoValue, sink: Sink): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (isUnknownValue(value)) {
        sink.markUncertain(node);
        return;
      }
      if (truth(value)) this.walkList(node.list, kind === 'with' ? value : dot, sink);
      else if (node.elseList) this.walkList(node.elseList, dot, sink);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(node: { pipe: PipeNode; list: ListNode; elseList?: ListNode; start: number; end: number }, dot: GoValue, sink: Sink): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (value instanceof Unknown) {
        sink.markUncertain(node);
        return;
      }
      const decl = node.pipe.decl;
      const each = (key: GoValue, elem: GoValue): boolean => {
        this.step(node);
        const iterMark = this.vars.length;
        if (decl.length === 1) this.setVar(decl[0].name, elem, node.pipe.isAssign);
        if (decl.length === 2) {
          this.setVar(decl[0].name, key, node.pipe.isAssign);
          this.setVar(decl[1].name, elem, node.pipe.isAssign);
        }
        try {
          this.walkList(node.list, elem, sink);
        } catch (e) {
          if (e === BREAK) return false;
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = iterMark;
        }
        return true;
      };
      let any = false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          any = true;
          if (!each(BigInt(i), value[i])) break;
        }
      } else if (isMap(value)) {
        for (const key of sortedKeys(value)) {
          any = true;
          if (!each(key, value[key])) break;
        }
      } else if (value instanceof GoObject && value.entries) {
        for (const [key, elem] of value.entries()) {
          any = true;
          if (!each(key, elem)) break;
        }
      } else if (typeof value === 'bigint') {
        if (decl.length > 1) throw new ExecError(`can't use ${value} to iterate over more than one variable`, this.file, node.start, node.end);
        for (let i = 0n; i < value; i++) {
          any = true;
          if (!each(i, i)) break;
        }
      } else if (value !== null) {
        throw new ExecError(`range can't iterate over ${printTop(value)}`, this.file, node.pipe.start, node.pipe.end);
      }
      if (!any && node.elseList) this.walkList(node.elseList, dot, sink);
    } finally {
      this.vars.length = mark;
    }
  }

  private setVar(name: string, value: GoValue, assign: boolean): void {
    if (assign) {
      for (let i = this.vars.length - 1; i >= 0; i--) {
        if (this.vars[i].name === name) {
          this.vars[i].value = value;
          return;
        }
      }
    }
    this.vars.push({ name, value });
  }

  private varValue(name: string, node: { start: number; end: number }): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    throw new ExecError(`undefined variable: ${name}`, this.file, node.start, node.end);
  }

  evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.step(pipe);
    let value: Final = NO_FINAL;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value === NO_FINAL ? null : value;
    for (const v of pipe.decl) this.setVar(v.name, result, pipe.isAssign);
    return result;
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field': return this.evalFields(dot, dot, first.idents, cmd.args, final, first);
      case 'chain': {
        const base = this.evalArg(dot, first.node);
        return this.evalFields(dot, base, first.idents, cmd.args, final, first);
      }
      case 'variable': {
        const base = this.varValue(first.name, first);
        if (first.idents.length === 0) {
          this.notAFunction(cmd, final);
          return base;
        }
        return this.evalFields(dot, base, first.idents, cmd.args, final, first);
      }
      case 'identifier': return this.evalFunction(dot, first.name, cmd.args, final, first);
      case 'pipe': {
        this.notAFunction(cmd, final);
        return this.evalPipeline(dot, first);
      }
      default:
        this.notAFunction(cmd, final);
        return this.evalArg(dot, first);
    }
  }

  private notAFunction(cmd: CommandNode, final: Final): void {
    if (cmd.args.length > 1 || final !== NO_FINAL) {
      throw new ExecError(`can't give argument to non-function ${describeArg(cmd.args[0])}`, this.file, cmd.start, cmd.end);
    }
  }

  evalArg(dot: GoValue, node: ArgNode): GoValue {
    this.step(node);
    switch (node.type) {
      case 'dot': return dot;
      case 'nil': return null;
      case 'bool': return node.value;
      case 'string': return node.value;
      case 'number':
        if (node.isChar || (node.int !== undefined && !/[.eEpP]/.test(node.text.replace(/^0[xX][0-9a-fA-F]*$/, '')))) return node.int ?? 0n;
        return node.float ?? 0;
      case 'field': return this.evalFields(dot, dot, node.idents, [node], NO_FINAL, node);
      case 'variable': {
        const base = this.varValue(node.name, node);
        return node.idents.length ? this.evalFields(dot, base, node.idents, [node], NO_FINAL, node) : base;
      }
      case 'chain': return this.evalFields(dot, this.evalArg(dot, node.node), node.idents, [node], NO_FINAL, node);
      case 'pipe': return this.evalPipeline(dot, node);
      case 'identifier': return this.evalFunction(dot, node.name, [node], NO_FINAL, node);
    }
  }

  /** Field chain `.a.b.c` on `receiver`; the last field gets the command's arguments if it is a method. */
  private evalFields(dot: GoValue, receiver: GoValue, idents: string[], cmdArgs: ArgNode[], final: Final, node: ArgNode): GoValue {
    let value = receiver;
    // The written path of what is read, for `reads`: from the root context, or from a map
    // whose path we saw (the dot of `with .Values.image`, a variable holding `.Values.db`).
    let path = receiver !== null && typeof receiver === 'object' ? (isRootContext(receiver) ? '' : this.origins.get(receiver)) : undefined;
    for (let i = 0; i < idents.length; i++) {
      const name = idents[i];
      const last = i === idents.length - 1;
      if (path !== undefined) path = `${path}.${name}`;
      // Go: a nil that a previous field of this chain returned is a typed nil interface and
      // fails ("nil pointer evaluating"); a nil receiver from a variable, a pipeline or the
      // dot is an invalid value, whose fields are silently nil.
      if (i === 0 && value === null) return null;
      value = this.evalField(dot, name, value, last ? cmdArgs : [node], last ? final : NO_FINAL, node);
      if (path !== undefined && value !== null && typeof value === 'object' && !(value instanceof Unknown) && !this.origins.has(value)) this.origins.set(value, path);
    }
    if (path !== undefined && this.reads && isReadable(path) && !this.reads.includes(path)) this.reads.push(path);
    return value;
  }

  private evalField(dot: GoValue, name: string, receiver: GoValue, cmdArgs: ArgNode[], final: Final, node: ArgNode): GoValue {
    const hasArgs = cmdArgs.length > 1 || final !== NO_FINAL;
    if (receiver instanceof Unknown || isTainted(receiver)) return unknownOf(`.${name}`, [receiver]);
    if (receiver instanceof GoObject) {
      const method = receiver.methods[name];
      if (method) {
        const args = cmdArgs.slice(1).map((a) => this.evalArg(dot, a));
        if (final !== NO_FINAL) args.push(final);
        if (args.some((a) => a instanceof Unknown)) return unknownOf(`.${name}`, args);
        try {
          return method(args);
        } catch (e) {
          throw this.callError(`.${name}`, e, node);
        }
      }
      if (hasArgs) throw new ExecError(`${name} is not a method but has arguments`, this.file, node.start, node.end);
      if (Object.prototype.hasOwnProperty.call(receiver.fields, name)) return receiver.fields[name];
      throw new ExecError(`can't evaluate field ${name} in type ${receiver.typeName}`, this.file, node.start, node.end);
    }
    if (isMap(receiver)) {
      if (hasArgs) throw new ExecError(`${name} is not a method but has arguments`, this.file, node.start, node.end);
      return Object.prototype.hasOwnProperty.call(receiver, name) ? receiver[name] : null;
    }
    if (receiver === null) throw new ExecError(`nil pointer evaluating interface {}.${name}`, this.file, node.start, node.end);
    throw new ExecError(`can't evaluate field ${name} in type ${typeNameOf(receiver)}`, this.file, node.start, node.end);
  }

  private evalFunction(dot: GoValue, name: string, cmdArgs: ArgNode[], final: Final, node: ArgNode): GoValue {
    const argNodes = cmdArgs.slice(1);
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, argNodes, final, node);
    const def = this.env.funcs.get(name);
    const args = argNodes.map((a) => this.evalArg(dot, a));
    if (final !== NO_FINAL) args.push(final);
    if (!def) {
      if (this.env.unsupported.has(name)) return unknownOf(name, args);
      throw new ExecError(`function "${name}" not defined`, this.file, node.start, node.end);
    }
    if (!def.unknownAware) {
      const unknownArgs = args.filter(isUnknownValue);
      // Text holding a placeholder (an include of an unknown define) may pass through the
      // functions that keep it intact; any other use of it, or of an unknown, is unknown.
      if (unknownArgs.length && (!PLACEHOLDER_SAFE.has(name) || unknownArgs.some((a) => typeof a !== 'string'))) return unknownOf(name, args);
    }
    try {
      return def.fn(args, { exec: this, dot, file: this.file, start: node.start, end: node.end });
    } catch (e) {
      throw this.callError(name, e, node);
    }
  }

  private callError(name: string, e: unknown, node: { start: number; end: number }): Error {
    if (e instanceof ExecError) return e;
    if (e instanceof ChartFailure) return new ExecError(e.message, this.file, node.start, node.end);
    if (e instanceof FuncError) return new ExecError(`error calling ${name}: ${e.message}`, this.file, node.start, node.end);
    if (e instanceof RangeError) return new ExecError(`error calling ${name}: ${e.message}`, this.file, node.start, node.end);
    return e instanceof Error ? e : new Error(String(e));
  }

  /** `and`/`or` evaluate their arguments lazily and return the deciding one (Go 1.18+). */
  private evalAndOr(dot: GoValue, name: 'and' | 'or', argNodes: ArgNode[], final: Final, node: ArgNode): GoValue {
    const count = argNodes.length + (final !== NO_FINAL ? 1 : 0);
    if (count === 0) throw new ExecError(`wrong number of args for ${name}: want at least 1 got 0`, this.file, node.start, node.end);
    let value: GoValue = null;
    let unknown: Unknown | undefined;
    for (let i = 0; i < count; i++) {
      value = i < argNodes.length ? this.evalArg(dot, argNodes[i]) : (final as GoValue);
      if (isUnknownValue(value)) {
        unknown ??= value instanceof Unknown ? value : unknownOf(name, [value]);
        continue;
      }
      // A known deciding value decides, whatever unknowns came before it? No: an earlier
      // unknown could have decided first, so the result is unknown then.
      if (name === 'and' ? !truth(value) : truth(value)) return unknown ? unknownOf(name, [unknown, value]) : value;
    }
    return unknown ? unknownOf(name, [unknown, value]) : value;
  }
}

/** Functions that keep an unknown placeholder in text intact (they copy their input text). */
const PLACEHOLDER_SAFE = new Set(['nindent', 'indent', 'quote', 'squote', 'cat', 'print', 'printf', 'println', 'toString', 'trim', 'trimSuffix', 'trimPrefix', 'join', 'list', 'dict', 'append', 'toYaml', 'toJson', 'tpl']);

/** Maps an unknown may have changed (merged into, set with an unknown key): every read is unknown. */
const TAINTED = new WeakSet<object>();

export function taint(v: GoValue): void {
  if (v !== null && typeof v === 'object') TAINTED.add(v);
}

function isTainted(v: GoValue): boolean {
  return v !== null && typeof v === 'object' && TAINTED.has(v);
}

/** An unknown, text that holds one, or a map an unknown may have changed. */
export function isUnknownValue(v: GoValue): boolean {
  return v instanceof Unknown || (typeof v === 'string' && isUnknownText(v)) || isTainted(v);
}

function isReadable(path: string): boolean {
  return /^\.(Values|Release|Chart|Capabilities|Files|Template)\b/.test(path);
}

function typeNameOf(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}

function describeArg(node: ArgNode): string {
  switch (node.type) {
    case 'string': return node.text;
    case 'number': return node.text;
    case 'bool': return String(node.value);
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'variable': return node.name + node.idents.map((i) => `.${i}`).join('');
    case 'field': return node.idents.map((i) => `.${i}`).join('');
    default: return node.type;
  }
}
