// Patterns from the sixteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-16": ONNX
// Runtime Java classes built on OpenCV Java, a sharp and a canvas YOLOv8 front end, a tfjs-node Express server) that
// the linter missed before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';
import type { Expr, Span } from '../../src/core/lint/ir';
import { foreignReceiver, javaTypes } from '../../src/core/lint/scope-callers';

const SP: Span = { ch: { base: 0 }, s: 0, e: 0 };

const SPREAD_PLANES = [
  "const ort = require('onnxruntime-node');",
  "const sharp = require('sharp');",
  'async function prepare(buf) {',
  '  const pixels = await sharp(buf).removeAlpha()',
  "    .resize({ width: 224, height: 224, fit: 'fill' })",
  '    .raw()',
  '    .toBuffer();',
  '  const red = [], green = [], blue = [];',
  '  for (let i = 0; i < pixels.length; i += 3) {',
  '    red.push(pixels[i] / 255.0);',
  '    green.push(pixels[i + 1] / 255.0);',
  '    blue.push(pixels[i + 2] / 255.0);',
  '  }',
  '  return [...red, ...green, ...blue];',
  '}',
  'async function run(buf) {',
  "  const model = await ort.InferenceSession.create('m.onnx');",
  '  const input = await prepare(buf);',
  '  return model.run({ images: new ort.Tensor(Float32Array.from(input), [1, 3, 224, 224]) });',
  '}',
].join('\n');

const SHARP = { library: 'sharp', method: 'lanczos3' };

test('js: [...r, ...g, ...b] puts three channel planes together like [r, g, b].flat()', async () => {
  assert.deepEqual(at(await lintText('javascript', SPREAD_PLANES, specWith({ input: { layout: 'NCHW', resize: SHARP } }))), []);
  const differ = { layout: 'NCHW', resize: SHARP, colorOrder: 'BGR', scale: 1 / 127.5, mean: [1, 1, 1] };
  assert.deepEqual(at(await lintText('javascript', SPREAD_PLANES, specWith({ input: differ }))).sort(), ['10 TP301', '14 TP101']);
});

