// In an untrusted workspace (Restricted Mode) Tensor Parity must refuse to run models and say why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from './harness.mjs';
import { RESULT_READY } from './panel.mjs';

let session;

before(async () => { session = await startSession({ name: 'trust', trust: false }); }, { timeout: 150_000 });
after(async () => { await session?.close(); }, { timeout: 60_000 });

test('Run Inference in an untrusted workspace explains that models only run in trusted workspaces', { timeout: 120_000 }, async () => {
  await session.waitForStatusBar(/restricted mode/i); // the workspace opened untrusted
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const message = await session.waitForNotification(/trust/i, { timeoutMs: 30_000 });
  await session.page.waitForTimeout(500); // let the toast finish sliding in before the screenshot
  await session.screenshot('trust-untrusted-message');
  assert.match(message, /trust/i);
  const frames = await Promise.all(session.page.frames().map((f) => f.$(RESULT_READY).catch(() => null)));
  assert.ok(frames.every((el) => !el), 'no inference result may appear in an untrusted workspace');
});
