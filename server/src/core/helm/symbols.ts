/**
 * `chartSymbols`: the names a chart's files define and use, with offsets, for
 * go-to-definition and completion: every `define`/`block` name, every `include`/`template`
 * name given as a string literal, every `.Values.a.b` chain (also `$.Values.a.b`).
 * Files that do not parse still give what a token scan finds.
 */
import type { ChartFiles, TemplateSymbol } from './contract';
import { lex, type Token } from './template/lexer';

function isTemplateFile(path: string): boolean {
  return /(^|\/)templates\//.test(path) && !path.endsWith('.tgz');
}

/** Symbols of one template text. */
export function templateSymbols(file: string, text: string): TemplateSymbol[] {
  let tokens: Token[];
  try {
    tokens = lex(text);
  } catch {
    tokens = lexActionsSeparately(text);
  }
  const out: TemplateSymbol[] = [];
  const significant = tokens.filter((t) => t.type !== 'space');
  for (let i = 0; i < significant.length; i++) {
    const t = significant[i];
    const prev = significant[i - 1];
    if ((t.type === 'string' || t.type === 'rawString') && prev) {
      const name = t.type === 'string' ? safeUnquote(t.value) : t.value.slice(1, -1);
      if (name === undefined) continue;
      if (prev.type === 'keyword' && (prev.value === 'define' || prev.value === 'block')) {
        out.push({ kind: 'define', name, file, start: t.start + 1, end: t.end - 1 });
      } else if ((prev.type === 'keyword' && prev.value === 'template') || (prev.type === 'identifier' && prev.value === 'include')) {
        out.push({ kind: 'include', name, file, start: t.start + 1, end: t.end - 1 });
      }
    }
    // `.Values.a.b` (field tokens) or `$.Values.a.b` (variable `$` then fields).
    const startsValues = t.type === 'field' && t.value === '.Values' && !(prev && (prev.end === t.start) && (prev.type === 'field' || prev.type === 'rightParen' || (prev.type === 'variable' && prev.value !== '$')));
    if (startsValues) {
      const parts: string[] = [];
      let j = i + 1;
      let end = t.end;
      while (j < significant.length && significant[j].type === 'field' && significant[j].start === end) {
        parts.push(significant[j].value.slice(1));
        end = significant[j].end;
        j++;
      }
      if (parts.length) out.push({ kind: 'values', name: parts.join('.'), file, start: significant[i + 1].start, end });
      i = j - 1;
    }
  }
  return out;
}

function safeUnquote(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** When the whole file does not lex, each `{{ … }}` on its own. */
function lexActionsSeparately(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    try {
      for (const t of lex(m[0])) if (t.type !== 'eof' && t.type !== 'text') tokens.push({ ...t, start: t.start + m.index, end: t.end + m.index });
    } catch {
      // An action that does not lex gives nothing.
    }
  }
  return tokens;
}

export function chartSymbols(files: ChartFiles): TemplateSymbol[] {
  const out: TemplateSymbol[] = [];
  for (const path of files.paths()) {
    if (!isTemplateFile(path)) continue;
    const text = files.get(path);
    if (typeof text === 'string') out.push(...templateSymbols(path, text));
  }
  return out;
}
