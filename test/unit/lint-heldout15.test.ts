// Patterns from the fifteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-15": ONNX
// Runtime, Keras and PyTorch scripts, a TF Serving client, a Gradio demo, Qt and ONNX Runtime C++ detectors) that the
// linter got wrong before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const FLOAT_TENSOR = [
  'import cv2',
  'import torch',
  'model = torch.load("m.pt")',
  'img = cv2.imread("a.jpg")',
  'img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB) / 255',
  'x = torch.FloatTensor(img).permute(2, 0, 1).unsqueeze(0)',
  'out = model(x)',
].join('\n');

test('python: torch.FloatTensor(x) copies into float32, so a float64 array reaches the model as float32', async () => {
  assert.deepEqual(at(await lintText('python', FLOAT_TENSOR, specWith({ input: { layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('python', FLOAT_TENSOR, specWith({ input: { layout: 'NHWC' } }))), ['6 TP401']);
  // Without the typed constructor the float64 array reaches the model as it is.
  const plain = FLOAT_TENSOR.replace('torch.FloatTensor(img)', 'torch.from_numpy(img)');
  assert.ok(at(await lintText('python', plain, specWith({ input: { layout: 'NCHW' } }))).includes('5 TP501'));
});

const GRADIO = [
  'import cv2',
  'import torch',
  'import gradio as gr',
  'model = torch.load("m.pt")',
  'def predict(image):',
  '    image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB) / 255',
  '    x = torch.FloatTensor(image).permute(2, 0, 1).unsqueeze(0)',
  '    return model(x)',
  'demo = gr.Interface(fn=predict, inputs="image", outputs="label")',
].join('\n');

test("python: a Gradio fn's image parameter is the component's RGB array, not a BGR image of unknown origin", async () => {
  // The swap of Gradio's RGB array gives BGR: a BGR spec is met, an RGB one is not (on the swap).
  assert.deepEqual(at(await lintText('python', GRADIO, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('python', GRADIO, specWith({ input: { layout: 'NCHW' } }))), ['6 TP101']);
  // The same function without the Interface is judged on its own conversion, which says it makes RGB.
  const alone = GRADIO.split('\n').slice(0, -1).join('\n');
  assert.deepEqual(at(await lintText('python', alone, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), ['6 TP101']);
  assert.deepEqual(at(await lintText('python', alone, specWith({ input: { layout: 'NCHW' } }))), []);
});
