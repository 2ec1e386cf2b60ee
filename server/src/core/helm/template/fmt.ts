/**
 * Go's fmt.Sprintf for the verbs charts use (fmt/print.go, fmt/format.go): %v %s %d %q
 * %x %X %o %b %c %f %F %e %E %g %G %t %T %%, with flags `-+# 0`, width and precision
 * (also `*`). Wrong types print as Go does (`%!d(float64=3)`), missing and extra
 * arguments too (`%!s(MISSING)`, `%!(EXTRA int=1)`).
 */
import { Unknown } from '../unknown';
import { formatFloat, formatV } from './print';
import { isMap, sortedKeys, typeName, type GoValue } from './values';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argNum = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = true;
      else break;
    }
    const readNum = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argNum++];
        return typeof a === 'bigint' ? Number(a) : undefined;
      }
      const m = /^[0-9]+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = readNum();
    if (spec.width !== undefined && spec.width < 0) {
      spec.minus = true;
      spec.width = -spec.width;
    }
    if (format[i] === '.') {
      i++;
      spec.prec = readNum() ?? 0;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    i++;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++], verb, spec);
  }
  if (argNum < args.length) {
    out += `%!(EXTRA ${args.slice(argNum).map((a) => `${a === null ? '<nil>' : typeName(a)}=${formatV(a)}`).join(', ')})`;
  }
  return out;
}

function bad(verb: string, v: GoValue): string {
  if (v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatV(v)})`;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const len = [...s].length;
  if (spec.width === undefined || len >= spec.width) return s;
  const fill = spec.width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

function signed(s: string, neg: boolean, spec: Spec): string {
  if (neg) return `-${s}`;
  if (spec.plus) return `+${s}`;
  if (spec.space) return ` ${s}`;
  return s;
}

function formatArg(v: GoValue, verb: string, spec: Spec): string {
  if (v instanceof Unknown) return v.toString();
  if (verb === 'T') return pad(v === null ? '<nil>' : typeName(v), spec, false);
  if (v === null) return verb === 'v' ? pad('<nil>', spec, false) : bad(verb, v);
  if (Array.isArray(v) && verb !== 'T') return `[${v.map((e) => formatArg(e, verb, { ...spec, width: undefined })).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${formatArg(k, verb, { ...spec, width: undefined })}:${formatArg(v[k], verb, { ...spec, width: undefined })}`).join(' ')}]`;
  switch (typeof v) {
    case 'string': return formatString(v, verb, spec);
    case 'bigint': return formatInt(v, verb, spec);
    case 'number': return formatNumber(v, verb, spec);
    case 'boolean':
      if (verb === 'v' || verb === 't') return pad(v ? 'true' : 'false', spec, false);
      return bad(verb, v);
    default:
  }
  if (verb === 'v' || verb === 's') return pad(formatV(v), spec, false);
  return bad(verb, v);
}

function formatString(s: string, verb: string, spec: Spec): string {
  const limited = spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s;
  switch (verb) {
    case 'v': case 's': return pad(limited, spec, false);
    case 'q': return pad(spec.sharp && !limited.includes('`') ? `\`${limited}\`` : goQuote(limited), spec, false);
    case 'x': case 'X': {
      const hex = [...utf8(limited)].map((b) => b.toString(16).padStart(2, '0')).join(spec.space ? ' ' : '');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
    }
    default: return bad(verb, s);
  }
}

function formatInt(n: bigint, verb: string, spec: Spec): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let body: string;
  switch (verb) {
    case 'v': case 'd': body = a.toString(); break;
    case 'b': body = a.toString(2); break;
    case 'o': body = (spec.sharp ? '0' : '') + a.toString(8); break;
    case 'O': body = `0o${a.toString(8)}`; break;
    case 'x': body = (spec.sharp ? '0x' : '') + a.toString(16); break;
    case 'X': body = (spec.sharp ? '0X' : '') + a.toString(16).toUpperCase(); break;
    case 'c': return pad(String.fromCodePoint(Number(a)), spec, false);
    case 'q': return pad(`'${String.fromCodePoint(Number(a))}'`, spec, false);
    case 'U': return pad(`U+${a.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return bad(verb, n);
    default: return bad(verb, n);
  }
  if (spec.prec !== undefined) body = body.padStart(spec.prec, '0');
  return pad(signed(body, neg, spec), spec, spec.prec === undefined);
}

function formatNumber(f: number, verb: string, spec: Spec): string {
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  let body: string;
  switch (verb) {
    case 'v': case 'g': case 'G': body = formatFloat(a, verb === 'G' ? 'G' : 'g', spec.prec ?? -1); break;
    case 'f': case 'F': body = formatFloat(a, 'f', spec.prec ?? 6); break;
    case 'e': case 'E': body = formatFloat(a, verb, spec.prec ?? 6); break;
    default: return bad(verb, f);
  }
  if (Number.isNaN(f)) return pad(spec.plus ? '+NaN' : 'NaN', spec, false);
  if (!Number.isFinite(f)) return pad(neg ? '-Inf' : spec.plus ? '+Inf' : 'Inf', spec, false);
  return pad(signed(body, neg, spec), spec, true);
}

/** strconv.Quote: Go double-quoted string with escapes for non-printable characters. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\t': out += '\\t'; continue;
      case '\r': out += '\\r'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\v': out += '\\v'; continue;
      default:
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (ch === '\ufffd' || (cp >= 0xd800 && cp <= 0xdfff)) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** UTF-8 bytes of a string (no TextEncoder in the pure core's lib). */
export function utf8(s: string): Uint8Array {
  const bytes: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(bytes);
}

/** Text of UTF-8 bytes, invalid sequences as U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let cp = 0xfffd;
    let n = 1;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0 && (bytes[i + 1] & 0xc0) === 0x80) { cp = ((b & 31) << 6) | (bytes[i + 1] & 63); n = 2; }
    else if (b >= 0xe0 && b < 0xf0 && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
      cp = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63); n = 3;
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) { cp = 0xfffd; n = 1; }
    } else if (b >= 0xf0 && b < 0xf5 && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80 && (bytes[i + 3] & 0xc0) === 0x80) {
      cp = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63); n = 4;
      if (cp < 0x10000 || cp > 0x10ffff) { cp = 0xfffd; n = 1; }
    }
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}
