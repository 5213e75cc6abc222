// Loading models from disk: sharded weights, layers models, the model cache, and the errors a user sees.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { io } from '@tensorflow/tfjs';
import { loadTensorflow } from '../../src/core/infer/backend';
import { ModelError } from '../../src/core/infer/errors';
import { clearModelCache, getModel } from '../../src/core/infer/model-cache';
import { readTfjsModel } from '../../src/core/infer/model-io';
import { loadModel } from '../../src/core/infer/model-load';
import type { ModelSpec } from '../../src/core/spec/types';

const ROOT = path.resolve(__dirname, '../../..');
const SELFIE = path.join(ROOT, 'demo/models/selfie');
const GRAPH: ModelSpec = { path: 'x', format: 'tfjs-graph' };

const BASE = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-infer-'));
after(() => fs.rmSync(BASE, { recursive: true, force: true }));

function tmpDir(): string {
  return fs.mkdtempSync(path.join(BASE, 'case-'));
}

/** A copy of the demo model with its weights split into two shards. */
function splitSelfie(dir: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(SELFIE, 'selfie.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(SELFIE, 'selfie.bin'));
  const cut = 100_000;
  fs.writeFileSync(path.join(dir, 'group1-shard1of2.bin'), bin.subarray(0, cut));
  fs.writeFileSync(path.join(dir, 'group1-shard2of2.bin'), bin.subarray(cut));
  json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  return path.join(dir, 'model.json');
}

function throwsModelError(fn: () => unknown, ...parts: (string | RegExp)[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ModelError, `expected a ModelError, got ${String(err)}`);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(err.message.includes(p), `message should mention ${p}: ${err.message}`);
      else assert.match(err.message, p);
    }
    return true;
  });
}

test('a sharded model loads with its weights concatenated in manifest order and runs like the single-file one', async () => {
  const rt = await loadTensorflow({ prefer: 'wasm' });
  const dir = tmpDir();
  const split = await loadModel(rt, splitSelfie(dir), GRAPH);
  const whole = await loadModel(rt, path.join(SELFIE, 'selfie.json'), GRAPH);
  assert.deepEqual(split.inputs, [{ name: 'input_1', shape: [1, 256, 256, 3], dtype: 'float32' }]);
  const x = rt.tf.randomUniform([1, 256, 256, 3], 0, 1, 'float32', 7);
  const a = await split.predict(x, 'input_1', 'activation_10');
  const b = await whole.predict(x, 'input_1', 'activation_10');
  assert.deepEqual(a.shape, [1, 256, 256, 1]);
  assert.deepEqual(await a.data(), await b.data());
  for (const t of [x, a, b]) t.dispose();
  split.dispose();
  whole.dispose();
});

test('a shard missing next to model.json is named, with the fix', () => {
  const dir = tmpDir();
  const file = splitSelfie(dir);
  fs.rmSync(path.join(dir, 'group1-shard2of2.bin'));
  throwsModelError(() => readTfjsModel(file), 'model.json lists group1-shard2of2.bin but it is not next to it', 'Copy every .bin');
});

test('a truncated weight file is reported with expected and actual sizes', () => {
  const dir = tmpDir();
  fs.copyFileSync(path.join(SELFIE, 'selfie.json'), path.join(dir, 'selfie.json'));
  fs.writeFileSync(path.join(dir, 'selfie.bin'), fs.readFileSync(path.join(SELFIE, 'selfie.bin')).subarray(0, 5000));
  throwsModelError(() => readTfjsModel(path.join(dir, 'selfie.json')), 'selfie.bin (5000 bytes)', 'needs 212886 bytes', 'copy the .bin files');
});

