import type { RenderedTemplate } from './contract';

/**
 * What a chart may output that nobody sees while editing: a template whose output an
 * unknown decided (`{{ if lookup … }}`, a `range` over an unknown, a render that stopped
 * at a problem) may hold objects that are not in its rendered text. A rule that searches
 * a namespace for an object by name ("no Service named …") must not say "none" while
 * such output may hold it (a false positive is worse than a missing check), inside the
 * chart or outside it.
 *
 * The template's own source says what it may hold, conservatively: the kinds written as
 * `kind: X` in it, or any kind when a `kind:` comes from an action or an action at the
 * start of a line may print whole documents (`{{ include "extra.objects" . }}`, `{{ tpl … }}`);
 * the release namespace (helm template's `--namespace`, for objects that set none), or
 * any namespace when the template writes a `namespace:` at all.
 */
export interface UnseenOutput {
  kinds: ReadonlySet<string> | 'any';
  namespaces: ReadonlySet<string> | 'any';
}

/** What a rendered template may hold beyond its text; undefined when an unknown decided nothing in it. */
export function unseenOutputOf(template: RenderedTemplate, source: string | undefined, releaseNamespace: string): UnseenOutput | undefined {
  if (template.uncertain.length === 0 && !template.problem) return undefined;
  // A template inside a packaged subchart has no text here: it may hold anything.
  if (source === undefined) return { kinds: 'any', namespaces: 'any' };
  return {
    kinds: kindsWritten(source),
    namespaces: /^\s*namespace\s*:/m.test(source) ? 'any' : new Set([releaseNamespace]),
  };
}

/** Whether any of these outputs may hold an object of a kind in a namespace. */
export function mayHold(outputs: Iterable<UnseenOutput>, kind: string, namespace: string): boolean {
  for (const output of outputs) {
    const kindFits = output.kinds === 'any' || output.kinds.has(kind);
    const namespaceFits = output.namespaces === 'any' || output.namespaces.has(namespace);
    if (kindFits && namespaceFits) return true;
  }
  return false;
}

/** Action words that print nothing themselves: control flow, comments, variable assignments. */
const SILENT_ACTION = /^(?:(?:if|else|end|range|with|define|block)\b|\/\*|\$\w*\s*:?=)/;

/** Whether an action at the start of a line prints something: it may print whole documents. */
function hasDocumentLevelAction(source: string): boolean {
  for (const match of source.matchAll(/^\{\{(.*)$/gm)) {
    if (!SILENT_ACTION.test(match[1].replace(/^-/, '').trimStart())) return true;
  }
  return false;
}

function kindsWritten(source: string): ReadonlySet<string> | 'any' {
  if (/^\s*kind\s*:\s*["']?\{\{/m.test(source) || hasDocumentLevelAction(source)) return 'any';
  const kinds = new Set<string>();
  for (const match of source.matchAll(/^\s*kind\s*:\s*["']?([A-Za-z]\w*)/gm)) kinds.add(match[1]);
  return kinds;
}
