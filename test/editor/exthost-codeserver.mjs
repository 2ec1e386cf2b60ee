// Runs the extension-host test suite (test/vscode) inside code-server: the workbench reads the `payload`
// URL parameter (extensionDevelopmentPath / extensionTestsPath as vscode-remote URIs, honoured because
// code-server runs with `enable-smoke-test-driver`), mocha runs in the real remote extension host, and the
// workbench reports the result by calling window.codeAutomationExit(code), which we expose with Playwright.
import path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';

/**
 * @returns {Promise<{code: number|string, seconds: number}>} code 0 = all tests passed; 'timeout' or 'no-start' otherwise
 */
export async function runExtensionHostTests({ tools, url, workspace, extensionDir, testsDir, timeoutMs = 240000, log = console.log, failShot }) {
  const authority = new URL(url).host;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(extensionDir)}`],
    ['extensionTestsPath', `vscode-remote://${authority}${path.resolve(testsDir)}`],
  ];
  const full = `${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const t0 = Date.now();
  const b = await launchBrowser(tools);
  try {
    let settle;
    const done = new Promise((r) => { settle = r; });
    await b.page.exposeFunction('codeAutomationExit', (code) => settle(code));
    await b.page.exposeFunction('codeAutomationLog', (_type, args) => log(...(Array.isArray(args) ? args : [args])));
    b.page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    b.page.on('console', (m) => { if (m.type() === 'error' && /stateful/i.test(m.text())) log(`[browser ${m.type()}] ${m.text().slice(0, 300)}`); });
    await b.page.goto(full);
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code !== 0 && failShot) await b.page.screenshot({ path: failShot }).catch(() => {});
    return { code, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await b.close();
  }
}
