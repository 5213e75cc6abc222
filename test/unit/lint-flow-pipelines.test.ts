// Pipelines the linter models since issue #11: torchvision Compose, OpenCV dnn models, cv::split per-channel
// normalisation, std::pair results, images written into arrays, and normalisation messages in pixel units.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, in order. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const HALF = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

const COMPOSE = [
  'import torchvision.transforms as T',
  'normalize = T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])',
  'train = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor(), normalize])',
  'val = T.Compose([',
  '    T.Resize(256),',
  '    T.CenterCrop(224),',
  '    T.ToTensor(),',
  '    normalize,',
  '])',
].join('\n');

test('torchvision: Resize + CenterCrop + ToTensor + Normalize is checked as the model input; Random* training pipelines are not', async () => {
  const spec = { ...IMAGENET, layout: 'NCHW', resize: { library: 'pil', method: 'bilinear', fit: 'crop' } };
  assert.deepEqual(await lintText('python', COMPOSE, specWith({ input: spec })), []);
  const f = await lintText('python', COMPOSE, specWith({ input: { ...spec, ...HALF, width: 299, height: 299, layout: 'NHWC' } }));
  assert.deepEqual(at(f), ['2 TP301', '6 TP201', '7 TP401']);
});

test('opencv dnn model: setInputMean/setInputScale set in the constructor apply to detect()', async () => {
  const src = [
    'import numpy as np',
    'import cv2 as cv',
    'class TextDetector:',
    '    def __init__(self, path):',
    '        self._model = cv.dnn_TextDetectionModel_DB(cv.dnn.readNet(path))',
    '        self._model.setInputSize((736, 736))',
    '        self._model.setInputMean((123.675, 116.28, 103.53))',
    '        self._model.setInputScale(1.0 / 255.0 / np.array([0.229, 0.224, 0.225]))',
    '    def infer(self, image):',
    '        return self._model.detect(image)',
  ].join('\n');
  const spec = { width: 736, height: 736, ...IMAGENET, layout: 'NCHW' };
  assert.deepEqual(await lintText('python', src, specWith({ input: spec })), []);
  assert.deepEqual(at(await lintText('python', src, specWith({ input: { ...spec, ...HALF } }))), ['7 TP301']);
  assert.deepEqual(at(await lintText('python', src, specWith({ input: { ...spec, width: 640, height: 640 } }))), ['6 TP201']);
});

const SPLIT_CPP = [
  '#include <opencv2/opencv.hpp>',
  '#include <onnxruntime_cxx_api.h>',
  'std::vector<float> prepare(const std::string& path) {',
  '  cv::Mat bgr = cv::imread(path), rgb, f, blob;',
  '  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);',
  '  rgb.convertTo(f, CV_32F, 1.0 / 255);',
  '  cv::Mat channels[3];',
  '  cv::split(f, channels);',
  '  channels[0] = (channels[0] - 0.485) / 0.229;',
  '  channels[1] = (channels[1] - 0.456) / 0.224;',
  '  channels[2] = (channels[2] - 0.406) / 0.225;',
  '  cv::merge(channels, 3, f);',
  '  cv::dnn::blobFromImage(f, blob);',
  '  std::vector<float> values(blob.begin<float>(), blob.end<float>());',
  '  return values;',
  '}',
].join('\n');

test('cpp: per-channel normalisation after cv::split is one finding on the first channel line', async () => {
  assert.deepEqual(await lintText('cpp', SPLIT_CPP, specWith({ input: { ...IMAGENET, layout: 'NCHW' } })), []);
  const f = await lintText('cpp', SPLIT_CPP, specWith({ input: { ...HALF, layout: 'NCHW' } }));
  assert.deepEqual(at(f), ['9 TP301']);
  assert.match(f[0].message, /\(p − \[123\.675, 116\.28, 103\.53\]\) \/ \[58\.395, 57\.12, 57\.375\] and the spec \(p − 127\.5\) \/ 127\.5/);
});

