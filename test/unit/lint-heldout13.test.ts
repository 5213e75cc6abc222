// Patterns from the thirteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-13": Android
// TFLite / ONNX Runtime helper classes and browser/Node ONNX Runtime code) that the linter got wrong before. Each
// fixture is our own minimal reproduction, with a matching spec (no finding) and a different one (one finding per
// deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const JAVA_TERNARY_NORMALIZE = [
  'import android.graphics.Bitmap;',
  'import org.tensorflow.lite.Interpreter;',
  'import org.tensorflow.lite.support.common.ops.NormalizeOp;',
  'import org.tensorflow.lite.support.image.ImageProcessor;',
  'import org.tensorflow.lite.support.image.TensorImage;',
  'import org.tensorflow.lite.support.image.ops.ResizeOp;',
  'class Labeler {',
  '  private final boolean quantized;',
  '  private final Interpreter interpreter;',
  '  private TensorImage image;',
  '  Labeler(Interpreter interpreter, boolean quantized) {',
  '    this.interpreter = interpreter;',
  '    this.quantized = quantized;',
  '    this.image = new TensorImage(interpreter.getInputTensor(0).dataType());',
  '  }',
  '  void label(Bitmap bitmap, float[][] out) {',
  '    image.load(bitmap);',
  '    ImageProcessor p = new ImageProcessor.Builder()',
  '        .add(new ResizeOp(224, 224, ResizeOp.ResizeMethod.BILINEAR))',
  '        .add(quantized ? new NormalizeOp(0, 1) : new NormalizeOp(127.5f, 127.5f)).build();',
  '    image = p.process(image);',
  '    interpreter.run(image.getBuffer(), out);',
  '  }',
  '}',
].join('\n');

const FLOAT_MODEL = { resize: { library: 'tf', method: 'bilinear' }, scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] };

test('java: the two NormalizeOps of c ? a : b are alternatives: one that matches the spec silences the other', async () => {
  // The float model's NormalizeOp(127.5f, 127.5f) is one branch: the quantized branch's (0, 1) is no finding.
  assert.deepEqual(at(await lintText('java', JAVA_TERNARY_NORMALIZE, specWith({ input: FLOAT_MODEL }))), []);
  // The quantized model's spec (raw 0–255 pixels) matches the other branch.
  const quant = { ...FLOAT_MODEL, mean: [0, 0, 0], std: [1, 1, 1] };
  assert.deepEqual(at(await lintText('java', JAVA_TERNARY_NORMALIZE, specWith({ input: quant }))), []);
});

