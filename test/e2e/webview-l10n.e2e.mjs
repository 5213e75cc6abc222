// The panels' own text in a real browser: the built panel scripts (dist/webview) read `l10nBundle` from the initial
// state and show the translations, and without a bundle they show English. The page is served to chromium with a
// stand-in for the webview API (no code-server: a display language needs a language pack, which is not installable
// here, so this is where a translated bundle reaches the built page).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, TEST_MS, WAIT_MS } from './harness.mjs';
import { repoRoot } from './code-server.mjs';

const ORIGIN = 'http://tp-webview.test';
let browser;

before(
  async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  },
  { timeout: TEST_MS },
);
after(async () => {
  await browser?.close();
});

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Opens one built panel script with this initial state; returns the page and what the page posted to the host. */
async function openPanel(script, initialState) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/index.html') {
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="tp-app" data-initial-state="${escapeAttr(JSON.stringify(initialState))}"></div>
<script>window.tpPosted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.tpPosted.push(m), getState: () => undefined, setState: () => {} });</script>
<script type="module" src="${ORIGIN}/${script}"></script></body></html>`,
      });
    }
    return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: readFileSync(join(repoRoot, 'dist/webview', script), 'utf8') });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.tpPosted.some((m) => m?.body?.type === 'ready'), null, { timeout: WAIT_MS });
  return { page, errors };
}

const FILES = [
  { name: 'a.png', path: '/w/a.png' },
  { name: 'b.png', path: '/w/b.png' },
];
const GERMAN = {
  'Images in this run': 'Bilder in diesem Lauf',
  '{0} images': '{0} Bilder',
  '{0}: waiting to run…': '{0}: wartet…',
  Waiting: 'Wartet',
  'Starting…': 'Startet…',
  'Loading {0}…': 'Lade {0}…',
};

test(
  'the result panel shows the translations of its initial state, and English without a bundle',
  async () => {
    const translated = await openPanel('result-panel.js', { title: 'Tensor Parity', files: FILES, l10nBundle: GERMAN });
    const t = translated.page;
    await t.locator('#tp-result #tp-message').waitFor({ timeout: WAIT_MS });
    assert.equal(await t.locator('#tp-filmstrip').getAttribute('aria-label'), 'Bilder in diesem Lauf');
    assert.equal((await t.locator('.tp-film-heading').textContent())?.trim(), '2 Bilder');
    assert.deepEqual(await t.locator('.tp-film-status').allTextContents(), ['Wartet', 'Wartet']);
    assert.equal((await t.locator('#tp-message').textContent())?.trim(), 'a.png: wartet…');
    assert.deepEqual(translated.errors, []);
    await t.close();

    const english = await openPanel('result-panel.js', { title: 'Tensor Parity', files: FILES });
    const e = english.page;
    await e.locator('#tp-result #tp-message').waitFor({ timeout: WAIT_MS });
    assert.equal(await e.locator('#tp-filmstrip').getAttribute('aria-label'), 'Images in this run');
    assert.equal((await e.locator('.tp-film-heading').textContent())?.trim(), '2 images');
    assert.deepEqual(await e.locator('.tp-film-status').allTextContents(), ['Waiting', 'Waiting']);
    assert.equal((await e.locator('#tp-message').textContent())?.trim(), 'a.png: waiting to run…');
    assert.deepEqual(english.errors, []);
    await e.close();
  },
  { timeout: TEST_MS },
);

test(
  'the tensor viewer writes its loading line with the translated message and the file name',
  async () => {
    const { page, errors } = await openPanel('tensor-panel.js', { fileName: 'x.npy', path: '/w/x.npy', l10nBundle: GERMAN });
    assert.equal((await page.locator('#tp-main .tp-hint').textContent())?.trim(), 'Lade x.npy…');
    assert.deepEqual(errors, []);
    await page.close();
  },
  { timeout: TEST_MS },
);

test(
  'the diff and model comparison panels start with their translated progress line',
  async () => {
    for (const [script, state] of [
      ['compare-panel.js', { title: 'a.npy ↔ b.npy', restore: { origin: 'files', a: '/w/a.npy', b: '/w/b.npy' }, l10nBundle: GERMAN }],
      [
        'models-panel.js',
        { title: 'm.tflite ↔ m.json', restore: { a: '/w/m.tflite', b: '/w/m.json', input: '/w/x.png', inputKind: 'image' }, l10nBundle: GERMAN },
      ],
    ]) {
      const { page, errors } = await openPanel(script, state);
      assert.equal((await page.locator('#tp-progress').textContent())?.trim(), 'Startet…', script);
      assert.deepEqual(errors, [], script);
      await page.close();
    }
  },
  { timeout: TEST_MS },
);
