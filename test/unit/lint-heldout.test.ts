// Patterns from the held-out round of real files (test/corpus/lint/cases.json, round "heldout-1") that the linter got
// wrong before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a different one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, in order. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const STYLE = [
  'from torchvision import transforms',
  'from PIL import Image',
  'content_transform = transforms.Compose([',
  '    transforms.ToTensor(),',
  '    transforms.Lambda(lambda x: x.mul(255))',
  '])',
  'x = content_transform(Image.open("a.jpg").convert("RGB")).unsqueeze(0)',
  'y = model(x)',
].join('\n');

test('python: transforms.Lambda(lambda x: x.mul(255)) after ToTensor gives 0–255 values again', async () => {
  const same = await lintText('python', STYLE, specWith({ input: { scale: 1, layout: 'NCHW' } }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('python', STYLE, specWith({ input: { layout: 'NCHW' } }));
  assert.deepEqual(at(differ.filter((f) => f.code === 'TP301')), ['5 TP301']);
});

test('python: a Lambda the linter cannot read leaves the normalisation unknown (no finding either way)', async () => {
  const src = STYLE.replace('x.mul(255)', 'some_fn(x)');
  for (const scale of [1, 1 / 255]) {
    const findings = await lintText('python', src, specWith({ input: { scale, layout: 'NCHW' } }));
    assert.deepEqual(at(findings.filter((f) => f.code === 'TP301')), []);
  }
});

const DETECTOR = [
  'import cv2',
  'class Yolo:',
  '    def __init__(self, path):',
  '        self.net = cv2.dnn.readNet(path)',
  '    def detect(self, img):',
  '        blob = cv2.dnn.blobFromImage(img, 1 / 255.0, (640, 640), swapRB=True)',
  '        self.net.setInput(blob)',
  '        return self.net.forward()',
  'yolo = Yolo("yolov5s.onnx")',
  'frame = cv2.imread("bus.jpg")',
  'out = yolo.detect(frame)',
].join('\n');

test('python: obj.method(img) on an instance of a class of the same file runs that method (not a model call)', async () => {
  const same = await lintText('python', DETECTOR, specWith({ input: { width: 640, height: 640, layout: 'NCHW' } }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('python', DETECTOR, specWith({ input: { width: 640, height: 640, layout: 'NCHW', scale: 1, colorOrder: 'BGR' } }));
  assert.deepEqual(at(differ).sort(), ['6 TP101', '6 TP301']);
});

test('python: a method call on an object of an unknown class is still the model', async () => {
  const src = ['import cv2', 'import detectors', 'yolo = detectors.Yolo("a.onnx")', 'frame = cv2.imread("bus.jpg")', 'out = yolo.detect(frame)'].join('\n');
  const findings = await lintText('python', src, specWith({ input: { scale: 1 } }));
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP101')), ['4 TP101']);
});

const ORT_WEB = [
  "import * as ort from 'onnxruntime-web';",
  'export async function encode(session, imageData) {',
  '  const t = await ort.Tensor.fromImage(imageData, { resizedWidth: 1024, resizedHeight: 1024 });',
  '  return session.run({ input_image: t });',
  '}',
].join('\n');

test('js: ort.Tensor.fromImage is read as its defaults (÷ 255, RGB, NCHW) and its resized size', async () => {
  const same = await lintText('javascript', ORT_WEB, specWith({ input: { width: 1024, height: 1024, layout: 'NCHW' } }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('javascript', ORT_WEB, specWith({ input: { width: 512, height: 512, scale: 1, layout: 'NHWC' } }));
  assert.deepEqual(at(differ).sort(), ['3 TP201', '3 TP301', '3 TP401']);
});

test('js: ort.Tensor.fromImage options (norm, tensorLayout, tensorFormat) are honoured', async () => {
  const src = ORT_WEB.replace(
    '{ resizedWidth: 1024, resizedHeight: 1024 }',
    "{ resizedWidth: 1024, resizedHeight: 1024, norm: { mean: 127.5, bias: -127.5 }, tensorLayout: 'NHWC', tensorFormat: 'BGR' }",
  );
  const same = await lintText(
    'javascript',
    src,
    specWith({ input: { width: 1024, height: 1024, layout: 'NHWC', colorOrder: 'BGR', scale: 1 / 127.5, mean: [1, 1, 1] } }),
  );
  assert.deepEqual(at(same), []);
  const differ = await lintText('javascript', src, specWith({ input: { width: 1024, height: 1024, layout: 'NHWC', colorOrder: 'RGB' } }));
  assert.deepEqual(
    at(differ)
      .map((s) => s.split(' ')[1])
      .sort(),
    ['TP101', 'TP301'],
  );
});

const ALIGNED = [
  'import cv2 as cv',
  'import numpy as np',
  'class Aligner:',
  '    def align(self, image, pts):',
  '        return cv.warpAffine(image, cv.estimateAffine2D(pts, pts)[0], (112, 112))',
  'class Fer:',
  '    def __init__(self, path):',
  '        self._model = cv.dnn.readNet(path)',
  '        self._aligner = Aligner()',
  '    def _preprocess(self, image, pts):',
  '        if pts is not None:',
  '            image = self._aligner.align(image, pts)',
  '        image = cv.cvtColor(image, cv.COLOR_BGR2RGB)',
  '        image = image.astype(np.float32) / 255.0',
  '        image -= 0.5',
  '        image /= 0.5',
  '        return cv.dnn.blobFromImage(image)',
  '    def infer(self, image, pts=None):',
  '        self._model.setInput(self._preprocess(image, pts))',
  '        return self._model.forward()',
].join('\n');

test('python: self.helper.method(img), where self.helper is a class of the same file, keeps the image', async () => {
  const spec = { width: 112, height: 112, layout: 'NCHW', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
  const same = await lintText('python', ALIGNED, specWith({ input: spec }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('python', ALIGNED, specWith({ input: { ...spec, colorOrder: 'BGR', mean: [0, 0, 0], std: [1, 1, 1] } }));
  assert.deepEqual(at(differ).sort(), ['13 TP101', '15 TP301']);
});

const LETTERBOX_CPP = [
  '#include <opencv2/opencv.hpp>',
  'cv::Mat square(const cv::Mat &source) {',
  '    int m = MAX(source.cols, source.rows);',
  '    cv::Mat result = cv::Mat::zeros(m, m, CV_8UC3);',
  '    source.copyTo(result(cv::Rect(0, 0, source.cols, source.rows)));',
  '    return result;',
  '}',
  'int main() {',
  '    cv::dnn::Net net = cv::dnn::readNet("yolov5s.onnx");',
  '    cv::Mat image = cv::imread("bus.jpg");',
  '    cv::Mat blob;',
  '    cv::dnn::blobFromImage(square(image), blob, 1. / 255., cv::Size(640, 640), cv::Scalar(), true, false);',
  '    net.setInput(blob);',
  '}',
].join('\n');

test('cpp: src.copyTo(canvas(cv::Rect(...))) puts the image into the canvas (a padded square)', async () => {
  const spec = { width: 640, height: 640, layout: 'NCHW', resize: { library: 'cv2', method: 'linear', fit: 'keep-aspect' } };
  const same = await lintText('cpp', LETTERBOX_CPP, specWith({ input: spec }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('cpp', LETTERBOX_CPP, specWith({ input: { ...spec, colorOrder: 'BGR', scale: 1 } }));
  assert.deepEqual(at(differ).sort(), ['12 TP101', '12 TP301']);
});

test('cpp: copyTo into a Mat that already holds an image leaves that image alone', async () => {
  const src = LETTERBOX_CPP.replace('cv::Mat result = cv::Mat::zeros(m, m, CV_8UC3);', 'cv::Mat result = cv::imread("other.jpg");');
  const findings = await lintText('cpp', src, specWith({ input: { width: 640, height: 640, layout: 'NCHW', colorOrder: 'BGR' } }));
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP101')), ['12 TP101']);
});

const OUT_OF_CLASS = [
  '#include <opencv2/dnn.hpp>',
  'using namespace cv;',
  'using namespace cv::dnn;',
  'class YOLO {',
  'public:',
  '  void detect(Mat& frame);',
  'private:',
  '  const int inpWidth = 640;',
  '  const int inpHeight = 480;',
  '  Net net;',
  '};',
  'void YOLO::detect(Mat& frame) {',
  '  Mat blob;',
  '  blobFromImage(frame, blob, 1 / 255.0, Size(this->inpWidth, this->inpHeight), Scalar(0, 0, 0), true, false);',
  '  this->net.setInput(blob);',
  '}',
  'int main() {',
  '  YOLO model;',
  '  Mat img = imread("bus.jpg");',
  '  model.detect(img);',
  '}',
].join('\n');

test("cpp: a method defined outside its class (YOLO::detect) reads the class's this->member constants", async () => {
  const same = await lintText('cpp', OUT_OF_CLASS, specWith({ input: { width: 640, height: 480, layout: 'NCHW' } }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('cpp', OUT_OF_CLASS, specWith({ input: { width: 320, height: 320, layout: 'NCHW', colorOrder: 'BGR' } }));
  assert.deepEqual(at(differ).sort(), ['14 TP101', '14 TP201']);
});

const PER_CHANNEL = [
  'import numpy as np',
  'from PIL import Image',
  'def pre(img):',
  '    x = np.asarray(img.resize((224, 224), Image.BILINEAR)).astype(np.float32).transpose([2, 0, 1])',
  '    mean = np.array([0.079, 0.05, 0]) + 0.406',
  '    std = np.array([0.005, 0, 0.001]) + 0.224',
  '    for c in range(x.shape[0]):',
  '        x[c, :, :] = (x[c, :, :] / 255 - mean[c]) / std[c]',
  '    return x',
  'x = pre(Image.open("a.jpg").convert("RGB"))',
  'sess.run(None, {"x": x[None]})',
].join('\n');

test('python: x[c, :, :] = (x[c, :, :] / 255 - mean[c]) / std[c] normalises the array in place, in its own dtype', async () => {
  const spec = { layout: 'NCHW', resize: { library: 'pil', method: 'bilinear' }, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  const same = await lintText('python', PER_CHANNEL, specWith({ input: spec }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('python', PER_CHANNEL, specWith({ input: { ...spec, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(differ), ['8 TP301']);
});

const JIMP_SRC = [
  "import * as jimp from 'jimp';",
  "import * as tf from '@tensorflow/tfjs';",
  'export function readImage(filePath) {',
  '  return new Promise((resolve, reject) => {',
  '    jimp.read(filePath, (err, image) => {',
  '      const h = image.bitmap.height;',
  '      const w = image.bitmap.width;',
  "      const buffer = tf.buffer([1, h, w, 3], 'float32');",
  '      image.scan(0, 0, w, h, function (x, y, index) {',
  '        buffer.set(image.bitmap.data[index], 0, y, x, 0);',
  '        buffer.set(image.bitmap.data[index + 1], 0, y, x, 1);',
  '        buffer.set(image.bitmap.data[index + 2], 0, y, x, 2);',
  '      });',
  '      resolve(tf.tidy(() => tf.image.resizeBilinear(buffer.toTensor(), [224, 224]).div(255)));',
  '    });',
  '  });',
  '}',
].join('\n');

test('js: a Jimp image copied into a tf.buffer (inside new Promise and jimp.read callbacks) is followed', async () => {
  const spec = { resize: { library: 'tfjs', method: 'bilinear' } };
  const same = await lintText('javascript', JIMP_SRC, specWith({ input: spec }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('javascript', JIMP_SRC, specWith({ input: { scale: 1, resize: { library: 'tfjs', method: 'nearest' } } }));
  assert.deepEqual(at(differ).sort(), ['14 TP203', '14 TP301']);
});

test('js: `let tf; ... tf = require("@tensorflow/tfjs-node")` makes tf TensorFlow.js', async () => {
  const src = [
    'let tf;',
    'function load(gpu) {',
    "  if (gpu) tf = require('@tensorflow/tfjs-node-gpu');",
    "  else tf = require('@tensorflow/tfjs-node');",
    '}',
    'export function prep(img) {',
    '  return tf.image.resizeNearestNeighbor(tf.browser.fromPixels(img), [224, 224]);',
    '}',
  ].join('\n');
  const findings = await lintText('javascript', src, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } }));
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP203')), ['7 TP203']);
});
