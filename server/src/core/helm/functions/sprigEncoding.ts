/** Sprig's encodings and hashes (Masterminds/sprig v3 crypto.go, functions.go). */
import type { FuncDef } from '../template/exec';
import { fromUtf8, utf8 } from '../template/fmt';
import { str } from './convert';
import { adler32, sha1, sha256 } from './hashes';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** base64.StdEncoding.DecodeString; Sprig returns the error text when it fails. */
export function base64Decode(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    const bad = [...clean].findIndex((c) => !B64.includes(c) && c !== '=');
    return `illegal base64 data at input byte ${bad >= 0 ? bad : clean.length - (clean.length % 4)}`;
  }
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const c = [0, 1, 2, 3].map((j) => (clean[i + j] === '=' ? -1 : B64.indexOf(clean[i + j])));
    const n = (c[0] << 18) | (c[1] << 12) | (Math.max(c[2], 0) << 6) | Math.max(c[3], 0);
    bytes.push((n >> 16) & 255);
    if (c[2] >= 0) bytes.push((n >> 8) & 255);
    if (c[3] >= 0) bytes.push(n & 255);
  }
  return fromUtf8(Uint8Array.from(bytes));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

export const SPRIG_ENCODING: Record<string, FuncDef> = {
  b64enc: { fn: ([s]) => base64Encode(utf8(str(s))) },
  b64dec: { fn: ([s]) => base64Decode(str(s)) },
  b32enc: { fn: ([s]) => base32Encode(utf8(str(s))) },
  sha256sum: { fn: ([s]) => sha256(utf8(str(s))) },
  sha1sum: { fn: ([s]) => sha1(utf8(str(s))) },
  adler32sum: { fn: ([s]) => String(adler32(utf8(str(s)))) },
};
