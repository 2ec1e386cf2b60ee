// Checks of test/editor/lib/gestures.mjs in headless Chromium, on a page of its own (no
// code-server): the situation that failed a UI check once in CI, an element found but not
// laid out yet (boundingBox() null, "Cannot read properties of null (reading 'x')"), and
// that a hover which never comes still fails, naming what was hovered.
import { launchBrowser } from './lib/browser.mjs';
import { hoverUntilShown, laidOutBox } from './lib/gestures.mjs';

const PAGE = `<!doctype html><body style="margin:0">
<span id="late" style="display:none;position:absolute;left:200px;top:100px">target</span>
<div id="tip" style="display:none">shown</div>
<script>
  window.show = () => { document.getElementById('late').style.display = 'inline'; };
  document.getElementById('late').addEventListener('mouseenter', () => { window.entered = (window.entered || 0) + 1; if (window.entered >= 2) document.getElementById('tip').style.display = 'block'; });
</script></body>`;

export async function runGestureChecks({ tools, log = console.log }) {
  const results = [];
  const b = await launchBrowser(tools);
  const check = async (name, fn) => {
    try { await fn(b.page); results.push({ name, ok: true }); log(`[gestures] PASS ${name}`); } catch (e) {
      results.push({ name, ok: false, error: e.message.split('\n')[0] });
      log(`[gestures] FAIL ${name}: ${e.message}`);
    }
  };
  try {
    await check('gestures: a target found before it is laid out is measured once laid out', async (page) => {
      await page.setContent(PAGE);
      const target = page.locator('#late');
      if (await target.count() !== 1 || await target.boundingBox() !== null) throw new Error('the page did not reproduce the situation: a target in the DOM without a box');
      const measuring = laidOutBox(page, target, { timeoutMs: 10000, what: '#late' });
      await page.waitForTimeout(1000);
      await page.evaluate(() => window.show());
      const box = await measuring;
      if (!(box.width > 0 && Math.round(box.x) === 200)) throw new Error(`wrong box ${JSON.stringify(box)}`);
    });
    await check('gestures: the hover gesture is repeated until what it shows appears', async (page) => {
      await page.setContent(PAGE);
      await page.evaluate(() => window.show());
      const tip = page.locator('#tip');
      await hoverUntilShown(page, page.locator('#late'), (ms) => tip.waitFor({ state: 'visible', timeout: ms }).then(() => true, () => false), { timeoutMs: 8000, attemptMs: 500, what: '#late' });
      const entered = await page.evaluate(() => window.entered);
      if (entered !== 2) throw new Error(`the pointer entered the target ${entered} times, expected 2`);
    });
    await check('gestures: a hover that never shows anything fails, naming the target', async (page) => {
      await page.setContent(PAGE);
      await page.evaluate(() => window.show());
      const error = await hoverUntilShown(page, page.locator('#late'), async () => false, { timeoutMs: 2000, attemptMs: 300, what: '#late' }).then(() => undefined, (e) => e);
      if (!error || !/hovering #late showed nothing within 2000 ms/.test(error.message)) throw new Error(`expected a failure naming #late, got ${error?.message ?? 'success'}`);
      const missing = await laidOutBox(page, page.locator('#absent'), { timeoutMs: 500, what: '#absent' }).then(() => undefined, (e) => e);
      if (!missing || !/#absent was not laid out within 500 ms/.test(missing.message)) throw new Error(`expected a failure naming #absent, got ${missing?.message ?? 'success'}`);
    });
  } finally {
    await b.close();
  }
  return results;
}
