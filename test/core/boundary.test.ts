import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { ROOT } from '../support/paths';

/**
 * The analysis core is pure: text in, model and findings out. It may import `yaml`
 * and its own modules, nothing else (no `vscode`, no LSP packages, no node: APIs),
 * so the LSP server, the CLI and any other adapter can wrap it unchanged. The Helm
 * renderer's archive reader (helm/chart/archive.ts) may also use `fflate` (gzip) and
 * `nanotar` (tar): pure JavaScript libraries with no Node APIs.
 */
const PURE_LIBRARIES: Record<string, string> = { fflate: 'helm/chart/archive.ts', nanotar: 'helm/chart/archive.ts' };
const CORE = path.join(ROOT, 'server', 'src', 'core');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

it('the core imports only yaml and itself', () => {
  const offending: string[] = [];
  const files = sources(CORE);
  assert.ok(files.length > 10, 'core sources found');
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec === 'yaml') continue;
      if (PURE_LIBRARIES[spec] && path.relative(CORE, file) === PURE_LIBRARIES[spec]) continue;
      if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(CORE)) continue;
      offending.push(`${path.relative(ROOT, file)} imports '${spec}'`);
    }
  }
  assert.deepEqual(offending, []);
});
