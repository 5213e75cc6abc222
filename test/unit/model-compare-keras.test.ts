// A Keras 3 model's TFLite conversion against the activations tools/dump_activations.py saved from the .keras file
// (test/golden/keras-tflite, made by scripts/golden/make_keras_tflite_goldens.py). Keras traces the model for the
// converter in uniquified scopes ("conv2d" → "functional_1/conv2d_1/..."), so the layer names of the dump are other
// layers' traced scopes; expected.json says, from the values, which TFLite tensor really holds each layer.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { compareModels, formatModelReport } from '../../src/core/model-compare';
import { kerasConversionCommands } from '../../src/core/infer/model-formats';
import { alignByLayerScopes } from '../../src/core/model-compare/align-scopes';

const DIR = path.resolve(__dirname, '../../../test/golden/keras-tflite');
const input = { kind: 'tensor' as const, file: path.join(DIR, 'input.npy') };
const TOL = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as { holds: Record<string, string[]>; layers: string[] };

test('a Keras dump against its TFLite conversion: each layer is lined up with the tensor that holds its value', async () => {
  const r = await compareModels({ a: path.join(DIR, 'model.tflite'), b: path.join(DIR, 'activations.npz'), input, tolerance: TOL });
  const paired = new Map((r.layers?.layers ?? []).map((l) => [l.otherName ?? l.name, l.name]));
  for (const layer of expected.layers) {
    const holds = expected.holds[layer] ?? [];
    // A layer whose value the conversion fused away (conv2d_1 before its ReLU) has no tensor and must stay unpaired.
    if (holds.length === 0) assert.ok(!paired.has(layer), `${layer} was paired with ${paired.get(layer)}`);
    else assert.ok(holds.includes(paired.get(layer) ?? ''), `${layer}: paired with ${paired.get(layer)}, the value is in ${holds.join(' | ')}`);
  }
  assert.equal(paired.size, expected.layers.filter((l) => (expected.holds[l] ?? []).length > 0).length);
  assert.ok(r.layers?.layers.every((l) => l.pass && l.shapeMismatch === undefined));
  // The dump names its output after the last layer (softmax): the model output is compared with it.
  assert.equal(r.output?.verdict.pass, true);
  assert.ok(r.notes.some((n) => /has no array named output_0; the output of model is compared with softmax/.test(n)));
  assert.deepEqual(r.architecture.signature, []);
  assert.match(r.architecture.summary[0] ?? '', /activations is an activations file: it has no graph or signature to compare/);
  assert.equal(r.cause.kind, 'numeric-noise');
  // The CLI text says what each layer was lined up with, and which names of the dump found no layer.
  const text = formatModelReport(r, { allLayers: true });
  assert.match(text, /functional_1\/re_lu_1\/Relu;.* ↔ re_lu\n/);
  assert.match(text, /StatefulPartitionedCall_1:0 .* ↔ softmax\n/);
  assert.match(text, /1 reference names lined up with no layer \(fused away or not run here\): conv2d_1\n/);
});

test('the same conversion with one changed conv kernel: that layer is the first divergent one, and weights are named as a suspect', async () => {
  const r = await compareModels({ a: path.join(DIR, 'changed.tflite'), b: path.join(DIR, 'activations.npz'), input, tolerance: TOL });
  const first = r.layers?.layers[r.layers.firstDivergent];
  assert.equal(first?.otherName, 'conv2d_2');
  assert.ok(r.layers?.layers.slice(0, r.layers.firstDivergent).every((l) => l.pass));
  assert.equal(r.output?.verdict.pass, false);
  assert.equal(r.cause.kind, 'runtime');
  assert.match(
    r.cause.title,
    /starts at layer functional_1\/conv2d_2_1\/Relu;.*weights were not compared: that layer's weights differ, or the runtime computes it differently/,
  );
  assert.match(r.cause.fix, /same weights in functional_1\/conv2d_2_1/);
});

