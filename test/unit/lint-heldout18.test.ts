// Patterns from the eighteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-18": MNN Java
// wrappers, an ONNX Runtime Java YOLO reading a letterboxed Mat pixel by pixel, a DJL Translator, a React canvas, an
// Angular tfjs service, a sharp SigLIP embedder and a tfjs composable) that the linter missed before. Each fixture is our
// own minimal reproduction, with a matching spec (no finding) and a different one (one finding per deviation, on the
// line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const TFJS = { library: 'tfjs', method: 'bilinear' };

const CHAIN_HEADS = [
  "import * as tf from '@tensorflow/tfjs';",
  'export async function predict(model, img) {',
  '  const x = tf.browser',
  '    .fromPixels(img)',
  '    .toFloat();',
  '  const y = tf.image',
  '    .resizeBilinear(x, [224, 224])',
  '    .div(255)',
  '    .expandDims(0);',
  '  return model.predict(y);',
  '}',
].join('\n');

test("js: tf.browser / tf.image written as the head of a chain are shown on their method's line", async () => {
  assert.deepEqual(at(await lintText('javascript', CHAIN_HEADS, specWith({ input: { resize: TFJS } }))), []);
  const differ = { colorOrder: 'BGR', width: 192, height: 192, resize: { library: 'tfjs', method: 'nearest' } };
  assert.deepEqual(at(await lintText('javascript', CHAIN_HEADS, specWith({ input: differ }))).sort(), ['4 TP101', '7 TP201', '7 TP203']);
});

test('js: a call on one line keeps its finding there', async () => {
  const one = CHAIN_HEADS.replace('tf.browser\n    .fromPixels(img)', 'tf.browser.fromPixels(img)');
  assert.deepEqual(at(await lintText('javascript', one, specWith({ input: { colorOrder: 'BGR', resize: TFJS } }))), ['3 TP101']);
});

const PADDED = [
  "import * as tf from '@tensorflow/tfjs';",
  'export function run(model, source) {',
  '  const input = tf.tidy(() => {',
  '    const img = tf.browser.fromPixels(source);',
  '    const [h, w] = img.shape.slice(0, 2);',
  '    const size = Math.max(w, h);',
  '    const padded = img.pad([[0, size - h], [0, size - w], [0, 0]]);',
  '    return tf.image.resizeBilinear(padded, [640, 640]).div(255.0).expandDims(0);',
  '  });',
  '  return model.execute(input);',
  '}',
].join('\n');

const LETTERBOX = { library: 'tfjs', method: 'bilinear', fit: 'letterbox', padValue: 0 };

test('js: a tensor padded with pad() keeps its pixels: colour and scale are judged at the model', async () => {
  const match = { width: 640, height: 640, scale: 1 / 255, resize: LETTERBOX };
  assert.deepEqual(at(await lintText('javascript', PADDED, specWith({ input: match }))), []);
  const differ = { ...match, colorOrder: 'BGR', scale: 2 / 255, mean: [1, 1, 1] };
  assert.deepEqual(at(await lintText('javascript', PADDED, specWith({ input: differ }))).sort(), ['4 TP101', '8 TP301']);
});

test('js: an unknown method on the tensor still loses track of it', async () => {
  const differ = { width: 640, height: 640, scale: 2 / 255, mean: [1, 1, 1], resize: LETTERBOX };
  const unknown = PADDED.replace('img.pad(', 'img.someOp(');
  assert.deepEqual(at(await lintText('javascript', unknown, specWith({ input: differ }))), []);
});

const MNN = [
  'import android.graphics.Bitmap;',
  'import android.graphics.Matrix;',
  'public class Detector {',
  '  private MNNNetInstance.Session session;',
  '  private MNNNetInstance.Session.Tensor input;',
  '  public void detect(Bitmap image) {',
  '    int w = image.getWidth();',
  '    int h = image.getHeight();',
  '    final MNNImageProcess.Config config = new MNNImageProcess.Config();',
  '    config.mean = new float[] {127.5f, 127.5f, 127.5f};',
  '    config.normal = new float[] {1 / 127.5f, 1 / 127.5f, 1 / 127.5f};',
  '    config.dest = MNNImageProcess.Format.RGB;',
  '    Matrix matrix = new Matrix();',
  '    matrix.postScale((float) 320 / (float) w, 240 / (float) h);',
  '    matrix.invert(matrix);',
  '    MNNImageProcess.convertBitmap(image, input, config, matrix);',
  '    session.run();',
  '  }',
  '}',
].join('\n');

test("java: MNN convertBitmap converts to config.dest, normalises with config.mean / normal and is sized by the Matrix's postScale", async () => {
  const match = { width: 320, height: 240, scale: 1 / 127.5, mean: [1, 1, 1], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', MNN, specWith({ input: match }))), []);
  const differ = { ...match, width: 224, height: 224, colorOrder: 'BGR', scale: 1 / 255, mean: [0, 0, 0] };
  assert.deepEqual(at(await lintText('java', MNN, specWith({ input: differ }))).sort(), ['12 TP101', '14 TP201', '16 TP301']);
});

test('java: an MNN Config whose dest is left as is writes BGR; a normal the file does not give stays unknown', async () => {
  const unset = MNN.replace('    config.dest = MNNImageProcess.Format.RGB;\n', '');
  const match = { width: 320, height: 240, scale: 1 / 127.5, mean: [1, 1, 1], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', unset, specWith({ input: { ...match, colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('java', unset, specWith({ input: match }))), ['15 TP101']);
  const unknown = MNN.replace('new float[] {1 / 127.5f, 1 / 127.5f, 1 / 127.5f}', 'loadNormal()');
  assert.deepEqual(at(await lintText('java', unknown, specWith({ input: { ...match, scale: 1 / 255, mean: [0, 0, 0] } }))), []);
});
