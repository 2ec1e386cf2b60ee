/**
 * Helm and other Go-template sources are not YAML until rendered. To still read what
 * is plain in them (kinds, literal names), template actions are masked before parsing:
 * an action alone on its line becomes spaces, an inline one becomes a placeholder of
 * the same length. Offsets and line numbers stay those of the source. Any value that
 * contains a placeholder is unknown to the rules.
 */
export const TEMPLATE_MARK = '\u27e6'; // ⟦ : one UTF-16 unit, not a YAML indicator

const ACTION = /\{\{[\s\S]*?\}\}/g;

export function hasTemplateSyntax(text: string): boolean {
  return text.includes('{{');
}

export function maskTemplates(text: string): string {
  return text.replace(ACTION, (action, offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    let lineEnd = text.indexOf('\n', offset + action.length);
    if (lineEnd < 0) lineEnd = text.length;
    const before = text.slice(lineStart, offset);
    const after = text.slice(offset + action.length, lineEnd);
    const aloneOnLine = before.trim() === '' && after.trim() === '';
    return action.replace(/[^\r\n]/g, (_c: string, i: number) => (aloneOnLine ? ' ' : i === 0 ? TEMPLATE_MARK : 'x'));
  });
}

export function isTemplated(value: string): boolean {
  return value.includes(TEMPLATE_MARK);
}
