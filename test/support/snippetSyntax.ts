/**
 * VS Code snippet syntax (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar),
 * parsed into a tree and expanded the way the editor inserts a snippet before the user
 * types anything: every tab stop takes its default.
 *
 *   any         ::= tabstop | placeholder | choice | variable | text
 *   tabstop     ::= '$' int | '${' int '}' | '${' int transform '}'
 *   placeholder ::= '${' int ':' any '}'
 *   choice      ::= '${' int '|' text (',' text)* '|}'
 *   variable    ::= '$' var | '${' var '}' | '${' var ':' any '}' | '${' var transform '}'
 *   transform   ::= '/' regex '/' (format | text)+ '/' options
 *   format      ::= '$' int | '${' int '}' | '${' int ':' '/upcase' | '/downcase' | '/capitalize'
 *                   | '/camelcase' | '/pascalcase' '}' | '${' int ':+' if '}' | '${' int ':?' if ':' else '}'
 *                   | '${' int ':-' else '}' | '${' int ':' else '}'
 *
 * Backslash escapes `$`, `}` and `\` (and `,` and `|` inside a choice); any other
 * backslash is literal. Like the editor's parser, a `$` that does not start a valid
 * construct is literal text.
 *
 * Expansion: a placeholder's default is its content; tab stops of one index are
 * linked, and the first one with content gives the value to all of them; a choice
 * takes its first option; `$0` is empty; a known variable is replaced by its value,
 * an unknown one by its default or else its own name (what VS Code inserts).
 */

export type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children: SnippetNode[]; choices?: string[]; transform?: Transform }
  | { type: 'variable'; name: string; children?: SnippetNode[]; transform?: Transform };

export interface Transform {
  regex: RegExp;
  format: FormatPart[];
}

