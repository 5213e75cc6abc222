// The diff panel's model side and the Compare Models panel's input and runtime: when the panel offers to compare the
// models, the cause card a real comparison of the demo's int8 .tflite with its TensorFlow.js model gives, which models
// the quick pick offers, which input comes first, and the runtime each side ran on.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { compareModels } from '../../src/core/model-compare';
import { makeNdArray } from '../../src/core/tensor/ndarray';
import { isModelInputSized, modelCauseView, modelLabel, offersModels, secondModelChoices } from '../../src/extension/compare/model-offer';
import { inputForDump, inputKindOf, orderInputs } from '../../src/extension/models/inputs';
import { modelsPayload, runtimeLine } from '../../src/extension/models/payload';
import {
  fromWire,
  toWire,
  validateCompareHostMessage,
  validateCompareWebviewMessage,
  validateModelsHostMessage,
  validateModelsWebviewMessage,
} from '../../src/protocol';
import { ASTRONAUT_INPUT } from './model-compare-helpers';

const DEMO = path.resolve(__dirname, '../../../demo/models');
const INT8 = path.join(DEMO, 'selfie-tflite/selfie_int8.tflite');
const SELFIE = path.join(DEMO, 'selfie/selfie.json');
const TOL = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };

function ramp(n: number, f: (i: number) => number): ReturnType<typeof makeNdArray> {
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = f(i);
  return makeNdArray('float32', [1, 8, 8, 1], data);
}

test('the panel offers the model comparison when the inputs agree and the outputs do not, and only with a spec model', async () => {
  const input = ramp(64, (i) => i / 64);
  const out = ramp(64, (i) => Math.sin(i));
  const other = ramp(64, (i) => Math.sin(i) + ((i * 7919) % 13) / 10);
  const d = await diagnose(other, { tensor: out }, { inputs: { dump: input, ref: input } });
  assert.equal(d.causes[0]?.id, 'model-differs');
  assert.equal(offersModels(d, true), true);
  assert.equal(offersModels(d, false), false, 'no model in the spec: nothing to compare');
  const same = await diagnose(out, { tensor: out });
  assert.equal(offersModels(same, true), false, 'identical outputs: nothing to explain');
  assert.equal(offersModels({ status: 'unexplained', causes: [], missing: ['model-inputs'] }, true), true, 'unexplained outputs may come from two models');
  assert.equal(offersModels({ status: 'unexplained', causes: [], missing: [] }, true), false, 'the inputs were given and agree on nothing the model explains');
});

