// Patterns seen in public preprocessing code that the linter got wrong. Each fixture is our own minimal reproduction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, in order. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

test('java: a field set in the constructor is not the constant of its initializer (no "resize to 0 × 0")', async () => {
  const src = [
    'import android.graphics.Bitmap;',
    'class Scaler {',
    '  private int side = 0;',
    '  Scaler(int inputSide) { side = inputSide; }',
    '  Bitmap scale(Bitmap b) { return Bitmap.createScaledBitmap(b, side, side, true); }',
    '}',
  ].join('\n');
  const findings = await lintText('java', src, specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } }));
  assert.deepEqual(
    findings.filter((f) => f.code === 'TP201'),
    [],
  );
});

test('java: a field that is only ever assigned its initializer still gives the size', async () => {
  const src = [
    'import android.graphics.Bitmap;',
    'class Scaler {',
    '  private int side = 192;',
    '  Bitmap scale(Bitmap b) { int local = 3; local = 4; return Bitmap.createScaledBitmap(b, side, side, true); }',
    '}',
  ].join('\n');
  const findings = await lintText('java', src, specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } }));
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP201')), ['4 TP201']);
});

test('js: a module variable assigned inside a function is no longer the constant of its declaration', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'let size = 0;',
    'export function configure(s) { size = s; }',
    'export function prep(img) { return tf.image.resizeBilinear(tf.browser.fromPixels(img), [size, size]); }',
  ].join('\n');
  const findings = await lintText('javascript', src, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } }));
  assert.deepEqual(
    findings.filter((f) => f.code === 'TP201'),
    [],
  );
});

test('java: int parameters used for geometry are not judged as pixels', async () => {
  const src = [
    'import android.graphics.Matrix;',
    'class Geometry {',
    '  Matrix centre(final int srcWidth, final int srcHeight) {',
    '    Matrix m = new Matrix();',
    '    m.postTranslate(-srcWidth / 2.0f, -srcHeight / 2.0f);',
    '    return m;',
    '  }',
    '  float half(float v) { return (v - 10f) / 2f; }',
    '}',
  ].join('\n');
  assert.deepEqual(await lintText('java', src, specWith()), []);
});

test('a resize to a placeholder size of 0 is not reported as a size mismatch', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'let size = 0;',
    'export function prep(img) { return tf.image.resizeBilinear(tf.browser.fromPixels(img), [size, size]); }',
  ].join('\n');
  const findings = await lintText('javascript', src, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } }));
  assert.deepEqual(
    findings.filter((f) => f.code === 'TP201' || f.code === 'TP202'),
    [],
  );
});

test('js: functions written as arrow functions assigned to a const or a property are analysed like declarations', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'let model;',
    'const toInput = (canvas) => tf.browser.fromPixels(canvas).resizeNearestNeighbor([32, 32]).toFloat().div(127.5);',
    'const run = async () => model.predict(toInput(document.getElementById("c")));',
    'window.classify = async (img) => {',
    '  const t = tf.browser.fromPixels(img).resizeBilinear([64, 64]).toFloat().expandDims();',
    '  return model.predict(t);',
    '};',
    'class Runner { prep = (img) => model.predict(tf.browser.fromPixels(img).resizeBilinear([64, 64]).toFloat()); }',
  ].join('\n');
  const spec = specWith({ input: { width: 64, height: 64, resize: { library: 'tfjs', method: 'bilinear' } } });
  const findings = await lintText('javascript', src, spec);
  // With nothing scaling, the finding is on the toFloat() line, where the scaling belongs.
  assert.deepEqual(at(findings), ['3 TP203', '3 TP201', '3 TP301', '6 TP301', '9 TP301']);
});

test('tfjs: resizeNearestNeighbor against a bilinear spec says which kernels differ and the fix renames the call', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'export function prep(model, img) { return model.predict(tf.browser.fromPixels(img).resizeNearestNeighbor([224, 224]).toFloat().div(255)); }',
  ].join('\n');
  const [f] = (await lintText('javascript', src, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } }))).filter((x) => x.code === 'TP203');
  assert.match(f.message, /uses nearest-neighbour sampling, but the spec's input\.resize\.method is "bilinear"/);
  assert.equal(f.fix?.edits[0].newText, 'resizeBilinear');
  const fixed = src.replace('resizeNearestNeighbor', 'resizeBilinear');
  assert.deepEqual(await lintText('javascript', fixed, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } })), []);
});

