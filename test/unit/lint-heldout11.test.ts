// Patterns from the eleventh held-out round of real files (test/corpus/lint/cases.json, round "heldout-11": TFLite C
// API programs, a ROS node, TF.js config objects and crop-and-resize) that the linter missed before. Each fixture is our
// own minimal reproduction, with a matching spec (no finding) and a different one (one finding per deviation, on the
// line a person would fix).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import { fsSiblingReader } from '../../src/core/lint/siblings';
import type { LintLanguageId, Linter } from '../../src/core/lint/types';
import { keys as at, lintText, specWith, WASM_DIR } from './lint-test-helpers';

const MINUS_ONE_ONE = { scale: 1 / 127.5, mean: [1, 1, 1] };
const TFJS = { library: 'tfjs', method: 'bilinear' };

const TS_CENTRE_CROP = [
  "import * as tf from '@tensorflow/tfjs';",
  'let model: tf.GraphModel;',
  'export const embed = async (img: HTMLImageElement) => {',
  '  const raw = tf.browser.fromPixels(img, 3);',
  '  const [h, w, ch] = raw.shape;',
  '  const s = Math.min(h, w);',
  '  const box = [(h - s) / 2 / h, (w - s) / 2 / w, (h + s) / 2 / h, (w + s) / 2 / w];',
  '  const x = tf.image.cropAndResize(raw.reshape([1, h, w, ch]), [box], [0], [224, 224]).div(tf.scalar(255));',
  '  return model.execute(x);',
  '};',
].join('\n');

test('ts: tf.image.cropAndResize is a resize: its size, its method and a centred box as the spec fit "crop"', async () => {
  const crop = { width: 224, height: 224, resize: { ...TFJS, fit: 'crop' } };
  assert.deepEqual(at(await lintText('typescript', TS_CENTRE_CROP, specWith({ input: crop }))), []);
  const findings = await lintText(
    'typescript',
    TS_CENTRE_CROP,
    specWith({ input: { width: 192, height: 192, colorOrder: 'BGR', ...MINUS_ONE_ONE, resize: { ...TFJS, fit: 'stretch' } } }),
  );
  // The colour where the pixels are read; size, fit and the division on the crop line (the image flows on through it).
  assert.deepEqual(at(findings), ['4 TP101', '8 TP201', '8 TP206', '8 TP301']);
  assert.match(findings.find((f) => f.code === 'TP206')!.message, /tf\.image\.cropAndResize centre-crops .*a box centred on the image/);
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /reaches model\.execute\(\)/);
  // A nearest spec: the call samples bilinearly by default, and says so.
  const nearest = await lintText('typescript', TS_CENTRE_CROP, specWith({ input: { ...crop, resize: { ...crop.resize, method: 'nearest' } } }));
  assert.deepEqual(at(nearest), ['8 TP203']);
  assert.match(nearest[0]!.message, /cropAndResize's default/);
});

test('ts: a cropAndResize box of the whole image is a stretch, a numeric box off the centre is no centre crop, an unknown box says nothing', async () => {
  const whole = TS_CENTRE_CROP.replace('[box]', '[[0, 0, 1, 1]]');
  assert.deepEqual(at(await lintText('typescript', whole, specWith({ input: { resize: TFJS } }))), []);
  assert.deepEqual(at(await lintText('typescript', whole, specWith({ input: { resize: { ...TFJS, fit: 'crop' } } }))), ['8 TP206']);
  const corner = TS_CENTRE_CROP.replace('[box]', '[[0, 0, 0.5, 0.5]]');
  assert.deepEqual(at(await lintText('typescript', corner, specWith({ input: { resize: { ...TFJS, fit: 'crop' } } }))), ['8 TP206']);
  // Boxes handed in by the caller: the fit cannot be told, only the size and the values are judged.
  const given = TS_CENTRE_CROP.replace('(img: HTMLImageElement)', '(img: HTMLImageElement, boxes: number[][])').replace('[box]', 'boxes');
  assert.deepEqual(at(await lintText('typescript', given, specWith({ input: { resize: { ...TFJS, fit: 'stretch' } } }))), []);
  assert.deepEqual(at(await lintText('typescript', given, specWith({ input: { width: 192, height: 192, resize: TFJS } }))), ['8 TP201']);
});

