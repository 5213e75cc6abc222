// .tflite models run by LiteRT.js (wasm) under Node, checked against the real TFLite interpreter (ai-edge-litert) and the
// SavedModel they were converted from: scripts/golden/make_tflite_goldens.py made the models and expected.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadTfliteModel, type TfliteModel } from '../../src/core/infer/tflite';
import { parseNpy } from '../../src/core/tensor/npy';

const GOLDEN = path.resolve(__dirname, '../../../test/golden/tflite');
const TFLITE_API = path.resolve(__dirname, '../../src/core/infer/tflite/index.js');

interface GoldenTensor {
  index: number;
  name: string;
  dtype: string;
  shape: number[];
  raw: number[] | null;
  values: number[] | null;
}
interface GoldenModel {
  input: { dtype: string; quantization: { scale: number; zeroPoint: number } | null; quantized: number[] | null };
  outputs: {
    tensorIndex: number;
    dtype: string;
    shape: number[];
    quantization: { scale: number; zeroPoint: number } | null;
    raw: number[];
    values: number[];
  }[];
  tensors: GoldenTensor[];
}
interface Golden {
  savedModelProbs: number[];
  models: Record<string, GoldenModel>;
}

const golden = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'expected.json'), 'utf8')) as Golden;
const input = parseNpy(fs.readFileSync(path.join(GOLDEN, 'input.npy')), 'input.npy').data as Float32Array;
const models = new Map<string, Promise<TfliteModel>>();
const load = (name: string): Promise<TfliteModel> => {
  let m = models.get(name);
  if (!m) models.set(name, (m = loadTfliteModel(path.join(GOLDEN, name))));
  return m;
};

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= atol, `${what}[${i}]: ours ${got[i]} vs TFLite Python ${want[i]}`);
}

test('float .tflite: output equals the TFLite Python interpreter and the SavedModel it came from', async () => {
  const m = await load('classifier_float.tflite');
  assert.deepEqual(
    m.inputs.map((s) => [s.name, s.dtype, s.shape]),
    [['image', 'float32', [1, 8, 8, 3]]],
  );
  assert.deepEqual(
    m.outputs.map((s) => [s.name, s.dtype, s.shape]),
    [['probs', 'float32', [1, 3]]],
  );
  const [out] = await m.run(input);
  assertClose(out.values, golden.models['classifier_float.tflite'].outputs[0].values, 1e-6, 'probs');
  assertClose(out.values, golden.savedModelProbs, 1e-5, 'probs vs SavedModel');
});

for (const [name, dtype] of [
  ['classifier_int8.tflite', 'int8'],
  ['classifier_uint8io.tflite', 'uint8'],
] as const) {
  test(`${dtype} .tflite: signature carries scale/zero point; inputs are quantized and outputs dequantized exactly like TFLite Python`, async () => {
    const m = await load(name);
    const g = golden.models[name];
    const [inSig] = m.inputs;
    assert.equal(inSig.dtype, dtype);
    assert.ok(g.input.quantization && inSig.quantization);
    assert.ok(Math.abs(inSig.quantization.scale[0] - g.input.quantization.scale) < 1e-9);
    assert.equal(inSig.quantization.zeroPoint[0], g.input.quantization.zeroPoint);
    assert.equal(m.outputs[0].dtype, dtype);
    const [out] = await m.run(input);
    assert.equal(out.dtype, dtype);
    // Same quantized bytes in, so the same integers out: the dequantized values match to float precision.
    assertClose(out.values, g.outputs[0].values, 1e-7, 'dequantized probs');
    // And the int8 model is close to the float SavedModel (within a few quantization steps).
    assertClose(out.values, golden.savedModelProbs, 4 * (m.outputs[0].quantization?.scale[0] ?? 0), 'probs vs SavedModel');
  });
}

