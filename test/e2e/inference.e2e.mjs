// Right-click a demo image in a real VS Code (code-server) → "Tensor Parity: Run Inference" → check the result panel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, WAIT_MS, TEST_MS } from './harness.mjs';
import { RESULT_READY, goldenPersonFraction, readResultPanel } from './panel.mjs';

let session;
let panel;

before(
  async () => {
    session = await startSession({ name: 'inference', theme: 'dark' });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

test('Run Inference on astronaut.png shows a person/background mask matching the golden person fraction', { timeout: TEST_MS }, async () => {
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const frame = await session.findWebviewFrame(RESULT_READY, { timeoutMs: WAIT_MS });
  panel = await readResultPanel(frame);
  await session.screenshot('inference-astronaut-dark');
  await session.setTheme('light');
  await session.screenshot('inference-astronaut-light');

  for (const label of ['background', 'person']) {
    assert.ok(
      panel.legend.some((t) => new RegExp(`^${label}\\b`, 'i').test(t)),
      `legend should list "${label}"; it shows ${JSON.stringify(panel.legend)}`,
    );
  }
  assert.ok(panel.canvas.width > 0 && panel.canvas.painted > 0, `#tp-mask-canvas should show the mask; got ${JSON.stringify(panel.canvas)}`);
  const golden = goldenPersonFraction('astronaut.png');
  const measured = panel.fractions.person;
  assert.ok(Number.isFinite(measured), `#tp-result should carry the person fraction; attributes were ${JSON.stringify(panel.raw)}`);
  assert.ok(Math.abs(measured - golden.value) <= 0.02, `person fraction ${measured} should be within 0.02 of the golden ${golden.value} (${golden.keyPath})`);
});

test('the status bar shows which TensorFlow.js backend ran the model', { timeout: TEST_MS }, async () => {
  assert.ok(panel, 'needs the inference test to have opened a result panel first');
  const text = await session.waitForStatusBar(/wasm|cpu|tensorflow/i, { timeoutMs: WAIT_MS });
  assert.match(text, /wasm|cpu|tensorflow/i);
});

test('with fit "crop" in the spec, the panel lists the centre crop it ran and paints the mask', { timeout: TEST_MS }, async () => {
  const specPath = join(session.sandbox.workspace, 'tensorparity.json');
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  spec.input.resize = { ...spec.input.resize, fit: 'crop' };
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  // Run Inference reads tensorparity.json from disk when it starts (SpecManager.findFor): no wait for the watcher.
  await session.rightClickExplorerItem('images/astronaut-wide.jpg');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const frame = await session.findWebviewFrame('#tp-details .tp-stage[data-stage="resized"]', { timeoutMs: WAIT_MS });
  const resized = frame.locator('#tp-details .tp-stage[data-stage="resized"]').filter({ hasText: 'centre-cropped' });
  await resized.waitFor({ timeout: WAIT_MS });
  const text = await resized.innerText();
  assert.match(text, /1280×720 → 256×256, centre-cropped \(smart_resize\) to x=280, y=0, 720×720/);
  const wide = await readResultPanel(frame);
  assert.ok(wide.canvas.painted > 0, `the mask should be painted; got ${JSON.stringify(wide.canvas)}`);
  await session.screenshot('inference-crop-light');
});