test('tfjs: tf.scalar(1).sub(x) is 1 − x (an inverted image), not x', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'export function prep(model, img) {',
    '  return tf.tidy(() => {',
    '    const x = tf.image.resizeBilinear(tf.browser.fromPixels(img, 1), [28, 28]).toFloat();',
    '    return model.predict(tf.scalar(1.0).sub(x.div(tf.scalar(255.0))).expandDims(0));',
    '  });',
    '}',
  ].join('\n');
  const gray = { width: 28, height: 28, colorOrder: 'GRAY', mean: [0], std: [1], resize: { library: 'tfjs', method: 'bilinear' } };
  const plain = await lintText('javascript', src, specWith({ input: { ...gray, scale: 1 / 255 } }));
  assert.deepEqual(at(plain), ['5 TP301']);
  assert.match(plain[0].message, /-0\.00392157·p \+ 1/);
  assert.deepEqual(await lintText('javascript', src, specWith({ input: { ...gray, scale: -1 / 255, mean: [-1] } })), []);
});

test('java: with a float spec, the byte writes of a quantized-model branch are not normalisation errors', async () => {
  const src = [
    'import android.graphics.Bitmap;',
    'import java.nio.ByteBuffer;',
    'import java.nio.ByteOrder;',
    'class Feeder {',
    '  int[] px = new int[224 * 224];',
    '  ByteBuffer fill(Bitmap bitmap, boolean quantized) {',
    '    ByteBuffer buf = ByteBuffer.allocateDirect((quantized ? 1 : 4) * 224 * 224 * 3).order(ByteOrder.nativeOrder());',
    '    bitmap.getPixels(px, 0, 224, 0, 0, 224, 224);',
    '    for (int v : px) {',
    '      if (quantized) {',
    '        buf.put((byte) ((v >> 16) & 0xFF));',
    '        buf.put((byte) ((v >> 8) & 0xFF));',
    '        buf.put((byte) (v & 0xFF));',
    '      } else {',
    '        buf.putFloat(((v >> 16) & 0xFF) / 255.0f);',
    '        buf.putFloat(((v >> 8) & 0xFF) / 255.0f);',
    '        buf.putFloat((v & 0xFF) / 127.5f);',
    '      }',
    '    }',
    '    return buf;',
    '  }',
    '  ByteBuffer bytesOnly(Bitmap bitmap) {',
    '    ByteBuffer buf = ByteBuffer.allocateDirect(224 * 224 * 3).order(ByteOrder.nativeOrder());',
    '    bitmap.getPixels(px, 0, 224, 0, 0, 224, 224);',
    '    for (int v : px) { buf.put((byte) ((v >> 16) & 0xFF)); buf.put((byte) ((v >> 8) & 0xFF)); buf.put((byte) (v & 0xFF)); }',
    '    return buf;',
    '  }',
    '}',
  ].join('\n');
  const findings = await lintText('java', src, specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } }));
  // The float branch's wrong blue scale is still found; a function that only writes bytes is still judged, once for
  // its three raw channel writes (one deviation, one finding).
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP301')), ['17 TP301', '25 TP301']);
});

