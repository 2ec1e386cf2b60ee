/**
 * The lexer of Go's text/template (src/text/template/parse/lex.go), for the default
 * delimiters `{{` `}}`. It scans the whole text at once into tokens with offsets.
 *
 * Trim markers follow Go: `{{- ` (a dash then a space) trims the white space before the
 * action, ` -}}` the white space after it. Comments are `{{/* … *\/}}`, optionally with
 * trim markers, and must close right before the delimiter.
 */

export type TokenType =
  | 'text' | 'leftDelim' | 'rightDelim' | 'comment'
  | 'identifier' | 'keyword' | 'field' | 'variable' | 'dot'
  | 'string' | 'rawString' | 'char' | 'number' | 'bool' | 'nil'
  | 'pipe' | 'leftParen' | 'rightParen' | 'declare' | 'assign' | 'comma'
  | 'space' | 'eof';

export interface Token {
  type: TokenType;
  /** Source text of the token (for text tokens: after trimming). */
  value: string;
  start: number;
  end: number;
}

export class TemplateSyntaxError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const SPACE = /[ \t\r\n]/;
const ALNUM = /[\p{L}\p{Nd}_]/u;

function isSpace(c: string | undefined): boolean {
  return c !== undefined && SPACE.test(c);
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && ALNUM.test(c);
}

/** True when the action opening at `at` starts with a left trim marker `{{- `. */
function hasLeftTrim(text: string, at: number): boolean {
  return text[at + 2] === '-' && isSpace(text[at + 3]);
}

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    const textEnd = open < 0 ? text.length : open;
    let start = pos;
    let end = textEnd;
    if (trimNextText) while (start < end && isSpace(text[start])) start++;
    if (open >= 0 && hasLeftTrim(text, open)) while (end > start && isSpace(text[end - 1])) end--;
    if (end > start) tokens.push({ type: 'text', value: text.slice(start, end), start, end });
    if (open < 0) break;
    const action = lexAction(text, open, tokens);
    pos = action.end;
    trimNextText = action.trimRight;
  }
  tokens.push({ type: 'eof', value: '', start: text.length, end: text.length });
  return tokens;
}

/** Scans one action from its `{{` and returns where it ended and whether it trims right. */
function lexAction(text: string, open: number, tokens: Token[]): { end: number; trimRight: boolean } {
  let pos = open + 2;
  if (hasLeftTrim(text, open)) pos += 2;
  tokens.push({ type: 'leftDelim', value: '{{', start: open, end: pos });
  // A comment: `/*` right after the delimiter (and trim marker), `*/` right before the closing one.
  if (text.startsWith('/*', pos)) {
    const close = text.indexOf('*/', pos + 2);
    if (close < 0) throw new TemplateSyntaxError('unclosed comment', open, text.length);
    let after = close + 2;
    let trimRight = false;
    if (text[after] === ' ' && text[after + 1] === '-' && text.startsWith('}}', after + 2)) {
      trimRight = true;
      after += 2;
    }
    if (!text.startsWith('}}', after)) throw new TemplateSyntaxError('comment ends before closing delimiter', open, after);
    tokens.push({ type: 'comment', value: text.slice(pos, close + 2), start: pos, end: close + 2 });
    tokens.push({ type: 'rightDelim', value: '}}', start: after, end: after + 2 });
    return { end: after + 2, trimRight };
  }
  let parens = 0;
  for (;;) {
    if (pos >= text.length) throw new TemplateSyntaxError('unclosed action', open, text.length);
    const c = text[pos];
    // The right delimiter, possibly with a trim marker (which needs white space before it).
    if (isSpace(c)) {
      let e = pos;
      while (isSpace(text[e])) e++;
      if (text[e] === '-' && text.startsWith('}}', e + 1)) {
        if (parens > 0) throw new TemplateSyntaxError('unclosed left paren', open, e);
        tokens.push({ type: 'rightDelim', value: '}}', start: e, end: e + 3 });
        return { end: e + 3, trimRight: true };
      }
      tokens.push({ type: 'space', value: text.slice(pos, e), start: pos, end: e });
      pos = e;
      continue;
    }
    if (text.startsWith('}}', pos)) {
      if (parens > 0) throw new TemplateSyntaxError('unclosed left paren', open, pos);
      tokens.push({ type: 'rightDelim', value: '}}', start: pos, end: pos + 2 });
      return { end: pos + 2, trimRight: false };
    }
    const start = pos;
    const push = (type: TokenType, end: number): void => {
      tokens.push({ type, value: text.slice(start, end), start, end });
      pos = end;
    };
    if (c === '|') push('pipe', pos + 1);
    else if (c === ',') push('comma', pos + 1);
    else if (c === '(') { parens++; push('leftParen', pos + 1); }
    else if (c === ')') {
      if (--parens < 0) throw new TemplateSyntaxError('unexpected right paren', pos, pos + 1);
      push('rightParen', pos + 1);
    } else if (c === ':') {
      if (text[pos + 1] !== '=') throw new TemplateSyntaxError("expected :=", pos, pos + 1);
      push('declare', pos + 2);
    } else if (c === '=') push('assign', pos + 1);
    else if (c === '"') push('string', scanQuoted(text, pos, '"'));
    else if (c === '`') {
      const close = text.indexOf('`', pos + 1);
      if (close < 0) throw new TemplateSyntaxError('unterminated raw quoted string', pos, text.length);
      push('rawString', close + 1);
    } else if (c === "'") push('char', scanQuoted(text, pos, "'"));
    else if (c === '$') {
      let e = pos + 1;
      while (isAlnum(text[e])) e++;
      push('variable', e);
    } else if (c === '.') {
      if (/[0-9]/.test(text[pos + 1] ?? '')) push('number', scanNumber(text, pos));
      else if (isAlnum(text[pos + 1])) {
        let e = pos + 1;
        while (isAlnum(text[e])) e++;
        push('field', e);
      } else push('dot', pos + 1);
    } else if (/[0-9+-]/.test(c)) {
      push('number', scanNumber(text, pos));
    } else if (isAlnum(c)) {
      let e = pos;
      while (isAlnum(text[e])) e++;
      const word = text.slice(pos, e);
      push(KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier', e);
    } else {
      throw new TemplateSyntaxError(`unexpected ${JSON.stringify(c)} in action`, pos, pos + 1);
    }
  }
}

function scanQuoted(text: string, start: number, quote: string): number {
  let pos = start + 1;
  for (;;) {
    const c = text[pos];
    if (c === undefined || c === '\n') throw new TemplateSyntaxError(quote === '"' ? 'unterminated quoted string' : 'unterminated character constant', start, pos);
    if (c === '\\') pos += 2;
    else if (c === quote) return pos + 1;
    else pos++;
  }
}

function scanNumber(text: string, start: number): number {
  const m = /^[+-]?(?:0[xX][0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(text.slice(start, start + 400));
  const end = start + (m ? m[0].length : 0);
  if (end === start || isAlnum(text[end])) throw new TemplateSyntaxError(`bad number syntax: ${JSON.stringify(text.slice(start, Math.max(end + 1, start + 1)))}`, start, end + 1);
  return end;
}
