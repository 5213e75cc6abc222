// "Tensor Parity: Compare Models" in a real VS Code: one click on the demo's int8 .tflite (made by
// scripts/golden/make_demo_tflite.py) compares it with the spec's model; two selected model.json files (the demo model
// and a copy with one conv kernel scaled) name that conv as the first divergent layer. Layer rows open their heatmaps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, TEST_MS, WAIT_MS } from './harness.mjs';
import { compareSelected, frameMatching, frameUntil, refreshExplorer } from './tensors.mjs';

let session;
let frame;

/** A copy of the demo model with every float16 value of one weight tensor doubled (exponent + 1). */
function writeChangedModel(workspace, weight) {
  const src = join(workspace, 'models', 'selfie');
  const dst = join(workspace, 'models', 'selfie-v2');
  cpSync(src, dst, { recursive: true });
  const json = JSON.parse(readFileSync(join(src, 'selfie.json'), 'utf8'));
  const bin = readFileSync(join(src, 'selfie.bin'));
  const bytes = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2 };
  let offset = 0;
  for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
    const storage = w.quantization?.dtype ?? w.dtype;
    const n = w.shape.reduce((x, y) => x * y, 1);
    if (w.name === weight) {
      for (let i = 0; i < n; i++) {
        const bits = bin.readUInt16LE(offset + 2 * i);
        if ((bits & 0x7c00) !== 0 && (bits & 0x7c00) !== 0x7800) bin.writeUInt16LE(bits + 0x0400, offset + 2 * i);
      }
      break;
    }
    offset += bytes[storage] * n;
  }
  writeFileSync(join(dst, 'selfie.bin'), bin);
  // Its own file name: the Explorer helper finds rows by name, and two "selfie.json" rows would be the same to it.
  renameSync(join(dst, 'selfie.json'), join(dst, 'selfie-v2.json'));
}

before(async () => {
  session = await startSession({ name: 'models-panel', theme: 'dark' });
  writeChangedModel(session.sandbox.workspace, 'Conv2D_7/filter');
}, { timeout: TEST_MS });
after(async () => { await session?.close(); }, { timeout: TEST_MS });

test('one click on the demo int8 .tflite compares it with the spec model: quantization, from the first conv on', { timeout: TEST_MS }, async () => {
  await session.rightClickExplorerItem('models/selfie-tflite/selfie_int8.tflite');
  await session.pickContextMenu('Tensor Parity: Compare Models');
  frame = await frameMatching(session, '#tp-app[data-cause]', { timeoutMs: WAIT_MS });
  const seen = await frame.evaluate(() => ({
    cause: document.getElementById('tp-app')?.dataset.cause, first: document.getElementById('tp-app')?.dataset.firstDivergent,
    verdict: document.getElementById('tp-models-verdict')?.textContent, title: document.getElementById('tp-models-cause')?.textContent,
    rows: document.querySelectorAll('#tp-models-layers tbody tr').length, firstRow: document.querySelector('.tp-layer-first')?.id,
    files: document.getElementById('tp-files')?.textContent, bars: document.querySelectorAll('#tp-models-growth rect').length,
  }));
  assert.equal(seen.cause, 'quantization', JSON.stringify(seen));
  assert.equal(seen.verdict, 'FAIL');
  assert.match(seen.title, /^Quantization: selfie_int8 stores \d+ weight tensors quantized, and the error starts at .* \(CONV_2D\)\.$/);
  assert.ok(seen.rows > 100, `the layer table lists every matched layer (${seen.rows})`);
  assert.equal(seen.bars, seen.rows, 'one bar per layer in the growth plot');
  assert.equal(seen.firstRow, `tp-layer-${seen.first}`);
  assert.match(seen.files, /selfie_int8\.tflite \(tflite\).*selfie\.json \(tfjs-graph\).*astronaut.*\(preprocessed as tensorparity\.json says\)/s);
  // The first divergent layer's detail opens by itself: its heatmaps, one per channel.
  const canvases = await frameUntil(frame, (first) => document.getElementById('tp-app')?.dataset.detail === first ? document.querySelectorAll('#tp-models-detail #tp-heatmaps canvas').length : undefined, seen.first, 'the first divergent layer\'s heatmaps', 60_000);
  assert.equal(canvases, 16);
  await session.screenshot('models-panel-dark');
  await session.setTheme('light');
  await session.screenshot('models-panel-light');
});

test('clicking a layer row shows that layer\'s heatmap; Enter does the same from the keyboard', { timeout: TEST_MS }, async () => {
  assert.ok(frame, 'needs the first test to have opened the panel');
  await frame.click('#tp-layer-5');
  const five = await frameUntil(frame, () => document.getElementById('tp-app')?.dataset.detail === '5' ? document.getElementById('tp-models-detail-heading')?.textContent : undefined, undefined, 'layer 6 detail');
  assert.match(five, /^#6 /);
  await frame.focus('#tp-layer-2');
  await frame.press('#tp-layer-2', 'Enter');
  const two = await frameUntil(frame, () => document.getElementById('tp-app')?.dataset.detail === '2' ? document.querySelectorAll('#tp-models-detail #tp-heatmaps canvas').length : undefined, undefined, 'layer 3 detail');
  assert.ok(two > 0);
  assert.equal(await frame.evaluate(() => document.getElementById('tp-layer-2')?.getAttribute('aria-current')), 'true');
});

test('two selected model.json files: the changed conv is the first divergent layer and the weights name its kernel', { timeout: TEST_MS }, async () => {
  await refreshExplorer(session);
  await compareSelected(session, 'models/selfie-v2/selfie-v2.json', 'models/selfie/selfie.json', 'Tensor Parity: Compare Models');
  const f = await frameMatching(session, '#tp-app[data-initial-state*="selfie-v2"][data-cause]', { timeoutMs: WAIT_MS });
  const seen = await f.evaluate(() => ({
    cause: document.getElementById('tp-app')?.dataset.cause,
    first: document.querySelector('.tp-layer-first .tp-layer-name')?.textContent,
    weights: document.getElementById('tp-models-weights-summary')?.textContent,
    architecture: document.getElementById('tp-models-architecture')?.textContent,
  }));
  assert.equal(seen.cause, 'weights', JSON.stringify(seen));
  assert.match(seen.first, /^Conv2D_7 first divergent · weights changed: Conv2D_7\/filter$/);
  assert.match(seen.weights, /^135 of 136 weight tensors identical; Conv2D_7\/filter changed by up to /);
  assert.match(seen.architecture, /same architecture: 224 nodes/);
  const detailWeights = await frameUntil(f, () => document.querySelector('#tp-models-detail-weights tbody tr')?.textContent, undefined, 'the layer\'s weights');
  assert.match(detailWeights, /Conv2D_7\/filter.*changed/);
  await session.screenshot('models-panel-weights-light');
});
