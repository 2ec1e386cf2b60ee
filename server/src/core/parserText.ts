/**
 * The text handed to the YAML parser, made from a document's text without changing its
 * length, so every offset the parser reports is an offset in the original text (ranges
 * are computed from the original, whose lines end at CR LF, LF or a lone CR, as in LSP).
 *
 * - A lone CR is a line break in YAML 1.2 (§5.4 b-break: CR LF, CR or LF) and in LSP,
 *   but the `yaml` package only breaks lines at LF: it becomes LF.
 * - A byte order mark may start any document of a stream (YAML 1.2 §9.1.1
 *   l-document-prefix), which is what concatenating files saved with a BOM gives; the
 *   parser accepts one only at the very start. A BOM at the start of a line swaps places
 *   with the line break before it (`\n<BOM>` → ` \n`): the line's text keeps its
 *   offsets, and the BOM becomes trailing space on the line before. A BOM right after a
 *   `---` marker becomes the space that may follow the marker.
 * https://yaml.org/spec/1.2.2/#54-line-break-characters, https://yaml.org/spec/1.2.2/#911-byte-order-mark
 */
export function parserText(text: string): string {
  let out = text;
  if (out.includes('\r')) out = out.replace(/\r(?!\n)/g, '\n');
  if (out.includes('\uFEFF')) {
    out = out
      .replace(/(\r\n|\n)\uFEFF/g, (m) => ` ${m.slice(0, -1)}`)
      .replace(/^---\uFEFF/gm, '--- ');
  }
  return out;
}
