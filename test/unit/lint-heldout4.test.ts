// Patterns from the fourth held-out round of real files (test/corpus/lint/cases.json, round "heldout-4") that the
// linter missed or misread before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and
// a different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, sorted. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
}

const JS_PROMISE_THEN = [
  'function loadImage(src) {',
  '  return new Promise((resolve, reject) => {',
  '    const img = new Image();',
  '    img.src = src;',
  '    img.onload = () => resolve(tf.fromPixels(img));',
  '  });',
  '}',
  'function predict(src) {',
  "  tf.loadLayersModel('m.json').then((model) => {",
  '    loadImage(src).then((img) => {',
  '      const x = tf.image.resizeBilinear(img, [128, 128]).toFloat().div(tf.scalar(127.5)).sub(tf.scalar(1));',
  '      model.predict(x.expandDims(0));',
  '    });',
  '  });',
  '}',
].join('\n');

test('js: .then callbacks run with what the promise resolves with; an onload handler runs in place; tf.fromPixels is a pixel source', async () => {
  const spec = { input: { width: 128, height: 128, scale: 1 / 127.5, mean: [1, 1, 1], resize: { library: 'tfjs', method: 'bilinear' } } };
  assert.deepEqual(at(await lintText('javascript', JS_PROMISE_THEN, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', JS_PROMISE_THEN, specWith({ input: { ...spec.input, scale: 1 / 255, mean: [0, 0, 0] } }))), ['11 TP301']);
  // A model that is not the promise's value (an unrelated callback) still runs; an image nobody decodes is no finding.
  const unknown = JS_PROMISE_THEN.replace('resolve(tf.fromPixels(img))', 'resolve(img)');
  assert.deepEqual(at(await lintText('javascript', unknown, specWith({ input: { ...spec.input, scale: 1 / 255, mean: [0, 0, 0] } }))), []);
});

const TS_JIMP_PARAM_PLANES = [
  "import * as Jimp from 'jimp';",
  "import { Tensor } from 'onnxruntime-web';",
  'export function toTensor(image: Jimp, dims: number[]): Tensor {',
  '  const data = image.bitmap.data;',
  '  const [red, green, blue] = [new Array<number>(), new Array<number>(), new Array<number>()];',
  '  for (let i = 0; i < data.length; i += 4) {',
  '    red.push(data[i]);',
  '    green.push(data[i + 1]);',
  '    blue.push(data[i + 2]);',
  '  }',
  '  const planes = red.concat(green).concat(blue);',
  '  const out = new Float32Array(dims[1] * dims[2] * dims[3]);',
  '  for (let i = 0; i < planes.length; i++) {',
  '    out[i] = planes[i] / 255.0;',
  '  }',
  "  return new Tensor('float32', out, dims);",
  '}',
].join('\n');

test('ts: a parameter typed Jimp gives RGBA pixels; planes pushed, chained concat, copied element by element', async () => {
  const spec = { input: { layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('typescript', TS_JIMP_PARAM_PLANES, specWith(spec))), []);
  // The colour finding is on the line that orders the planes; the normalisation on the division.
  assert.deepEqual(at(await lintText('typescript', TS_JIMP_PARAM_PLANES, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR', scale: 1 } }))), [
    '11 TP101',
    '14 TP301',
  ]);
  // Without the annotation the parameter is anything: no finding.
  const untyped = TS_JIMP_PARAM_PLANES.replace('image: Jimp', 'image: any');
  assert.deepEqual(at(await lintText('typescript', untyped, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR', scale: 1 } }))), []);
});
