import { CST, Scalar } from 'yaml';
import type { Steps } from './steps';
import { flattened, type ScalarCut } from './yamlFlowScalars';

/**
 * A large block scalar (`|`, `>`) decoded by `yaml` a part of whole lines at a time, for
 * yamlCompose.ts, which gives the composer an alias of the same length in its place: `yaml`
 * splits and joins the lines of a block scalar at about 7.7 ms per MB, so a 20 MB ConfigMap
 * value was one step of 154 ms.
 *
 * A part ends before a line, and only between two lines that both hold text: there the
 * value has nothing pending but the line break between them, which is a line feed in a
 * literal block and a space in a folded one. In a folded block both lines must be indented
 * exactly as deep as the content and not start with a tab (two such lines fold into one;
 * a more indented one keeps its line breaks). Each part is decoded as a block scalar of its
 * own:
 *
 * - the first with the block's own header, which reads its leading blank lines and sets the
 *   content's indentation, but keeping its last line break (`+`);
 * - the others with a header giving that indentation explicitly (`|2+`), the last with the
 *   block's own chomping, which weighs its trailing lines.
 *
 * Joined (a folded part's last line feed made a space), they give the value decoding the
 * whole gives; a problem in a part (a line indented too little, a header with extra
 * characters) leaves the block to be composed whole, which reports it.
 */

/** How deep the content is indented: from the header's indicator, or from its first line holding text. */
function contentIndent(token: CST.BlockScalar, header: string): number | undefined {
  const explicit = /[1-9]/.exec(header);
  if (explicit) return token.indent + Number(explicit[0]);
  const match = /^(?:[ ]*\r?\n)*([ ]*)[^ \r\n]/.exec(token.source.slice(0, 4096));
  return match ? match[1].length : undefined;
}

/**
 * Where the parts of the body end: the starts of the lines that begin a part, each about
 * `charsPerStep` characters after the previous, found a line at a time.
 */
function* partStarts(source: string, indent: number, folded: boolean, charsPerStep: number): Steps<number[]> {
  const starts: number[] = [];
  let partStart = 0;
  // Whether the line before the current one holds text where a part may end.
  let previousIsText = false;
  for (let lineStart = 0; lineStart < source.length; ) {
    const lineBreak = source.indexOf('\n', lineStart);
    if (lineBreak === -1) break;
    const isText = holdsTextAt(source, lineStart, lineBreak, indent, folded);
    if (isText && previousIsText && lineStart - partStart >= charsPerStep) {
      starts.push(lineStart);
      partStart = lineStart;
      yield;
    }
    previousIsText = isText;
    lineStart = lineBreak + 1;
  }
  return starts;
}

/**
 * Whether the line holds text indented at least `indent` spaces (not blank); in a folded
 * block, exactly `indent` spaces and not a tab after them.
 */
function holdsTextAt(source: string, lineStart: number, lineBreak: number, indent: number, folded: boolean): boolean {
  for (let i = lineStart; i < lineStart + indent; i++) if (source.charCodeAt(i) !== 0x20) return false;
  let first = lineStart + indent;
  if (!folded) while (source.charCodeAt(first) === 0x20) first++;
  const code = source.charCodeAt(first);
  return first < lineBreak && code !== 0x0d && !(folded && (code === 0x20 || code === 0x09));
}

/**
 * The block scalar decoded in parts, as a cut to put back in place of its alias; undefined
 * when it is composed whole. `strict` is the parse option (on by default in `yaml`): with
 * it, a comment glued to the header (`|#c`) is an error.
 */
export function* blockScalarCutSteps(token: CST.BlockScalar, charsPerStep: number, strict = true): Steps<ScalarCut | undefined> {
  const [header] = token.props;
  if (header?.type !== 'block-scalar-header') return undefined;
  const mode = header.source[0];
  const indent = contentIndent(token, header.source);
  if ((mode !== '|' && mode !== '>') || indent === undefined || indent - token.indent < 1 || indent - token.indent > 9) return undefined;
  const starts = yield* partStarts(token.source, indent, mode === '>', charsPerStep);
  if (starts.length === 0) return undefined;
  const chomp = /[-+]/.exec(header.source)?.[0] ?? '';
  const explicitHeader = (last: boolean) => `${mode}${indent - token.indent}${last ? chomp : '+'}`;
  const keepHeader = header.source.replace(/[-+]/, '') + '+';
  let value = '';
  const bounds = [0, ...starts, token.source.length];
  for (let p = 0; p + 1 < bounds.length; p++) {
    const last = p + 2 === bounds.length;
    const props = p === 0 ? [{ ...header, source: keepHeader }, ...token.props.slice(1)] : [{ ...header, source: explicitHeader(last) }, { type: 'newline', offset: 0, indent: 0, source: '\n' }];
    const part = decodePart({ ...token, props: props as CST.Token[], source: token.source.slice(bounds[p], bounds[p + 1]) }, strict);
    if (part === undefined) return undefined;
    // A kept last line break between two lines of text: a space in a folded block.
    value += !last && mode === '>' ? `${part.slice(0, -1)} ` : part;
    yield;
  }
  const comment = headerComment(token);
  return { kind: 'scalar', scalarType: mode === '>' ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL, start: token.offset, value, ...(comment ? { comment } : {}) };
}

function decodePart(token: CST.BlockScalar, strict: boolean): string | undefined {
  let problem = false;
  const resolved = CST.resolveAsScalar(token, strict, () => {
    problem = true;
  });
  return problem || typeof resolved?.value !== 'string' ? undefined : flattened(resolved.value);
}

/** The comment after the header, which `yaml` gives the scalar. */
function headerComment(token: CST.BlockScalar): string | undefined {
  const comment = token.props.find((t): t is CST.SourceToken => t.type === 'comment');
  return comment ? comment.source.substring(1) : undefined;
}

/**
 * The token the composer is given in place of a large block scalar: an alias as long as its
 * header and body, composed without reading them. Its source is their text as it stands in
 * the document's `text` (they are contiguous from the token's offset), a view into it: the
 * two joined made a string that the composer's `substring(1)` copied whole (see
 * aliasInPlaceOf, yamlFlowScalars.ts).
 */
export function aliasInPlaceOfBlock(token: CST.BlockScalar, text: string): CST.FlowScalar {
  const header = token.props.reduce((length, t) => length + ('source' in t && typeof t.source === 'string' ? t.source.length : 0), 0);
  return { type: 'alias', offset: token.offset, indent: token.indent, source: text.slice(token.offset, token.offset + header + token.source.length) };
}