const JS_CONFIG = [
  "const tf = require('@tensorflow/tfjs');",
  'let config = { inputMin: 0, inputMax: 1, alignCorners: true, tensorSize: 224 };',
  'async function load(cfg) {',
  '  config = { ...config, ...cfg };',
  '  const model = await tf.loadGraphModel(config.modelPath);',
  '  model.config = config;',
  '  return model;',
  '}',
  'function classify(model, image) {',
  '  const img = tf.browser.fromPixels(image, 3).toFloat();',
  '  const scaled = img.mul((model.config.inputMax - model.config.inputMin) / 255.0).add(model.config.inputMin);',
  '  const size = [model.config.tensorSize, model.config.tensorSize];',
  '  const resized = tf.image.resizeBilinear(scaled, size, model.config.alignCorners);',
  '  const out = model.predict(resized.expandDims(0));',
  '  tf.dispose(img);',
  '  return out;',
  '}',
].join('\n');

test('js: values of a config object stored on the model (model.config = config) are read back through any model', async () => {
  const match = { width: 224, height: 224, resize: { ...TFJS, alignCorners: true } };
  assert.deepEqual(at(await lintText('javascript', JS_CONFIG, specWith({ input: match }))), []);
  const findings = await lintText(
    'javascript',
    JS_CONFIG,
    specWith({ input: { width: 192, height: 192, colorOrder: 'BGR', ...MINUS_ONE_ONE, resize: { ...TFJS, alignCorners: false } } }),
  );
  assert.deepEqual(at(findings), ['10 TP101', '11 TP301', '13 TP201', '13 TP205']);
  // tf.dispose frees memory: the image goes on to the model, and the message says so.
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /reaches model\.predict\(\)/);
  // The caller's options merged over the defaults leave the defaults where they are not known.
  assert.match(findings.find((f) => f.code === 'TP201')!.message, /width 224 × height 224/);
});

test('js: a config object replaced by another value, or two objects stored as .config, gives no values', async () => {
  const spec = specWith({ input: { width: 192, height: 192, ...MINUS_ONE_ONE, resize: TFJS } });
  const replaced = JS_CONFIG.replace('config = { ...config, ...cfg };', 'config = JSON.parse(cfg);');
  assert.deepEqual(at(await lintText('javascript', replaced, spec)), []);
  const twice = JS_CONFIG.replace('  return model;', '  other.config = { tensorSize: 320, inputMax: 255 };\n  return model;');
  assert.deepEqual(at(await lintText('javascript', twice, spec)), []);
});

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-heldout11-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));
let sibLinter: Promise<Linter> | undefined;

async function lintWithSiblings(
  files: Record<string, string[]>,
  main: string,
  languageId: LintLanguageId,
  override: Record<string, unknown>,
): Promise<string[]> {
  for (const [rel, lines] of Object.entries(files)) {
    const p = path.join(ROOT, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, lines.join('\n'));
  }
  sibLinter ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(ROOT) });
  const l = await sibLinter;
  const p = path.join(ROOT, main);
  const uri = pathToFileURL(p).href;
  const out = l.lint({ uri, languageId, text: fs.readFileSync(p, 'utf8') }, specWith(override));
  l.close(uri);
  return out.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const CPP_NESTED = {
  'face/config.h': ['#define kImageHeight 128', '#define kImageWidth 128'],
  'face/common.h': ['#include <opencv2/opencv.hpp>', '#include "config.h"'],
  'face/detector.h': ['#include "common.h"', 'class Detector {', ' public:', '  float *nn_input;', '  void Detect(cv::Mat img);', '};'],
  'face/detector.cc': [
    '#include "detector.h"',
    'void Detector::Detect(cv::Mat input_img) {',
    '    cv::Mat img;',
    '    cv::cvtColor(input_img, img, cv::COLOR_BGR2RGB);',
    '    cv::resize(img, img, cv::Size(kImageWidth, kImageHeight));',
    '    img.convertTo(img, CV_32F, 1.0 / 127.5, -1);',
    '    int total_size = img.cols * img.rows * img.elemSize();',
    '    memcpy(this->nn_input, img.data, total_size);',
    '}',
  ],
};

test('cpp: #defines of a header that an included header includes (detector.h → common.h → config.h) give the size', async () => {
  const match = { width: 128, height: 128, ...MINUS_ONE_ONE };
  assert.deepEqual(await lintWithSiblings(CPP_NESTED, 'face/detector.cc', 'cpp', { input: match }), []);
  assert.deepEqual(await lintWithSiblings(CPP_NESTED, 'face/detector.cc', 'cpp', { input: { ...match, width: 192, height: 192 } }), ['5 TP201']);
});

test('cpp: Mat.elemSize() reads no pixels: the conversion is reported with the memcpy the image goes into', async () => {
  const text = CPP_NESTED['face/detector.cc'].join('\n').replace('cv::Size(kImageWidth, kImageHeight)', 'cv::Size(128, 128)');
  const findings = await lintText('cpp', text, specWith({ input: { width: 128, height: 128, colorOrder: 'BGR', ...MINUS_ONE_ONE } }));
  assert.deepEqual(at(findings), ['4 TP101']);
  assert.match(findings[0]!.message, /goes into memcpy\(\)/);
});