test('a missing model.json, invalid JSON, and JSON that is not a model each say what to do', () => {
  const dir = tmpDir();
  throwsModelError(() => readTfjsModel(path.join(dir, 'nope.json')), 'nope.json does not exist', 'Fix model.path');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"format": "graph-model", ');
  throwsModelError(() => readTfjsModel(path.join(dir, 'broken.json')), 'broken.json is not valid JSON', 'tensorflowjs_converter');
  fs.writeFileSync(path.join(dir, 'other.json'), '{"name": "not a model"}');
  throwsModelError(() => readTfjsModel(path.join(dir, 'other.json')), 'other.json', 'no "modelTopology"');
  fs.writeFileSync(path.join(dir, 'weights.h5'), Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'));
  throwsModelError(() => readTfjsModel(path.join(dir, 'weights.h5')), 'Keras .h5', '--input_format=keras');
});

test('a graph model declared as a layers model (and vice versa) names the model.format to set', () => {
  throwsModelError(
    () => readTfjsModel(path.join(SELFIE, 'selfie.json'), 'layers-model'),
    'selfie.json is a TensorFlow.js graph model',
    'Set model.format to "tfjs-graph"',
  );
});

test('a layers model saved by tfjs loads from disk and predicts the same values', async () => {
  const rt = await loadTensorflow({ prefer: 'cpu' });
  const { tf } = rt;
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] });
  const dir = tmpDir();
  const sink: io.IOHandler = {
    save: async (a: io.ModelArtifacts) => {
      fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(a.weightData as ArrayBuffer));
      const json = {
        format: 'layers-model',
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  };
  await model.save(sink);
  throwsModelError(() => readTfjsModel(path.join(dir, 'model.json'), 'graph-model'), 'layers model', 'Set model.format to "tfjs-layers"');
  const loaded = await loadModel(rt, dir, { path: 'x', format: 'tfjs-layers' });
  assert.deepEqual(
    loaded.inputs.map((i) => i.shape),
    [[null, 4]],
  );
  const x = tf.tensor2d([[1, 2, 3, 4]]);
  const want = model.predict(x) as import('@tensorflow/tfjs').Tensor;
  const got = await loaded.predict(x, loaded.inputs[0]?.name ?? '', loaded.outputs[0]?.name ?? '');
  assert.deepEqual(await got.data(), await want.data());
  for (const t of [x, want, got]) t.dispose();
  loaded.dispose();
  model.dispose();
});

test('a SavedModel without tfjs-node explains the conversion command', async () => {
  const rt = await loadTensorflow({ prefer: 'cpu' });
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'saved_model.pb'), 'x');
  await assert.rejects(loadModel(rt, dir, { path: 'x', format: 'saved-model' }), (err: unknown) => {
    assert.ok(err instanceof ModelError);
    assert.match(err.message, /@tensorflow\/tfjs-node/);
    assert.ok(err.message.includes(`tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model ${dir}`), err.message);
    return true;
  });
  const empty = tmpDir();
  await assert.rejects(loadModel(rt, empty, { path: 'x', format: 'saved-model' }), /no saved_model\.pb inside/);
});

test('the model cache reuses a model, fingerprints its bytes, and reloads when a weight file changes', async () => {
  const rt = await loadTensorflow({ prefer: 'wasm' });
  const dir = tmpDir();
  const file = splitSelfie(dir);
  const first = await getModel(rt, file, GRAPH);
  const tensorsWithOneModel = rt.tf.memory().numTensors;
  const again = await getModel(rt, file, GRAPH);
  assert.equal(first.cached, false);
  assert.equal(again.cached, true);
  assert.match(first.fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(first.fingerprint, readTfjsModel(file).fingerprint);
  // Flip one weight byte: same size, new content and mtime.
  const shard = path.join(dir, 'group1-shard2of2.bin');
  const bytes = fs.readFileSync(shard);
  bytes[10] = bytes[10] ^ 1;
  fs.writeFileSync(shard, bytes);
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(shard, later, later);
  const reloaded = await getModel(rt, file, GRAPH);
  assert.equal(reloaded.cached, false);
  assert.notEqual(reloaded.fingerprint, first.fingerprint);
  assert.equal(rt.tf.memory().numTensors, tensorsWithOneModel, 'the old model was disposed');
  await clearModelCache();
});
