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
  assert.ok(r.notes.some((n) => /Weights were not compared: classifier is a saved-model/.test(n)), r.notes.join('\n'));
  assert.ok(r.notes.some((n) => /python tools\/dump_activations\.py classifier input\.npy activations\.npz/.test(n)));
});

test('int8 .tflite against the float one: quantization is named, from the first conv on, with the quantized signature', async () => {
  const r = await compareModels({ a: path.join(DIR, 'classifier_int8.tflite'), b: path.join(DIR, 'classifier_float.tflite'), input, tolerance: TOL });
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
  await assert.rejects(compareModels({ a: path.join(DIR, 'corrupt.tflite'), b: path.join(DIR, 'classifier_float.tflite'), input, tolerance: TOL }), (err: Error) => {
    assert.equal(err.name, 'ModelError');
    assert.match(err.message, /corrupt\.tflite is not a valid \.tflite model/);
    assert.match(err.message, /TFLiteConverter/);
    return true;
  });
});

test('bad input: a .tflite with an op LiteRT.js cannot run names the op and the file', async () => {
  await assert.rejects(compareModels({ a: path.join(DIR, 'flex_op.tflite'), b: path.join(DIR, 'classifier_float.tflite'), input, tolerance: TOL }), (err: Error) => {
    assert.equal(err.name, 'ModelError');
    assert.match(err.message, /flex_op\.tflite uses the custom ops FlexAsString, FlexStringToNumber/);
    return true;
  });
});
