// Fixes after rounds 17 and 18 for Java and JS/TS (test/corpus/lint/cases.json): general patterns the linter missed
// on real files. Each fixture is our own minimal reproduction with other names, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix), and a negative case the fix must leave.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const WIDGET = [
  "import { useEffect } from 'react';",
  "import * as ort from 'onnxruntime-web';",
  'export function Classifier({ url }) {',
  '  useEffect(() => {',
  '    const go = async () => {',
  "      const sess = await ort.InferenceSession.create('/net.onnx');",
  '      const pic = new Image();',
  '      pic.src = url;',
  '      pic.onload = async () => {',
  "        const cv = document.createElement('canvas');",
  "        const g = cv.getContext('2d');",
  '        g.drawImage(pic, 0, 0, 256, 256);',
  '        const px = g.getImageData(0, 0, 256, 256);',
  '        const vals = Float32Array.from(px.data)',
  '          .filter((_, k) => k % 4 !== 3)',
  '          .map((p) => p / 255);',
  '        const planes = new Float32Array(3 * 256 * 256);',
  '        for (let ch = 0; ch < 3; ch++) {',
  '          for (let r = 0; r < 256; r++) {',
  '            for (let q = 0; q < 256; q++) {',
  '              planes[ch * 256 * 256 + r * 256 + q] = vals[r * 256 * 3 + q * 3 + ch];',
  '            }',
  '          }',
  '        }',
  "        await sess.run({ input: new ort.Tensor('float32', planes, [1, 3, 256, 256]) });",
  '      };',
  '    };',
  '    go();',
  '  }, [url]);',
  '  return null;',
  '}',
].join('\n');

const WIDGET_MATCH = { width: 256, height: 256, scale: 1 / 255, layout: 'NCHW' };
const WIDGET_DIFFER = { width: 128, height: 128, colorOrder: 'BGR', scale: 2 / 255, mean: [1, 1, 1], layout: 'NHWC' };

test("js: a React useEffect callback runs; a canvas's bytes with the alpha filtered out and mapped / 255 are the image", async () => {
  assert.deepEqual(at(await lintText('javascript', WIDGET, specWith({ input: WIDGET_MATCH }))), []);
  // Size at drawImage, scale in the map callback, colour and layout on the loop that puts channel ch into plane ch.
  assert.deepEqual(at(await lintText('javascript', WIDGET, specWith({ input: WIDGET_DIFFER }))), ['12 TP201', '16 TP301', '21 TP101', '21 TP401']);
});

test('js: a filter that keeps other values than R, G, B loses the image (no colour or scale judged)', async () => {
  const other = WIDGET.replace('k % 4 !== 3', 'k % 3 !== 2');
  assert.deepEqual(at(await lintText('javascript', other, specWith({ input: WIDGET_DIFFER }))), ['12 TP201', '21 TP401']);
});

test('js: a hook whose callback takes arguments is not run where it is declared', async () => {
  const later = WIDGET.replace('useEffect(() => {', 'useEffect((ready) => {');
  assert.deepEqual(at(await lintText('javascript', later, specWith({ input: WIDGET_DIFFER }))), []);
});

const RAW_COPY = [
  "import sharp from 'sharp';",
  "import * as ort from 'onnxruntime-node';",
  'export async function embed(session, file) {',
  "  const { data } = await sharp(file).resize(96, 96, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });",
  '  const n = 96 * 96;',
  '  const chw = new Float32Array(3 * n);',
  '  let w = 0;',
  '  for (let k = 0; k < 3; k++) {',
  '    for (let p = 0; p < n; p++) {',
  '      chw[k * n + p] = data[p * 3 + k] / 255;',
  '    }',
  '  }',
  "  return session.run({ x: new ort.Tensor('float32', chw, [1, 3, 96, 96]) });",
  '}',
].join('\n');

test('js: a loop copying channel k of interleaved bytes into plane k is where the channel order is decided', async () => {
  const match = { width: 96, height: 96, scale: 1 / 255, layout: 'NCHW', resize: { library: 'sharp', method: 'lanczos3' } };
  assert.deepEqual(at(await lintText('javascript', RAW_COPY, specWith({ input: match }))), []);
  assert.deepEqual(at(await lintText('javascript', RAW_COPY, specWith({ input: { ...match, colorOrder: 'BGR' } }))), ['10 TP101']);
});

test('js: a copy written with a running index (chw[w++]) leaves the colour finding where the pixels are read', async () => {
  const match = { width: 96, height: 96, scale: 1 / 255, layout: 'NCHW', resize: { library: 'sharp', method: 'lanczos3' } };
  const running = RAW_COPY.replace('chw[k * n + p] =', 'chw[w++] =');
  assert.deepEqual(at(await lintText('javascript', running, specWith({ input: { ...match, colorOrder: 'BGR' } }))), ['4 TP101']);
});

const DJL_MEANS = [
  'import ai.djl.modality.cv.Image;',
  'import ai.djl.ndarray.NDArray;',
  'import ai.djl.ndarray.NDList;',
  'import ai.djl.ndarray.NDManager;',
  'import ai.djl.ndarray.types.DataType;',
  'import ai.djl.ndarray.types.Shape;',
  'import ai.djl.translate.TranslatorContext;',
  'public class SegmenterTranslator {',
  '    public NDList processInput(TranslatorContext ctx, Image img) {',
  '        NDManager nd = ctx.getNDManager();',
  '        NDArray x = img.toNDArray(nd, Image.Flag.COLOR).transpose(2, 0, 1);',
  '        x = x.toType(DataType.FLOAT32, false);',
  '        NDArray offsets = nd.create(new float[] {120f, 115f, 100f}, new Shape(3, 1, 1));',
  '        x = x.sub(offsets);',
  '        return new NDList(x);',
  '    }',
  '}',
].join('\n');

