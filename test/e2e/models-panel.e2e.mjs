// "Tensor Parity: Compare Models" in a real VS Code: one click on the demo's int8 .tflite (made by
// scripts/golden/make_demo_tflite.py) compares it with the spec's model; two selected model.json files (the demo model
// and a copy with one conv kernel scaled) name that conv as the first divergent layer. Layer rows open their heatmaps.
// The diff panel of two model outputs (the demo model's and the int8 .tflite's, written by `tensor-parity run`) offers
// the layer-by-layer comparison, shows the model-side card and opens Compare Models, where another input can be picked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { startSession, TEST_MS, WAIT_MS } from './harness.mjs';
import { compareSelected, frameMatching, frameUntil, quickPick, refreshExplorer } from './tensors.mjs';

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

before(
  async () => {
    session = await startSession({ name: 'models-panel', theme: 'dark' });
    writeChangedModel(session.sandbox.workspace, 'Conv2D_7/filter');
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

test('one click on the demo int8 .tflite compares it with the spec model: quantization, from the first conv on', { timeout: TEST_MS }, async () => {
  await session.rightClickExplorerItem('models/selfie-tflite/selfie_int8.tflite');
  await session.pickContextMenu('Tensor Parity: Compare Models');
  frame = await frameMatching(session, '#tp-app[data-cause]', { timeoutMs: WAIT_MS });
  const seen = await frame.evaluate(() => ({
    cause: document.getElementById('tp-app')?.dataset.cause,
    first: document.getElementById('tp-app')?.dataset.firstDivergent,
    verdict: document.getElementById('tp-models-verdict')?.textContent,
    title: document.getElementById('tp-models-cause')?.textContent,
    rows: document.querySelectorAll('#tp-models-layers tbody tr').length,
    firstRow: document.querySelector('.tp-layer-first')?.id,
    files: document.getElementById('tp-files')?.textContent,
    bars: document.querySelectorAll('#tp-models-growth rect').length,
  }));
  assert.equal(seen.cause, 'quantization', JSON.stringify(seen));
  assert.equal(seen.verdict, 'FAIL');
  assert.match(seen.title, /^Quantization: selfie_int8 stores \d+ weight tensors quantized, and the error starts at .* \(CONV_2D\)\.$/);
  assert.ok(seen.rows > 100, `the layer table lists every matched layer (${seen.rows})`);
  assert.equal(seen.bars, seen.rows, 'one bar per layer in the growth plot');
  assert.equal(seen.firstRow, `tp-layer-${seen.first}`);
  assert.match(seen.files, /selfie_int8\.tflite \(tflite\).*selfie\.json \(tfjs-graph\).*astronaut.*\(preprocessed as tensorparity\.json says\)/s);
  // The first divergent layer's detail opens by itself: its heatmaps, one per channel.
  const canvases = await frameUntil(
    frame,
    (first) =>
      document.getElementById('tp-app')?.dataset.detail === first ? document.querySelectorAll('#tp-models-detail #tp-heatmaps canvas').length : undefined,
    seen.first,
    "the first divergent layer's heatmaps",
    WAIT_MS,
  );
  assert.equal(canvases, 16);
  await session.screenshot('models-panel-dark');
  await session.setTheme('light');
  await session.screenshot('models-panel-light');
});

test("clicking a layer row shows that layer's heatmap; Enter does the same from the keyboard", { timeout: TEST_MS }, async () => {
  assert.ok(frame, 'needs the first test to have opened the panel');
  await frame.click('#tp-layer-5');
  const five = await frameUntil(
    frame,
    () => (document.getElementById('tp-app')?.dataset.detail === '5' ? document.getElementById('tp-models-detail-heading')?.textContent : undefined),
    undefined,
    'layer 6 detail',
  );
  assert.match(five, /^#6 /);
  await frame.focus('#tp-layer-2');
  await frame.press('#tp-layer-2', 'Enter');
  const two = await frameUntil(
    frame,
    () => (document.getElementById('tp-app')?.dataset.detail === '2' ? document.querySelectorAll('#tp-models-detail #tp-heatmaps canvas').length : undefined),
    undefined,
    'layer 3 detail',
  );
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
  const detailWeights = await frameUntil(f, () => document.querySelector('#tp-models-detail-weights tbody tr')?.textContent, undefined, "the layer's weights");
  assert.match(detailWeights, /Conv2D_7\/filter.*changed/);
  await session.screenshot('models-panel-weights-light');
});

/** `tensor-parity run` on astronaut.png with the demo spec, or with a copy naming `model` instead; returns the output .npy. */
function modelOutput(workspace, model) {
  const cli = join(process.env.TP_E2E_EXTENSION_ROOT || repoRoot, 'dist', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'tp-e2e-outputs-'));
  const args = [cli, 'run', join(workspace, 'images', 'astronaut.png'), '--out', dir];
  // A spec only opens files under its own folder: the copy naming the .tflite sits next to the demo spec, for this run only.
  const specCopy = join(workspace, 'int8.spec.json');
  if (model) {
    const spec = JSON.parse(readFileSync(join(workspace, 'tensorparity.json'), 'utf8'));
    spec.model = { path: model, format: 'tflite' };
    writeFileSync(specCopy, JSON.stringify(spec));
    args.push('--spec', specCopy);
  }
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (model) rmSync(specCopy, { force: true });
  assert.equal(r.status, 0, `tensor-parity run failed: ${r.stderr}`);
  return { file: join(dir, 'astronaut.output.npy'), dir };
}

test('two model outputs in the diff panel: "Compare the models layer by layer" names quantization and opens Compare Models', { timeout: TEST_MS }, async () => {
  const ws = session.sandbox.workspace;
  mkdirSync(join(ws, 'outputs'), { recursive: true });
  for (const [model, name] of [
    [undefined, 'astronaut.reference-output.npy'],
    ['models/selfie-tflite/selfie_int8.tflite', 'astronaut.int8-output.npy'],
  ]) {
    const out = modelOutput(ws, model);
    cpSync(out.file, join(ws, 'outputs', name));
    rmSync(out.dir, { recursive: true, force: true });
  }
  await refreshExplorer(session);
  await compareSelected(session, 'outputs/astronaut.int8-output.npy', 'outputs/astronaut.reference-output.npy');
  const f = await frameMatching(session, '#tp-app[data-initial-state*="astronaut.int8-output"][data-verdict]', { timeoutMs: WAIT_MS });
  await frameUntil(f, () => document.getElementById('tp-compare-models') !== null, undefined, 'the offer to compare the models', WAIT_MS);
  assert.equal(await f.evaluate(() => document.getElementById('tp-diagnosis')?.dataset.status), 'unexplained');
  await f.click('#tp-compare-models');
  await quickPick(session, 'selfie_int8.tflite');
  const kind = await frameUntil(f, () => document.getElementById('tp-app')?.dataset.modelCause, undefined, 'the model-side cause card', WAIT_MS);
  assert.equal(kind, 'quantization');
  const seen = await f.evaluate(() => ({
    status: document.getElementById('tp-diagnosis')?.dataset.status,
    summary: document.getElementById('tp-diagnosis-summary')?.textContent,
    title: document.getElementById('tp-model-cause-title')?.textContent,
    card: document.getElementById('tp-model-cause')?.textContent,
  }));
  assert.equal(seen.status, 'model-explained', 'no "unexplained" once the model comparison explains it');
  assert.match(
    seen.summary,
    /^Explained on the model side: Quantization: selfie_int8 stores \d+ weight tensors quantized, and the error starts at .* \(CONV_2D\)\.$/,
  );
  assert.match(seen.card, /selfie_int8\.tflite vs selfie\.json on astronaut\.png/);
  await session.screenshot('diff-panel-model-cause-light');
  await session.setTheme('dark');
  await session.screenshot('diff-panel-model-cause-dark');

  await f.click('#tp-open-models');
  const m = await frameMatching(session, '#tp-app[data-initial-state*="selfie_int8"][data-initial-state*="astronaut.png"][data-cause]', {
    timeoutMs: WAIT_MS,
  });
  const header = await m.evaluate(() => ({
    cause: document.getElementById('tp-app')?.dataset.cause,
    a: document.getElementById('tp-models-runtime-a')?.textContent,
    b: document.getElementById('tp-models-runtime-b')?.textContent,
  }));
  assert.equal(header.cause, 'quantization');
  assert.match(header.a, /^ runs on LiteRT\.js \(/);
  assert.match(header.b, /^ runs on TensorFlow\.js \(\w+\)$/);

  // Another input: the workspace's images and .npy tensors are offered; the pick opens the comparison on it.
  await m.click('#tp-pick-input');
  await quickPick(session, 'hopper.jpg');
  const h = await frameMatching(session, '#tp-app[data-initial-state*="hopper.jpg"][data-cause]', { timeoutMs: WAIT_MS });
  assert.match(
    await h.evaluate(() => document.getElementById('tp-models-input')?.textContent ?? ''),
    /^hopper\.jpg \(preprocessed as tensorparity\.json says\)$/,
  );
  await session.screenshot('models-panel-input-dark');
});

test('a Keras .keras file right-clicked → Compare Models: the panel gives the commands that convert it and dump its layers', { timeout: TEST_MS }, async () => {
  mkdirSync(join(session.sandbox.workspace, 'models', 'keras'), { recursive: true });
  writeFileSync(join(session.sandbox.workspace, 'models', 'keras', 'net.keras'), Buffer.from('PK\x03\x04 not a real model', 'latin1'));
  await refreshExplorer(session);
  await session.rightClickExplorerItem('models/keras/net.keras');
  await session.pickContextMenu('Tensor Parity: Compare Models');
  const f = await frameMatching(session, '#tp-app[data-initial-state*="net.keras"][data-error="true"]', { timeoutMs: WAIT_MS });
  const message = await f.evaluate(() => document.querySelector('#tp-error .tp-message-text')?.textContent ?? '');
  assert.match(message, /net\.keras is a Keras file, which only Python's Keras can read/);
  assert.match(message, /keras\.saving\.load_model\('.*net\.keras'\).*TFLiteConverter\.from_keras_model\(m\)\.convert\(\)/);
  assert.match(message, /python tools\/dump_activations\.py .*net\.keras input\.npy activations\.npz/);
});

test('a selected tensorparity.json stands for the model it names: spec + model.json → Compare Models', { timeout: TEST_MS }, async () => {
  // A second spec in a subfolder naming the float32 conversion (a copy next to it: spec paths stay inside its folder).
  const ws = session.sandbox.workspace;
  const variant = join(ws, 'variant');
  mkdirSync(variant, { recursive: true });
  cpSync(join(ws, 'models', 'selfie-tflite', 'selfie_float32.tflite'), join(variant, 'selfie_float32.tflite'));
  const spec = JSON.parse(readFileSync(join(ws, 'tensorparity.json'), 'utf8'));
  delete spec.$schema;
  spec.model = { path: 'selfie_float32.tflite', format: 'tflite' };
  writeFileSync(join(variant, 'tensorparity.json'), JSON.stringify(spec, null, 2));
  await refreshExplorer(session);
  // Fold the folders earlier tests opened, so both rows are on screen (the Explorer renders only the rows in view).
  await session.page.locator('.explorer-folders-view').hover();
  await session.page.locator('.action-label[aria-label*="Collapse Folders"], .action-label.codicon-collapse-all').first().click();
  await compareSelected(session, 'variant/tensorparity.json', 'models/selfie/selfie.json', 'Tensor Parity: Compare Models');
  const f = await frameMatching(session, '#tp-app[data-initial-state*="variant"][data-initial-state*="selfie_float32.tflite"][data-cause]', {
    timeoutMs: WAIT_MS,
  });
  const seen = await f.evaluate(() => ({
    cause: document.getElementById('tp-app')?.dataset.cause,
    files: document.getElementById('tp-files')?.textContent,
    rows: document.querySelectorAll('#tp-models-layers tbody tr').length,
  }));
  assert.equal(seen.cause, 'numeric-noise', JSON.stringify(seen));
  assert.match(seen.files, /selfie_float32\.tflite \(tflite\).*selfie\.json \(tfjs-graph\)/s);
  assert.ok(seen.rows > 100, `layers lined up through the converter's fused names (${seen.rows})`);
});
