/**
 * Go's fmt `%v` printing of template values (fmt/print.go) and strconv's float formats,
 * as text/template prints an action's value: nil prints `<no value>` at the top level and
 * `<nil>` inside a slice or map; maps print `map[k:v …]` with sorted keys; slices `[a b]`.
 */
import { Unknown } from '../unknown';
import { GoObject, isMap, sortedKeys, type GoValue } from './values';

/** What `{{ value }}` prints (text/template printValue). */
export function printTop(v: GoValue): string {
  if (v === null) return '<no value>';
  return formatV(v);
}

/** fmt's %v. */
export function formatV(v: GoValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return formatFloat(v, 'g', -1);
    case 'bigint': return v.toString();
    default:
  }
  if (v instanceof Unknown) return v.toString();
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (v instanceof GoObject) return v.printed ?? `{${Object.values(v.fields).map(formatV).join(' ')}}`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${formatV(v[k])}`).join(' ')}]`;
  return String(v);
}

/** Shortest decimal digits and decimal point position of a finite non-negative float. */
function shortestDigits(f: number): { digits: string; dp: number } {
  if (f === 0) return { digits: '0', dp: 1 };
  const [mant, exp] = f.toExponential().split('e');
  const digits = mant.replace('.', '');
  return { digits, dp: Number(exp) + 1 };
}

function roundedDigits(f: number, significant: number): { digits: string; dp: number } {
  if (f === 0) return { digits: '0'.repeat(Math.max(significant, 1)), dp: 1 };
  const [mant, exp] = f.toExponential(Math.min(Math.max(significant - 1, 0), 100)).split('e');
  return { digits: mant.replace('.', ''), dp: Number(exp) + 1 };
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt 'e', 'f', 'g'. */
export function formatFloat(f: number, fmt: 'e' | 'f' | 'g' | 'E' | 'G', prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  const sign = neg ? '-' : '';
  const lower = fmt.toLowerCase();
  if (lower === 'f') {
    if (prec < 0) {
      const { digits, dp } = shortestDigits(a);
      return sign + fixedFrom(digits, dp, Math.max(digits.length - dp, 0));
    }
    return sign + a.toFixed(Math.min(prec, 100));
  }
  const shortest = prec < 0;
  const d = shortest ? shortestDigits(a) : roundedDigits(a, lower === 'e' ? prec + 1 : prec === 0 ? 1 : prec);
  if (lower === 'e') return sign + expFrom(d.digits, d.dp, shortest ? d.digits.length - 1 : prec, fmt === 'E');
  let eprec = shortest ? 6 : prec === 0 ? 1 : prec;
  if (!shortest && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    const digits = shortest ? d.digits : d.digits.replace(/0+$/, '') || '0';
    return sign + expFrom(digits, d.dp, digits.length - 1, fmt === 'G');
  }
  const digits = shortest ? d.digits : d.digits.replace(/0+$/, '') || '0';
  return sign + fixedFrom(digits, d.dp, Math.max(digits.length - d.dp, 0));
}

function fixedFrom(digits: string, dp: number, decimals: number): string {
  let intPart: string;
  let frac: string;
  if (dp <= 0) {
    intPart = '0';
    frac = '0'.repeat(-dp) + digits;
  } else if (dp >= digits.length) {
    intPart = digits + '0'.repeat(dp - digits.length);
    frac = '';
  } else {
    intPart = digits.slice(0, dp);
    frac = digits.slice(dp);
  }
  frac = (frac + '0'.repeat(decimals)).slice(0, decimals);
  return decimals > 0 ? `${intPart}.${frac}` : intPart;
}

function expFrom(digits: string, dp: number, decimals: number, upper: boolean): string {
  const first = digits[0] ?? '0';
  const rest = (digits.slice(1) + '0'.repeat(decimals)).slice(0, decimals);
  const exp = digits === '0' ? 0 : dp - 1;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${first}${decimals > 0 ? `.${rest}` : ''}${upper ? 'E' : 'e'}${e}`;
}
