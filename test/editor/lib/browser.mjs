// Headless Debian Chromium driven by playwright-core (which downloads no browser of its own).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export async function launchBrowser(tools, { viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = createRequire(path.join(tools.playwrightDir, 'package.json'))('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: tools.chromium, headless: true, viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  return { ctx, page, close: async () => { await ctx.close().catch(() => {}); fs.rmSync(profile, { recursive: true, force: true }); } };
}

/** Tools found by test/editor/setup.sh (its env.sh exports these). */
export function toolsFromEnv() {
  const cache = process.env.SM_EDITOR_CACHE || path.join(os.homedir(), '.cache/stateful-manifests-editor');
  const t = {
    cache,
    node24Dir: process.env.SM_NODE24_DIR || path.join(cache, 'node24'),
    codeServer: process.env.SM_CODE_SERVER || path.join(cache, 'code-server/node_modules/.bin/code-server'),
    playwrightDir: process.env.SM_PLAYWRIGHT_DIR || path.join(cache, 'playwright'),
    chromium: process.env.SM_CHROMIUM || '/usr/bin/chromium',
    nvim: process.env.SM_NVIM || 'nvim',
  };
  for (const [k, p] of Object.entries({ codeServer: t.codeServer, playwright: t.playwrightDir, chromium: t.chromium, node24: t.node24Dir })) {
    if (!fs.existsSync(p)) throw new Error(`${k} not found at ${p}: run test/editor/setup.sh first`);
  }
  return t;
}
