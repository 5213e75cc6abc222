// Patterns from the fourth held-out round of real files (test/corpus/lint/cases.json, round "heldout-4") that the
// linter missed or misread before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and
// a different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

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

const JAVA_LUMA_INVERT = [
  'import org.tensorflow.lite.Interpreter;',
  'import java.nio.ByteBuffer;',
  'class Digits {',
  '  Interpreter interpreter;',
  '  ByteBuffer imageData;',
  '  int[] pixels = new int[28 * 28];',
  '  void classify(android.graphics.Bitmap bitmap) {',
  '    bitmap.getPixels(pixels, 0, bitmap.getWidth(), 0, 0, bitmap.getWidth(), bitmap.getHeight());',
  '    for (int i = 0; i < 28 * 28; ++i) {',
  '      imageData.putFloat(convertPixel(pixels[i]));',
  '    }',
  '    interpreter.run(imageData, null);',
  '  }',
  '  private static float convertPixel(int color) {',
  '    return (255 - (((color >> 16) & 0xFF) * 0.299f + ((color >> 8) & 0xFF) * 0.587f + (color & 0xFF) * 0.114f)) / 255.0f;',
  '  }',
  '}',
].join('\n');

test('java: luma weights or the mean of the three channels of a packed pixel are one gray value', async () => {
  const gray = { colorOrder: 'GRAY', width: 28, height: 28, std: [1] };
  // 255 − luma, ÷ 255: an inverted gray image (scale −1/255, mean −1).
  assert.deepEqual(at(await lintText('java', JAVA_LUMA_INVERT, specWith({ input: { ...gray, scale: -1 / 255, mean: [-1] } }))), []);
  assert.deepEqual(at(await lintText('java', JAVA_LUMA_INVERT, specWith({ input: { ...gray, scale: 1 / 255, mean: [0] } }))), ['15 TP301']);
  const mean = JAVA_LUMA_INVERT.replace(
    '(255 - (((color >> 16) & 0xFF) * 0.299f + ((color >> 8) & 0xFF) * 0.587f + (color & 0xFF) * 0.114f)) / 255.0f',
    '(((color >> 16) & 0xFF) + ((color >> 8) & 0xFF) + (color & 0xFF)) / 3.0f / 255.0f',
  );
  assert.deepEqual(at(await lintText('java', mean, specWith({ input: { ...gray, scale: 1 / 255, mean: [0] } }))), []);
  assert.deepEqual(at(await lintText('java', mean, specWith({ input: { ...gray, scale: 1, mean: [0] } }))), ['15 TP301']);
  // Two channels only are no gray value: nothing is claimed about them.
  const two = mean.replace(' + (color & 0xFF)) / 3.0f', ') / 2.0f');
  assert.deepEqual(at(await lintText('java', two, specWith({ input: { ...gray, scale: 1, mean: [0] } }))), []);
});

const JAVA_FILL_THEN_NORMALIZE = [
  'import ai.onnxruntime.OnnxTensor;',
  'import ai.onnxruntime.OrtEnvironment;',
  'import android.graphics.Bitmap;',
  'public class Utils {',
  '  private static float[][][][] toArray(Bitmap bitmap) {',
  '    float[][][][] out = new float[1][3][224][224];',
  '    Bitmap resized = Bitmap.createScaledBitmap(bitmap, 224, 224, true);',
  '    for (int y = 0; y < 224; y++) {',
  '      for (int x = 0; x < 224; x++) {',
  '        int pixel = resized.getPixel(x, y);',
  '        out[0][0][y][x] = ((pixel >> 16) & 0xFF) / 255f;',
  '        out[0][1][y][x] = ((pixel >> 8) & 0xFF) / 255f;',
  '        out[0][2][y][x] = (pixel & 0xFF) / 255f;',
  '      }',
  '    }',
  '    return out;',
  '  }',
  '  private static void normalize(float[][][][] data) {',
  '    float[] mean = new float[] {0.485f, 0.456f, 0.406f};',
  '    float[] std = new float[] {0.229f, 0.224f, 0.225f};',
  '    for (int y = 0; y < 224; y++)',
  '      for (int x = 0; x < 224; x++)',
  '        for (int k = 0; k < 3; k++) {',
  '          data[0][k][y][x] -= mean[k];',
  '          data[0][k][y][x] /= std[k];',
  '        }',
  '  }',
  '  public static OnnxTensor convert(OrtEnvironment env, Bitmap bitmap) throws Exception {',
  '    float[][][][] t = toArray(bitmap);',
  '    normalize(t);',
  '    return OnnxTensor.createTensor(env, t);',
  '  }',
  '}',
].join('\n');

