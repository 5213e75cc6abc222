// Patterns from the thirteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-13": Android
// TFLite / ONNX Runtime helper classes and browser/Node ONNX Runtime code) that the linter got wrong before. Each
// fixture is our own minimal reproduction, with a matching spec (no finding) and a different one (one finding per
// deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import { fsSiblingReader } from '../../src/core/lint/siblings';
import type { Linter } from '../../src/core/lint/types';
import { keys as at, lintText, specWith, WASM_DIR } from './lint-test-helpers';

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

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-heldout13-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));
let sibLinter: Promise<Linter> | undefined;

/** Lints the JS file `main` with the other files written beside it as its siblings. */
async function lintJsWithSiblings(files: Record<string, string[]>, main: string, override: Record<string, unknown>): Promise<string[]> {
  for (const [rel, lines] of Object.entries(files)) {
    const p = path.join(ROOT, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, lines.join('\n'));
  }
  sibLinter ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(ROOT) });
  const l = await sibLinter;
  const p = path.join(ROOT, main);
  const uri = pathToFileURL(p).href;
  const out = l.lint({ uri, languageId: 'javascript', text: fs.readFileSync(p, 'utf8') }, specWith(override));
  l.close(uri);
  return out.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const JS_HELPER_BODY = [
  '  cv.cvtColor(mat, mat, cv.COLOR_RGBA2RGB);',
  '  const blob = cv.blobFromImage(mat, 1 / 255.0, new cv.Size(640, 640), new cv.Scalar(0, 0, 0), false, false);',
  '  return [blob, 640, 640];',
];
const JS_MAIN = (importLine: string, read = '  const mat = cv.imread(el);'): string[] => [
  "import * as ort from 'onnxruntime-web';",
  importLine,
  'export async function run(el, session) {',
  read,
  '  const [blob, w, h] = prep(mat);',
  "  const t = new ort.Tensor('float32', blob.data32F, [1, 3, h, w]);",
  '  await session.run({ images: t });',
  '}',
];
const JS_MATCH = { width: 640, height: 640, colorOrder: 'RGB', scale: 1 / 255, layout: 'NCHW' };
const JS_DIFFER = { ...JS_MATCH, colorOrder: 'BGR', scale: 2 / 255, mean: [1, 1, 1], layout: 'NHWC' };

test('js: a helper imported from a sibling module (named, default `./x.js`, require) is analysed at its call', async () => {
  const named = {
    'js1/prep.js': ['export const prep = (mat) => {', ...JS_HELPER_BODY, '};'],
    'js1/main.js': JS_MAIN("import { prep } from './prep';"),
  };
  const byDefault = {
    'js2/prep.js': ['function prepare(mat) {', ...JS_HELPER_BODY, '}', 'export default prepare;'],
    'js2/main.js': JS_MAIN("import prep from './prep.js';"),
  };
  const required = {
    'js3/lib/index.js': ['function prep(mat) {', ...JS_HELPER_BODY, '}', 'module.exports = { prep };'],
    'js3/main.js': JS_MAIN("const { prep } = require('./lib');"),
  };
  for (const [files, main] of [
    [named, 'js1/main.js'],
    [byDefault, 'js2/main.js'],
    [required, 'js3/main.js'],
  ] as const) {
    assert.deepEqual(await lintJsWithSiblings(files, main, { input: JS_MATCH }), [], main);
    // The missing RGBA→BGR conversion where the image is read, the helper's scaling at its call, the layout where
    // the blob becomes the tensor (the destructured tuple keeps the blob).
    assert.deepEqual((await lintJsWithSiblings(files, main, { input: JS_DIFFER })).sort(), ['4 TP101', '5 TP301', '6 TP401'], main);
  }
});

test('js: a sibling helper is not followed for a parameter, nor when a local function has its name or the file is absent', async () => {
  const helper = ['export const prep = (mat) => {', ...JS_HELPER_BODY, '};'];
  // A parameter of a function nobody here calls may be a number as well as an image: the helper is not applied.
  const param = {
    'js4/prep.js': helper,
    'js4/main.js': JS_MAIN("import { prep } from './prep';", '  const mat = el;'),
  };
  assert.deepEqual(
    (await lintJsWithSiblings(param, 'js4/main.js', { input: JS_DIFFER })).filter((k) => k.startsWith('5 ')),
    [],
  );
  // A local function of the same name is the one called.
  const local = {
    'js5/prep.js': helper,
    'js5/main.js': JS_MAIN('const prep = (m) => [m, 1, 1];'),
  };
  assert.deepEqual(
    (await lintJsWithSiblings(local, 'js5/main.js', { input: JS_DIFFER })).filter((k) => k.startsWith('5 ')),
    [],
  );
  // Without the sibling file nothing is known about the helper.
  const alone = { 'js6/main.js': JS_MAIN("import { prep } from './prep';") };
  assert.deepEqual(
    (await lintJsWithSiblings(alone, 'js6/main.js', { input: JS_DIFFER })).filter((k) => k.startsWith('5 ')),
    [],
  );
});

test('js: array destructuring takes the items in order, holes included', async () => {
  const text = [
    "import * as ort from 'onnxruntime-web';",
    'export async function run(el, session) {',
    '  const mat = cv.imread(el);',
    '  const blob = cv.blobFromImage(mat, 1 / 255.0, new cv.Size(640, 640), new cv.Scalar(0, 0, 0), true, false);',
    '  const [, b, [c] = []] = [640, blob, [2]];',
    "  const t = new ort.Tensor('float32', b.data32F, [1, 3, 640, 640]);",
    '  await session.run({ images: t });',
    '}',
  ].join('\n');
  // swapRB of an RGBA read gives BGR.
  const match = { ...JS_MATCH, colorOrder: 'BGR' };
  assert.deepEqual(at(await lintText('javascript', text, specWith({ input: match }))), []);
  assert.deepEqual(at(await lintText('javascript', text, specWith({ input: { ...match, layout: 'NHWC' } }))), ['6 TP401']);
});