test('OpenCV dnn: a blobFromImage blob fed to net.setInput is right for an NHWC (TensorFlow) model; fed to TFLite it is not', async () => {
  const py = [
    'import cv2',
    'import tensorflow as tf',
    'net = cv2.dnn.readNetFromTensorflow("frozen.pb")',
    'img = cv2.imread("a.jpg")',
    'net.setInput(cv2.dnn.blobFromImage(img, 1 / 255.0, (224, 224), swapRB=True))',
    'interp = tf.lite.Interpreter("m.tflite")',
    'interp.set_tensor(0, cv2.dnn.blobFromImage(img, 1 / 255.0, (224, 224), swapRB=True))',
  ].join('\n');
  assert.deepEqual(at((await lintText('python', py, specWith())).filter((f) => f.code === 'TP401')), ['7 TP401']);
  const cpp = [
    '#include <opencv2/dnn.hpp>',
    'void run(cv::dnn::Net& net, const cv::Mat& img) {',
    '  cv::Mat blob = cv::dnn::blobFromImage(img, 1.0 / 255, cv::Size(224, 224), cv::Scalar(), true, false);',
    '  net.setInput(blob);',
    '}',
  ].join('\n');
  assert.deepEqual(
    (await lintText('cpp', cpp, specWith())).filter((f) => f.code === 'TP401'),
    [],
  );
});

const TORCH_NCHW = { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

function blobProgram(mean: string): string {
  return [
    '#include <opencv2/dnn.hpp>',
    'void divideByStd(cv::Mat& m, const std::array<float, 3>& s) {',
    '  int n = m.total() / 3;',
    '  float* p = (float*) m.data;',
    '  for (int c = 0; c < 3; ++c) for (int j = 0; j < n; ++j) p[n * c + j] /= s[c];',
    '}',
    'int main() {',
    '  cv::dnn::Net net = cv::dnn::readNet("resnet.onnx");',
    '  cv::Mat img = cv::imread("a.jpg");',
    '  cv::Mat blob;',
    `  cv::dnn::blobFromImage(img, blob, 1.0 / 255, cv::Size(224, 224), ${mean}, true, false);`,
    '  divideByStd(blob, {0.229, 0.224, 0.225});',
    '  net.setInput(blob);',
    '}',
  ].join('\n');
}

test('c++: a helper that divides the blob in place makes its values unknown: correct code is quiet', async () => {
  const findings = await lintText('cpp', blobProgram('cv::Scalar(123.675, 116.28, 103.53)'), specWith({ input: TORCH_NCHW }));
  assert.deepEqual(findings, []);
});

test("blobFromImage with the spec's post-scaling mean copied in: the mean is subtracted from 0–255 pixels", async () => {
  const findings = await lintText('cpp', blobProgram('cv::Scalar(0.485, 0.456, 0.406)'), specWith({ input: TORCH_NCHW }));
  assert.deepEqual(at(findings), ['11 TP301']);
  assert.match(
    findings[0].message,
    /subtracts the mean before it multiplies by scalefactor.*Pass input\.mean \/ input\.scale = \(123\.675, 116\.28, 103\.53\)/,
  );
  const py = [
    'import cv2',
    'net = cv2.dnn.readNetFromONNX("m.onnx")',
    'blob = cv2.dnn.blobFromImage(cv2.imread("a.jpg"), 1 / 255.0, (224, 224), (0.485, 0.456, 0.406), swapRB=True)',
    'net.setInput(blob / 0.226)',
  ].join('\n');
  assert.deepEqual(at((await lintText('python', py, specWith({ input: TORCH_NCHW }))).filter((f) => f.code === 'TP301')), ['3 TP301']);
});

test("python: a helper that scales the array in place changes the caller's image", async () => {
  const src = [
    'import cv2',
    'import numpy as np',
    'def normalise(a):',
    '    a /= 255.0',
    'def run(model, path):',
    '    img = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB).astype(np.float32)',
    '    normalise(img)',
    '    return model.predict(cv2.resize(img, (224, 224))[None])',
  ].join('\n');
  assert.deepEqual(
    (await lintText('python', src, specWith())).filter((f) => f.code === 'TP301'),
    [],
  );
});

test('tfjs: a reshape of the image to a 4-d shape is checked against the spec like tf.tensor4d', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'export function toInput(el) {',
    '  return tf.tidy(() => tf.browser.fromPixels(el).toFloat().div(255).reshape([1, 224, 224, 3]));',
    '}',
    'export function toInput2(el) { return tf.reshape(tf.browser.fromPixels(el).toFloat().div(255), [1, 192, 192, 3]); }',
    'export function flat(el) { return tf.browser.fromPixels(el).toFloat().div(255).reshape([1, -1]); }',
  ].join('\n');
  const findings = await lintText('javascript', src, specWith({ input: { width: 192, height: 192, resize: { library: 'tfjs', method: 'bilinear' } } }));
  assert.deepEqual(at(findings), ['3 TP402']);
  assert.match(
    findings[0].message,
    /\.reshape shape \[1, 224, 224, 3\] \(NHWC\) has height 224 × width 224, but the spec's input\.height × input\.width is 192 × 192/,
  );
});

