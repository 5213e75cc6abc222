// The result panel in a real VS Code (code-server): opacity, class toggles and colours, zoom and pan, hover readout,
// probability heatmap, compare with the previous run (swipe, side by side, disagreement), PNG export, restore after
// a window reload, and screenshots in the dark and light themes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextPaint, pollUntil, settle, startSession, WAIT_MS, TEST_MS } from './harness.mjs';
import { RESULT_READY } from './panel.mjs';

let session;
let frame;

before(
  async () => {
    session = await startSession({ name: 'result-panel', theme: 'dark' });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

/** Runs inference on astronaut.png from the Explorer and waits until the panel has drawn the result. */
async function runOnAstronaut() {
  // A menu left open by an earlier step would swallow the right-click: close it first.
  const block = session.page.locator('.context-view-block');
  if (await block.count())
    await block
      .first()
      .click({ force: true, position: { x: 2, y: 2 } })
      .catch(() => {});
  // Mark the result on show now, so the wait below sees the new one (a re-render drops the mark).
  await frame
    ?.locator('#tp-result')
    .evaluate((el) => {
      el.dataset.e2eStale = '1';
    })
    .catch(() => {});
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  frame = await session.findWebviewFrame(`#tp-result[data-status="done"]:not([data-e2e-stale]):is(${RESULT_READY.replace(/#tp-result/g, '')})`, {
    timeoutMs: WAIT_MS,
  });
  await frame.locator('#tp-view-canvas[data-zoom]').waitFor({ timeout: WAIT_MS });
  return frame;
}

/** RGBA of the view canvas at the centre of the view (what the user sees there). */
function centrePixel() {
  return frame.locator('#tp-view-canvas').evaluate((c) => {
    const ctx = c.getContext('2d');
    return Array.from(ctx.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2), 1, 1).data);
  });
}

/** Painted (alpha > 0) pixels of the mask layer, and the colour at model-output pixel (x, y). */
function maskLayer(x = 128, y = 128) {
  return frame.locator('#tp-mask-canvas').evaluate(
    (c, [px, py]) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
      const o = (py * c.width + px) * 4;
      return { width: c.width, painted, at: Array.from(d.slice(o, o + 4)) };
    },
    [x, y],
  );
}

async function zoomOf() {
  return Number(await frame.locator('#tp-view-canvas').getAttribute('data-zoom'));
}

test('Run Inference from the Explorer opens the result panel with a drawn, fitted overlay', { timeout: TEST_MS }, async () => {
  await runOnAstronaut();
  assert.equal(await frame.locator('#tp-view-canvas').getAttribute('data-fitted'), 'true');
  assert.match(await frame.locator('#tp-zoom-label').innerText(), /%.*fit/);
  const mask = await maskLayer();
  assert.ok(mask.width === 256 && mask.painted > 1000, `the mask layer should hold the person mask; got ${JSON.stringify(mask)}`);
  const px = await centrePixel();
  assert.ok(px[3] === 255, `the view canvas should be painted at its centre; got ${px}`);
  await session.screenshot('result-panel-dark');
});

test('the opacity slider changes the drawn overlay and its label', { timeout: TEST_MS }, async () => {
  const before = await centrePixel();
  await frame.locator('#tp-opacity').fill('100');
  assert.equal(await frame.locator('#tp-opacity-value').innerText(), '100%');
  await pollUntil(async () => JSON.stringify(await centrePixel()) !== JSON.stringify(before), {
    timeoutMs: WAIT_MS,
    what: 'the view to redraw at 100% opacity',
  });
  const full = await centrePixel();
  // The centre of astronaut.png is the orange suit, labelled person (#ff3b30): at 100% the view shows that colour.
  assert.deepEqual(full.slice(0, 3), [255, 59, 48], `at 100% opacity the person colour covers the image; got ${full}`);
  await frame.locator('#tp-opacity').fill('40');
  assert.equal(await frame.locator('#tp-opacity-value').innerText(), '40%');
  assert.equal(await frame.locator('#tp-opacity').getAttribute('aria-valuetext'), '40%');
});

test('a class toggle hides and shows the class; a colour picker recolours it without a host round-trip', { timeout: TEST_MS }, async () => {
  const toggle = frame.locator('#tp-toggle-1');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal((await maskLayer()).painted, 0, 'with person hidden (and background transparent) nothing is painted');
  await toggle.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'the toggle works from the keyboard');
  assert.ok((await maskLayer()).painted > 1000);

  await frame.locator('#tp-color-1').fill('#00ff00');
  await pollUntil(async () => (await maskLayer()).at.join() === '0,255,0,255', {
    timeoutMs: WAIT_MS,
    what: 'the person pixels to turn green',
  });
  const reset = frame.locator('#tp-reset-colors');
  assert.equal(await reset.isVisible(), true);
  await reset.click();
  await pollUntil(async () => (await maskLayer()).at.join() === '255,59,48,255', {
    timeoutMs: WAIT_MS,
    what: 'the spec colour to come back',
  });
  assert.equal(await frame.locator('#tp-color-1').inputValue(), '#ff3b30');
  assert.equal(await reset.isVisible(), false);
});

