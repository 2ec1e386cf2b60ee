import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/**
 * The README the .vsix carries (scripts/package-readme.mjs). code-server's details page drops
 * relative and data: picture sources, so its pictures must be absolute https addresses derived
 * from package.json's `repository`, each naming a picture that exists in the repository.
 */
describe('packaged README (scripts/package-readme.mjs)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-readme-'));
  const out = path.join(folder, 'README.md');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'package-readme.mjs'), out], { cwd: ROOT, stdio: 'pipe' });
  const packaged = fs.readFileSync(out, 'utf8');
  fs.rmSync(folder, { recursive: true, force: true });

  it('package.json names a GitHub repository', () => {
    const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    assert.match(url ?? '', /^https:\/\/github\.com\/[^/]+\/[^/]+?(\.git)?$/);
  });

  it('references every README picture by its raw.githubusercontent.com address, and each exists in the repository', () => {
    const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url ?? '';
    const [, owner, repo] = /github\.com\/([^/]+)\/([^/]+?)(?:\.git)?$/.exec(url) ?? [];
    const base = `https://raw.githubusercontent.com/${owner}/${repo}/HEAD/`;
    const sources = [...packaged.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    const original = [...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(original.length > 0, 'the README has pictures');
    assert.equal(sources.length, original.length, 'every picture is kept');
    for (const src of sources) {
      assert.ok(src.startsWith(base), `${src} starts with ${base}`);
      assert.ok(fs.existsSync(path.join(ROOT, src.slice(base.length))), `${src}: ${src.slice(base.length)} exists in the repository`);
    }
  });
});