test('cpp: drawing the label on the still-BGR image after blobFromImage(swapRB) made the RGB input is no colour finding', async () => {
  const src = [
    '#include <opencv2/dnn.hpp>',
    'using namespace cv;',
    'using namespace cv::dnn;',
    'int main() {',
    '  Net net = readNetFromONNX("m.onnx");',
    '  Mat img = imread("a.jpg");',
    '  resize(img, img, Size(224, 224));',
    '  img.convertTo(img, CV_32F);',
    '  img /= 255;',
    '  Mat blob = blobFromImage(img, 1, Size(224, 224), Scalar(), true, false);',
    '  net.setInput(blob);',
    '  Mat out = net.forward();',
    '  putText(img, "cat", Point(10, 30), FONT_HERSHEY_SIMPLEX, 1, Scalar(0, 0, 255), 2);',
    '  cv::rectangle(img, Rect(0, 0, 5, 5), Scalar(0, 255, 0));',
    '  imshow("r", img);',
    '  return 0;',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), ['10 TP101']);
});

test('tfjs: a preprocess function whose branches return raw or normalised pixels is reported only when no branch matches', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'function prep(el, kind) {',
    '  const t = tf.browser.fromPixels(el).resizeNearestNeighbor([224, 224]).toFloat();',
    '  if (kind === "mobilenet") {',
    '    const off = tf.scalar(127.5);',
    '    return t.sub(off).div(off).expandDims();',
    '  }',
    '  return t.expandDims();',
    '}',
    'export async function classify(model, el, kind) { return model.predict(prep(el, kind)).data(); }',
    'export function pick(model, el, raw) { const t = tf.browser.fromPixels(el).toFloat(); return model.predict(raw ? t : t.div(255)); }',
  ].join('\n');
  const resize = { library: 'tfjs', method: 'nearest' };
  const m11 = await lintText('javascript', src, specWith({ input: { resize, scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } }));
  assert.deepEqual(at(m11.filter((f) => f.code === 'TP301')), ['11 TP301', '11 TP301'], 'the ternary has no [-1, 1] branch');
  const raw = await lintText('javascript', src, specWith({ input: { resize, scale: 1 } }));
  assert.deepEqual(at(raw.filter((f) => f.code === 'TP301')), []);
  const imagenet = await lintText('javascript', src, specWith({ input: { resize, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } }));
  // The raw branch is reported on its toFloat() line (3), where the scaling belongs.
  assert.deepEqual(at(imagenet.filter((f) => f.code === 'TP301')), ['3 TP301', '6 TP301', '11 TP301', '11 TP301'], 'no branch matches: each is reported');
});

test('cpp: bare OpenCV names in a file whose `using namespace cv` is in the project header are still OpenCV', async () => {
  const src = [
    '#include "detector.h"',
    'void Detector::classify() {',
    '  Mat src = imread("digit.png");',
    '  cv::resize(src, src, Size(28, 28));',
    '  cv::cvtColor(src, src, cv::COLOR_BGR2GRAY);',
    '  Mat blob = blobFromImage(src, 1.0, Size(28, 28), Scalar(), false, false);',
    '  this->net.setInput(blob);',
    '}',
  ].join('\n');
  const spec = (scale: number): ReturnType<typeof specWith> =>
    specWith({ input: { width: 28, height: 28, colorOrder: 'GRAY', scale, mean: [0], std: [1], layout: 'NCHW' } });
  assert.deepEqual(at(await lintText('cpp', src, spec(1))), []);
  assert.deepEqual(at((await lintText('cpp', src, spec(1 / 255))).filter((f) => f.code === 'TP301')), ['6 TP301']);
  // Without any sign of OpenCV in the file, a bare blobFromImage stays unknown.
  assert.deepEqual(at(await lintText('cpp', src.replace(/cv::/g, 'my::'), spec(1 / 255))), []);
});

