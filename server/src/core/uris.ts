/**
 * URI path arithmetic for `file:` URIs, without node's `path` or `url` (the core is pure).
 * Paths are joined and normalised on the encoded form; segments coming from a file
 * (a kustomization's `resources:` entry) are percent-encoded the way VS Code encodes
 * URIs (vscode-uri keeps only unreserved characters), so the result equals the URI
 * the editor and the indexer use for the same file.
 */

/** Percent-encodes one path segment like vscode-uri: everything but `A-Z a-z 0-9 - . _ ~`. */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `file:///a/b/c.yaml` → `file:///a/b`. */
export function dirnameUri(uri: string): string {
  const slash = uri.lastIndexOf('/');
  const schemeEnd = uri.indexOf('://');
  return slash > schemeEnd + 3 ? uri.slice(0, slash) : uri;
}

/** `file:///a/b/c.yaml` → `c.yaml` (still encoded). */
export function basenameUri(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * Resolves a relative (or absolute) file-system path against a folder URI:
 * `joinUri('file:///repo/overlays/prod', '../../base/')` → `file:///repo/base`.
 * `.` and `..` are applied; trailing slashes dropped; never climbs above the root.
 */
export function joinUri(dirUri: string, relativePath: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(dirUri);
  if (!match) return dirUri;
  const [, authority, dirPath] = match;
  const segments = relativePath.startsWith('/') ? [] : dirPath.split('/').filter(Boolean);
  for (const part of relativePath.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push(encodeSegment(part));
  }
  return `${authority}/${segments.join('/')}`;
}

/** Whether `uri` is inside the folder `dirUri` (at any depth). */
export function isInside(uri: string, dirUri: string): boolean {
  const prefix = dirUri.endsWith('/') ? dirUri : `${dirUri}/`;
  return uri.startsWith(prefix);
}

/**
 * The path from a folder to a file or folder, as a user reads it (decoded, `/`-separated,
 * `.` for the folder itself): `relativePath('file:///repo/base', 'file:///repo/overlays/prod')`
 * → `../overlays/prod`. URIs of different authorities give the decoded target path.
 */
export function relativePath(fromDirUri: string, toUri: string): string {
  const split = (uri: string) => /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(uri);
  const from = split(fromDirUri);
  const to = split(toUri);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (!from || !to || from[1] !== to[1]) return decode(to ? to[2] : toUri);
  const a = from[2].split('/').filter(Boolean);
  const b = to[2].split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => '..'), ...b.slice(common).map(decode)];
  return parts.length === 0 ? '.' : parts.join('/');
}
