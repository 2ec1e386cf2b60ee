/**
 * The function map templates see: text/template's builtins, Helm's functions and the
 * Sprig functions this renderer implements. `UNSUPPORTED` lists the functions Helm has
 * that are not evaluated here (time, randomness, cryptography, network): calling one
 * yields an unknown, never a guess. Helm removes Sprig's `env` and `expandenv`.
 */
import type { FuncDef } from '../template/exec';
import { BUILTINS } from './builtins';
import { HELM_FUNCS } from './helm';
import { SEMVER_FUNCS } from './semver';
import { SPRIG_DICTS } from './sprigDicts';
import { SPRIG_ENCODING } from './sprigEncoding';
import { SPRIG_LISTS } from './sprigLists';
import { SPRIG_MATH } from './sprigMath';
import { SPRIG_MISC } from './sprigMisc';
import { SPRIG_REGEX } from './sprigRegex';
import { SPRIG_STRINGS } from './sprigStrings';

export const UNSUPPORTED = new Set([
  // time
  'now', 'date', 'dateInZone', 'date_in_zone', 'dateModify', 'date_modify', 'mustDateModify', 'ago', 'toDate', 'mustToDate',
  'unixEpoch', 'htmlDate', 'htmlDateInZone', 'duration', 'durationRound',
  // randomness
  'randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii', 'randBytes', 'randInt', 'uuidv4', 'shuffle',
  // cryptography
  'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert',
  'genSignedCertWithKey', 'derivePassword', 'encryptAES', 'decryptAES', 'bcrypt', 'htpasswd', 'buildCustomCert',
  'sha512sum',
  // formats and others not implemented
  'fromToml', 'mustToToml', 'toPrettyJson', 'mustToPrettyJson', 'toRawJson', 'mustToRawJson', 'semver',
  'getHostByName', 'b32dec', 'urlParse', 'urlJoin', 'base', 'dir', 'ext', 'clean', 'isAbs', 'osBase', 'osDir', 'osExt',
  'osClean', 'osIsAbs', 'sortAlpha', 'swapcase', 'shuffle', 'regexFindAll', 'mustRegexFindAll', 'list', 'hello',
  'toDecimal', 'biggest', 'mustDeepCopy', 'mustMerge', 'mustMergeOverwrite', 'mustAppend', 'mustPush', 'mustPrepend',
  'mustFirst', 'mustLast', 'mustRest', 'mustInitial', 'mustReverse', 'mustUniq', 'mustWithout', 'mustHas', 'mustCompact',
  'mustSlice', 'mustChunk', 'mustRegexFind', 'mustRegexReplaceAll', 'mustRegexReplaceAllLiteral', 'mustRegexSplit',
  'mustFromJson', 'toYamlPretty', 'mustFromYaml', 'seq',
]);

export const FUNCS = new Map<string, FuncDef>(Object.entries({
  ...SPRIG_STRINGS,
  ...SPRIG_LISTS,
  ...SPRIG_DICTS,
  ...SPRIG_MATH,
  ...SPRIG_MISC,
  ...SPRIG_ENCODING,
  ...SPRIG_REGEX,
  ...SEMVER_FUNCS,
  ...HELM_FUNCS,
  ...BUILTINS,
}));

/** Sprig's must* variants: ours already fail where the must* ones return an error. */
for (const name of ['merge', 'mergeOverwrite', 'uniq', 'append', 'push', 'prepend', 'first', 'last', 'rest', 'initial', 'reverse', 'without', 'has', 'compact', 'slice', 'chunk', 'deepCopy', 'regexFind', 'regexFindAll', 'regexReplaceAll', 'regexReplaceAllLiteral', 'regexSplit', 'fromJson', 'fromYaml']) {
  const def = FUNCS.get(name);
  const must = `must${name[0].toUpperCase()}${name.slice(1)}`;
  if (def && !FUNCS.has(must)) FUNCS.set(must, def);
}

/** Go's path package (Sprig's base, dir, ext, clean, isAbs). */
function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
FUNCS.set('clean', { fn: ([p]) => cleanPath(str(p)) });
FUNCS.set('base', { fn: ([p]) => { const s = str(p).replace(/\/+$/, ''); return s === '' ? (str(p) === '' ? '.' : '/') : s.slice(s.lastIndexOf('/') + 1); } });
FUNCS.set('dir', { fn: ([p]) => { const s = str(p); const i = s.lastIndexOf('/'); return cleanPath(i < 0 ? '' : s.slice(0, i + 1)); } });
FUNCS.set('ext', { fn: ([p]) => { const s = str(p); for (let i = s.length - 1; i >= 0 && s[i] !== '/'; i--) if (s[i] === '.') return s.slice(i); return ''; } });
FUNCS.set('isAbs', { fn: ([p]) => str(p).startsWith('/') });

for (const name of FUNCS.keys()) UNSUPPORTED.delete(name);
