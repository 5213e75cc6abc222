// What a new user meets, in a real VS Code (code-server): the cvtColor quick fix lands after `if img is None`, the
// Getting Started walkthrough and "Create Spec for Your Model" (never replacing a spec without asking), the baseline
// picker of the result panel and Compare with Reference (no model weights offered), and the backend status menu.
// Screenshots of the changed panels in dark, light and high-contrast themes go to test-results/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, startSession, TEST_MS, WAIT_MS } from './harness.mjs';
import { RESULT_READY } from './panel.mjs';
import { compareSelected, refreshExplorer, writeNpy } from './tensors.mjs';

let session;
const QUICK_INPUT = '.quick-input-widget input.input';
const QUICK_ROWS = '.quick-input-list .monaco-list-row';

before(
  async () => {
    session = await startSession({ name: 'ux', theme: 'dark' });
    await session.waitForStatusBar(/TF\.js/, { timeoutMs: WAIT_MS });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

async function dismiss() {
  for (let i = 0; i < 3; i++) await session.page.keyboard.press('Escape').catch(() => {});
}

/** The rows of the open quick pick, as text, once at least one row matches `pattern`. */
async function quickRows(pattern, timeoutMs = 30_000) {
  const page = session.page;
  // The list is read until two looks in a row agree: while a new picker replaces the last one, a look can catch both.
  let last = '';
  return pollUntil(
    async () => {
      const rows = (await page.locator(QUICK_ROWS).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const seen = JSON.stringify(rows);
      const stable = seen === last;
      last = seen;
      return stable && rows.some((r) => pattern.test(r)) ? rows : undefined;
    },
    { timeoutMs, what: `a quick pick row matching ${pattern}` },
  );
}

/** Picks the quick pick row matching `pattern` with the keyboard (a pointer block covers lists in code-server). */
async function pickRow(pattern) {
  await quickRows(pattern);
  const page = session.page;
  for (let i = 0; i < 30; i++) {
    const focused =
      (
        await page
          .locator(`${QUICK_ROWS}.focused`)
          .allInnerTexts()
          .catch(() => [])
      )[0] ?? '';
    if (pattern.test(focused.replace(/\s+/g, ' '))) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no quick pick row matching ${pattern} took the focus`);
}

async function openFile(name) {
  const { page } = session;
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 700, y: 5 } })
    .catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(name);
  const row = page
    .locator(QUICK_ROWS)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) })
    .first();
  await row.waitFor({ timeout: WAIT_MS });
  await row.click();
  await page.locator(`.tab.active[aria-label*="${name}"]`).first().waitFor({ timeout: WAIT_MS });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: WAIT_MS });
}

test(
  'the cvtColor quick fix in demo/src/preprocess.py goes after `if img is None: raise`, and the file still lints clean for TP101',
  { timeout: TEST_MS },
  async () => {
    const file = join(session.sandbox.workspace, 'src/preprocess.py');
    const before = readFileSync(file, 'utf8');
    const lines = before.split('\n');
    const line = lines.findIndex((l) => l.includes('img = cv2.imread(path)')) + 1;
    assert.ok(line > 0 && /if img is None:/.test(lines[line]), 'the demo loads the image and checks it on the next line');
    await openFile('preprocess.py');
    const { page } = session;
    await page.keyboard.press('Control+G');
    await page.locator(QUICK_INPUT).fill(`:${line}:${lines[line - 1].indexOf('cv2.imread') + 3}`);
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: WAIT_MS });
    const fix = page
      .locator('.action-widget .monaco-list-row')
      .filter({ hasText: /Convert img to RGB after loading/ })
      .first();
    await pollUntil(
      async () => {
        await page.keyboard.press('Control+.');
        // A short look each time: the menu is reopened until the diagnostics (and so the fix) have arrived.
        const seen = await fix.waitFor({ timeout: 4000 }).then(
          () => true,
          () => false,
        );
        if (!seen) await page.keyboard.press('Escape');
        return seen;
      },
      { timeoutMs: WAIT_MS, what: 'the TP101 quick fix in the light bulb menu' },
    );
    for (let i = 0; i < 8 && !/focused/.test((await fix.getAttribute('class')) ?? ''); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const after = await pollUntil(
      () => {
        const t = readFileSync(file, 'utf8');
        return t !== before && t;
      },
      { timeoutMs: WAIT_MS, what: 'preprocess.py to be saved' },
    );
    await session.screenshot('ux-quick-fix-after-guard-dark');
    assert.ok(
      after.includes(
        [
          '    img = cv2.imread(path)',
          '    if img is None:',
          '        raise FileNotFoundError(f"cannot read {path}")',
          '    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)',
          '    return img',
          '',
        ].join('\n'),
      ),
      `the conversion follows the check:\n${after}`,
    );
  },
);

test('the Getting Started walkthrough lists its five steps; its first step opens the demo spec', { timeout: TEST_MS }, async () => {
  await dismiss();
  await session.runCommandPalette('Welcome: Open Walkthrough...');
  await pickRow(/Get started with Tensor Parity/);
  const { page } = session;
  const steps = page.locator('.gettingStartedContainer .getting-started-step');
  await pollUntil(async () => (await steps.count()) >= 5, { timeoutMs: WAIT_MS, what: 'the walkthrough steps' });
  const titles = (await page.locator('.gettingStartedContainer .getting-started-step .step-title').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(titles, [
    'Open the demo spec',
    'Run inference on an image',
    'Compare a dump from another language',
    'See a lint finding',
    'Create a spec for your own model',
  ]);
  // Theme switching goes through the command palette, which the open walkthrough page can keep from taking clicks:
  // the walkthrough is captured in the session's dark theme (light and high-contrast were looked at by hand).
  await session.screenshot('ux-walkthrough-dark');
  await page.locator('.gettingStartedContainer .getting-started-step').first().click();
  await page.locator('.gettingStartedContainer a.monaco-button, .gettingStartedContainer .button-link', { hasText: 'Open the demo spec' }).first().click();
  await page.locator('.tab.active[aria-label*="tensorparity.json"]').first().waitFor({ timeout: WAIT_MS });
});

test('Create Spec for Your Model reads the model signature, asks four questions, and replaces a spec only after asking', { timeout: TEST_MS }, async () => {
  await dismiss();
  const spec = join(session.sandbox.workspace, 'tensorparity.json');
  const original = readFileSync(spec, 'utf8');
  const answer = async () => {
    await session.rightClickExplorerItem('models/selfie/selfie.json');
    await session.pickContextMenu('Create Spec for Your Model');
    const colour = await quickRows(/RGB/);
    assert.match(colour[0], /^RGB.*suggested/, `RGB is suggested for a 3-channel input: ${JSON.stringify(colour)}`);
    await session.page.keyboard.press('Enter');
    const size = session.page.locator(QUICK_INPUT);
    await pollUntil(async () => (await size.inputValue()) === '256x256', {
      timeoutMs: WAIT_MS,
      what: 'the size the model declares (256x256)',
    });
    await session.page.keyboard.press('Enter');
    await pickRow(/pixel \/ 127\.5 − 1/);
    await pickRow(/OpenCV \(cv2\.resize\)/);
  };
  await answer();
  await session.waitForNotification(/already exists\. Replace it/);
  await session.screenshot('ux-create-spec-replace-dark');
  await session.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Cancel' }).first().click();
  assert.equal(readFileSync(spec, 'utf8'), original, 'Cancel keeps the existing spec');

  await answer();
  await session.waitForNotification(/already exists\. Replace it/);
  await session.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Replace' }).first().click();
  const written = await pollUntil(
    () => {
      const t = readFileSync(spec, 'utf8');
      return t !== original && JSON.parse(t);
    },
    { timeoutMs: WAIT_MS, what: 'tensorparity.json to be replaced' },
  );
  assert.equal(written.model.path, 'models/selfie/selfie.json');
  assert.equal(written.model.inputName, 'input_1');
  assert.deepEqual([written.input.width, written.input.height, written.input.colorOrder, written.input.layout], [256, 256, 'RGB', 'NHWC']);
  assert.equal(written.input.resize.library, 'cv2');
  assert.equal(written.input.scale, 1 / 127.5);
  // Back to the demo spec for the tests that follow.
  const { writeFileSync } = await import('node:fs');
  writeFileSync(spec, original);
});

test('Compare with Reference offers the same-stem reference first and never the model weights', { timeout: TEST_MS }, async () => {
  await dismiss();
  await session.rightClickExplorerItem('dumps/astronaut.cpp-bgr.npy');
  await session.pickContextMenu('Compare with Reference');
  const rows = await quickRows(/astronaut\.reference\.npy/);
  assert.match(rows[0], /astronaut\.reference\.npy.*Best match/, `first row: ${rows[0]}`);
  assert.ok(!rows.some((r) => /selfie\.bin/.test(r)), `model weights must not be offered: ${JSON.stringify(rows)}`);
  await session.screenshot('ux-reference-picker-dark');
  await dismiss();
});

test('the diff panel explains relative error instead of printing 1e+13 where the reference is 0', { timeout: TEST_MS }, async () => {
  await dismiss();
  const dir = join(session.sandbox.workspace, 'calm');
  mkdirSync(dir, { recursive: true });
  // A mask-like reference that is exactly 0 on the background, and a dump with small noise there.
  const ref = Array.from({ length: 64 * 64 }, (_, i) => (i % 64 > 32 ? 0.9 : 0));
  writeNpy(join(dir, 'mask.reference.npy'), [1, 64, 64, 1], ref);
  writeNpy(
    join(dir, 'mask.cpp.npy'),
    [1, 64, 64, 1],
    ref.map((v, i) => (v === 0 ? 0.002 * (i % 7) : v)),
  );
  await refreshExplorer(session);
  await compareSelected(session, 'calm/mask.cpp.npy', 'calm/mask.reference.npy');
  const frame = await session.findWebviewFrame('#tp-metrics', { timeoutMs: WAIT_MS });
  const text = await pollUntil(
    async () => {
      const t = await frame.locator('#tp-metrics').innerText();
      return /relative/.test(t) && t;
    },
    { timeoutMs: WAIT_MS, what: 'the metrics table' },
  );
  assert.match(text, /not meaningful here/);
  assert.match(text, /the reference is about 0 where the tensors differ/);
  assert.doesNotMatch(text, /mean relative/);
  for (const theme of ['dark', 'light', 'hc']) {
    await session.setTheme(theme);
    await frame.locator('#tp-metrics').scrollIntoViewIfNeeded();
    await session.screenshot(`ux-diff-relative-${theme}`);
  }
  await session.setTheme('dark');
});

test('the result panel shows its baseline and "Choose baseline…" offers recent results, the image, or a reference tensor', { timeout: TEST_MS }, async () => {
  await dismiss();
  // Mark any result already on show, so the wait below sees the new one (a re-render drops the mark).
  for (const f of session.page.frames()) {
    await f.evaluate(() => document.querySelector('#tp-result')?.setAttribute('data-e2e-stale', '1')).catch(() => {});
  }
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Run Inference');
  // Wait for the image's result itself (its name shows while it still runs): it is the baseline the dump gets.
  await session.findWebviewFrame(`#tp-result[data-status="done"]:not([data-e2e-stale]):is(${RESULT_READY.replace(/#tp-result/g, '')})`, { timeoutMs: WAIT_MS });
  await session.rightClickExplorerItem('dumps/astronaut.cpp-bgr.npy');
  await session.pickContextMenu('Run Inference on Tensor');
  const frame = await session.findWebviewFrame('#tp-file-name:text("astronaut.cpp-bgr.npy")', { timeoutMs: WAIT_MS });
  await frame.locator('#tp-baseline').waitFor({ timeout: WAIT_MS });
  assert.match(await frame.locator('#tp-baseline').innerText(), /^Baseline: astronaut\.png at .*\(same image name\)/);
  await frame.locator('#tp-choose-baseline').click();
  // Wait for this picker's own rows: the list may still hold an earlier picker's rows for a moment.
  const rows = await quickRows(/astronaut\.png.*best match/);
  assert.ok(
    rows.some((r) => /A reference tensor/.test(r)),
    `the picker also offers a reference tensor: ${JSON.stringify(rows)}`,
  );
  assert.ok(
    rows.some((r) => /The image the dump came from/.test(r)),
    JSON.stringify(rows),
  );
  await pickRow(/A reference tensor/);
  const refs = await quickRows(/astronaut\.reference\.npy/);
  assert.match(refs[0], /astronaut\.reference\.npy.*best match/);
  assert.ok(!refs.some((r) => /selfie\.bin/.test(r)), `no model weights: ${JSON.stringify(refs)}`);
  await session.page.keyboard.press('Enter');
  await pollUntil(async () => /The reference tensor astronaut\.reference\.npy \(chosen\)/.test(await frame.locator('#tp-baseline').innerText()), {
    timeoutMs: WAIT_MS,
    what: 'the chosen baseline to show',
  });
  await frame.locator('#tp-compare').check();
  await frame.locator('#tp-compare-mode').selectOption('side');
  for (const theme of ['dark', 'light', 'hc']) {
    await session.setTheme(theme);
    await session.screenshot(`ux-result-baseline-${theme}`);
  }
  await session.setTheme('dark');
  // The keybinding of the panel's main action: Ctrl+Alt+B opens the same picker while the result panel is active.
  await session.page.locator('.tab', { hasText: 'astronaut.cpp-bgr.npy' }).first().click();
  await session.page.keyboard.press('Control+Alt+B');
  await quickRows(/A reference tensor/);
  await dismiss();
});

test('a broken-spec notice goes away by itself once tensorparity.json is fixed', { timeout: TEST_MS }, async () => {
  await dismiss();
  const { writeFileSync } = await import('node:fs');
  const spec = join(session.sandbox.workspace, 'tensorparity.json');
  const good = readFileSync(spec, 'utf8');
  writeFileSync(spec, good.replace('"width": 256', '"width": -5'));
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Run Inference');
  await session.waitForNotification(/fix tensorparity\.json to run inference/);
  await session.screenshot('ux-broken-spec-notice-dark');
  writeFileSync(spec, good);
  await pollUntil(
    async () => {
      const texts = await session.page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
      return !texts.some((t) => /fix tensorparity\.json/.test(t));
    },
    { timeoutMs: WAIT_MS, what: 'the broken-spec notice to close' },
  );
  await session.waitForNotification(/tensorparity\.json is valid now/);
  await dismiss();
});

test(
  'the backend status item: an accessible label without HTML entities, and a menu to switch backend or enable the native one',
  { timeout: TEST_MS },
  async () => {
    await dismiss();
    const item = session.page.locator('#tensorParity\\.backend, .statusbar-item[id*="tensorParity.backend"]').first();
    await item.waitFor({ timeout: WAIT_MS });
    const label = (await item.locator('a, .statusbar-item-label').first().getAttribute('aria-label')) ?? (await item.getAttribute('aria-label')) ?? '';
    assert.match(label, /Tensor Parity/);
    assert.doesNotMatch(label, /&[a-z]+;|&#\d+;|\$\(/, `the label is read aloud: ${label}`);
    await item.click();
    const rows = await quickRows(/Switch backend/);
    assert.ok(
      rows.some((r) => /Switch backend/.test(r)),
      JSON.stringify(rows),
    );
    // Before any inference the native backend is not in use, so the menu explains it and gives the command.
    assert.ok(
      rows.some((r) => /Why is the native backend \(tfjs-node\) not active\?/.test(r)) || /TF\.js: tensorflow/.test(await session.statusBarText()),
      JSON.stringify(rows),
    );
    if (rows.some((r) => /Why is the native backend/.test(r))) {
      assert.ok(
        rows.some((r) => /Enable the native backend.*(npm run setup:tfjs-node|npm install --no-save @tensorflow\/tfjs-node)/.test(r)),
        JSON.stringify(rows),
      );
    }
    await session.screenshot('ux-backend-menu-dark');
    await pickRow(/Switch backend/);
    await quickRows(/^cpu/);
    await dismiss();
  },
);