test('operators come in execution order with builtin names; listTensors marks weights constant', async () => {
  const m = await load('classifier_uint8io.tflite');
  assert.deepEqual(
    m.operators().map((o) => o.op),
    ['QUANTIZE', 'CONV_2D', 'MEAN', 'FULLY_CONNECTED', 'SOFTMAX', 'QUANTIZE'],
  );
  const tensors = m.listTensors();
  const g = golden.models['classifier_uint8io.tflite'].tensors;
  assert.equal(tensors.length, g.length);
  for (const t of tensors) {
    const gt = g.find((x) => x.index === t.index);
    assert.ok(gt, `tensor ${t.index} in the interpreter`);
    assert.equal(t.name, gt.name);
    assert.equal(t.dtype, gt.dtype);
    assert.deepEqual(t.shape, gt.shape);
  }
  const conv = m.operators()[1];
  const kernel = tensors[conv.inputs[1]];
  assert.equal(kernel.isConstant, true);
  assert.equal(kernel.dtype, 'int8');
  assert.equal(kernel.quantization?.scale.length, 4, 'per-channel (per output channel) scales');
  assert.equal(tensors[conv.outputs[0]].isConstant, false);
});

test("readTensor returns the stored weights (raw and dequantized per channel) equal to the interpreter's", async () => {
  for (const name of ['classifier_float.tflite', 'classifier_int8.tflite']) {
    const m = await load(name);
    const g = golden.models[name].tensors;
    const constants = m.listTensors().filter((t) => t.isConstant);
    assert.ok(constants.length >= 4, `${name} has weights`);
    for (const t of constants) {
      const data = m.readTensor(t.index);
      const gt = g.find((x) => x.index === t.index);
      assert.ok(gt?.raw, `${name} tensor ${t.index}`);
      assert.deepEqual(Array.from(data.raw as ArrayLike<number>), gt.raw, `${name} ${t.name} raw`);
      if (t.quantization && t.quantization.scale.length > 1) {
        const q = t.quantization;
        const inner = t.shape.slice(q.quantizedDimension + 1).reduce((a, b) => a * b, 1);
        const i = inner * 1 + 1; // an element of channel 1
        const c = Math.floor(i / inner) % t.shape[q.quantizedDimension];
        const want = q.scale[c] * (gt.raw[i] - q.zeroPoint[c]);
        assert.ok(Math.abs(data.values[i] - want) <= 1e-6 * Math.abs(want), `${t.name}[${i}] = ${data.values[i]}, want ${want}`);
      }
    }
  }
  const m = await load('classifier_float.tflite');
  const computed = m.listTensors().find((t) => !t.isConstant)!;
  assert.throws(() => m.readTensor(computed.index), /computed at run time.*runWithIntermediates/);
  assert.throws(() => m.readTensor(9999), /has no tensor 9999/);
});

for (const name of ['classifier_float.tflite', 'classifier_int8.tflite', 'classifier_uint8io.tflite']) {
  test(`runWithIntermediates (${name}): every operator output in execution order equals the interpreter's tensor`, async () => {
    const m = await load(name);
    const r = await m.runWithIntermediates(input);
    const ops = m.operators();
    assert.equal(r.tensors.length, ops.length, 'one output per operator');
    assert.deepEqual(
      r.tensors.map((t) => t.operator),
      ops.map((o) => o.index),
    );
    const g = golden.models[name].tensors;
    const float = name.includes('float');
    for (const t of r.tensors) {
      const gt = g.find((x) => x.index === t.tensorIndex);
      assert.ok(gt?.values, `interpreter value of tensor ${t.tensorIndex}`);
      assertClose(t.values, gt.values, float ? 1e-5 : 1e-7, `${t.op} ${t.name}`);
    }
    // The final outputs come back too, and a plain run still gives the same answer afterwards.
    const [plain] = await m.run(input);
    assertClose(r.outputs[0].values, plain.values, 0, 'outputs');
  });
}

test('the loader runs inside a worker_thread and gives the same output as the main thread', async () => {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { loadTfliteModel } = require(workerData.api);
    (async () => {
      const m = await loadTfliteModel(workerData.model);
      const [out] = await m.run(Float32Array.from(workerData.input));
      parentPort.postMessage({ values: Array.from(out.values), runtime: m.runtime });
    })().catch((e) => parentPort.postMessage({ error: String(e && e.message || e) }));`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { api: TFLITE_API, model: path.join(GOLDEN, 'classifier_int8.tflite'), input: Array.from(input) },
  });
  const reply = await new Promise<{ values?: number[]; runtime?: string; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(reply.error, undefined);
  assert.match(reply.runtime ?? '', /LiteRT\.js/);
  assertClose(reply.values ?? [], golden.models['classifier_int8.tflite'].outputs[0].values, 1e-7, 'worker output');
});
