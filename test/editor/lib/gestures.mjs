// Mouse gestures on the workbench that wait for what they point at. An element can be in the
// DOM and not laid out yet (Monaco hides a cursor or token with display:none until the line
// it is on is rendered after a reveal), and then Playwright's boundingBox() is null: a gesture
// aimed at it would read `x` of null, or land on whatever is there.

/**
 * The box of `locator` once it is visible and laid out (a non-empty box), scrolled into view.
 * Throws, naming what it waited for, when that does not happen within `timeoutMs`.
 */
export async function laidOutBox(page, locator, { timeoutMs = 10000, what = 'the element' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'not visible';
  while (Date.now() < deadline) {
    try {
      await locator.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
      await locator.scrollIntoViewIfNeeded({ timeout: Math.max(1, deadline - Date.now()) });
      const box = await locator.boundingBox();
      if (box && box.width > 0 && box.height > 0) return box;
      last = box ? `an empty box ${JSON.stringify(box)}` : 'no box (not laid out)';
    } catch (e) {
      last = e.message.split('\n')[0];
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${what} was not laid out within ${timeoutMs} ms: ${last}`);
}

/**
 * Hovers the mouse over `locator` like a person (away first, then onto its middle, or onto
 * `at(box)`), until `shown()` resolves true; the gesture is repeated, box measured again, for
 * at most `timeoutMs`. Throws when it never shows, so a hover that does not come is a failure.
 */
export async function hoverUntilShown(page, locator, shown, { timeoutMs = 15000, what = 'the element', at = (box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 }), attemptMs = 4000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  while (Date.now() < deadline) {
    attempts++;
    let box;
    try {
      box = await laidOutBox(page, locator, { timeoutMs: Math.max(1, deadline - Date.now()), what });
    } catch (error) {
      // Never laid out: that is the failure. Laid out before, the time ran out while waiting
      // for it again (CI, once: "not laid out within 1 ms"): the hover showed nothing.
      if (attempts === 1) throw error;
      break;
    }
    const { x, y } = at(box);
    await page.mouse.move(5, 5);
    await page.mouse.move(x, y, { steps: 3 });
    if (await shown(Math.min(attemptMs, Math.max(1, deadline - Date.now())))) return;
  }
  throw new Error(`hovering ${what} showed nothing within ${timeoutMs} ms (${attempts} attempts)`);
}

/**
 * Opens `rel` with Quick Open (Ctrl+P) like a person. Enter is pressed once the file's row is
 * the focused one: pressed while the list still shows the previous filter's rows, it opened
 * another file (kafka.yaml for postgres.yaml, once). Returns when its tab is active.
 */
export async function openFile(page, rel, { timeoutMs = 20000 } = {}) {
  const name = rel.split('/').pop();
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(rel);
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*="${name}"]`, { timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name}"]`, { timeout: timeoutMs });
}

/** Ctrl+G to `line:column` (1-based). */
export async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}