test('cpp: an image returned in a brace-initialised std::pair reaches the model through .first', async () => {
  const src = [
    '#include <opencv2/dnn.hpp>',
    'class Det {',
    '  cv::dnn::Net model;',
    '  std::pair<cv::Mat, cv::Point2i> preprocess(const cv::Mat& image) {',
    '    cv::Mat blob = cv::dnn::blobFromImage(image, 1.0 / 255.0, cv::Size(192, 192));',
    '    return {blob, cv::Point2i(0, 0)};',
    '  }',
    ' public:',
    '  cv::Mat infer(const cv::Mat& image) {',
    '    std::pair<cv::Mat, cv::Point2i> r = preprocess(image);',
    '    cv::Mat input = r.first;',
    '    model.setInput(input);',
    '    return model.forward();',
    '  }',
    '};',
  ].join('\n');
  const spec = { width: 192, height: 192, layout: 'NCHW' };
  assert.deepEqual(await lintText('cpp', src, specWith({ input: spec })), []);
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { ...spec, ...HALF } }))), ['5 TP301']);
});

/** A letterbox returning the image with its scale, taken apart in the caller by `unpack` (a line of C++). */
function letterboxCpp(unpack: string): string {
  return [
    '#include <opencv2/dnn.hpp>',
    'using namespace cv;',
    'using namespace cv::dnn;',
    'std::tuple<Mat, double> letterbox(const Mat& src) {',
    '  Mat out;',
    '  resize(src, out, Size(320, 320));',
    '  return std::make_tuple(out, 0.5);',
    '}',
    'Mat run(Net& net) {',
    '  Mat frame = imread("a.jpg");',
    '  cvtColor(frame, frame, COLOR_BGR2RGB);',
    unpack,
    '  Mat blob = blobFromImage(input, 1.0 / 255.0);',
    '  net.setInput(blob);',
    '  return net.forward();',
    '}',
  ].join('\n');
}

test('cpp: std::get<0>, a structured binding and std::tie take the image out of a returned tuple', async () => {
  const spec = { width: 320, height: 320, colorOrder: 'RGB', layout: 'NCHW', resize: { library: 'cv2', method: 'linear' } };
  for (const unpack of [
    '  auto w = letterbox(frame); Mat input = std::get<0>(w);',
    '  auto [input, scale] = letterbox(frame);',
    '  Mat input; double scale; std::tie(input, scale) = letterbox(frame);',
  ]) {
    const src = letterboxCpp(unpack);
    assert.deepEqual(await lintText('cpp', src, specWith({ input: spec })), [], unpack);
    assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { ...spec, colorOrder: 'BGR' } }))), ['11 TP101'], unpack);
    assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { ...spec, ...HALF } }))), ['13 TP301'], unpack);
  }
  // The second item is the scale, not the image: nothing reaches the model through it.
  const scaleOnly = letterboxCpp('  auto w = letterbox(frame); double input = std::get<1>(w);');
  assert.deepEqual(await lintText('cpp', scaleOnly, specWith({ input: { ...spec, ...HALF } })), []);
});

test('python: an image pasted into a padded canvas, or written channel by channel into zeros, is still followed', async () => {
  const src = [
    'import numpy as np',
    'import cv2',
    'import onnxruntime as ort',
    'sess = ort.InferenceSession("m.onnx")',
    'img = cv2.cvtColor(cv2.imread("a.jpg"), cv2.COLOR_BGR2RGB)',
    'img = cv2.resize(img, (200, 224))',
    'canvas = np.full((224, 224, 3), 128, dtype=np.float32)',
    'canvas[:, 12:212, :] = img',
    'chw = canvas.transpose(2, 0, 1)',
    'mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)',
    'std = np.array([0.229, 0.224, 0.225], dtype=np.float32)',
    'out = np.zeros(chw.shape, dtype=np.float32)',
    'for i in range(3):',
    '    out[i, :, :] = (chw[i, :, :] / 255 - mean[i]) / std[i]',
    'sess.run(None, {"input": out[None]})',
  ].join('\n');
  const spec = { ...IMAGENET, layout: 'NCHW', resize: { fit: 'letterbox' } };
  assert.deepEqual(
    (await lintText('python', src, specWith({ input: spec }))).filter((f) => f.code !== 'TP201'),
    [],
  );
  assert.deepEqual(at((await lintText('python', src, specWith({ input: { ...spec, ...HALF } }))).filter((f) => f.code === 'TP301')), ['14 TP301']);
});