const CPP_ROS = [
  '#include <cv_bridge/cv_bridge.h>',
  '#include <opencv2/dnn.hpp>',
  'cv::dnn::Net net;',
  'void imageCallback(const sensor_msgs::ImageConstPtr& msg) {',
  '    cv::Mat image = cv_bridge::toCvCopy(msg, sensor_msgs::image_encodings::BGR8)->image;',
  '    cv::Mat blob = cv::dnn::blobFromImage(image, 1.0, cv::Size(224, 224), cv::Scalar(104, 117, 123));',
  '    net.setInput(blob);',
  '}',
].join('\n');

test('cpp: cv_bridge::toCvCopy(msg, BGR8)->image is a BGR image; RGB8 an RGB one; no encoding says nothing', async () => {
  const bgr = { colorOrder: 'BGR', scale: 1, mean: [104, 117, 123], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', CPP_ROS, specWith({ input: bgr }))), []);
  const findings = await lintText('cpp', CPP_ROS, specWith({ input: { ...bgr, colorOrder: 'RGB' } }));
  assert.deepEqual(at(findings), ['5 TP101']);
  assert.match(findings[0]!.message, /cv_bridge::toCvCopy gives BGR pixels/);
  const rgb = CPP_ROS.replace('image_encodings::BGR8', 'image_encodings::RGB8');
  assert.deepEqual(at(await lintText('cpp', rgb, specWith({ input: { ...bgr, colorOrder: 'RGB' } }))), []);
  assert.deepEqual(at(await lintText('cpp', rgb, specWith({ input: bgr }))), ['5 TP101']);
  const passthrough = CPP_ROS.replace('(msg, sensor_msgs::image_encodings::BGR8)', '(msg)');
  assert.deepEqual(at(await lintText('cpp', passthrough, specWith({ input: { ...bgr, colorOrder: 'RGB' } }))), []);
});

test('python: CvBridge().imgmsg_to_cv2(msg, "bgr8") is a BGR image, desired_encoding="rgb8" an RGB one', async () => {
  const py = [
    'import cv2',
    'from cv_bridge import CvBridge',
    'bridge = CvBridge()',
    'net = cv2.dnn.readNetFromTensorflow("frozen.pb")',
    'def callback(msg):',
    '    frame = bridge.imgmsg_to_cv2(msg, "bgr8")',
    '    blob = cv2.dnn.blobFromImage(frame, 1.0 / 127.5, (300, 300), (127.5, 127.5, 127.5), swapRB=True)',
    '    net.setInput(blob)',
  ].join('\n');
  const rgb = { colorOrder: 'RGB', width: 300, height: 300, ...MINUS_ONE_ONE, layout: 'NCHW' };
  assert.deepEqual(at(await lintText('python', py, specWith({ input: rgb }))), []);
  assert.deepEqual(at(await lintText('python', py, specWith({ input: { ...rgb, colorOrder: 'BGR' } }))), ['7 TP101']);
  const asked = py.replace('imgmsg_to_cv2(msg, "bgr8")', 'imgmsg_to_cv2(msg, desired_encoding="rgb8")');
  assert.deepEqual(at(await lintText('python', asked, specWith({ input: { ...rgb, colorOrder: 'BGR' } }))), []);
});

test('cpp: nh.param<T>(name, var, default) gives var its default value (the parameter server may say otherwise)', async () => {
  const node = [
    '#include <opencv2/dnn.hpp>',
    'int main(int argc, char** argv) {',
    '    ros::NodeHandle nh("~");',
    '    double scale;',
    '    nh.param<double>("input_scale", scale, 1.0 / 127.5);',
    '    int side;',
    '    nh.param("input_width", side, 300);',
    '    cv::Mat img = cv::imread(argv[1]);',
    '    cv::Mat blob = cv::dnn::blobFromImage(img, scale, cv::Size(side, side), cv::Scalar(127.5, 127.5, 127.5), true);',
    '    net.setInput(blob);',
    '}',
  ].join('\n');
  const rgb = { colorOrder: 'RGB', width: 300, height: 300, ...MINUS_ONE_ONE, layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', node, specWith({ input: rgb }))), []);
  assert.deepEqual(at(await lintText('cpp', node, specWith({ input: { ...rgb, width: 224, height: 224, scale: 1 / 255, mean: [0, 0, 0] } }))), [
    '9 TP201',
    '9 TP301',
  ]);
  // getParam(name, var) has no default: var stays unknown.
  const noDefault = node.replace('nh.param("input_width", side, 300);', 'nh.getParam("input_width", side);');
  assert.deepEqual(at(await lintText('cpp', noDefault, specWith({ input: { ...rgb, width: 224, height: 224 } }))), []);
});

test('cpp: <pkg/utils.h> of another package of a catkin workspace gives its functions from pkg/src/utils.cpp', async () => {
  const files = {
    'ws/vision_core/include/vision_core/utils.h': ['#include <opencv2/dnn.hpp>', 'cv::Mat Forward(cv::dnn::Net& net, const cv::Mat& frame);'],
    'ws/vision_core/src/utils.cpp': [
      '#include <vision_core/utils.h>',
      'cv::Mat Forward(cv::dnn::Net& net, const cv::Mat& frame) {',
      '    cv::Mat blob = cv::dnn::blobFromImage(frame, 1.0, cv::Size(224, 224), cv::Scalar(104, 117, 123));',
      '    net.setInput(blob);',
      '    return net.forward();',
      '}',
    ],
    'ws/classify/src/node.cpp': [
      '#include <cv_bridge/cv_bridge.h>',
      '#include <vision_core/utils.h>',
      'cv::dnn::Net net;',
      'void callback(const sensor_msgs::ImageConstPtr& msg) {',
      '    cv::Mat image = cv_bridge::toCvCopy(msg, "bgr8")->image;',
      '    cv::Mat prob = Forward(net, image);',
      '}',
    ],
  };
  const bgr = { colorOrder: 'BGR', scale: 1, mean: [104, 117, 123], layout: 'NCHW' };
  assert.deepEqual(await lintWithSiblings(files, 'ws/classify/src/node.cpp', 'cpp', { input: bgr }), []);
  assert.deepEqual(await lintWithSiblings(files, 'ws/classify/src/node.cpp', 'cpp', { input: { ...bgr, colorOrder: 'RGB' } }), ['5 TP101']);
});

const TS_REEXPORTED_TF = [
  "import { tf } from '../tf';",
  'export function preProcess(input: HTMLImageElement, opts: { nearest: boolean }) {',
  '  const image = tf.browser.fromPixels(input);',
  '  const normalized = image.toFloat().div(tf.scalar(255));',
  '  let resized;',
  '  if (opts.nearest) {',
  '    resized = tf.image.resizeNearestNeighbor(normalized, [416, 416]);',
  '  } else {',
  '    resized = tf.image.resizeBilinear(normalized, [416, 416]);',
  '  }',
  '  return model.predict(resized.reshape([1, 416, 416, 3]));',
  '}',
].join('\n');

test('ts: `import { tf } from "../tf"` (a project module re-exporting TensorFlow.js) is TensorFlow.js', async () => {
  const spec = { width: 416, height: 416, resize: TFJS };
  assert.deepEqual(at(await lintText('typescript', TS_REEXPORTED_TF, specWith({ input: spec }))), []);
  assert.deepEqual(at(await lintText('typescript', TS_REEXPORTED_TF, specWith({ input: { ...spec, colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), [
    '3 TP101',
    '4 TP301',
  ]);
  // Another name from a project module is not TensorFlow.js.
  const other = TS_REEXPORTED_TF.replace("import { tf } from '../tf';", "import { tf } from 'some-package';");
  assert.deepEqual(at(await lintText('typescript', other, specWith({ input: { ...spec, colorOrder: 'BGR' } }))), []);
});

test('ts: if/else branches that each resize are alternatives: a resize finding stays only when every branch fails it', async () => {
  const spec = { width: 416, height: 416, resize: TFJS };
  // Bilinear in one branch, nearest in the other: neither method is reported under either spec.
  assert.deepEqual(at(await lintText('typescript', TS_REEXPORTED_TF, specWith({ input: { ...spec, resize: { ...TFJS, method: 'nearest' } } }))), []);
  // Both branches resize to 416: a 320 spec fails both, and each branch's call says so (the reshape too).
  assert.deepEqual(at(await lintText('typescript', TS_REEXPORTED_TF, specWith({ input: { ...spec, width: 320, height: 320 } }))), [
    '11 TP402',
    '7 TP201',
    '9 TP201',
  ]);
  // A branch that does not resize is no alternative resize: the one resize is judged.
  const oneSided = TS_REEXPORTED_TF.replace('    resized = tf.image.resizeBilinear(normalized, [416, 416]);', '    resized = normalized;');
  assert.deepEqual(at(await lintText('typescript', oneSided, specWith({ input: spec }))), ['7 TP203']);
});
