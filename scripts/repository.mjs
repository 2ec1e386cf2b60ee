// The repository package.json names, and where GitHub serves its files raw: the packaged
// README's pictures point there (scripts/package-readme.mjs), and the UI check of the details
// page serves those addresses from the working tree (test/editor/ui-checks.mjs).
import fs from 'node:fs';
import path from 'node:path';

/** `https://raw.githubusercontent.com/<owner>/<repo>/HEAD/`, from package.json's `repository` (a GitHub URL). */
export function rawFilesBase(root) {
  const { repository } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const url = typeof repository === 'string' ? repository : repository?.url;
  const m = /^(?:git\+)?https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url ?? '');
  if (!m) throw new Error(`package.json: repository must be a https://github.com/<owner>/<repo> URL, not ${JSON.stringify(url)}`);
  return `https://raw.githubusercontent.com/${m[1]}/${m[2]}/HEAD/`;
}