test('zoom: keyboard +/−/0, the 1:1 button, the wheel, and dragging to pan', { timeout: TEST_MS }, async () => {
  const canvas = frame.locator('#tp-view-canvas');
  const fitted = await zoomOf();
  await canvas.focus();
  await session.page.keyboard.press('+');
  const zoomed = await zoomOf();
  assert.ok(zoomed > fitted, `+ should zoom in (from ${fitted} to ${zoomed})`);
  assert.equal(await canvas.getAttribute('data-fitted'), 'false');
  assert.doesNotMatch(await frame.locator('#tp-zoom-label').innerText(), /fit/);
  await session.page.keyboard.press('-');
  assert.ok((await zoomOf()) < zoomed, '− zooms out');
  await session.page.keyboard.press('0');
  assert.equal(await canvas.getAttribute('data-fitted'), 'true', '0 fits the image again');

  await frame.locator('#tp-zoom-1to1').click();
  assert.equal(await zoomOf(), 1);
  assert.equal(await frame.locator('#tp-zoom-label').innerText(), '100%');

  const box = await canvas.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await session.page.mouse.move(cx, cy);
  await session.page.mouse.wheel(0, -300);
  await pollUntil(async () => (await zoomOf()) > 1.5, { timeoutMs: WAIT_MS, what: 'the wheel to zoom in' });
  const zoom = await zoomOf();
  await session.page.keyboard.press('ArrowLeft'); // keeps working after the wheel
  const pan = await canvas.getAttribute('data-pan');
  await session.page.mouse.move(cx, cy);
  await session.page.mouse.down();
  await session.page.mouse.move(cx - 60, cy - 40, { steps: 5 });
  await session.page.mouse.up();
  assert.notEqual(await canvas.getAttribute('data-pan'), pan, 'dragging pans the image');
  assert.equal(await zoomOf(), zoom, 'dragging does not zoom');
  await session.screenshot('result-panel-zoomed-dark');

  // At 800% every image pixel is an 8×8 block of identical screen pixels (no smoothing).
  await frame.locator('#tp-zoom-1to1').click();
  await canvas.focus();
  for (let i = 0; i < 5; i++) await session.page.keyboard.press('+'); // 1.5, 2, 3, 4, 6
  assert.equal(await zoomOf(), 6);
  await session.page.keyboard.press('+');
  assert.equal(await zoomOf(), 8);
  await nextPaint(frame); // the view redraws on the next animation frame
  const runs = await canvas.evaluate((c) => {
    const ctx = c.getContext('2d');
    const y = Math.floor(c.height / 2);
    const d = ctx.getImageData(Math.floor(c.width / 2) - 100, y, 200, 1).data;
    const lengths = [];
    let run = 1;
    for (let x = 1; x < 200; x++) {
      const same = d[x * 4] === d[x * 4 - 4] && d[x * 4 + 1] === d[x * 4 - 3] && d[x * 4 + 2] === d[x * 4 - 2];
      if (same) run++;
      else {
        lengths.push(run);
        run = 1;
      }
    }
    return lengths.slice(1); // the first run starts mid-block
  });
  assert.ok(runs.length > 3 && runs.every((n) => n % 8 === 0), `runs of equal pixels should be whole 8-pixel blocks; got ${runs}`);
  await session.screenshot('result-panel-pixels-dark');
  await frame.locator('#tp-zoom-fit').click();
});

test('hovering reads the pixel in image and model-output space, its RGB, class, probability and output value', { timeout: TEST_MS }, async () => {
  await frame.locator('#tp-zoom-fit').click();
  const box = await frame.locator('#tp-view-canvas').boundingBox();
  await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const probe = frame.locator('#tp-probe');
  await pollUntil(async () => (await probe.getAttribute('data-mask-x')) !== null, { timeoutMs: WAIT_MS, what: 'the hover readout' });
  const ix = Number(await probe.getAttribute('data-image-x'));
  const mx = Number(await probe.getAttribute('data-mask-x'));
  assert.ok(ix >= 240 && ix <= 272, `image x near the centre of the 512-pixel image; got ${ix}`);
  assert.equal(mx, Math.floor(((ix + 0.5) / 512) * 256), 'model-output x is the image x scaled to 256');
  assert.equal(await probe.getAttribute('data-class-name'), 'person');
  const text = await probe.innerText();
  for (const term of ['Image pixel', 'RGB', 'Output pixel', 'Class', 'Output value']) assert.match(text, new RegExp(term), `readout shows ${term}: ${text}`);
  assert.ok(Number(await probe.getAttribute('data-probability')) > 0.5);
});

