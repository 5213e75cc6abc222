// The demo model's TFLite conversions (scripts/golden/make_demo_tflite.py: tfjs-graph-converter → SavedModel →
// tf.lite.TFLiteConverter, float32 and int8) run by Tensor Parity against the LiteRT Python interpreter and the
// SavedModel, end to end through the spec (model.format "tflite") and layer by layer.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runInference } from '../../src/core/infer/engine';
import { loadTfliteModel } from '../../src/core/infer/tflite';
import { loadSpecFile } from '../../src/core/spec';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const GOLDEN = path.join(ROOT, 'test/golden/tflite-demo');

interface TensorStats {
  index: number;
  name: string;
  shape: number[];
  mean: number;
  maxAbs: number;
  first: number[];
}
interface Manifest {
  models: Record<string, { file: string; output: string; maxAbsVsSavedModel: number; tensors: TensorStats[] }>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8')) as Manifest;
const npy = (file: string): Float32Array => parseNpy(fs.readFileSync(file), file).data as Float32Array;
const input = npy(path.join(ROOT, 'test/golden/model/astronaut.input.npy'));
const savedModelOut = npy(path.join(ROOT, 'test/golden/model/astronaut.output.npy'));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('demo float32 .tflite: same mask as TFLite Python (≤ 1e-4) and as the SavedModel it came from (≤ 1e-3)', async () => {
  const g = manifest.models.selfie_float32;
  const m = await loadTfliteModel(path.join(ROOT, g.file));
  const [out] = await m.run(input);
  assert.deepEqual(out.shape, [1, 256, 256, 1]);
  assert.ok(maxAbsDiff(out.values, npy(path.join(GOLDEN, g.output))) <= 1e-4);
  assert.ok(maxAbsDiff(out.values, savedModelOut) <= 1e-3);
  m.dispose();
});

test('demo int8 .tflite: identical to TFLite Python; its distance from the SavedModel is the quantization error TF itself shows', async () => {
  const g = manifest.models.selfie_int8;
  const m = await loadTfliteModel(path.join(ROOT, g.file));
  assert.ok(m.operators().some((o) => o.op === 'QUANTIZE') && m.operators().some((o) => o.op === 'DEQUANTIZE'));
  const [out] = await m.run(input);
  assert.ok(maxAbsDiff(out.values, npy(path.join(GOLDEN, g.output))) <= 1e-6);
  assert.ok(Math.abs(maxAbsDiff(out.values, savedModelOut) - g.maxAbsVsSavedModel) <= 1e-6);
  m.dispose();
});

for (const name of ['selfie_float32', 'selfie_int8']) {
  test(`demo ${name}: every intermediate tensor matches the interpreter's (mean, max |x|, first values)`, async () => {
    const g = manifest.models[name];
    const m = await loadTfliteModel(path.join(ROOT, g.file));
    const r = await m.runWithIntermediates(input);
    assert.equal(r.tensors.length, m.operators().length);
    const byIndex = new Map(g.tensors.map((t) => [t.index, t]));
    for (const t of r.tensors) {
      const s = byIndex.get(t.tensorIndex);
      assert.ok(s, `interpreter stats for ${t.name}`);
      assert.deepEqual(t.shape, s.shape);
      const scale = Math.max(s.maxAbs, 1e-6);
      let sum = 0;
      let maxAbs = 0;
      for (const v of t.values) {
        sum += v;
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      const tol = name === 'selfie_int8' ? 1e-6 : 1e-4;
      assert.ok(Math.abs(sum / t.values.length - s.mean) <= tol * scale, `${t.op} ${t.name}: mean ${sum / t.values.length} vs ${s.mean}`);
      assert.ok(Math.abs(maxAbs - s.maxAbs) <= tol * scale * 10, `${t.op} ${t.name}: max |x| ${maxAbs} vs ${s.maxAbs}`);
      assert.ok(maxAbsDiff(t.values.subarray(0, s.first.length), s.first) <= tol * scale * 10, `${t.op} ${t.name}: first values`);
    }
    m.dispose();
  });
}

test('the spec runs a .tflite model end to end (model.format "tflite", path from the workspace)', async () => {
  const { spec } = await loadSpecFile(path.join(DEMO, 'tensorparity.json'));
  assert.ok(spec);
  const tflSpec = { ...spec, model: { path: 'models/selfie-tflite/selfie_float32.tflite', format: 'tflite' as const } };
  const res = await runInference({
    spec: tflSpec,
    workspaceRoot: DEMO,
    backend: 'cpu',
    input: { kind: 'tensor', file: 'astronaut.input.npy', tensor: { dtype: 'float32', shape: [1, 256, 256, 3], data: input } },
  });
  assert.equal(res.inputName, 'input_1');
  assert.ok(maxAbsDiff(res.output.data as Float32Array, savedModelOut) <= 1e-3);
  assert.equal(res.modelFingerprint.length, 16);
  assert.match(res.backendDetail, /the model runs on LiteRT\.js/);
  const escaping = { ...spec, model: { path: '../test/golden/tflite/classifier_float.tflite', format: 'tflite' as const } };
  await assert.rejects(
    runInference({
      spec: escaping,
      workspaceRoot: DEMO,
      backend: 'cpu',
      input: { kind: 'tensor', file: 'x.npy', tensor: { dtype: 'float32', shape: [1, 8, 8, 3], data: new Float32Array(192) } },
    }),
    /uses "\.\." to leave the workspace folder/,
  );
});
