// In an untrusted workspace (Restricted Mode) Tensor Parity must refuse to run models and say why (Run Inference,
// Compare Models); the tensor viewer, Compare Tensors and Compare with Reference → an image (the diagnosis) stay
// available (they load no model) and answer hostile files from the bad-input corpus with a message naming the file,
// without crashing the extension host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { pollUntil, startSession, waitForSteady, WAIT_MS, TEST_MS } from './harness.mjs';
import { RESULT_READY } from './panel.mjs';
import { compareSelected, explorerRow, quickPick, refreshExplorer } from './tensors.mjs';

let session;

before(
  async () => {
    session = await startSession({ name: 'trust', trust: false });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

test('Run Inference in an untrusted workspace explains that models only run in trusted workspaces', { timeout: TEST_MS }, async () => {
  await session.waitForStatusBar(/restricted mode/i); // the workspace opened untrusted
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const message = await session.waitForNotification(/trust/i, { timeoutMs: WAIT_MS });
  await waitForSteady(session.page.locator('.notifications-toasts .notification-list-item').first(), {
    what: 'the toast to finish sliding in',
  });
  await session.screenshot('trust-untrusted-message');
  assert.match(message, /trust/i);
  const frames = await Promise.all(session.page.frames().map((f) => f.$(RESULT_READY).catch(() => null)));
  assert.ok(
    frames.every((el) => !el),
    'no inference result may appear in an untrusted workspace',
  );
});

/** The text of every webview frame, joined (the viewer and the diff panel are nested iframes). */
async function webviewText() {
  const texts = await Promise.all(
    session.page
      .frames()
      .filter((f) => f !== session.page.mainFrame())
      .map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')),
  );
  return texts.join('\n');
}

test('hostile tensors in an untrusted folder: the viewer and Compare Tensors name the file and say what is wrong', { timeout: TEST_MS }, async () => {
  const dir = join(session.sandbox.workspace, 'hostile');
  mkdirSync(dir, { recursive: true });
  for (const f of ['shape-overflow-zero.npy', 'bomb-header-says-4gib.npz', 'pickle.npy']) {
    cpSync(join(repoRoot, 'test/bad-input/files/tensors', f), join(dir, f));
  }
  await refreshExplorer(session);
  // The viewer is the default editor for .npy/.npz: a click opens it.
  for (const [file, words] of [
    ['shape-overflow-zero.npy', /over the 2 GiB limit/],
    ['bomb-header-says-4gib.npz', /over the 2 GiB limit/],
  ]) {
    await (await explorerRow(session, `hostile/${file}`)).click();
    const text = await pollUntil(
      async () => {
        const t = await webviewText();
        return t.includes(file) && words.test(t) && t;
      },
      { timeoutMs: WAIT_MS, what: `the viewer to explain ${file}` },
    ).catch(async (e) => {
      e.message += `\n${await session.describeState()}`;
      throw e;
    });
    assert.doesNotMatch(text, /RangeError|Maximum call stack|internal error/);
  }
  await session.screenshot('trust-hostile-viewer');
  await compareSelected(session, 'hostile/pickle.npy', 'hostile/shape-overflow-zero.npy');
  const shown = await pollUntil(
    async () => {
      const notes = await session.page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
      const t = `${await webviewText()}\n${notes.join('\n')}`;
      return /never unpickles|over the 2 GiB limit/.test(t) && t;
    },
    { timeoutMs: WAIT_MS, what: 'Compare Tensors to explain the hostile pair' },
  );
  assert.match(shown, /pickle\.npy|shape-overflow-zero\.npy/);
  await session.screenshot('trust-hostile-compare');
  // the extension host is still alive: its status bar item and the Explorer answer
  await session.waitForStatusBar(/restricted mode/i);
});

test('Compare with Reference → an image: hostile images in an untrusted folder are refused, naming the file', { timeout: TEST_MS }, async () => {
  const dir = join(session.sandbox.workspace, 'hostile');
  mkdirSync(dir, { recursive: true });
  for (const f of ['png-100000x100000.png', 'jpeg-truncated.jpg']) cpSync(join(repoRoot, 'test/bad-input/files/images', f), join(dir, f));
  await refreshExplorer(session);
  for (const [file, words] of [
    ['png-100000x100000.png', /pixels/],
    ['jpeg-truncated.jpg', /truncated|damaged|corrupt/i],
  ]) {
    await session.page.keyboard.press('Escape');
    await (await explorerRow(session, 'dumps/astronaut.cpp-bgr.npy')).click(); // one file selected, not the last pair
    await session.rightClickExplorerItem('dumps/astronaut.cpp-bgr.npy');
    await session.pickContextMenu('Tensor Parity: Compare with Reference');
    await quickPick(session, 'An image, preprocessed');
    await quickPick(session, file);
    const text = await pollUntil(
      async () => {
        const notes = await session.page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
        const t = `${await webviewText()}\n${notes.join('\n')}`;
        return t.includes(file) && words.test(t) && t;
      },
      { timeoutMs: WAIT_MS, what: `the diff panel to explain ${file}` },
    ).catch(async (e) => {
      e.message += `\n${await session.describeState()}`;
      throw e;
    });
    assert.doesNotMatch(text, /RangeError|Maximum call stack|internal error/);
  }
  await session.screenshot('trust-hostile-image');
  await session.waitForStatusBar(/restricted mode/i);
});

test('Compare Models in an untrusted workspace runs no model and says why', { timeout: TEST_MS }, async () => {
  // the Run Inference test left the same warning: close every toast (hover shows its close button)
  const toasts = session.page.locator('.notifications-toasts .notification-list-item');
  await pollUntil(
    async () => {
      if ((await toasts.count()) === 0) return true;
      const toast = toasts.first();
      await toast.hover({ timeout: 5000 }).catch(() => {});
      await toast
        .locator('.codicon-notifications-clear')
        .first()
        .click({ timeout: 5000 })
        .catch(() => {}); // the next poll tries again
      return false;
    },
    { what: 'the earlier notifications to close' },
  );
  await session.rightClickExplorerItem('models/selfie-tflite/selfie_int8.tflite');
  await session.pickContextMenu('Tensor Parity: Compare Models');
  const message = await session.waitForNotification(/untrusted workspace/i, { timeoutMs: WAIT_MS });
  assert.match(message, /doesn't run models/);
  const frames = await Promise.all(session.page.frames().map((f) => f.$('#tp-models-layers, #tp-app[data-cause]').catch(() => null)));
  assert.ok(
    frames.every((el) => !el),
    'no model comparison may run in an untrusted workspace',
  );
});
