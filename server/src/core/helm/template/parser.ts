/**
 * The parser of Go's text/template (src/text/template/parse/parse.go): tokens from
 * `lex` to a tree of `nodes.ts`, with `define`/`block` bodies collected apart.
 * Errors are `TemplateSyntaxError`s with the offsets of the offending token.
 */
import { lex, TemplateSyntaxError, type Token } from './lexer';
import type {
  ActionNode, ArgNode, ChainNode, CommandNode, Definition, ListNode, Node, NumberNode,
  ParsedTemplate, PipeNode, TemplateCallNode, VariableNode,
} from './nodes';

type ListEnd = 'end' | 'else' | 'eof';

class Parser {
  private i = 0;
  private readonly defines: Definition[] = [];
  /** Nesting of `range`, for break/continue. */
  private rangeDepth = 0;
  /** Variables in scope, innermost last (Go checks them at parse time). */
  private vars: string[] = ['$'];

  constructor(private readonly tokens: Token[]) {}

  parse(): ParsedTemplate {
    const { list, end } = this.itemList(true);
    if (end.kind !== 'eof') throw new TemplateSyntaxError(`unexpected {{${end.kind}}}`, end.start, end.end);
    return { root: list, defines: this.defines };
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.type !== 'eof') this.i++;
    return t;
  }

  private peekNonSpace(): Token {
    while (this.tokens[this.i].type === 'space') this.i++;
    return this.tokens[this.i];
  }

  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }

  private expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) throw new TemplateSyntaxError(`unexpected ${describe(t)} in ${context}`, t.start, t.end);
    return t;
  }

  /** Items until `{{end}}`, `{{else …}}` or the end of the text. */
  private itemList(topLevel: boolean): { list: ListNode; end: { kind: ListEnd; start: number; end: number; delimStart: number } } {
    const nodes: Node[] = [];
    const listStart = this.peek().start;
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') {
        if (!topLevel) throw new TemplateSyntaxError('unexpected EOF', t.start, t.end);
        return { list: { type: 'list', nodes, start: listStart, end: t.start }, end: { kind: 'eof', start: t.start, end: t.end, delimStart: t.start } };
      }
      if (t.type === 'text') {
        nodes.push({ type: 'text', text: t.value, start: t.start, end: t.end });
        continue;
      }
      // leftDelim
      const inner = this.peekNonSpace();
      if (inner.type === 'comment') {
        this.next();
        this.expect('rightDelim', 'comment');
        continue;
      }
      if (inner.type === 'keyword' && (inner.value === 'end' || inner.value === 'else')) {
        if (topLevel) throw new TemplateSyntaxError(`unexpected {{${inner.value}}}`, t.start, inner.end);
        this.next();
        if (inner.value === 'end') this.expect('rightDelim', 'end');
        return { list: { type: 'list', nodes, start: listStart, end: t.start }, end: { kind: inner.value, start: inner.start, end: inner.end, delimStart: t.start } };
      }
      const node = this.action(t);
      if (node) nodes.push(node);
    }
  }

  /** The action after a `{{` (already consumed). */
  private action(open: Token): Node | undefined {
    const t = this.peekNonSpace();
    if (t.type === 'keyword') {
      this.next();
      switch (t.value) {
        case 'if': case 'with': case 'range': return this.branch(t.value, open);
        case 'template': return this.templateCall(open);
        case 'block': return this.block(open);
        case 'define': {
          if (this.rangeDepth > 0 || this.vars.length > 1) throw new TemplateSyntaxError('define must be at top level', t.start, t.end);
          this.define(open);
          return undefined;
        }
        case 'break': case 'continue': {
          if (this.rangeDepth === 0) throw new TemplateSyntaxError(`{{${t.value}}} outside {{range}}`, t.start, t.end);
          const close = this.expect('rightDelim', t.value);
          return { type: t.value, start: open.start, end: close.end };
        }
      }
      throw new TemplateSyntaxError(`unexpected ${t.value}`, t.start, t.end);
    }
    const pipe = this.pipeline('command', 'rightDelim');
    const close = this.next();
    const action: ActionNode = { type: 'action', pipe, start: open.start, end: close.end };
    return action;
  }

  private define(open: Token): void {
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') throw new TemplateSyntaxError('define: name must be a string', nameTok.start, nameTok.end);
    this.expect('rightDelim', 'define');
    const saved = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList(false);
    this.vars = saved;
    if (end.kind !== 'end') throw new TemplateSyntaxError('unexpected {{else}} in define', end.start, end.end);
    this.defines.push({ name: unquote(nameTok), nameStart: nameTok.start + 1, nameEnd: nameTok.end - 1, body: list });
    void open;
  }

  private block(open: Token): TemplateCallNode {
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') throw new TemplateSyntaxError('block: name must be a string', nameTok.start, nameTok.end);
    const pipe = this.pipeline('block', 'rightDelim');
    const close = this.next();
    const saved = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList(false);
    this.vars = saved;
    if (end.kind !== 'end') throw new TemplateSyntaxError('unexpected {{else}} in block', end.start, end.end);
    const name = unquote(nameTok);
    this.defines.push({ name, nameStart: nameTok.start + 1, nameEnd: nameTok.end - 1, body: list });
    return { type: 'template', name, nameStart: nameTok.start + 1, nameEnd: nameTok.end - 1, pipe, start: open.start, end: close.end };
  }

  private templateCall(open: Token): TemplateCallNode {
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') throw new TemplateSyntaxError('template: name must be a string', nameTok.start, nameTok.end);
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().type !== 'rightDelim') pipe = this.pipeline('template', 'rightDelim');
    const close = this.expect('rightDelim', 'template');
    return { type: 'template', name: unquote(nameTok), nameStart: nameTok.start + 1, nameEnd: nameTok.end - 1, pipe, start: open.start, end: close.end };
  }

  private branch(kind: 'if' | 'with' | 'range', open: Token): Node {
    const varsBefore = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    this.next();
    if (kind === 'range') this.rangeDepth++;
    let { list, end } = this.itemList(false);
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (end.kind === 'else') {
      // `{{else if …}}` / `{{else with …}}`: an if/with nested in the else branch, sharing our {{end}}.
      const after = this.peekNonSpace();
      if ((kind === 'if' && after.type === 'keyword' && after.value === 'if') || (kind === 'with' && after.type === 'keyword' && after.value === 'with')) {
        this.next();
        const nested = this.branch(after.value as 'if' | 'with', { ...open, start: end.delimStart });
        elseList = { type: 'list', nodes: [nested], start: nested.start, end: nested.end };
      } else {
        this.expect('rightDelim', 'else');
        const rest = this.itemList(false);
        if (rest.end.kind !== 'end') throw new TemplateSyntaxError(`expected end; found {{else}}`, rest.end.start, rest.end.end);
        elseList = rest.list;
        end = rest.end;
      }
    }
    this.vars.length = varsBefore;
    const last = elseList ?? list;
    return { type: kind, pipe, list, elseList, start: open.start, end: Math.max(last.end, end.end) } as Node;
  }

  /** A pipeline up to (not including) the token `endType`. */
  private pipeline(context: string, endType: 'rightDelim' | 'rightParen'): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', decl: [], isAssign: false, cmds: [], start: first.start, end: first.start };
    // Declarations: `$x :=`, `$x =`, and in range `$i, $v :=`.
    if (first.type === 'variable') {
      const save = this.i;
      this.next();
      const after = this.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        this.next();
        pipe.isAssign = after.type === 'assign';
        pipe.decl.push(this.variableNode(first, []));
        if (after.type === 'declare') this.vars.push(first.value);
        else if (!this.vars.includes(first.value)) throw new TemplateSyntaxError(`undefined variable "${first.value}"`, first.start, first.end);
      } else if (after.type === 'comma' && context === 'range') {
        this.next();
        const second = this.nextNonSpace();
        const op = this.nextNonSpace();
        if (second.type !== 'variable' || (op.type !== 'declare' && op.type !== 'assign')) throw new TemplateSyntaxError('range can only initialize variables', second.start, op.end);
        pipe.isAssign = op.type === 'assign';
        pipe.decl.push(this.variableNode(first, []), this.variableNode(second, []));
        if (op.type === 'declare') this.vars.push(first.value, second.value);
      } else {
        this.i = save;
      }
    }
    let afterPipe = false;
    for (;;) {
      const t = this.peekNonSpace();
      if (t.type === endType) {
        if (pipe.cmds.length === 0) throw new TemplateSyntaxError(`missing value for ${context}`, t.start, t.end);
        if (afterPipe) throw new TemplateSyntaxError('missing command after |', t.start, t.end);
        pipe.end = t.start;
        return pipe;
      }
      if (t.type === 'eof' || t.type === 'rightDelim' || t.type === 'rightParen') throw new TemplateSyntaxError(`unexpected ${describe(t)} in ${context}`, t.start, t.end);
      const cmd = this.command();
      pipe.cmds.push(cmd);
      pipe.end = cmd.end;
      // Go: only the last command of a pipeline may be a non-function operand after '|'.
      const sep = this.peekNonSpace();
      afterPipe = sep.type === 'pipe';
      if (afterPipe) this.next();
    }
  }

  private command(): CommandNode {
    const args: ArgNode[] = [];
    const start = this.peekNonSpace().start;
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (!operand) {
        const t = this.peek();
        throw new TemplateSyntaxError(`unexpected ${describe(t)} in operand`, t.start, t.end);
      }
      args.push(operand);
      const t = this.peek();
      if (t.type === 'space') {
        const n = this.peekNonSpace();
        if (n.type === 'rightDelim' || n.type === 'rightParen' || n.type === 'pipe') break;
        continue;
      }
      if (t.type === 'rightDelim' || t.type === 'rightParen' || t.type === 'pipe') break;
      throw new TemplateSyntaxError(`unexpected ${describe(t)} in operand`, t.start, t.end);
    }
    if (args.length > 0 && args[0].type === 'nil') throw new TemplateSyntaxError('nil is not a command', args[0].start, args[0].end);
    return { type: 'command', args, start, end: args[args.length - 1].end };
  }

  private operand(): ArgNode | undefined {
    const term = this.term();
    if (!term) return undefined;
    if (this.peek().type !== 'field') return term;
    const idents: string[] = [];
    let end = term.end;
    while (this.peek().type === 'field') {
      const f = this.next();
      idents.push(f.value.slice(1));
      end = f.end;
    }
    if (term.type === 'field') return { ...term, idents: [...term.idents, ...idents], end };
    if (term.type === 'variable') return { ...term, idents: [...term.idents, ...idents], end };
    if (term.type === 'bool' || term.type === 'string' || term.type === 'number' || term.type === 'nil' || term.type === 'dot') {
      throw new TemplateSyntaxError(`unexpected . after term ${JSON.stringify(this.textOf(term))}`, term.start, end);
    }
    const chain: ChainNode = { type: 'chain', node: term, idents, start: term.start, end };
    return chain;
  }

  private textOf(node: ArgNode): string {
    return node.type === 'string' ? node.text : node.type === 'number' ? node.text : node.type;
  }

  private term(): ArgNode | undefined {
    const t = this.next();
    switch (t.type) {
      case 'identifier': return { type: 'identifier', name: t.value, start: t.start, end: t.end };
      case 'dot': return { type: 'dot', start: t.start, end: t.end };
      case 'nil': return { type: 'nil', start: t.start, end: t.end };
      case 'variable': {
        if (!this.vars.includes(t.value)) throw new TemplateSyntaxError(`undefined variable "${t.value}"`, t.start, t.end);
        return this.variableNode(t, []);
      }
      case 'field': return { type: 'field', idents: [t.value.slice(1)], start: t.start, end: t.end };
      case 'bool': return { type: 'bool', value: t.value === 'true', start: t.start, end: t.end };
      case 'char': case 'number': return numberNode(t);
      case 'string': case 'rawString': return { type: 'string', text: t.value, value: unquote(t), start: t.start, end: t.end };
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        const close = this.next();
        return { ...pipe, start: t.start, end: close.end };
      }
    }
    this.i--;
    return undefined;
  }

  private variableNode(t: Token, idents: string[]): VariableNode {
    return { type: 'variable', name: t.value, idents, start: t.start, end: t.end };
  }
}