test('java: a DJL NDArray of per-channel numbers made by manager.create(float[], new Shape(3, 1, 1)) is subtracted as a mean', async () => {
  const match = { scale: 1, mean: [120, 115, 100], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', DJL_MEANS, specWith({ input: match }))), []);
  assert.deepEqual(at(await lintText('java', DJL_MEANS, specWith({ input: { ...match, mean: [0, 0, 0] } }))), ['14 TP301']);
});

test('java: manager.create with a shape that does not hold those numbers leaves the arithmetic unknown', async () => {
  const odd = DJL_MEANS.replace('new Shape(3, 1, 1)', 'new Shape(2, 2)');
  assert.deepEqual(at(await lintText('java', odd, specWith({ input: { scale: 1, mean: [0, 0, 0], layout: 'NCHW' } }))), []);
});

/** An Android classifier writing Color.red/green/blue of each pixel into a four-dimensional array, channel by literal. */
function channelWrites(index: (c: number) => string): string {
  return [
    'import android.graphics.Bitmap;',
    'import android.graphics.Color;',
    'import ai.onnxruntime.OnnxTensor;',
    'class Prep {',
    '  float[][][][] input(Bitmap src, OrtEnvironment env, OrtSession sess) throws Exception {',
    '    Bitmap small = Bitmap.createScaledBitmap(src, 224, 224, true);',
    '    float[][][][] data = new float[1][3][224][224];',
    '    for (int row = 0; row < 224; row++) {',
    '      for (int col = 0; col < 224; col++) {',
    '        int px = small.getPixel(col, row);',
    `        data${index(0)} = Color.red(px) / 255.0f;`,
    `        data${index(1)} = Color.green(px) / 255.0f;`,
    `        data${index(2)} = Color.blue(px) / 255.0f;`,
    '      }',
    '    }',
    '    sess.run(java.util.Map.of("x", OnnxTensor.createTensor(env, data)));',
    '    return data;',
    '  }',
    '}',
    '',
  ].join('\n');
}

test("java: one pixel's channels written by literal number into the second dimension are channels first, told once", async () => {
  const chw = channelWrites((c) => `[0][${c}][row][col]`);
  assert.deepEqual(await lintText('java', chw, specWith({ input: { layout: 'NCHW' } })), []);
  const found = at(await lintText('java', chw, specWith({ input: { layout: 'NHWC' } })));
  assert.deepEqual(
    found.filter((k) => k.includes('TP401')),
    ['11 TP401'],
  );
});

test('java: channels written by literal number into the last dimension are channels last', async () => {
  const hwc = channelWrites((c) => `[0][row][col][${c}]`).replace('new float[1][3][224][224]', 'new float[1][224][224][3]');
  assert.deepEqual(await lintText('java', hwc, specWith({ input: { layout: 'NHWC' } })), []);
  assert.deepEqual(
    at(await lintText('java', hwc, specWith({ input: { layout: 'NCHW' } }))).filter((k) => k.includes('TP401')),
    ['11 TP401'],
  );
});

/** An Android helper writing each pixel's channels through running indices (`out[ri++]`), then run by ONNX Runtime. */
function runningIndices(decl: string, writes: [string, string, string]): string {
  return [
    'import android.graphics.Bitmap;',
    'import ai.onnxruntime.OnnxTensor;',
    'class Planes {',
    '  void run(Bitmap bmp, OrtEnvironment env, OrtSession sess) throws Exception {',
    '    Bitmap small = Bitmap.createScaledBitmap(bmp, 224, 224, true);',
    '    int n = 224 * 224;',
    '    int[] px = new int[n];',
    '    small.getPixels(px, 0, 224, 0, 0, 224, 224);',
    '    float[] out = new float[3 * n];',
    `    ${decl}`,
    '    for (int i = 0; i < n; i++) {',
    '      int v = px[i];',
    `      out[${writes[0]}] = ((v >> 16) & 0xFF) / 255f;`,
    `      out[${writes[1]}] = ((v >> 8) & 0xFF) / 255f;`,
    `      out[${writes[2]}] = (v & 0xFF) / 255f;`,
    '    }',
    '    sess.run(java.util.Map.of("x", OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(out), new long[] {1, 3, 224, 224})));',
    '  }',
    '}',
    '',
  ].join('\n');
}

test('java: channel planes written through three running indices (0, n, 2n) are channels first, told at the first', async () => {
  const planar = runningIndices('int ri = 0, gi = n, bi = 2 * n;', ['ri++', 'gi++', 'bi++']);
  assert.deepEqual(
    at(await lintText('java', planar, specWith({ input: { layout: 'NCHW' } }))).filter((k) => k.includes('TP401')),
    [],
  );
  assert.deepEqual(
    at(await lintText('java', planar, specWith({ input: { layout: 'NHWC' } }))).filter((k) => k.includes('TP401')),
    ['13 TP401'],
  );
});

test('java: one running index for all three channels keeps the pixels interleaved (no channels-first claim)', async () => {
  const interleaved = runningIndices('int k = 0;', ['k++', 'k++', 'k++']);
  const found = await lintText('java', interleaved, specWith({ input: { layout: 'NHWC' } }));
  assert.ok(!found.some((f) => f.code === 'TP401'), found.map((f) => f.message).join('\n'));
});
