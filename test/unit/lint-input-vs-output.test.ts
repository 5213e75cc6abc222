// What counts as the model input (issue #11 part 3): a debug dump written next to a model call, and a resize of the
// model's output (turned into scores afterwards), are not input preprocessing; the same code without the model call or
// without the scores is still checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const NCHW = { input: { layout: 'NCHW', colorOrder: 'BGR', scale: 1 } };

const DUMP_WITH_MODEL = [
  'import cv2',
  'import numpy as np',
  'import onnxruntime as ort',
  'def predict(path, model_path):',
  '    img = cv2.resize(cv2.imread(path), (224, 224)).astype(np.float32)',
  '    img = img.transpose(2, 0, 1)[None]',
  "    img.tofile('input.raw')",
  "    img.transpose(0, 2, 3, 1).tofile('input_nhwc.raw')",
  "    np.save('input_nhwc.npy', img.transpose(0, 2, 3, 1))",
  '    session = ort.InferenceSession(model_path)',
  '    return session.run(None, {session.get_inputs()[0].name: img})',
].join('\n');

test('python: an NHWC debug dump next to the model call is not the model input', async () => {
  assert.deepEqual(await lintText('python', DUMP_WITH_MODEL, specWith(NCHW)), []);
  // The model call itself is still checked.
  assert.deepEqual(at(await lintText('python', DUMP_WITH_MODEL, specWith({ input: { colorOrder: 'BGR', scale: 1 } }))), ['6 TP401']);
});

test('python: without a model call, the file written is the input and its layout is checked', async () => {
  const src = [
    'import cv2',
    'import numpy as np',
    'img = cv2.resize(cv2.imread("a.jpg"), (224, 224)).astype(np.float32)',
    "img.transpose(2, 0, 1)[None].tofile('input.raw')",
  ].join('\n');
  assert.deepEqual(at(await lintText('python', src, specWith({ input: { colorOrder: 'BGR', scale: 1 } }))), ['4 TP401']);
  assert.deepEqual(await lintText('python', src, specWith(NCHW)), []);
});

const TFJS_OUTPUT = [
  "import * as tf from '@tensorflow/tfjs';",
  'export function toMask(logits: tf.Tensor3D, h: number, w: number): tf.Tensor3D {',
  '  return tf.tidy(() => {',
  '    let up: tf.Tensor3D = tf.image.resizeBilinear(logits, [h, w], true);',
  '    up = tf.sigmoid(up);',
  '    return up;',
  '  });',
  '}',
].join('\n');

const TFJS_INPUT = [
  "import * as tf from '@tensorflow/tfjs';",
  'export function prep(img: tf.Tensor3D, model: tf.GraphModel) {',
  '  const x = tf.image.resizeBilinear(img, [224, 224], true);',
  '  return model.predict(x.div(255).expandDims(0));',
  '}',
].join('\n');

const TFJS_SPEC = { input: { resize: { library: 'tfjs', method: 'bilinear' } } };

test('js: a resize whose result becomes scores (sigmoid) is output post-processing, not checked as input', async () => {
  assert.deepEqual(await lintText('typescript', TFJS_OUTPUT, specWith(TFJS_SPEC)), []);
});

test('js: the same resize feeding the model is checked (alignCorners)', async () => {
  assert.deepEqual(at(await lintText('typescript', TFJS_INPUT, specWith(TFJS_SPEC))), ['3 TP205']);
});

test('python: a mask resized then argmax-ed is output; the input resize in the same file is still checked', async () => {
  const src = [
    'import cv2',
    'import numpy as np',
    'def run(net, path):',
    '    img = cv2.resize(cv2.imread(path), (320, 320), interpolation=cv2.INTER_NEAREST)',
    '    out = net.predict(img[None].astype(np.float32))[0]',
    '    mask = cv2.resize(out, (640, 480), interpolation=cv2.INTER_NEAREST)',
    '    return np.argmax(mask, axis=-1)',
  ].join('\n');
  assert.deepEqual(at(await lintText('python', src, specWith({ input: { colorOrder: 'BGR', scale: 1 } }))).sort(), ['4 TP201', '4 TP203']);
});