test('scope alignment: traced suffixes when most layers need them, exact names otherwise, never across shapes or order', () => {
  const fitsAll = (): boolean => true;
  // Traced: "conv2d_1" is the scope of layer conv2d; layer conv2d_1 was fused into re_lu's op.
  const traced = ['m_1/conv2d_1/Relu;m_1/conv2d_1/Conv', 'm_1/re_lu_1/Relu;m_1/conv2d_1_2/Conv', 'm_1/dense_1/MatMul'];
  assert.deepEqual(
    [...alignByLayerScopes(traced, ['conv2d', 'conv2d_1', 're_lu', 'dense'], fitsAll)],
    [
      [traced[0], 'conv2d'],
      [traced[1], 're_lu'],
      [traced[2], 'dense'],
    ],
  );
  // Not traced: scopes are the layer names themselves.
  const plain = ['model/conv2d/Relu', 'model/conv2d_1/Relu', 'model/dense/MatMul'];
  assert.deepEqual(
    [...alignByLayerScopes(plain, ['conv2d', 'conv2d_1', 'dense'], fitsAll)].map(([, t]) => t),
    ['conv2d', 'conv2d_1', 'dense'],
  );
  // Shapes that cannot line up are never paired, and the pairs keep execution order on both sides.
  assert.deepEqual(
    [...alignByLayerScopes(plain, ['conv2d', 'conv2d_1', 'dense'], (o, t) => !(o === 0 && t === 0))].map(([, t]) => t),
    ['conv2d_1', 'dense'],
  );
  assert.deepEqual([...alignByLayerScopes(plain, ['dense', 'conv2d'], fitsAll)].length, 1);
});

test('the same activations saved by real C++ and Java programs through tools/npz_writer.hpp and tools/NpzWriter.java give the same report', async () => {
  // scripts/golden/make_activation_writers.py built and ran scripts/golden/programs/activations_dump.cpp and
  // ActivationsDump.java on the Python dump's arrays (C++: stored zip entries; Java: ZipOutputStream, deflated).
  const acts = path.resolve(__dirname, '../../../test/golden/activations');
  const run = (b: string): ReturnType<typeof compareModels> => compareModels({ a: path.join(DIR, 'model.tflite'), b, input, tolerance: TOL });
  const summary = (r: Awaited<ReturnType<typeof compareModels>>): unknown => ({
    layers: r.layers?.layers.map((l) => [l.name, l.otherName, l.maxAbs, l.pass]),
    unmatchedOther: r.layers?.unmatchedOther,
    output: r.output?.verdict.pass,
    cause: r.cause.kind,
  });
  const python = summary(await run(path.join(DIR, 'activations.npz')));
  for (const file of ['keras-tflite.cpp.npz', 'keras-tflite.java.npz']) assert.deepEqual(summary(await run(path.join(acts, file))), python, file);
});

test('bad input: a Keras 3 layers model (tensorflowjs 4.22) that TensorFlow.js cannot load says why and gives the graph-model and TFLite commands', async () => {
  const file = path.join(DIR, 'layers-model', 'model.json');
  await assert.rejects(compareModels({ a: file, b: path.join(DIR, 'activations.npz'), input, tolerance: TOL }), (err: Error) => {
    assert.equal(err.name, 'ModelError');
    assert.match(err.message, /layers-model\/model\.json is a layers model written by keras v3\.15\.1, which TensorFlow\.js 4\.x cannot load \(An InputLayer/);
    assert.match(err.message, /tensorflow\/tfjs#8494/);
    assert.ok(err.message.includes(kerasConversionCommands('model.keras').tfjs), err.message);
    assert.ok(err.message.includes(kerasConversionCommands('model.keras').tflite), err.message);
    return true;
  });
});

test('two .tflite conversions, one with a changed conv kernel: the weights diff names that layer\'s filter (not "arith.constant")', async () => {
  const r = await compareModels({ a: path.join(DIR, 'changed.tflite'), b: path.join(DIR, 'model.tflite'), input, tolerance: TOL });
  assert.equal(r.cause.kind, 'weights');
  assert.match(r.weights?.summary ?? '', /^5 of 6 weight tensors identical; functional_1\/conv2d_2_1\/filter changed by up to /);
  assert.deepEqual(r.layers?.layers[r.layers.firstDivergent]?.weightsChanged, ['functional_1/conv2d_2_1/filter']);
});