test('the probability heatmap of a class shows with its colour scale', { timeout: TEST_MS }, async () => {
  await frame.locator('#tp-heatmap').selectOption('1');
  const scale = frame.locator('#tp-heatmap-scale');
  assert.equal(await scale.isVisible(), true);
  assert.match(await scale.innerText(), /p\(person\)/);
  await session.screenshot('result-panel-heatmap-dark');
  await frame.locator('#tp-heatmap').selectOption('');
  assert.equal(await scale.isVisible(), false);
});

test('Export overlay writes a PNG of the image with the overlay next to the image', { timeout: TEST_MS }, async () => {
  const target = join(session.sandbox.workspace, 'images', 'astronaut.overlay.png');
  await frame.locator('#tp-export-overlay').click();
  // code-server's save dialog is a quick input prefilled with the suggested path; Enter accepts it.
  const input = session.page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: WAIT_MS });
  await pollUntil(async () => (await input.inputValue()).endsWith('.png'), {
    timeoutMs: WAIT_MS,
    what: 'the save dialog to be prefilled with the .png path',
  });
  await input.press('Enter');
  await pollUntil(() => existsSync(target), { timeoutMs: WAIT_MS, what: `${target} to be written` });
  const png = readFileSync(target);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [512, 512], "exported at the image's resolution");
  await pollUntil(async () => /Saved/.test(await frame.locator('#tp-toast').innerText()), {
    timeoutMs: WAIT_MS,
    what: 'the "Saved" message',
  });
});

test("a tensor dump with the same input shape offers Compare with the image's result", { timeout: TEST_MS }, async () => {
  const block = session.page.locator('.context-view-block');
  if (await block.count())
    await block
      .first()
      .click({ force: true, position: { x: 2, y: 2 } })
      .catch(() => {});
  await session.rightClickExplorerItem('dumps/astronaut.cpp-bgr.npy');
  await session.pickContextMenu('Tensor Parity: Run Inference on Tensor');
  frame = await session.findWebviewFrame('#tp-file-name:text("astronaut.cpp-bgr.npy")', { timeoutMs: WAIT_MS });
  await frame.locator('#tp-compare').waitFor({ timeout: WAIT_MS });
  assert.match(await frame.locator('.tp-compare-source').innerText(), /^Baseline: astronaut\.png .*\(same image name\)/);
  const fraction = Number(await frame.locator('#tp-result').getAttribute('data-disagreement-fraction'));
  assert.ok(fraction > 0, `the BGR dump's mask differs from the RGB image's; disagreement ${fraction}`);
  await frame.locator('#tp-compare').check();
  await frame.locator('#tp-compare-mode').selectOption('side');
  await session.screenshot('result-panel-compare-dump-dark');
  await frame.locator('#tp-compare-mode').selectOption('swipe');
  await frame.locator('#tp-compare').uncheck();
});

test('a second run offers Compare with previous result: swipe, side by side and the disagreement share', { timeout: TEST_MS }, async () => {
  // Change the threshold so the second mask differs from the first.
  const specPath = join(session.sandbox.workspace, 'tensorparity.json');
  writeFileSync(specPath, readFileSync(specPath, 'utf8').replace('"threshold": 0.5', '"threshold": 0.97'));
  // Run Inference reads tensorparity.json from disk when it starts (SpecManager.findFor): no wait for the watcher.
  await runOnAstronaut();
  const compare = frame.locator('#tp-compare');
  await compare.waitFor({ timeout: WAIT_MS });
  const fraction = Number(await frame.locator('#tp-result').getAttribute('data-disagreement-fraction'));
  assert.ok(fraction > 0 && fraction < 0.5, `a stricter threshold changes some pixels; disagreement ${fraction}`);
  assert.match(await frame.locator('#tp-disagreement').innerText(), /disagree on [\d.]+% of pixels/);

  assert.match(await frame.locator('.tp-compare-source').innerText(), /^Baseline: Previous run of astronaut\.png at/);
  await compare.check();
  assert.equal(await frame.locator('#tp-stage').getAttribute('data-compare'), 'swipe');
  const swipe = frame.locator('#tp-swipe');
  assert.equal(await swipe.isVisible(), true);
  await swipe.fill('30');
  assert.equal(await frame.locator('#tp-stage').getAttribute('data-swipe'), '30');
  await session.screenshot('result-panel-compare-swipe-dark');

  await frame.locator('#tp-compare-mode').selectOption('side');
  assert.equal(await frame.locator('#tp-stage').getAttribute('data-compare'), 'side');
  assert.equal(await frame.locator('#tp-view-canvas-previous').isVisible(), true);
  assert.equal(await swipe.isVisible(), false);
  await session.screenshot('result-panel-compare-side-dark');

  // The README picture: swipe at the middle, the pointer on the suit so the readout shows both results.
  await frame.locator('#tp-compare-mode').selectOption('swipe');
  await swipe.fill('50');
  const box = await frame.locator('#tp-view-canvas').boundingBox();
  await session.page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.6);
  await pollUntil(async () => /Previous class/.test(await frame.locator('#tp-probe').innerText()), {
    timeoutMs: WAIT_MS,
    what: 'the readout to show the previous class',
  });
  await session.screenshot('result-panel-hero-dark');
  await frame.locator('#tp-zoom-1to1').click();
});