export type FormatPart =
  | { type: 'text'; value: string }
  | { type: 'format'; group: number; modifier?: string; ifValue?: string; elseValue?: string };

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }
  eof(): boolean {
    return this.pos >= this.text.length;
  }
  /** Consumes `s` when it comes next. */
  accept(s: string): boolean {
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  acceptRegex(re: RegExp): string | undefined {
    const m = re.exec(this.text.slice(this.pos));
    if (!m || m.index !== 0) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
}

const INT = /^[0-9]+/;
const VAR = /^[_a-zA-Z][_a-zA-Z0-9]*/;

export function parseSnippet(text: string): SnippetNode[] {
  const s = new Scanner(text);
  return parseAny(s, () => false);
}

/** Nodes until `stop` says the enclosing construct ends (the stop character is not consumed). */
function parseAny(s: Scanner, stop: () => boolean): SnippetNode[] {
  const nodes: SnippetNode[] = [];
  let text = '';
  const flush = () => {
    if (text) nodes.push({ type: 'text', value: text });
    text = '';
  };
  while (!s.eof() && !stop()) {
    const c = s.peek();
    if (c === '\\' && '$}\\'.includes(s.peek(1)) && s.peek(1) !== '') {
      text += s.peek(1);
      s.pos += 2;
      continue;
    }
    if (c === '$') {
      const start = s.pos;
      const node = parseDollar(s);
      if (node) {
        flush();
        nodes.push(node);
        continue;
      }
      s.pos = start + 1;
      text += '$';
      continue;
    }
    text += c;
    s.pos++;
  }
  flush();
  return nodes;
}

/** A construct starting with `$`, or undefined (the scanner is then anywhere: the caller resets it). */
function parseDollar(s: Scanner): SnippetNode | undefined {
  s.accept('$');
  const int = s.acceptRegex(INT);
  if (int !== undefined) return { type: 'tabstop', index: Number(int), children: [] };
  const name = s.acceptRegex(VAR);
  if (name !== undefined) return { type: 'variable', name };
  if (!s.accept('{')) return undefined;
  const index = s.acceptRegex(INT);
  if (index !== undefined) {
    const n = Number(index);
    if (s.accept('}')) return { type: 'tabstop', index: n, children: [] };
    if (s.accept(':')) {
      const children = parseAny(s, () => s.peek() === '}');
      return s.accept('}') ? { type: 'tabstop', index: n, children } : undefined;
    }
    if (s.accept('|')) {
      const choices = parseChoices(s);
      return choices ? { type: 'tabstop', index: n, children: [], choices } : undefined;
    }
    if (s.peek() === '/') {
      const transform = parseTransform(s);
      return transform && s.accept('}') ? { type: 'tabstop', index: n, children: [], transform } : undefined;
    }
    return undefined;
  }
  const varName = s.acceptRegex(VAR);
  if (varName === undefined) return undefined;
  if (s.accept('}')) return { type: 'variable', name: varName };
  if (s.accept(':')) {
    const children = parseAny(s, () => s.peek() === '}');
    return s.accept('}') ? { type: 'variable', name: varName, children } : undefined;
  }
  if (s.peek() === '/') {
    const transform = parseTransform(s);
    return transform && s.accept('}') ? { type: 'variable', name: varName, transform } : undefined;
  }
  return undefined;
}

/** `a,b,c|}` after `${n|`; `\,` `\|` `\\` `\$` `\}` are escapes inside a choice. */
function parseChoices(s: Scanner): string[] | undefined {
  const choices: string[] = [];
  let current = '';
  while (!s.eof()) {
    const c = s.peek();
    if (c === '\\' && ',|$}\\'.includes(s.peek(1)) && s.peek(1) !== '') {
      current += s.peek(1);
      s.pos += 2;
    } else if (c === ',') {
      choices.push(current);
      current = '';
      s.pos++;
    } else if (c === '|') {
      choices.push(current);
      s.pos++;
      return s.accept('}') ? choices : undefined;
    } else {
      current += c;
      s.pos++;
    }
  }
  return undefined;
}

/** `/regex/format/options` (the regex and format end at an unescaped `/`). */
function parseTransform(s: Scanner): Transform | undefined {
  if (!s.accept('/')) return undefined;
  let source = '';
  while (!s.eof() && s.peek() !== '/') {
    if (s.peek() === '\\' && s.peek(1) === '/') {
      source += '/';
      s.pos += 2;
      continue;
    }
    // Other escapes belong to the regular expression itself.
    if (s.peek() === '\\') {
      source += s.peek() + s.peek(1);
      s.pos += 2;
      continue;
    }
    source += s.peek();
    s.pos++;
  }
  if (!s.accept('/')) return undefined;
  const format: FormatPart[] = [];
  let text = '';
  const flush = () => {
    if (text) format.push({ type: 'text', value: text });
    text = '';
  };
  while (!s.eof() && s.peek() !== '/') {
    const c = s.peek();
    if (c === '\\' && '$}\\/'.includes(s.peek(1)) && s.peek(1) !== '') {
      text += s.peek(1);
      s.pos += 2;
      continue;
    }
    if (c === '$') {
      const start = s.pos;
      const part = parseFormat(s);
      if (part) {
        flush();
        format.push(part);
        continue;
      }
      s.pos = start;
    }
    text += c;
    s.pos++;
  }
  flush();
  if (!s.accept('/')) return undefined;
  const options = s.acceptRegex(/^[a-z]*/) ?? '';
  try {
    return { regex: new RegExp(source, options), format };
  } catch {
    return undefined;
  }
}

function parseFormat(s: Scanner): FormatPart | undefined {
  s.accept('$');
  const bare = s.acceptRegex(INT);
  if (bare !== undefined) return { type: 'format', group: Number(bare) };
  if (!s.accept('{')) return undefined;
  const int = s.acceptRegex(INT);
  if (int === undefined) return undefined;
  const group = Number(int);
  if (s.accept('}')) return { type: 'format', group };
  if (!s.accept(':')) return undefined;
  const modifier = s.acceptRegex(/^\/(upcase|downcase|capitalize|camelcase|pascalcase)/);
  if (modifier !== undefined) return s.accept('}') ? { type: 'format', group, modifier: modifier.slice(1) } : undefined;
  const until = (stops: string): string | undefined => {
    let out = '';
    while (!s.eof() && !stops.includes(s.peek())) {
      if (s.peek() === '\\' && s.peek(1) !== '') {
        out += s.peek(1);
        s.pos += 2;
        continue;
      }
      out += s.peek();
      s.pos++;
    }
    return s.eof() ? undefined : out;
  };
  if (s.accept('+')) {
    const ifValue = until('}');
    return ifValue !== undefined && s.accept('}') ? { type: 'format', group, ifValue } : undefined;
  }
  if (s.accept('?')) {
    const ifValue = until(':');
    if (ifValue === undefined || !s.accept(':')) return undefined;
    const elseValue = until('}');
    return elseValue !== undefined && s.accept('}') ? { type: 'format', group, ifValue, elseValue } : undefined;
  }
  s.accept('-');
  const elseValue = until('}');
  return elseValue !== undefined && s.accept('}') ? { type: 'format', group, elseValue } : undefined;
}

function applyModifier(value: string, modifier: string): string {
  switch (modifier) {
    case 'upcase': return value.toUpperCase();
    case 'downcase': return value.toLowerCase();
    case 'capitalize': return value ? value[0].toUpperCase() + value.slice(1) : value;
    case 'camelcase':
    case 'pascalcase': {
      const words = value.split(/[^a-zA-Z0-9]+/).filter(Boolean);
      const joined = words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('');
      return modifier === 'camelcase' && joined ? joined[0].toLowerCase() + joined.slice(1) : joined;
    }
    default: return value;
  }
}

function applyTransform(value: string, t: Transform): string {
  return value.replace(t.regex, (...args: unknown[]) => {
    // (match, group 1, ..., group n, offset, whole string[, named groups]): the groups end at the offset.
    const groups = args.slice(0, args.findIndex((a, i) => i > 0 && typeof a === 'number')) as (string | undefined)[];
    return t.format.map((part) => {
      if (part.type === 'text') return part.value;
      const g = groups[part.group];
      if (part.modifier) return applyModifier(g ?? '', part.modifier);
      if (part.ifValue !== undefined && g) return part.ifValue;
      if (part.elseValue !== undefined && !g) return part.elseValue;
      return g ?? '';
    }).join('');
  });
}

/** The text a snippet inserts when every tab stop keeps its default. */
export function expandSnippet(body: string, variables: Record<string, string> = {}): string {
  const nodes = parseSnippet(body);
  // Tab stops of one index are linked: the first one with content (or choices) gives the value.
  const defaults = new Map<number, SnippetNode[] | string>();
  const collect = (list: SnippetNode[]): void => {
    for (const n of list) {
      if (n.type === 'tabstop') {
        if (!defaults.has(n.index)) {
          if (n.choices) defaults.set(n.index, n.choices[0] ?? '');
          else if (n.children.length) defaults.set(n.index, n.children);
        }
        collect(n.children);
      } else if (n.type === 'variable' && n.children) {
        collect(n.children);
      }
    }
  };
  collect(nodes);
  const render = (list: SnippetNode[], depth: number): string => list.map((n) => {
    if (n.type === 'text') return n.value;
    if (n.type === 'variable') {
      const value = variables[n.name] ?? (n.children ? render(n.children, depth + 1) : n.name);
      return n.transform ? applyTransform(value, n.transform) : value;
    }
    if (n.index === 0 && !n.children.length) return '';
    if (depth > 20) throw new Error('snippet placeholders refer to each other in a cycle');
    const d = defaults.get(n.index);
    const value = typeof d === 'string' ? d : d ? render(d, depth + 1) : '';
    return n.transform ? applyTransform(value, n.transform) : value;
  }).join('');
  return render(nodes, 0);
}

/** A snippet file's body: a string, or lines joined with `\n`. */
export function snippetBody(body: string | string[]): string {
  return Array.isArray(body) ? body.join('\n') : body;
}