test('java: a normalisation both branches of c ? a : b get wrong is still reported', async () => {
  const differ = { ...FLOAT_MODEL, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
  const findings = await lintText('java', JAVA_TERNARY_NORMALIZE, specWith({ input: differ }));
  assert.ok(findings.length > 0);
  assert.deepEqual([...new Set(at(findings))], ['20 TP301']);
  // Without the conditional the one NormalizeOp is judged alone, as before.
  const single = JAVA_TERNARY_NORMALIZE.replace('quantized ? new NormalizeOp(0, 1) : new NormalizeOp(127.5f, 127.5f)', 'new NormalizeOp(0, 1)');
  assert.deepEqual(at(await lintText('java', single, specWith({ input: FLOAT_MODEL }))), ['20 TP301']);
});

const OPENCV_JS = [
  "import { Tensor } from 'onnxruntime-web';",
  'export async function detect(image, session) {',
  '  const mat = cv.imread(image);',
  '  const rgb = new cv.Mat(mat.rows, mat.cols, cv.CV_8UC3);',
  '  cv.cvtColor(mat, rgb, cv.COLOR_RGBA2BGR);',
  '  const padded = new cv.Mat();',
  '  cv.copyMakeBorder(rgb, padded, 0, 10, 0, 10, cv.BORDER_CONSTANT, [0, 0, 0, 255]);',
  '  const blob = cv.blobFromImage(',
  '    padded,',
  '    1 / 255.0,',
  '    new cv.Size(640, 640),',
  '    new cv.Scalar(0, 0, 0),',
  '    true,',
  '    false',
  '  );',
  "  const tensor = new Tensor('float32', blob.data32F, [1, 3, 640, 640]);",
  '  return session.run({ images: tensor });',
  '}',
].join('\n');

const OPENCV_JS_SPEC = { width: 640, height: 640, colorOrder: 'RGB', resize: { library: 'cv2', method: 'linear' }, scale: 1 / 255, layout: 'NCHW' };

test('javascript: opencv.js cv.imread gives RGBA, cvtColor and blobFromImage swapRB set the order; the blob is NCHW where it becomes an ort.Tensor', async () => {
  assert.deepEqual(at(await lintText('javascript', OPENCV_JS, specWith({ input: OPENCV_JS_SPEC }))), []);
  const differ = { ...OPENCV_JS_SPEC, colorOrder: 'BGR', scale: 2 / 255, mean: [1, 1, 1], layout: 'NHWC' };
  assert.deepEqual(at(await lintText('javascript', OPENCV_JS, specWith({ input: differ }))).sort(), ['13 TP101', '16 TP401', '8 TP301']);
});

test('javascript: without swapRB the RGBA2BGR conversion is the colour finding; a cv.* call of no image is no source', async () => {
  const noSwap = OPENCV_JS.replace('    true,', '    false,');
  assert.deepEqual(at(await lintText('javascript', noSwap, specWith({ input: { ...OPENCV_JS_SPEC, colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('javascript', noSwap, specWith({ input: OPENCV_JS_SPEC }))), ['5 TP101']);
  // A plain Float32Array in an ort.Tensor has no blob layout to report.
  const plain = "import { Tensor } from 'onnxruntime-web';\nexport const t = (d) => new Tensor('float32', new Float32Array(d), [1, 3, 640, 640]);";
  assert.deepEqual(at(await lintText('javascript', plain, specWith({ input: { ...OPENCV_JS_SPEC, layout: 'NHWC' } }))), []);
});

const JAVA_ARGB_PARAM_CHW = [
  'import ai.onnxruntime.OnnxTensor;',
  'import ai.onnxruntime.OrtEnvironment;',
  'import java.nio.FloatBuffer;',
  'class Depth {',
  '  private final int size = 518;',
  '  private final float[] mean = {0.485f, 0.456f, 0.406f};',
  '  private final float[] std = {0.229f, 0.224f, 0.225f};',
  '  OrtEnvironment env;',
  '  OnnxTensor estimate(int[] argb, int w, int h) throws Exception {',
  '    float[] chw = prep(nearest(argb, w, h));',
  '    return OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, size, size});',
  '  }',
  '  private int[] nearest(int[] src, int w, int h) {',
  '    int[] dst = new int[size * size];',
  '    for (int y = 0; y < size; y++)',
  '      for (int x = 0; x < size; x++) dst[y * size + x] = src[(y * h / size) * w + x * w / size];',
  '    return dst;',
  '  }',
  '  private float[] prep(int[] px) {',
  '    int plane = size * size;',
  '    float[] chw = new float[3 * plane];',
  '    for (int i = 0; i < plane; i++) {',
  '      int p = px[i];',
  '      float r = ((p >> 16) & 0xFF) / 255f;',
  '      float g = ((p >> 8) & 0xFF) / 255f;',
  '      float b = (p & 0xFF) / 255f;',
  '      chw[i] = (r - mean[0]) / std[0];',
  '      chw[plane + i] = (g - mean[1]) / std[1];',
  '      chw[2 * plane + i] = (b - mean[2]) / std[2];',
  '    }',
  '    return chw;',
  '  }',
  '}',
].join('\n');

const DEPTH_SPEC = { width: 518, height: 518, colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: 'NCHW' };

test('java: an int[] parameter unpacked with (p >> 16) & 0xFF is ARGB pixels, also copied into a local array first; mean[c] of a constant array is that item; createTensor’s long[] shape has a size', async () => {
  assert.deepEqual(at(await lintText('java', JAVA_ARGB_PARAM_CHW, specWith({ input: DEPTH_SPEC }))), []);
  const differ = { ...DEPTH_SPEC, width: 384, height: 384, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NHWC' };
  const got = at(await lintText('java', JAVA_ARGB_PARAM_CHW, specWith({ input: differ })));
  for (const k of ['11 TP402', '27 TP101', '27 TP301', '27 TP401']) assert.ok(got.includes(k), `${k} in ${got.join(', ')}`);
});

test('java: an int[] parameter read without unpacking (class ids, counts) is no pixel data', async () => {
  const ids = JAVA_ARGB_PARAM_CHW.replace('float r = ((p >> 16) & 0xFF) / 255f;', 'float r = p / 255f;')
    .replace('float g = ((p >> 8) & 0xFF) / 255f;', 'float g = p / 255f;')
    .replace('float b = (p & 0xFF) / 255f;', 'float b = p / 255f;');
  const differ = { ...DEPTH_SPEC, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
  assert.deepEqual(at(await lintText('java', ids, specWith({ input: differ }))), []);
});

const JIMP1 = (size: string, imported = "import { Jimp } from 'jimp';"): string =>
  [
    "import * as ort from 'onnxruntime-web';",
    imported,
    'export async function prep(input: string, session: ort.InferenceSession) {',
    '  const image = await Jimp.read(input);',
    `  image.resize(${size});`,
    '  const data = new Float32Array(image.bitmap.data);',
    "  return session.run({ input: new ort.Tensor('float32', data, [1, 224, 224, 4]) });",
    '}',
  ].join('\n');

test('Jimp 1: Jimp.read of the named export and image.resize({ w, h }) are read like Jimp 0.x; one side alone is not judged', async () => {
  const spec = specWith({ input: { width: 256, height: 256 } });
  const sized = (await lintText('typescript', JIMP1('{ w: 224, h: 224 }'), spec)).filter((f) => f.code === 'TP201');
  assert.deepEqual(
    sized.map((f) => f.range.start.line),
    [4],
  );
  assert.deepEqual(
    sized[0].fix?.edits.map((e) => e.newText),
    ['256', '256'],
  );
  // The same size as the spec, or only a width (Jimp keeps the aspect ratio): no size finding.
  assert.deepEqual(
    at(await lintText('typescript', JIMP1('{ w: 256, h: 256 }'), spec)).filter((k) => k.includes('TP201')),
    [],
  );
  assert.deepEqual(
    at(await lintText('typescript', JIMP1('{ w: 224 }'), spec)).filter((k) => k.includes('TP201')),
    [],
  );
  // Jimp 0.x's default export still reads as before.
  const old = (await lintText('typescript', JIMP1('224, 224', "import Jimp from 'jimp';"), spec)).filter((f) => f.code === 'TP201');
  assert.equal(old.length, 1);
});