test('the demo int8 .tflite against its TensorFlow.js model: a quantization card that explains the difference, LiteRT.js named', async () => {
  const r = await compareModels({ a: INT8, b: SELFIE, input: { kind: 'tensor', file: ASTRONAUT_INPUT }, tolerance: TOL });
  const card = modelCauseView(r.cause, INT8, SELFIE, ASTRONAUT_INPUT);
  assert.equal(card.kind, 'quantization');
  assert.equal(card.explains, true);
  assert.deepEqual([card.a, card.b, card.input], ['selfie_int8.tflite', 'selfie.json', 'astronaut.input.npy']);
  assert.match(card.title, /^Quantization: selfie_int8 stores \d+ weight tensors quantized, and the error starts at .* \(CONV_2D\)\.$/);
  const msg = validateCompareHostMessage(fromWire(toWire({ type: 'compareModels', models: { state: 'done', message: '', cause: card } })));
  assert.ok(msg && msg.type === 'compareModels');
  assert.equal(msg.models.cause?.kind, 'quantization');
  assert.match(r.a.runtime, /^LiteRT\.js \(/);
  assert.match(r.b.runtime, /^TensorFlow\.js \((wasm|cpu|tensorflow)\)$/);
  const payload = modelsPayload(r, 'astronaut.input.npy');
  assert.match(payload.runtime, /^selfie_int8 on LiteRT\.js \(.*\), selfie on TensorFlow\.js \(\w+\)$/);
  assert.ok(validateModelsHostMessage(fromWire(toWire({ type: 'modelsResult', payload }))));
});

test('model-side causes that do not explain an output difference keep the diagnosis as it is', () => {
  for (const kind of ['identical', 'numeric-noise', 'unknown'] as const) {
    assert.equal(modelCauseView({ kind, title: 't', evidence: [], fix: 'f' }, '/w/a.tflite', '/w/m/model.json', '/w/x.png').explains, false, kind);
  }
  assert.equal(modelLabel('/w/models/v2/model.json'), 'v2');
  const selfieInput = { width: 256, height: 256, channels: 3 };
  assert.equal(isModelInputSized([1, 256, 256, 3], selfieInput), true, 'a preprocessed input: no model comparison offered');
  assert.equal(isModelInputSized([1, 3, 256, 256], selfieInput), true);
  assert.equal(isModelInputSized([1, 256, 256, 1], selfieInput), false, 'the selfie mask is an output');
  assert.equal(runtimeLine({ label: 'a', runtime: 'TensorFlow.js (wasm)' }, { label: 'b', runtime: 'TensorFlow.js (wasm)' }), 'both on TensorFlow.js (wasm)');
});

test("the second model: every workspace model but the spec's, .tflite first, activations last, none twice", () => {
  const spec = '/w/models/selfie/selfie.json';
  const got = secondModelChoices(['/w/act.npz', spec, '/w/models/v2/model.json', '/w/b.tflite', '/w/a.tflite', '/w/b.tflite', '/w/saved'], spec);
  assert.deepEqual(got, ['/w/a.tflite', '/w/b.tflite', '/w/models/v2/model.json', '/w/saved', '/w/act.npz']);
  assert.deepEqual(secondModelChoices([spec], spec), []);
});

test('inputs: the current (remembered) one first; a .npy or .npz is a tensor, anything else an image', () => {
  assert.deepEqual(orderInputs(['/w/a.png', '/w/b.png', '/w/x.npy', '/w/a.png'], '/w/x.npy'), ['/w/x.npy', '/w/a.png', '/w/b.png']);
  assert.deepEqual(orderInputs(['/w/a.png'], '/w/gone.png'), ['/w/a.png'], 'a remembered file no longer in the workspace is not offered');
  assert.equal(inputKindOf('/w/x.NPY'), 'tensor');
  assert.equal(inputKindOf('/w/act.npz'), 'tensor');
  assert.equal(inputKindOf('/w/astronaut.jpg'), 'image');
  const inputs = ['/w/images/astronaut-exif-rotated.jpg', '/w/images/astronaut.png', '/w/dumps/astronaut.input.npy', '/w/images/hopper.jpg'];
  assert.equal(inputForDump('/w/outputs/astronaut.int8-output.npy', inputs), '/w/images/astronaut.png', "the image with the dump's stem");
  assert.equal(inputForDump('/w/outputs/ASTRONAUT.output.npy', ['/w/dumps/astronaut.input.npy']), '/w/dumps/astronaut.input.npy');
  assert.equal(inputForDump('/w/outputs/frame7.npy', inputs), undefined, 'no input with that stem: the default input is used');
});

test('bad panel messages: unknown model states, actions and malformed cards are rejected', () => {
  assert.equal(validateCompareHostMessage({ type: 'compareModels', models: { state: 'exploded', message: '' } }), undefined);
  assert.equal(
    validateCompareHostMessage({ type: 'compareModels', models: { state: 'done', message: '', cause: { kind: 'weights', title: 't' } } }),
    undefined,
  );
  assert.equal(validateCompareWebviewMessage({ type: 'compareAction', action: 'compareEverything' }), undefined);
  assert.deepEqual(validateCompareWebviewMessage({ type: 'compareAction', action: 'compareModels' }), {
    type: 'compareAction',
    action: 'compareModels',
  });
  assert.deepEqual(validateModelsWebviewMessage({ type: 'modelsAction', action: 'pickInput' }), {
    type: 'modelsAction',
    action: 'pickInput',
  });
});
