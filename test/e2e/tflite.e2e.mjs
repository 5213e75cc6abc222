// A spec whose model is the demo's .tflite conversion: Run Inference in a real VS Code (code-server) loads LiteRT.js
// from the packaged extension (dist/litert) in the extension host and shows the same mask as the TFJS model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, WAIT_MS, TEST_MS } from './harness.mjs';
import { RESULT_READY, goldenPersonFraction, readResultPanel } from './panel.mjs';

let session;

before(
  async () => {
    session = await startSession({ name: 'tflite', theme: 'dark' });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

test('Run Inference with model.format "tflite" shows the person mask of the float32 .tflite (same as the TFJS model)', { timeout: TEST_MS }, async () => {
  const specPath = join(session.sandbox.workspace, 'tensorparity.json');
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  spec.model = { path: 'models/selfie-tflite/selfie_float32.tflite', format: 'tflite' };
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const frame = await session.findWebviewFrame(RESULT_READY, { timeoutMs: WAIT_MS });
  const panel = await readResultPanel(frame);
  await session.screenshot('tflite-astronaut-dark');
  assert.ok(panel.canvas.painted > 0, `the mask should be painted; got ${JSON.stringify(panel.canvas)}`);
  const golden = goldenPersonFraction('astronaut.png');
  assert.ok(Math.abs(panel.fractions.person - golden.value) <= 0.02, `person fraction ${panel.fractions.person} vs the golden ${golden.value}`);
});