test('java: an array filled in one helper and normalised in place by another is not judged on the first helper alone', async () => {
  const imagenet = { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  assert.deepEqual(at(await lintText('java', JAVA_FILL_THEN_NORMALIZE, specWith({ input: imagenet }))), []);
  // Without the in-place helper the writes are the model input again and are judged.
  const plain = JAVA_FILL_THEN_NORMALIZE.replace('    normalize(t);\n', '');
  // The three channel writes say the same thing: one finding.
  assert.deepEqual(at(await lintText('java', plain, specWith({ input: imagenet }))), ['11 TP301']);
});

const TS_NDARRAY_RGBA_PARAM = [
  "import { Tensor } from 'onnxruntime-node';",
  "import ndarray from 'ndarray';",
  "import ops from 'ndarray-ops';",
  'export const toTensor = (data, height, width): Tensor => {',
  '  const src = ndarray(new Float32Array(data), [width, height, 4]);',
  '  const out = ndarray(new Float32Array(width * height * 3), [1, 3, height, width]);',
  '  ops.assign(out.pick(0, 0, null, null), src.pick(null, null, 0));',
  '  ops.assign(out.pick(0, 1, null, null), src.pick(null, null, 1));',
  '  ops.assign(out.pick(0, 2, null, null), src.pick(null, null, 2));',
  '  ops.divseq(out, 255);',
  "  return new Tensor('float32', out.data, [1, 3, height, width]);",
  '};',
].join('\n');

test('ts: an ndarray view with four channels of a parameter is RGBA pixels; a channel order finding goes on the assigns', async () => {
  assert.deepEqual(at(await lintText('typescript', TS_NDARRAY_RGBA_PARAM, specWith({ input: { layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('typescript', TS_NDARRAY_RGBA_PARAM, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), ['7 TP101']);
  // Three channels per pixel are not known to be RGB: no claim.
  const three = TS_NDARRAY_RGBA_PARAM.replace('[width, height, 4]', '[width, height, 3]');
  assert.deepEqual(at(await lintText('typescript', three, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
});

const CPP_MEMBER_SIZES = [
  '#include <opencv2/dnn.hpp>',
  'class Det {',
  ' public:',
  '  Det();',
  '  void init();',
  '  cv::Mat prepare(const cv::Mat& img);',
  '  int inWidth;',
  '  int inHeight;',
  '  cv::Size shape;',
  '  cv::dnn::Net net;',
  '};',
  'Det::Det() {',
  '  shape.width = 300;',
  '  shape.height = 300;',
  '}',
  'void Det::init() {',
  '  inHeight = 300, inWidth = 300;',
  '  net = cv::dnn::readNetFromTensorflow("ssd.pb");',
  '}',
  'cv::Mat Det::prepare(const cv::Mat& img) {',
  '  net.setInput(cv::dnn::blobFromImage(img, 1.0, shape, cv::Scalar(), true, false));',
  '  net.setInput(cv::dnn::blobFromImage(img, 1.0, cv::Size(inWidth, inHeight), cv::Scalar(), true, false));',
  '  return net.forward();',
  '}',
].join('\n');

test('cpp: members given constants in out-of-class method bodies (a cv::Size by its fields, a comma expression) size a blob', async () => {
  const spec = { input: { width: 300, height: 300, scale: 1, layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('cpp', CPP_MEMBER_SIZES, specWith(spec))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_MEMBER_SIZES, specWith({ input: { ...spec.input, width: 320, height: 320 } }))), ['21 TP201', '22 TP201']);
  // A member also set from a parameter is no constant: no size is claimed for it.
  const fromParam = CPP_MEMBER_SIZES.replace('Det::Det() {', 'Det::Det(int w) {\n  inWidth = w;');
  assert.deepEqual(at(await lintText('cpp', fromParam, specWith({ input: { ...spec.input, width: 320, height: 320 } }))), ['22 TP201']);
});

const JAVA_BUFFER_SIZE = [
  'import org.tensorflow.lite.Interpreter;',
  'import java.nio.ByteBuffer;',
  'import java.nio.ByteOrder;',
  'class Digits {',
  '  private static final int IMG_HEIGHT = 28;',
  '  private static final int IMG_WIDTH = 28;',
  '  private final Interpreter interpreter;',
  '  private final ByteBuffer imageData;',
  '  Digits(Interpreter i) {',
  '    interpreter = i;',
  '    imageData = ByteBuffer.allocateDirect(',
  '        4 * IMG_HEIGHT * IMG_WIDTH);',
  '    imageData.order(ByteOrder.nativeOrder());',
  '  }',
  '  void classify(float[][] out) {',
  '    interpreter.run(imageData, out);',
  '  }',
  '}',
].join('\n');

test('java: the byte size of a ByteBuffer run as the model input is checked against the spec (one finding, on the allocation)', async () => {
  const gray = { colorOrder: 'GRAY', mean: [0], std: [1] };
  assert.deepEqual(at(await lintText('java', JAVA_BUFFER_SIZE, specWith({ input: { ...gray, width: 28, height: 28 } }))), []);
  assert.deepEqual(at(await lintText('java', JAVA_BUFFER_SIZE, specWith({ input: { ...gray, width: 32, height: 32 } }))), ['11 TP402']);
  // One byte per value under a float spec is an element-type question, not a shape one.
  const bytes = JAVA_BUFFER_SIZE.replace('4 * IMG_HEIGHT', 'IMG_HEIGHT');
  assert.deepEqual(at(await lintText('java', bytes, specWith({ input: { ...gray, width: 28, height: 28 } }))), []);
});

const JAVA_SENTINEL_IF = [
  'import org.tensorflow.lite.Interpreter;',
  'import java.nio.ByteBuffer;',
  'class Mnist {',
  '  Interpreter interpreter;',
  '  ByteBuffer buffer;',
  '  void classify(android.graphics.Bitmap bitmap) {',
  '    int[] pixels = new int[28 * 28];',
  '    bitmap.getPixels(pixels, 0, 28, 0, 0, 28, 28);',
  '    for (int pixelValue : pixels) {',
  '      if (pixelValue == 0)',
  '        pixelValue = -1;',
  '      int r = (pixelValue >> 16) & 0xFF;',
  '      int g = (pixelValue >> 8) & 0xFF;',
  '      int b = pixelValue & 0xFF;',
  '      buffer.putFloat(1 - (r + g + b) / 3.0f / 255.0f);',
  '    }',
  '    interpreter.run(buffer, null);',
  '  }',
  '}',
].join('\n');

test('java: `if (p == 0) p = -1;` replaces a value only sometimes; the pixel is still the image afterwards', async () => {
  const gray = { colorOrder: 'GRAY', width: 28, height: 28, std: [1] };
  assert.deepEqual(at(await lintText('java', JAVA_SENTINEL_IF, specWith({ input: { ...gray, scale: -1 / 255, mean: [-1] } }))), []);
  assert.deepEqual(at(await lintText('java', JAVA_SENTINEL_IF, specWith({ input: { ...gray, scale: 1 / 255, mean: [0] } }))), ['15 TP301']);
});

const TS_IMAGEDATA_PARAM = [
  'export function toChw(imageData: ImageData): Float32Array {',
  '  const { data, width, height } = imageData;',
  '  const out = new Float32Array(3 * height * width);',
  '  const mean = [0.485, 0.456, 0.406];',
  '  const std = [0.229, 0.224, 0.225];',
  '  const plane = width * height;',
  '  for (let y = 0; y < height; y++) {',
  '    for (let x = 0; x < width; x++) {',
  '      const idx = y * width + x;',
  '      const i = idx * 4;',
  '      out[idx] = (data[i] / 255 - mean[0]) / std[0];',
  '      out[plane + idx] = (data[i + 1] / 255 - mean[1]) / std[1];',
  '      out[2 * plane + idx] = (data[i + 2] / 255 - mean[2]) / std[2];',
  '    }',
  '  }',
  '  return out;',
  '}',
].join('\n');

test('ts: an ImageData parameter gives RGBA pixels, and data[i + c] is channel c, judged with its own mean and std', async () => {
  const imagenet = { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  assert.deepEqual(at(await lintText('typescript', TS_IMAGEDATA_PARAM, specWith({ input: imagenet }))), []);
  assert.deepEqual(at(await lintText('typescript', TS_IMAGEDATA_PARAM, specWith({ input: { ...imagenet, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))), [
    '11 TP301',
    '12 TP301',
    '13 TP301',
  ]);
  // The same loop over canvas pixels read in the function: per channel too, no finding with the matching spec.
  const canvas = TS_IMAGEDATA_PARAM.replace('(imageData: ImageData)', '(ctx: CanvasRenderingContext2D)').replace(
    '= imageData;',
    '= ctx.getImageData(0, 0, 224, 224);',
  );
  assert.deepEqual(at(await lintText('typescript', canvas, specWith({ input: imagenet }))), []);
});

const PY_INPLACE_MEAN = [
  'import cv2',
  'import numpy as np',
  'import onnxruntime',
  'MEAN = np.asarray([0.485, 0.456, 0.406])[:, None, None]',
  'STD = np.asarray([0.229, 0.224, 0.225])[:, None, None]',
  'sess = onnxruntime.InferenceSession("m.onnx")',
  'frame = cv2.imread("a.jpg")',
  'x = cv2.cvtColor(cv2.resize(frame, (224, 224)), cv2.COLOR_BGR2RGB).transpose((2, 0, 1)).astype(np.float32) / 255.',
  'x = x[None]',
  'x -= MEAN',
  'x /= STD',
  "sess.run(None, {'input': x})",
].join('\n');

test('python: in-place arithmetic with a float64 mean (x -= MEAN) keeps a float32 array float32', async () => {
  const imagenet = { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  assert.deepEqual(at(await lintText('python', PY_INPLACE_MEAN, specWith({ input: imagenet }))), []);
  // Written out (x = x - MEAN) the result is float64: numpy promotes it.
  const out = PY_INPLACE_MEAN.replace('x -= MEAN', 'x = x - MEAN');
  assert.deepEqual(at(await lintText('python', out, specWith({ input: imagenet }))), ['10 TP501']);
  assert.deepEqual(at(await lintText('python', PY_INPLACE_MEAN, specWith({ input: { ...imagenet, mean: [0.5, 0.5, 0.5] } }))).length, 1);
});

const CPP_MULTILINE_BLOB = [
  '#include <opencv2/dnn.hpp>',
  'int main() {',
  '  cv::dnn::Net net = cv::dnn::readNetFromONNX("best.onnx");',
  '  cv::Mat img = cv::imread("a.jpg");',
  '  cv::Mat blob = cv::dnn::blobFromImage(',
  '      img, 1 / 255.0, cv::Size(320, 320),',
  '      cv::Scalar(), true, false);',
  '  net.setInput(blob);',
  '}',
].join('\n');

test('a size given on a later line than the call is reported on the line the call starts (C++ blobFromImage, Keras load_img)', async () => {
  const spec = { input: { width: 320, height: 320, layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('cpp', CPP_MULTILINE_BLOB, specWith(spec))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_MULTILINE_BLOB, specWith({ input: { ...spec.input, width: 640, height: 640 } }))), ['5 TP201']);
  const py = [
    'import tensorflow as tf',
    'interpreter = tf.lite.Interpreter(model_path="m.tflite")',
    'run = interpreter.get_signature_runner("serving_default")',
    'img = tf.keras.utils.load_img(',
    '    "a.jpg", target_size=(256, 256), color_mode="grayscale"',
    ')',
    'x = tf.expand_dims(tf.keras.utils.img_to_array(img), 0)',
    'run(input=x)',
  ].join('\n');
  const gray = { colorOrder: 'GRAY', scale: 1, mean: [0], std: [1], resize: { library: 'pil', method: 'nearest' } };
  assert.deepEqual(at(await lintText('python', py, specWith({ input: { ...gray, width: 256, height: 256 } }))), []);
  assert.deepEqual(at(await lintText('python', py, specWith({ input: { ...gray, width: 180, height: 180 } }))), ['4 TP201']);
  // On one line the finding stays on the size argument itself.
  const one = CPP_MULTILINE_BLOB.replace('blobFromImage(\n      img,', 'blobFromImage(img,');
  const f = await lintText('cpp', one, specWith({ input: { ...spec.input, width: 640, height: 640 } }));
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.character, one.split('\n')[4].indexOf('cv::Size'));
});

const PY_CONFIG_DICT = [
  'import onnxruntime as ort',
  'import torchvision.transforms as T',
  'from PIL import Image',
  'CFG = {"input_size": (3, 224, 224), "mean": (0.485, 0.456, 0.406), "std": (0.229, 0.224, 0.225)}',
  'size = CFG["input_size"][1:]',
  'tfm = T.Compose([',
  '    T.Resize(size, interpolation=T.InterpolationMode.BICUBIC),',
  '    T.ToTensor(),',
  '    T.Normalize(CFG["mean"], CFG["std"]),',
  '])',
  'sess = ort.InferenceSession("m.onnx")',
  'img = Image.open("a.jpg").convert("RGB")',
  'sess.run(None, {"input": tfm(img).unsqueeze(0).numpy()})',
].join('\n');

test('python: preprocessing parameters read from a config dict (CFG["mean"]) and a slice of a tuple (CFG["input_size"][1:])', async () => {
  const spec = { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: { library: 'pil', method: 'bicubic' } };
  assert.deepEqual(at(await lintText('python', PY_CONFIG_DICT, specWith({ input: spec }))), []);
  assert.deepEqual(at(await lintText('python', PY_CONFIG_DICT, specWith({ input: { ...spec, width: 256, height: 256, mean: [0.5, 0.5, 0.5] } }))), [
    '7 TP201',
    '9 TP301',
  ]);
  // A key the dict does not have is no value: no finding from it.
  const missing = PY_CONFIG_DICT.replace('CFG["mean"]', 'CFG["avg"]');
  assert.deepEqual(at(await lintText('python', missing, specWith({ input: { ...spec, mean: [0.5, 0.5, 0.5] } }))), []);
  // The dict handed to the function that builds the transforms (build(CFG)): its parameter reads the same items.
  const param = PY_CONFIG_DICT.replace('size = CFG["input_size"][1:]\ntfm = T.Compose([', 'def build(cfg):\n  return T.Compose([')
    .replace('T.Normalize(CFG["mean"], CFG["std"])', 'T.Normalize(cfg["mean"], cfg["std"])')
    .replace('T.Resize(size,', 'T.Resize(cfg["input_size"][1:],')
    .replace('sess = ort', 'tfm = build(CFG)\nsess = ort');
  assert.deepEqual(at(await lintText('python', param, specWith({ input: spec }))), []);
  assert.deepEqual(at(await lintText('python', param, specWith({ input: { ...spec, width: 256, height: 256, mean: [0.5, 0.5, 0.5] } }))), [
    '7 TP201',
    '9 TP301',
  ]);
});

const JS_CONFIG_OBJECT = [
  'const config = { modelPath: "model.json", tensorSize: 224, scale: 255 };',
  'async function classify(image) {',
  '  const model = await tf.loadGraphModel(config.modelPath);',
  '  const x = tf.tidy(() => {',
  '    const img = tf.browser.fromPixels(image).toFloat();',
  '    const r = tf.image.resizeBilinear(img, [config.tensorSize, config.tensorSize]);',
  '    return r.div(config.scale).expandDims(0);',
  '  });',
  '  return model.predict(x);',
  '}',
].join('\n');

test('js: sizes and scales read from a config object literal (config.tensorSize) are known values; a config merged with options keeps its defaults', async () => {
  const spec = { input: { resize: { library: 'tfjs', method: 'bilinear' } } };
  assert.deepEqual(at(await lintText('javascript', JS_CONFIG_OBJECT, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', JS_CONFIG_OBJECT, specWith({ input: { ...spec.input, width: 256, height: 256, scale: 1 } }))), [
    '6 TP201',
    '7 TP301',
  ]);
  const merged = JS_CONFIG_OBJECT.replace('const config =', 'let config =').replace(
    'async function classify(image) {',
    'function setup(opts) {\n  config = { ...config, ...opts };\n}\nasync function classify(image) {',
  );
  // Since round 11 (pigallery's `config = { ...config, ...cfg }`), the caller's unknown options leave the defaults,
  // as a parameter's default value is read: the size is judged.
  assert.deepEqual(at(await lintText('javascript', merged, specWith({ input: { ...spec.input } }))), []);
  assert.deepEqual(at(await lintText('javascript', merged, specWith({ input: { ...spec.input, width: 256, height: 256 } }))), ['9 TP201']);
  // Defaults spread after the options (`{ ...opts, ...config }`) or a config replaced outright are not read as known.
  const other = merged.replace('{ ...config, ...opts }', '{ ...opts, ...config }');
  assert.deepEqual(at(await lintText('javascript', other, specWith({ input: { ...spec.input, width: 256, height: 256 } }))), []);
});