function describe(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'rightDelim') return '"}}"';
  return `${JSON.stringify(t.value)}`;
}

function numberNode(t: Token): NumberNode {
  const node: NumberNode = { type: 'number', text: t.value, start: t.start, end: t.end };
  if (t.type === 'char') {
    const s = unquoteGo(t.value.slice(1, -1), t);
    const cp = s.codePointAt(0) ?? 0;
    node.int = BigInt(cp);
    node.float = cp;
    node.isChar = true;
    return node;
  }
  const text = t.value.replace(/_/g, '');
  if (text.endsWith('i')) throw new TemplateSyntaxError('complex constants are not supported', t.start, t.end);
  const unsigned = text.replace(/^[+-]/, '');
  const negative = text.startsWith('-');
  if (/^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(unsigned)) {
    let digits = unsigned;
    if (/^0[0-7]+$/.test(unsigned)) digits = `0o${unsigned.slice(1)}`;
    else if (/^0[oO]/.test(unsigned)) digits = `0o${unsigned.slice(2)}`;
    const v = BigInt(digits);
    node.int = negative ? -v : v;
    node.float = Number(node.int);
    return node;
  }
  const f = Number(unsigned);
  if (Number.isNaN(f)) throw new TemplateSyntaxError(`bad number syntax: ${JSON.stringify(t.value)}`, t.start, t.end);
  node.float = negative ? -f : f;
  // Go: a float constant with an integral value is also an int (`1e3` can be an int argument).
  if (Number.isInteger(node.float) && Math.abs(node.float) < 2 ** 63) node.int = BigInt(node.float);
  return node;
}

