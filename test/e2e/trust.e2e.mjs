// In an untrusted workspace (Restricted Mode) Tensor Parity must refuse to run models and say why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, waitForSteady, WAIT_MS, TEST_MS } from './harness.mjs';
import { RESULT_READY } from './panel.mjs';

let session;

before(async () => { session = await startSession({ name: 'trust', trust: false }); }, { timeout: TEST_MS });
after(async () => { await session?.close(); }, { timeout: TEST_MS });

test('Run Inference in an untrusted workspace explains that models only run in trusted workspaces', { timeout: TEST_MS }, async () => {
  await session.waitForStatusBar(/restricted mode/i); // the workspace opened untrusted
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const message = await session.waitForNotification(/trust/i, { timeoutMs: WAIT_MS });
  await waitForSteady(session.page.locator('.notifications-toasts .notification-list-item').first(), { what: 'the toast to finish sliding in' });
  await session.screenshot('trust-untrusted-message');
  assert.match(message, /trust/i);
  const frames = await Promise.all(session.page.frames().map((f) => f.$(RESULT_READY).catch(() => null)));
  assert.ok(frames.every((el) => !el), 'no inference result may appear in an untrusted workspace');
});