test('after a window reload the panel comes back, runs again and keeps its view settings', { timeout: TEST_MS }, async () => {
  await settle(session.page); // the panel's state message reaches the host before the reload
  // "Developer: Reload Window" is what a user runs; unlike a bare page reload it lets VS Code save its state first.
  const reloaded = session.page.waitForEvent('load', { timeout: WAIT_MS });
  await session.runCommandPalette('Developer: Reload Window');
  await reloaded;
  await session.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
  frame = await session.findWebviewFrame(RESULT_READY, { timeoutMs: WAIT_MS });
  await frame.locator('#tp-view-canvas[data-zoom]').waitFor({ timeout: WAIT_MS });
  assert.equal(await frame.locator('#tp-opacity-value').innerText(), '40%', 'opacity survives the reload');
  assert.equal(await zoomOf(), 1, 'the 1:1 zoom survives the reload');
  assert.equal(await frame.locator('#tp-view-canvas').getAttribute('data-fitted'), 'false');
  assert.equal(await frame.locator('#tp-file-name').innerText(), 'astronaut.png');
  await frame.locator('#tp-zoom-fit').click();
});

test('light theme: the panel follows the VS Code theme', { timeout: TEST_MS }, async () => {
  await session.setTheme('light');
  const bg = await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b > 600, `a light background after switching theme; got ${bg}`);
  await session.screenshot('result-panel-light');
});

test('a panel restored into an untrusted workspace explains why it cannot run and offers trust', { timeout: TEST_MS }, async () => {
  await session.close();
  session = await startSession({ name: 'result-panel-untrusted', trust: false, theme: 'dark' });
  const page = session.page;
  // In Restricted Mode the banner's "Manage" link opens the trust editor (the palette helper's click would hit the banner).
  await page
    .locator('.monaco-workbench .banner a', { hasText: /^\s*Manage\s*$/ })
    .first()
    .click();
  await page
    .locator('.workspace-trust-editor .monaco-button', { hasText: /^\s*Trust\s*$/ })
    .first()
    .click();
  await session.waitForStatusBar(/^(?!.*restricted mode)/i);
  await runOnAstronaut();
  await settle(page); // the panel's state message reaches the host before trust is withdrawn
  // Withdrawing trust (removing the folder from the trusted list) reloads the window; the panel comes back but must
  // not run the model.
  const reloaded = page.waitForEvent('load', { timeout: WAIT_MS });
  await session.runCommandPalette('Workspaces: Manage Workspace Trust');
  const row = page.locator('.workspace-trust-editor .monaco-list-row').filter({ hasText: session.sandbox.workspace }).first();
  await row.waitFor({ timeout: WAIT_MS });
  await row.hover();
  await row.locator('.action-label[aria-label="Delete Path"]').first().click();
  const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Reload|Restart|Yes|OK/i }).first();
  // Some versions ask before reloading: whichever comes first, the dialog or the reload.
  const first = await Promise.race([reloaded.then(() => 'reloaded'), confirm.waitFor({ timeout: WAIT_MS }).then(() => 'dialog')]);
  if (first === 'dialog') await confirm.click();
  await reloaded;
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
  frame = await session.findWebviewFrame('#tp-result[data-status="notice"]', { timeoutMs: WAIT_MS });
  const text = await frame.locator('#tp-message').innerText();
  assert.match(text, /untrusted workspace/i);
  assert.match(text, /astronaut\.png/);
  assert.equal(await frame.locator('#tp-action-manageTrust').isVisible(), true);
  assert.equal(await frame.locator('#tp-action-rerun').isVisible(), true);
  assert.equal(await frame.locator('#tp-result[data-person-fraction]').count(), 0, 'no result was computed');
  await session.screenshot('result-panel-restored-untrusted-dark');

  // Trusting the folder brings the result back without another click.
  await page
    .locator('.workspace-trust-editor .monaco-button', { hasText: /^\s*Trust\s*$/ })
    .first()
    .click();
  frame = await session.findWebviewFrame(RESULT_READY, { timeoutMs: WAIT_MS });
  assert.ok(Number(await frame.locator('#tp-result').getAttribute('data-person-fraction')) > 0.3);
});
