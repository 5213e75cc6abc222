// .tflite models in a comparison (LiteRT.js): float and int8 conversions of the classifier against each other and
// against the SavedModel they were converted from (test/golden/tflite, made by scripts/golden/make_tflite_goldens.py).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { compareModels } from '../../src/core/model-compare';

const DIR = path.resolve(__dirname, '../../../test/golden/tflite');
const SAVED = path.resolve(__dirname, '../../../test/golden/savedmodel/classifier');
const input = { kind: 'tensor' as const, file: path.join(DIR, 'input.npy') };
const TOL = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };

test('float .tflite against its SavedModel: the outputs agree; weights and layers say what they need', async () => {
  const r = await compareModels({ a: path.join(DIR, 'classifier_float.tflite'), b: SAVED, input, tolerance: TOL });
  assert.equal(r.a.format, 'tflite');
  assert.equal(r.output?.verdict.pass, true);
  assert.equal(r.cause.kind, 'numeric-noise');
  assert.equal(r.weights, undefined);
  assert.ok(
    r.notes.some((n) =>
      /classifier_float is a tflite and classifier a saved-model: a conversion fuses and renames ops and re-lays weights, so graphs and weights are not compared one by one\.$/.test(
        n,
      ),
    ),
    r.notes.join('\n'),
  );
  assert.ok(r.notes.some((n) => /python tools\/dump_activations\.py classifier input\.npy activations\.npz/.test(n)));
});

test('int8 .tflite against the float one: quantization is named, from the first conv on, with the quantized signature', async () => {
  const r = await compareModels({
    a: path.join(DIR, 'classifier_int8.tflite'),
    b: path.join(DIR, 'classifier_float.tflite'),
    input,
    tolerance: TOL,
  });
  assert.equal(r.output?.verdict.pass, false);
  assert.equal(r.cause.kind, 'quantization');
  const first = r.layers?.layers[r.layers.firstDivergent];
  assert.equal(first?.op, 'CONV_2D');
  assert.equal(r.layers?.firstDivergent, 0);
  assert.ok(r.architecture.signature.some((s) => s.kind === 'input' && s.what === 'quantization' && /^int8 scale 0\.00392 zero point -128$/.test(s.a ?? '')));
  assert.ok((r.weights?.entries ?? []).some((e) => e.storage?.a === 'int8 (quantized)' && e.storage.b === 'float32'));
  assert.equal(r.weights?.added, 0, r.weights?.summary);
});

test('bad input: a corrupt .tflite names the file and how to re-export it', async () => {
  await assert.rejects(
    compareModels({ a: path.join(DIR, 'corrupt.tflite'), b: path.join(DIR, 'classifier_float.tflite'), input, tolerance: TOL }),
    (err: Error) => {
      assert.equal(err.name, 'ModelError');
      assert.match(err.message, /corrupt\.tflite is not a valid \.tflite model/);
      assert.match(err.message, /TFLiteConverter/);
      return true;
    },
  );
});

test('bad input: a .tflite with an op LiteRT.js cannot run names the op and the file', async () => {
  await assert.rejects(
    compareModels({ a: path.join(DIR, 'flex_op.tflite'), b: path.join(DIR, 'classifier_float.tflite'), input, tolerance: TOL }),
    (err: Error) => {
      assert.equal(err.name, 'ModelError');
      assert.match(err.message, /flex_op\.tflite uses the custom ops FlexAsString, FlexStringToNumber/);
      return true;
    },
  );
});

const DEMO = path.resolve(__dirname, '../../../demo/models');
const ASTRONAUT = path.resolve(__dirname, '../../../test/golden/model/astronaut.input.npy');

test('the demo float32 .tflite against the TensorFlow.js demo model: layers lined up through fused names, float noise only', async () => {
  const r = await compareModels({
    a: path.join(DEMO, 'selfie-tflite/selfie_float32.tflite'),
    b: path.join(DEMO, 'selfie/selfie.json'),
    input: { kind: 'tensor', file: ASTRONAUT },
    tolerance: TOL,
  });
  assert.equal(r.output?.verdict.pass, true);
  assert.ok((r.layers?.layers.length ?? 0) > 100, `${r.layers?.layers.length} layers matched`);
  assert.ok(
    r.layers?.layers.every((l) => l.relErr < 1e-4),
    'every matched layer agrees to float rounding',
  );
  assert.equal(r.cause.kind, 'numeric-noise');
  assert.equal(r.weights, undefined);
  assert.ok(r.notes.some((n) => /a conversion fuses and renames ops/.test(n)));
});

