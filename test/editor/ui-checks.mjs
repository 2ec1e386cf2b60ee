// UI checks: the PACKAGED extension (installed from the .vsix) in code-server, looked at through headless
// Chromium like a person would: squiggles + Problems panel rows, a hover, and the snippet from the suggest widget.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { goTo as goToGesture, hoverUntilShown, openFile as openFileGesture } from './lib/gestures.mjs';
import { rawFilesBase } from '../../scripts/repository.mjs';

export async function runUiChecks({ tools, url, workspace, shotsDir, expectations, extensionDir, log = console.log }) {
  const results = [];
  const b = await launchBrowser(tools);
  const { page } = b;
  // The packaged README's pictures are https addresses in the repository (scripts/package-readme.mjs).
  // There is no network here: the browser gets them from the extension's own files, as GitHub would
  // serve them; a picture not in the repository is a 404, and fails the details-page check.
  const rawBase = rawFilesBase(extensionDir);
  await b.ctx.route(`${rawBase}**`, async (route) => {
    const relative = decodeURIComponent(route.request().url().slice(rawBase.length).split(/[?#]/)[0]);
    const file = path.resolve(extensionDir, relative);
    if (file.startsWith(`${path.resolve(extensionDir)}${path.sep}`) && fs.existsSync(file) && fs.statSync(file).isFile()) await route.fulfill({ path: file });
    else await route.fulfill({ status: 404, body: `${relative} is not in the repository` });
  });
  page.on('pageerror', (e) => log(`[ui page error] ${e.message}`));
  const shot = async (name) => { const p = path.join(shotsDir, name); await page.screenshot({ path: p }); log(`[ui] screenshot ${p}`); };
  const check = async (name, fn) => {
    const t0 = Date.now();
    try { await fn(); results.push({ name, ok: true }); log(`[ui] PASS ${name} (${Date.now() - t0} ms)`); } catch (e) {
      results.push({ name, ok: false, error: e.message.split('\n')[0] });
      log(`[ui] FAIL ${name}: ${e.message}`);
      await shot(`fail-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`).catch(() => {});
    }
  };
  const openFile = async (rel) => {
    await openFileGesture(page, rel);
    await page.waitForSelector('.editor-instance .view-lines .view-line', { timeout: 20000 });
  };
  const hidePanel = async () => {
    const close = page.locator('.part.panel .action-label[aria-label^="Hide Panel"], .part.panel .action-label[aria-label^="Close Panel"]');
    if (await close.count()) await close.first().click().catch(() => {});
  };
  const goTo = (line, col) => goToGesture(page, line, col);

  try {
    await check('ui: code-server workbench loads the workspace', async () => {
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120000 }); // 30 s (the default) was too short at a load average of 20
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
      await page.locator('.monaco-workbench .part.editor').click({ position: { x: 300, y: 300 } }).catch(() => {});
    });

    // The workspace's settings ask for workspace diagnostics, and no file is open yet: the
    // extension must start because the workspace contains YAML, and fill the Problems panel.
    await check('ui: with diagnostics.scope workspace, findings appear before any file is opened', async () => {
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 60000 });
      const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
      if (!rows.includes('broken.yaml')) throw new Error(`the Problems panel does not list broken.yaml: ${JSON.stringify(rows.slice(0, 300))}`);
      if ((await page.locator('.tab').count()) !== 0) throw new Error('a file was open: the check would not show activation by workspace contents');
      await shot('activation-workspace.png');
    });

    await check('ui: a rule link in the Problems panel opens the rendered, read-only rule page', async () => {
      const link = page.locator('.markers-panel .monaco-list-row .code-link, .markers-panel .monaco-list-row a.monaco-link').first();
      await link.waitFor({ state: 'visible', timeout: 20000 });
      const rule = (await link.innerText()).trim();
      await link.click();
      const preview = page.locator(`.tab[aria-label*="Preview"][aria-label*="${rule}"]`);
      await preview.first().waitFor({ state: 'visible', timeout: 20000 });
      await page.waitForTimeout(1000); // the raw tab is closed right after the preview opens
      const tabs = await page.locator('.tab').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || ''));
      const raw = tabs.filter((t) => t.includes(`${rule}.md`) && !t.includes('Preview'));
      if (raw.length > 0) throw new Error(`the rule page is also open as text: ${JSON.stringify(tabs)}`);
      await shot('rule-page.png');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+W'); // close all editors
    });

    await check('ui: the extension details page shows the icon, README pictures that load, rule links that open in the page, and no developer set-up first', async () => {
      // The Extensions view lists what is installed. Its activity-bar icon, clicked, and the
      // shortcut as a second way: a key press alone was lost now and then (focus elsewhere).
      const item = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Stateful Manifests' }).first();
      for (let attempt = 0; attempt < 4 && !(await item.isVisible().catch(() => false)); attempt++) {
        const icon = page.locator('.part.activitybar .action-item a[aria-label^="Extensions"]').first();
        if (await icon.isVisible().catch(() => false)) await icon.click();
        else await page.keyboard.press('Control+Shift+X');
        await item.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      }
      await item.waitFor({ state: 'visible', timeout: 10000 });
      await item.locator('.name', { hasText: 'Stateful Manifests' }).first().click();
      await page.waitForSelector('.extension-editor', { timeout: 20000 });
      const icon = page.locator('.extension-editor .header .icon').first();
      await icon.waitFor({ state: 'visible', timeout: 20000 });
      const iconOk = await icon.evaluate((img) => img.tagName !== 'IMG' || (img.complete && img.naturalWidth > 0 && !img.src.includes('defaultIcon')));
      if (!iconOk) throw new Error('the icon did not load');
      // The README is rendered in a webview (nested iframes): find the frame that holds it.
      let readme;
      const t0 = Date.now();
      while (!readme && Date.now() - t0 < 20000) {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          if (await frame.locator('h1', { hasText: 'Stateful Manifests' }).count().catch(() => 0)) readme = frame;
        }
        if (!readme) await page.waitForTimeout(300);
      }
      if (!readme) throw new Error('the README did not render in the details page');
      // Every picture of the packaged README is on the page and loaded: an <img> whose source the
      // page dropped or could not fetch has no natural width.
      const pictures = [...fs.readFileSync(path.join(extensionDir, 'dist/README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
      if (pictures.length === 0) throw new Error('the packaged README (dist/README.md) has no pictures');
      await readme.waitForFunction((n) => document.images.length >= n && [...document.images].every((img) => img.complete), pictures.length, { timeout: 20000 }).catch(() => {});
      const images = await readme.evaluate(() => [...document.images].map((img) => ({ src: img.getAttribute('src'), width: img.complete ? img.naturalWidth : 0 })));
      if (images.length !== pictures.length) throw new Error(`the details page shows ${images.length} of the README's ${pictures.length} pictures: ${JSON.stringify(images)}`);
      const broken = images.filter((i) => !(i.width > 0));
      if (broken.length > 0) throw new Error(`${broken.length} of ${images.length} README pictures did not load on the details page: ${JSON.stringify(broken)}`);
      log(`[ui] details page pictures: ${images.map((i) => `${i.src} (${i.width} px wide)`).join(', ')}`);
      // The page opens only https/mailto and in-page links: every other link is dead there.
      // The README's links: the page's own scroll-to-top button (<a role="button" href="#">) is not one.
      const links = await readme.evaluate(() => [...document.querySelectorAll('a[href]:not([role="button"])')].map((a) => {
        const href = a.getAttribute('href');
        const target = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : undefined;
        return { href, html: a.outerHTML.slice(0, 160), ok: /^(https|mailto):/.test(href) || (target !== undefined && !!(document.getElementById(target) || document.getElementsByName(target).length)) };
      }));
      const dead = links.filter((l) => !l.ok);
      if (dead.length > 0) throw new Error(`README links that cannot open on the details page: ${JSON.stringify(dead.slice(0, 5))} (${dead.length} of ${links.length})`);
      if (!links.some((l) => l.href === '#rule-service-not-found')) throw new Error(`the rules table does not link to its rule pages: ${JSON.stringify(links.slice(0, 5))}`);
      const headings = await readme.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent.trim()));
      if (headings[0] === 'Set up' || headings.indexOf('Development') !== headings.length - 1) throw new Error(`README sections: ${JSON.stringify(headings)}`);
      await shot('details-page.png');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+W');
    });

    const broken = Object.entries(expectations.examples).find(([, e]) => e.length > 0);
    await check(`ui: ${broken?.[0]} shows squiggles and its findings in the Problems panel`, async () => {
      if (!broken) throw new Error('expectations list no example with findings');
      const [file, all] = broken;
      const expected = all.filter((e) => e.severity !== 'hint'); // VS Code does not list hints in the Problems panel
      await openFile(file);
      await page.waitForSelector('.editor-instance .squiggly-error, .editor-instance .squiggly-warning', { timeout: 30000 });
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20000 });
      const rowsText = async () => (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
      const t0 = Date.now();
      let rows = await rowsText();
      while (!expected.every((e) => rows.includes(e.code)) && Date.now() - t0 < 20000) { await page.waitForTimeout(200); rows = await rowsText(); }
      log(`[ui] Problems rows: ${JSON.stringify(rows)}`);
      for (const e of expected) {
        if (!rows.includes(e.code)) throw new Error(`Problems panel has no row for ${e.code}: ${JSON.stringify(rows)}`);
        if (!rows.includes(`[Ln ${e.line},`)) throw new Error(`Problems panel has no row at line ${e.line}: ${JSON.stringify(rows)}`);
      }
      await shot('problems.png');
    });

    const hv = expectations.hover[0];
    await check(`ui: hover on serviceName in ${hv?.file} shows the pod DNS names`, async () => {
      if (!hv) throw new Error('expectations list no hover');
      await hidePanel();
      await openFile(hv.file);
      const line = fs.readFileSync(path.join(workspace, hv.file), 'utf8').split('\n')[hv.line - 1];
      const m = /serviceName:\s*["']?([a-z0-9.-]+)/.exec(line);
      if (!m) throw new Error(`no serviceName on line ${hv.line}`);
      await goTo(hv.line, m.index + m[0].length);
      // the value's token on screen, hovered with the mouse like a person would, until the
      // hover holds every expected name (the gesture is repeated if the hover does not come)
      const token = page.locator('.editor-instance .view-line', { hasText: /serviceName:/ })
        .locator('span > span', { hasText: new RegExp(`^["']?${m[1].replace(/\./g, '\\.')}["']?$`) }).first();
      const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents');
      let text = '';
      const holdsNames = async (ms) => {
        const until = Date.now() + ms;
        do {
          text = (await hover.allInnerTexts().catch(() => [])).join('\n');
          if (hv.contains.every((n) => text.includes(n))) return true;
          await page.waitForTimeout(200);
        } while (Date.now() < until);
        return false;
      };
      await hoverUntilShown(page, token, holdsNames, { what: `the serviceName value on line ${hv.line}` }).catch((e) => {
        throw new Error(`${e.message}; last hover text: ${JSON.stringify(text)}`);
      });
      log(`[ui] hover: ${JSON.stringify(text)}`);
      await page.waitForTimeout(500); // let the hover's fade-in finish: cosmetic, for the screenshot only
      await shot('hover.png');
    });

    await check('ui: typing sts-headless offers the snippet and inserts a StatefulSet + headless Service', async () => {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await openFile('sm-ui/new.yaml');
      await page.keyboard.type('sts-headless');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'sts-headless' });
      try { await row.first().waitFor({ state: 'visible', timeout: 5000 }); } catch {
        await page.keyboard.press('Control+Space');
        await row.first().waitFor({ state: 'visible', timeout: 5000 });
      }
      await row.first().click();
      await page.waitForSelector('.editor-instance .view-line >> text=StatefulSet', { timeout: 10000 });
      // the first placeholder is the name: typing it once must fill the Service, selector and serviceName
      await page.keyboard.type('orders');
      await page.waitForSelector('.editor-instance .view-line >> text=serviceName: orders', { timeout: 10000 });
      const text = (await page.locator('.editor-instance .view-lines').innerText()).replace(/\u00a0/g, ' ');
      for (const want of ['kind: StatefulSet', 'kind: Service', 'clusterIP: None', 'name: orders', 'app: orders', 'serviceName: orders']) if (!text.includes(want)) throw new Error(`editor lacks "${want}": ${JSON.stringify(text.slice(0, 400))}`);
      await shot('snippet.png');
    });

    await check('ui: F2 on a Service name previews one edit across two files (the StatefulSet follows)', async () => {
      // Two files of their own, written now (the rename must reach the file that is not open).
      const dir = path.join(workspace, 'sm-rename');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n    - name: pg\n      port: 5432\n');
      fs.writeFileSync(path.join(dir, 'statefulset.yaml'), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 2\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: postgres\n          image: postgres:17\n          env:\n            - name: PRIMARY_HOST\n              value: db-0.db.default.svc.cluster.local\n');
      await page.keyboard.press('Escape');
      await openFile('sm-rename/service.yaml');
      await goTo(4, 10);
      const box = page.locator('.rename-box input');
      for (let attempt = 0; attempt < 3 && !(await box.isVisible().catch(() => false)); attempt++) {
        await page.keyboard.press('F2');
        await box.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {});
      }
      await box.waitFor({ state: 'visible', timeout: 10000 });
      // Into the box itself: a key press sent while focus was still in the editor typed into the file.
      await box.fill('postgres');
      // Ctrl+Enter: preview first, as the box says (spec.serviceName is immutable, so the server asks to confirm it anyway).
      await box.press('Control+Enter');
      // The Refactor Preview in the panel: a tree of files, then their edits.
      await page.locator('.part.panel .action-label, .part.panel .composite-bar .action-item', { hasText: 'Refactor Preview' }).first().waitFor({ state: 'visible', timeout: 30000 });
      const rowsOf = async () => (await page.locator('.part.panel .monaco-list-row').allInnerTexts().catch(() => [])).join('\n');
      let rows = '';
      for (const until = Date.now() + 20000; Date.now() < until; await page.waitForTimeout(300)) {
        rows = await rowsOf();
        if (rows.includes('service.yaml') && rows.includes('statefulset.yaml') && rows.includes('serviceName')) break;
      }
      if (!rows.includes('service.yaml') || !rows.includes('statefulset.yaml') || !rows.includes('serviceName')) throw new Error(`the preview does not list both files and the serviceName: ${JSON.stringify(rows.slice(0, 400))}`);
      await shot('rename.png');
      await page.locator('.part.panel .monaco-button', { hasText: /^Apply$/ }).first().click();
      // The StatefulSet's file, never opened before, now names the new Service.
      await openFile('sm-rename/statefulset.yaml');
      await page.waitForSelector('.editor-instance .view-line >> text=serviceName: postgres', { timeout: 20000 });
      await page.waitForSelector('.editor-instance .view-line >> text=db-0.postgres.default.svc.cluster.local', { timeout: 20000 });
    });
  } finally {
    await b.close();
  }
  return results;
}