test('js: planes spread in reverse order are BGR; one spread array is no join', async () => {
  const bgr = SPREAD_PLANES.replace('[...red, ...green, ...blue]', '[...blue, ...green, ...red]');
  assert.deepEqual(at(await lintText('javascript', bgr, specWith({ input: { layout: 'NCHW', resize: SHARP, colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('javascript', bgr, specWith({ input: { layout: 'NCHW', resize: SHARP } }))), ['14 TP101']);
  // A copy of one array ([...red]) puts no planes together: the colour finding stays where the image is read.
  const one = SPREAD_PLANES.replace('[...red, ...green, ...blue]', '[...red]');
  const oneSpec = specWith({ input: { layout: 'NCHW', resize: SHARP, colorOrder: 'BGR' } });
  assert.deepEqual(
    at(await lintText('javascript', one, oneSpec)).filter((k) => k.includes('TP101')),
    ['4 TP101'],
  );
});

const ROUTE = [
  "const express = require('express');",
  "const tf = require('@tensorflow/tfjs-node');",
  'const app = express();',
  'let model;',
  "app.post('/predict', upload.single('image'), async (req, res) => {",
  '  const buffer = fs.readFileSync(req.file.path);',
  '  const t = tf.node',
  '    .decodeImage(buffer, 3)',
  '    .resizeBilinear([224, 224])',
  '    .expandDims(0)',
  '    .div(255.0);',
  '  res.json(await model.predict(t).data());',
  '});',
].join('\n');

const TFJS = { library: 'tfjs', method: 'bilinear' };

test("js: an Express route's handler is analysed where the route is declared; a chained decoder is shown on its line", async () => {
  assert.deepEqual(at(await lintText('javascript', ROUTE, specWith({ input: { resize: TFJS } }))), []);
  const differ = { width: 160, height: 160, colorOrder: 'BGR', resize: { library: 'tfjs', method: 'nearest' } };
  assert.deepEqual(at(await lintText('javascript', ROUTE, specWith({ input: differ }))).sort(), ['8 TP101', '9 TP201', '9 TP203']);
});

test('js: a handler of a call that declares no route (no path) is not run in place', async () => {
  const other = ROUTE.replace("app.post('/predict', upload.single('image'), ", 'queue.post(');
  const differ = { width: 160, height: 160, colorOrder: 'BGR', resize: { library: 'tfjs', method: 'nearest' } };
  assert.deepEqual(at(await lintText('javascript', other, specWith({ input: differ }))), []);
});

const BLOB_JAVA = (prep: string): string =>
  [
    'import ai.onnxruntime.*;',
    'import org.opencv.core.*;',
    'import org.opencv.dnn.Dnn;',
    'import org.opencv.imgproc.Imgproc;',
    'public class Enc {',
    '    public void encode(Mat image, OrtSession session, OrtEnvironment env) throws Exception {',
    prep,
    '        Mat blob = Dnn.blobFromImage(img, 1.0 / 255, new Size(224, 224), new Scalar(0, 0, 0), true, false);',
    '        float[] flat = new float[3 * 224 * 224];',
    '        blob.get(0, 0, flat);',
    '        OnnxTensor t = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(flat), new long[]{1, 3, 224, 224});',
    '        session.run(java.util.Map.of("image", t));',
    '    }',
    '}',
  ].join('\n');

test('java: blobFromImage of an image resized before does not judge its own INTER_LINEAR', async () => {
  const cubic = BLOB_JAVA('        Mat img = new Mat();\n        Imgproc.resize(image, img, new Size(224, 224), 0, 0, Imgproc.INTER_CUBIC);');
  const spec = { layout: 'NCHW', resize: { library: 'cv2', method: 'cubic' } };
  assert.deepEqual(at(await lintText('java', cubic, specWith({ input: spec }))), []);
  // The resize before is still judged: a linear spec gets one finding, on that resize.
  assert.deepEqual(at(await lintText('java', cubic, specWith({ input: { ...spec, resize: { library: 'cv2', method: 'linear' } } }))), ['8 TP203']);
});

test('java: blobFromImage of an image not resized before still resizes with INTER_LINEAR', async () => {
  const plain = BLOB_JAVA('        Mat img = image;');
  const spec = { layout: 'NCHW', resize: { library: 'cv2', method: 'cubic' } };
  assert.deepEqual(at(await lintText('java', plain, specWith({ input: spec }))), ['8 TP203']);
});

const RECORD_JAVA = [
  'import ai.onnxruntime.*;',
  'import org.opencv.core.*;',
  'import org.opencv.dnn.Dnn;',
  'import org.opencv.imgproc.Imgproc;',
  'public class Det {',
  '    private record Prepared(Mat image, float scale) {}',
  '    private static final Scalar MEAN_BGR = new Scalar(104, 117, 123);',
  '    public Mat blob(Mat image) {',
  '        Prepared p = pad(image, 640);',
  '        return Dnn.blobFromImage(p.image(), 1.0, new Size(640, 640), MEAN_BGR, false, false);',
  '    }',
  '    private Prepared pad(Mat src, int size) {',
  '        Mat out = new Mat();',
  '        Core.copyMakeBorder(src, out, 0, size - src.rows(), 0, size - src.cols(), Core.BORDER_CONSTANT, new Scalar(0, 0, 0));',
  '        return new Prepared(out, 1f);',
  '    }',
  '}',
].join('\n');

test("java: blobFromImage of an image the analysis cannot trace (a record's accessor) still judges the blob's mean", async () => {
  const own = { width: 640, height: 640, colorOrder: 'BGR', scale: 1, mean: [104, 117, 123], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', RECORD_JAVA, specWith({ input: own }))), []);
  const differ = { ...own, scale: 1 / 255, mean: [0, 0, 0] };
  assert.deepEqual(at(await lintText('java', RECORD_JAVA, specWith({ input: differ }))), ['10 TP301']);
});

const PARAM_BLOB = (swap: string, readOut: string): string =>
  [
    'import ai.onnxruntime.*;',
    'import org.opencv.core.*;',
    'import org.opencv.dnn.Dnn;',
    'public class Face {',
    '    public void encode(Mat face, OrtSession session, OrtEnvironment env) throws Exception {',
    '        Mat blob = Dnn.blobFromImage(',
    '                face,',
    '                1.0 / 127.5,',
    '                new Size(112, 112),',
    '                new Scalar(127.5, 127.5, 127.5),',
    `                ${swap},`,
    '                false);',
    readOut,
    '        OnnxTensor t = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(flat), new long[]{1, 3, 112, 112});',
    '        session.run(java.util.Map.of("image", t));',
    '    }',
    '}',
  ].join('\n');

const GET_FLAT = '        float[] flat = new float[3 * 112 * 112];\n        blob.get(0, 0, flat);';
const HELPER_FLAT = '        float[] flat = ImageUtils.blobToFloatArray(blob, 3 * 112 * 112);';
const FACE = { width: 112, height: 112, layout: 'NCHW', resize: { library: 'cv2', method: 'linear' } };

test("java: a Mat parameter's blob read out with get(0, 0, float[]) and FloatBuffer.wrap is judged at createTensor by its own swapRB, mean and scale", async () => {
  const code = PARAM_BLOB('true', GET_FLAT);
  assert.deepEqual(at(await lintText('java', code, specWith({ input: { ...FACE, scale: 1 / 127.5, mean: [1, 1, 1] } }))), []);
  // BGR with ÷ 255: the swap (on its argument's line) and the blob's mean-and-scale (on the call's line).
  assert.deepEqual(at(await lintText('java', code, specWith({ input: { ...FACE, colorOrder: 'BGR' } }))).sort(), ['11 TP101', '6 TP301']);
});

test('java: a blob handed to a helper of another file comes back as its floats; swapRB=false keeps OpenCV BGR', async () => {
  const code = PARAM_BLOB('false', HELPER_FLAT);
  const own = { ...FACE, colorOrder: 'BGR', scale: 1 / 127.5, mean: [1, 1, 1] };
  assert.deepEqual(at(await lintText('java', code, specWith({ input: own }))), []);
  assert.deepEqual(at(await lintText('java', code, specWith({ input: { ...own, colorOrder: 'RGB' } }))), ['11 TP101']);
});

test('java: swapRB=false on an image the file converted to RGB itself, and a float[] parameter only wrapped, give no finding', async () => {
  const converted = PARAM_BLOB('false', HELPER_FLAT).replace(
    '        Mat blob = Dnn.blobFromImage(\n                face,',
    '        Mat rgb = new Mat();\n        org.opencv.imgproc.Imgproc.cvtColor(face, rgb, org.opencv.imgproc.Imgproc.COLOR_BGR2RGB);\n        Mat blob = Dnn.blobFromImage(\n                rgb,',
  );
  assert.deepEqual(at(await lintText('java', converted, specWith({ input: { ...FACE, scale: 1 / 127.5, mean: [1, 1, 1] } }))), []);
  const wrapped = [
    'import ai.onnxruntime.*;',
    'public class Run {',
    '    public void run(float[] data, OrtSession session, OrtEnvironment env) throws Exception {',
    '        OnnxTensor t = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(data), new long[]{1, 3, 112, 112});',
    '        session.run(java.util.Map.of("image", t));',
    '    }',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('java', wrapped, specWith({ input: { ...FACE, colorOrder: 'BGR', scale: 1 / 127.5, mean: [1, 1, 1] } }))), []);
});

const CODE_BY_CHANNELS = (choose: string): string =>
  [
    'import ai.onnxruntime.*;',
    'import org.opencv.core.*;',
    'import org.opencv.dnn.Dnn;',
    'import org.opencv.imgproc.Imgproc;',
    'public class Conv {',
    '    public void encode(Mat image, OrtSession session, OrtEnvironment env) throws Exception {',
    '        Mat rgb = new Mat();',
    choose,
    '        Mat blob = Dnn.blobFromImage(rgb, 1.0 / 255, new Size(224, 224), new Scalar(0, 0, 0), false, false);',
    '        float[] flat = new float[3 * 224 * 224];',
    '        blob.get(0, 0, flat);',
    '        OnnxTensor t = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(flat), new long[]{1, 3, 224, 224});',
    '        session.run(java.util.Map.of("image", t));',
    '    }',
    '}',
  ].join('\n');

const CODE_VAR = [
  '        int code = Imgproc.COLOR_BGR2RGB;',
  '        if (image.channels() == 1) code = Imgproc.COLOR_GRAY2RGB;',
  '        else if (image.channels() == 4) code = Imgproc.COLOR_BGRA2RGB;',
  '        Imgproc.cvtColor(image, rgb, code);',
].join('\n');

test('java: a cvtColor code an if/else chooses by the channel count is each conversion; the grey branch has no order of its own', async () => {
  const code = CODE_BY_CHANNELS(CODE_VAR);
  const nchw = { layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', code, specWith({ input: nchw }))), []);
  assert.deepEqual(at(await lintText('java', code, specWith({ input: { ...nchw, colorOrder: 'BGR' } }))), ['11 TP101']);
  const calls = CODE_BY_CHANNELS(
    [
      '        if (image.channels() == 1) {',
      '            Imgproc.cvtColor(image, rgb, Imgproc.COLOR_GRAY2RGB);',
      '        } else {',
      '            Imgproc.cvtColor(image, rgb, Imgproc.COLOR_BGR2RGB);',
      '        }',
    ].join('\n'),
  );
  assert.deepEqual(at(await lintText('java', calls, specWith({ input: { ...nchw, colorOrder: 'BGR' } }))), ['11 TP101']);
});

test('java: a grey image made RGB only when it has one channel says nothing of the order of the others', async () => {
  const grayOnly = CODE_BY_CHANNELS(
    ['        rgb = image;', '        if (image.channels() == 1) Imgproc.cvtColor(image, rgb, Imgproc.COLOR_GRAY2RGB);'].join('\n'),
  );
  assert.deepEqual(at(await lintText('java', grayOnly, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
  // A code chosen between two conversions that both keep BGR: no finding with a BGR spec.
  const keep = CODE_BY_CHANNELS(
    CODE_VAR.replace(/COLOR_BGR2RGB/, 'COLOR_BGR2BGRA')
      .replace(/COLOR_GRAY2RGB/, 'COLOR_GRAY2BGR')
      .replace('COLOR_BGRA2RGB', 'COLOR_BGRA2BGR'),
  );
  assert.deepEqual(at(await lintText('java', keep, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
});

const MAT_BYTES = [
  'import org.opencv.core.*;',
  'import org.opencv.imgproc.Imgproc;',
  'public class Prep {',
  '    public float[][][][] prep(Mat image) {',
  '        Mat resized = new Mat();',
  '        Imgproc.resize(image, resized, new Size(224, 224), 0, 0, Imgproc.INTER_LINEAR);',
  '        Mat rgb = new Mat();',
  '        Imgproc.cvtColor(resized, rgb, Imgproc.COLOR_BGR2RGB);',
  '        float[][][][] input = new float[1][3][224][224];',
  '        byte[] data = new byte[(int) (rgb.total() * rgb.channels())];',
  '        rgb.get(0, 0, data);',
  '        for (int h = 0; h < 224; h++) {',
  '            for (int w = 0; w < 224; w++) {',
  '                int idx = (h * 224 + w) * 3;',
  '                for (int c = 0; c < 3; c++) {',
  '                    float val = (data[idx + c] & 0xFF) / 255.0f;',
  '                    input[0][c][h][w] = (val - 0.5f) / 0.5f;',
  '                }',
  '            }',
  '        }',
  '        return input;',
  '    }',
  '}',
].join('\n');

const HALF = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

test("java: a float[1][3][H][W] filled per channel from a Mat's bytes (get(0, 0, byte[]), & 0xFF) is the Mat's pixels, channels first", async () => {
  assert.deepEqual(at(await lintText('java', MAT_BYTES, specWith({ input: { ...HALF, layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('java', MAT_BYTES, specWith({ input: { colorOrder: 'BGR', layout: 'NHWC' } }))).sort(), [
    '17 TP301',
    '17 TP401',
    '8 TP101',
  ]);
});

test("java: the channel loop's counter last (input[0][y][x][c]) is channels last; a read without it stays unknown", async () => {
  const last = MAT_BYTES.replace('new float[1][3][224][224]', 'new float[1][224][224][3]').replace('input[0][c][h][w]', 'input[0][h][w][c]');
  assert.deepEqual(at(await lintText('java', last, specWith({ input: { ...HALF, layout: 'NHWC' } }))), []);
  assert.deepEqual(at(await lintText('java', last, specWith({ input: { ...HALF, layout: 'NCHW' } }))), ['17 TP401']);
  const noChannel = MAT_BYTES.replace('data[idx + c]', 'data[idx]');
  // No layout and no scaling judged there (the conversion is still reported, as for any stored image).
  assert.deepEqual(at(await lintText('java', noChannel, specWith({ input: { colorOrder: 'BGR', layout: 'NHWC' } }))), ['8 TP101']);
});

const OWN_RUN = [
  'import ai.onnxruntime.*;',
  'import org.opencv.core.*;',
  'import org.opencv.imgproc.Imgproc;',
  'import java.nio.FloatBuffer;',
  'import java.util.Map;',
  'public class Encoder {',
  '  private final OrtEnvironment env = OrtEnvironment.getEnvironment();',
  '  private OrtSession session;',
  '  public float[] run(Mat img) throws OrtException {',
  '    Mat resized = new Mat();',
  '    Imgproc.resize(img, resized, new Size(320, 320));',
  '    Mat f = new Mat();',
  '    resized.convertTo(f, CvType.CV_32FC3, 1.0 / 255);',
  '    float[] data = new float[320 * 320 * 3];',
  '    f.get(0, 0, data);',
  '    OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {1, 320, 320, 3});',
  '    try (OrtSession.Result r = session.run(Map.of("x", t))) {',
  '      return ((float[][]) r.get(0).getValue())[0];',
  '    }',
  '  }',
  '}',
].join('\n');

test("java: session.run(...) on another class's object does not make the file's own run(Mat) a called helper", async () => {
  const spec = { width: 320, height: 320, colorOrder: 'BGR', resize: { library: 'cv2', method: 'linear' } };
  assert.deepEqual(at(await lintText('java', OWN_RUN, specWith({ input: spec }))), []);
  assert.deepEqual(at(await lintText('java', OWN_RUN, specWith({ input: { ...spec, width: 224, height: 224 } }))), ['11 TP201', '16 TP402']);
});

test("java: a call on an object of the file's own class still makes the method a called helper", () => {
  const types = javaTypes([
    { k: 'class', name: 'Encoder', body: [], sp: SP },
    { k: 'assign', t: { k: 'name', n: 'enc', sp: SP }, v: null, decl: 'Encoder', sp: SP },
    { k: 'assign', t: { k: 'name', n: 'session', sp: SP }, v: null, decl: 'OrtSession', sp: SP },
  ]);
  const call = (recv: string): Expr & { k: 'call' } => ({
    k: 'call',
    f: { k: 'attr', o: { k: 'name', n: recv, sp: SP }, n: 'run', sp: SP, nsp: SP },
    a: [],
    sp: SP,
    asp: SP,
  });
  assert.equal(
    foreignReceiver(call('session'), () => types),
    true,
  );
  assert.equal(
    foreignReceiver(call('enc'), () => types),
    false,
  );
  assert.equal(
    foreignReceiver(call('this'), () => types),
    false,
  );
  assert.equal(
    foreignReceiver(call('Helpers'), () => types),
    false,
  ); // not declared here: a class name or an import
});