test('the demo int8 .tflite against the TensorFlow.js demo model: quantization, starting at the first conv', async () => {
  const r = await compareModels({
    a: path.join(DEMO, 'selfie-tflite/selfie_int8.tflite'),
    b: path.join(DEMO, 'selfie/selfie.json'),
    input: { kind: 'tensor', file: ASTRONAUT },
    tolerance: TOL,
  });
  assert.equal(r.cause.kind, 'quantization');
  assert.equal(r.layers?.firstDivergent, 0);
  assert.equal(r.layers?.layers[0]?.op, 'CONV_2D');
  assert.match(r.cause.title, /^Quantization: selfie_int8 stores \d+ weight tensors quantized, and the error starts at/);
});

test('the demo int8 .tflite against its float32 twin: quantization (the QUANTIZE/DEQUANTIZE ops are not another architecture), weights matched by layer', async () => {
  const r = await compareModels({
    a: path.join(DEMO, 'selfie-tflite/selfie_int8.tflite'),
    b: path.join(DEMO, 'selfie-tflite/selfie_float32.tflite'),
    input: { kind: 'tensor', file: ASTRONAUT },
    tolerance: TOL,
  });
  assert.equal(r.cause.kind, 'quantization', r.cause.title);
  assert.match(r.cause.title, /^The weights are stored at another precision \(int8 \(quantized\) vs float32\)/);
  assert.ok(r.architecture.opCounts.every((c) => /^(?:DE)?QUANTIZE$/.test(c.op)));
  // The converter calls constants "tfl.pseudo_qconst12" in one file and "arith.constant7" in the other; named by the
  // layer that reads them, every weight pairs by name, and no pairing mixes a kernel with another layer's.
  const w = r.weights?.entries ?? [];
  assert.ok(w.length > 100);
  // (The float file kept two real names, "Conv2D" and "conv2d_1;Conv2D;Const_82": those two pair by shape and order.)
  const byName = w.filter((e) => e.matchedBy === 'name' && e.otherName === undefined);
  assert.ok(byName.length >= w.length - 2, JSON.stringify(w.filter((e) => e.matchedBy !== 'name')));
  assert.ok(
    w.every((e) => (e.relChange ?? 0) < 0.02),
    'int8 rounding only',
  );
  assert.ok(w.some((e) => e.name === 'conv2d_1/filter'));
});

const ACTS = path.resolve(__dirname, '../../../test/golden/activations');

test('a .tflite against the activations tools/dump_activations.py saved from its SavedModel: fused names line up, float noise', async () => {
  const r = await compareModels({
    a: path.join(DIR, 'classifier_float.tflite'),
    b: path.join(ACTS, 'classifier.savedmodel.npz'),
    input,
    tolerance: TOL,
  });
  const pairs = (r.layers?.layers ?? []).map((l) => [l.op, l.otherName]);
  assert.deepEqual(pairs.slice(0, 3), [
    ['CONV_2D', 'StatefulPartitionedCall/Relu'],
    ['MEAN', 'StatefulPartitionedCall/Mean'],
    ['FULLY_CONNECTED', 'StatefulPartitionedCall/add_1'],
  ]);
  assert.ok(
    r.layers?.layers.every((l) => l.pass),
    JSON.stringify(r.layers?.layers.map((l) => [l.name, l.maxAbs])),
  );
  assert.equal(r.cause.kind, 'numeric-noise');
});

test('bad input: activations of another model (a Keras dump named conv, relu, pool, dense, probs) say which names were expected', async () => {
  await assert.rejects(
    compareModels({ a: path.join(DIR, 'classifier_float.tflite'), b: path.join(ACTS, 'keras-small.npz'), input, tolerance: TOL }),
    (err: Error) => {
      assert.equal(err.name, 'TensorFileError');
      assert.match(
        err.message,
        /keras-small\.npz matches a layer of classifier_float: it holds 5 arrays \(conv, relu, pool, dense, probs\), but the layers are named Relu;add;Conv2D;add\/ReadVariableOp1, Mean, MatMul;add_1, StatefulPartitionedCall:0\./,
      );
      return true;
    },
  );
});