test('python: an explicit 4-d reshape of the image before set_tensor is checked against the spec', async () => {
  const src = [
    'import numpy as np',
    'from PIL import Image',
    'def run(interpreter, details):',
    '    img = np.array(Image.open("a.jpg").convert("RGB"))',
    '    img = np.reshape(img, [1, 224, 224, 3]).astype(np.float32)',
    '    interpreter.set_tensor(details[0]["index"], img)',
    'def run2(interpreter, details):',
    '    x = np.asarray(Image.open("b.jpg").convert("RGB").resize((192, 192)), dtype=np.float32)',
    '    interpreter.set_tensor(details[0]["index"], x.reshape(1, 192, 192, 3))',
    '    flat = x.reshape(1, -1)',
  ].join('\n');
  const spec = specWith({ input: { width: 192, height: 192, scale: 1, resize: { library: 'pil', method: 'bicubic' } } });
  const findings = await lintText('python', src, spec);
  assert.deepEqual(at(findings), ['5 TP402']);
  assert.match(
    findings[0].message,
    /np\.reshape shape \[1, 224, 224, 3\] \(NHWC\) has height 224 × width 224, but the spec's input\.height × input\.width is 192 × 192/,
  );
  // The layout is the data-flow check's, once, where the image reaches the model.
  assert.deepEqual(
    at(
      await lintText('python', src, specWith({ input: { width: 192, height: 192, scale: 1, layout: 'NCHW', resize: { library: 'pil', method: 'bicubic' } } })),
    ).filter((x) => x.endsWith('TP401')),
    ['6 TP401', '9 TP401'],
  );
});

test('java: the 4-d float array handed to Interpreter.run is the input shape (output arrays are not)', async () => {
  const src = [
    'import org.tensorflow.lite.Interpreter;',
    'class Net {',
    '  float[][][][] input;',
    '  float[][][][] mask = new float[1][304][304][1];',
    '  Interpreter tflite;',
    '  Net(Interpreter t) { tflite = t; input = new float[1][224][224][3]; }',
    '  void go() { tflite.run(input, mask); }',
    '}',
  ].join('\n');
  const findings = await lintText('java', src, specWith({ input: { width: 256, height: 256 } }));
  assert.deepEqual(at(findings), ['6 TP402']);
  assert.match(
    findings[0].message,
    /new float\[1\]\[224\]\[224\]\[3\] shape \[1, 224, 224, 3\] \(NHWC\) has height 224 × width 224, but the spec's input\.height × input\.width is 256 × 256/,
  );
  assert.deepEqual(at(await lintText('java', src, specWith())), []);
  assert.deepEqual(at(await lintText('java', src, specWith({ input: { layout: 'NCHW' } }))), ['6 TP401']);
});

test('c++: after an inversion and the spec’s own ÷ 255 (255 − img, then convertTo 1/255), the normalisation finding is on the mean/std line', async () => {
  const src = [
    'bool load(const std::string& path, cv::Mat& imageRes) {',
    '    cv::Mat img = cv::imread(path, cv::IMREAD_GRAYSCALE);',
    '    img = 255 - img;',
    '    cv::resize(img, img, cv::Size(28, 28));',
    '    img.convertTo(img, CV_32F, 1.0/255.0);',
    '    img = (img - 0.1307) / 0.3081;',
    '    net.setInput(cv::dnn::blobFromImage(img));',
    '    return true;',
    '}',
  ].join('\n');
  const spec = specWith({ input: { width: 28, height: 28, colorOrder: 'GRAY', scale: -1 / 255, mean: [0.5], std: [0.5], layout: 'NCHW' } });
  assert.deepEqual(at((await lintText('cpp', src, spec)).filter((f) => f.code === 'TP301')), ['6 TP301']);
});