function unquote(t: Token): string {
  if (t.type === 'rawString') return t.value.slice(1, -1);
  return unquoteGo(t.value.slice(1, -1), t);
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** Go string literal escapes (strconv.Unquote). */
function unquoteGo(body: string, t: Token): string {
  if (!body.includes('\\')) return body;
  let out = '';
  const bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length) {
      out += decodeUtf8(bytes);
      bytes.length = 0;
    }
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      flushBytes();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      flushBytes();
      out += SIMPLE_ESCAPES[e];
    } else if (e === 'x' || (e >= '0' && e <= '7')) {
      const len = e === 'x' ? 2 : 3;
      const digits = e === 'x' ? body.slice(i + 1, i + 3) : body.slice(i, i + 3);
      const v = parseInt(digits, e === 'x' ? 16 : 8);
      if (digits.length !== len || Number.isNaN(v) || v > 255) throw new TemplateSyntaxError('invalid syntax in quoted string', t.start, t.end);
      bytes.push(v);
      i += e === 'x' ? 2 : 2;
    } else if (e === 'u' || e === 'U') {
      flushBytes();
      const len = e === 'u' ? 4 : 8;
      const v = parseInt(body.slice(i + 1, i + 1 + len), 16);
      if (Number.isNaN(v) || v > 0x10ffff) throw new TemplateSyntaxError('invalid syntax in quoted string', t.start, t.end);
      out += String.fromCodePoint(v);
      i += len;
    } else {
      throw new TemplateSyntaxError('invalid syntax in quoted string', t.start, t.end);
    }
  }
  flushBytes();
  return out;
}

function decodeUtf8(bytes: number[]): string {
  try {
    return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
  } catch {
    return bytes.map((b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
  }
}

/** Parses one template text. Throws `TemplateSyntaxError`. */
export function parseTemplate(text: string): ParsedTemplate {
  return new Parser(lex(text)).parse();
}

export { TemplateSyntaxError };
