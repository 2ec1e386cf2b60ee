/**
 * Sprig's semverCompare (Masterminds/semver v3 constraints): `||` alternatives of
 * comma/space separated comparisons with =, !=, >, <, >=, <=, ~, ^, x-ranges and hyphen
 * ranges. As in semver v3, a version with a prerelease only satisfies a comparison whose
 * own version has a prerelease (`>=1.19-0` admits `v1.33.0-gke.1`).
 */
import { FuncError, type FuncDef } from '../template/exec';
import { GoObject } from '../template/values';
import { str } from './convert';

interface Version {
  parts: [number, number, number];
  pre: string;
  /** How many of major.minor.patch were written (for x-ranges). */
  given: number;
  wild: boolean;
}

const VERSION = /^v?(0|[1-9]\d*|[xX*])(?:\.(0|[1-9]\d*|[xX*]))?(?:\.(0|[1-9]\d*|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(s: string, allowWild: boolean): Version {
  const m = VERSION.exec(s.trim());
  if (!m) throw new FuncError(`Invalid Semantic Version`);
  const raw = [m[1], m[2], m[3]];
  let given = 0;
  let wild = false;
  const parts = raw.map((p) => {
    if (p === undefined) return 0;
    if (/^[xX*]$/.test(p)) {
      if (!allowWild) throw new FuncError('Invalid Semantic Version');
      wild = true;
      return 0;
    }
    if (!wild) given++;
    return Number(p);
  }) as [number, number, number];
  return { parts, pre: m[4] ?? '', given, wild };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb && Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) < Number(pb[i]) ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

function bump(v: Version, index: number): Version {
  const parts = [...v.parts] as [number, number, number];
  parts[index]++;
  for (let i = index + 1; i < 3; i++) parts[i] = 0;
  return { parts, pre: '', given: 3, wild: false };
}

function check(op: string, c: Version, v: Version): boolean {
  if (v.pre !== '' && c.pre === '') return false;
  const upperOfRange = (): Version => bump(c, Math.max(c.given - 1, 0));
  switch (op) {
    case '': case '=':
      if (c.given < 3) return compare(v, { ...c, pre: '' }) >= 0 && compare(v, upperOfRange()) < 0;
      return compare(v, c) === 0;
    case '!=':
      if (c.given < 3) return !(compare(v, c) >= 0 && compare(v, upperOfRange()) < 0);
      return compare(v, c) !== 0;
    case '>':
      if (c.given < 3) return compare(v, upperOfRange()) >= 0;
      return compare(v, c) > 0;
    case '>=': return compare(v, c) >= 0;
    case '<': return compare(v, c) < 0;
    case '<=':
      if (c.given < 3) return compare(v, upperOfRange()) < 0;
      return compare(v, c) <= 0;
    case '~': case '~>':
      return compare(v, c) >= 0 && compare(v, bump(c, c.given >= 2 ? 1 : 0)) < 0;
    case '^': {
      const index = c.parts[0] > 0 || c.given < 2 ? 0 : c.parts[1] > 0 || c.given < 3 ? 1 : 2;
      return compare(v, c) >= 0 && compare(v, bump(c, index)) < 0;
    }
    default:
      throw new FuncError(`improper constraint: ${op}`);
  }
}

const TERM = /^(!=|>=|=>|<=|=<|~>|[=<>~^])?\s*(\S+)$/;

export function semverCompare(constraint: string, version: string): boolean {
  const v = parseVersion(version, false);
  return constraint.split('||').some((alternative) => {
    const text = alternative.trim().replace(/\s+-\s+/g, ' - ');
    const hyphen = /^(\S+) - (\S+)$/.exec(text);
    if (hyphen) {
      const lo = parseVersion(hyphen[1], true);
      const hi = parseVersion(hyphen[2], true);
      return check('>=', lo, v) && check('<=', hi, v);
    }
    // An operator may be followed by spaces ('>= 1.23-0'): join it to its version first.
    const terms = text.replace(/([=<>!~^]+)\s+/g, '$1').split(/\s*,\s*|\s+(?=[=<>~^!]|v?\d)/).filter((t) => t !== '');
    if (terms.length === 0) throw new FuncError(`improper constraint: ${constraint}`);
    return terms.every((term) => {
      const m = TERM.exec(term.replace(/^([=<>!~^]+)\s+/, '$1'));
      if (!m) throw new FuncError(`improper constraint: ${constraint}`);
      const op = m[1] === '=>' ? '>=' : m[1] === '=<' ? '<=' : m[1] ?? '';
      return check(op, parseVersion(m[2], true), v);
    });
  });
}

/** Sprig's `semver`: a *semver.Version whose methods templates call ($v.Major, $v.Prerelease). */
function semverObject(text: string): GoObject {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(text.trim());
  if (!m) throw new FuncError('Invalid Semantic Version');
  const [major, minor, patch] = [m[1], m[2] ?? '0', m[3] ?? '0'].map((p) => BigInt(p));
  const pre = m[4] ?? '';
  const meta = m[5] ?? '';
  const canonical = `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}${meta ? `+${meta}` : ''}`;
  return new GoObject('*semver.Version', {}, {
    Major: () => major,
    Minor: () => minor,
    Patch: () => patch,
    Prerelease: () => pre,
    Metadata: () => meta,
    Original: () => text,
    String: () => canonical,
  }, canonical);
}

export const SEMVER_FUNCS: Record<string, FuncDef> = {
  semverCompare: { fn: ([c, v]) => semverCompare(str(c), str(v)) },
  semver: { fn: ([v]) => semverObject(str(v)) },
};