test('a normalisation message gives the code’s and the spec’s (p − m) / s on 0–255 pixels and what to change', async () => {
  const src = [
    'import cv2',
    'import numpy as np',
    'img = cv2.cvtColor(cv2.imread("a.jpg"), cv2.COLOR_BGR2RGB)',
    'x = (cv2.resize(img, (224, 224)).astype(np.float32) - 127.0) / 127.0',
    'np.save("input.npy", x[None])',
  ].join('\n');
  const [f] = await lintText('python', src, specWith({ input: { scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1] } }));
  assert.equal(f.code, 'TP301');
  assert.match(f.message, /the code computes \(p − 127\) \/ 127 and the spec \(p − 127\.5\) \/ 127\.5: subtract 127\.5 and divide by 127\.5/);
});

test('a resize to a larger size before a crop is fine when the spec crops; the crop itself gives the size', async () => {
  const src = [
    '#include <opencv2/opencv.hpp>',
    'cv::Mat load(const std::string& p, cv::dnn::Net& net) {',
    '  cv::Mat img = cv::imread(p);',
    '  cv::cvtColor(img, img, cv::COLOR_BGR2RGB);',
    '  cv::resize(img, img, cv::Size(256, 256));',
    '  img = img(cv::Rect(16, 16, 224, 224));',
    '  cv::Mat blob = cv::dnn::blobFromImage(img, 1.0 / 255.0);',
    '  net.setInput(blob);',
    '  return net.forward();',
    '}',
  ].join('\n');
  const spec = { layout: 'NCHW', resize: { fit: 'crop' } };
  assert.deepEqual(await lintText('cpp', src, specWith({ input: spec })), []);
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { ...spec, resize: { fit: 'stretch' } } }))), ['5 TP201']);
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { ...spec, colorOrder: 'BGR' } }))), ['4 TP101']);
});

test('input-dtype: uint8 bytes into a float input, and floats into a quantized uint8 input', async () => {
  const src = [
    'import numpy as np',
    'import cv2',
    'import tensorflow as tf',
    'interpreter = tf.lite.Interpreter(model_path="m.tflite")',
    'img = cv2.resize(cv2.cvtColor(cv2.imread("a.jpg"), cv2.COLOR_BGR2RGB), (224, 224))',
    'interpreter.set_tensor(0, np.expand_dims(img, 0))',
  ].join('\n');
  const raw = { scale: 1 };
  assert.deepEqual(await lintText('python', src, specWith({ input: { ...raw, dtype: 'uint8' } })), []);
  const f = await lintText('python', src, specWith({ input: raw }));
  assert.deepEqual(at(f), ['6 TP504']);
  assert.match(f[0].message, /reach .* as uint8, but the spec's input\.dtype is float32\. Cast to float32/);
  const floats = src.replace('np.expand_dims(img, 0)', 'np.expand_dims(img.astype(np.float32), 0)');
  assert.deepEqual(await lintText('python', floats, specWith({ input: raw })), []);
  assert.deepEqual(at(await lintText('python', floats, specWith({ input: { ...raw, dtype: 'uint8' } }))), ['6 TP504']);
});

test('java: a nested fill loop that writes every pixel is not a partial fill; one that covers a single row is', async () => {
  const fill = (rows: number): string =>
    [
      'import android.graphics.Bitmap;',
      'import java.nio.ByteBuffer;',
      'import java.nio.ByteOrder;',
      'class Feeder {',
      '  ByteBuffer fill(Bitmap bitmap) {',
      '    ByteBuffer buf = ByteBuffer.allocateDirect(4 * 224 * 224 * 3).order(ByteOrder.nativeOrder());',
      `    for (int y = 0; y < ${rows}; y++) {`,
      '      for (int x = 0; x < 224; x++) {',
      '        int v = bitmap.getPixel(x, y);',
      '        buf.putFloat(((v >> 16) & 0xFF) / 255.0f);',
      '        buf.putFloat(((v >> 8) & 0xFF) / 255.0f);',
      '        buf.putFloat((v & 0xFF) / 255.0f);',
      '      }',
      '    }',
      '    return buf;',
      '  }',
      '}',
    ].join('\n');
  const spec = specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } });
  assert.deepEqual(await lintText('java', fill(224), spec), []);
  assert.deepEqual(at(await lintText('java', fill(1), spec)), ['8 TP503']);
});
