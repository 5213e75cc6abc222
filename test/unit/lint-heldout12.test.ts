// Patterns from the twelfth held-out round of real files (test/corpus/lint/cases.json, round "heldout-12": C++ and
// Python inference classes configured through structs, dicts and member constants) that the linter missed before.
// Each fixture is our own minimal reproduction, with a matching spec (no finding) and a different one (one finding
// per deviation, on the line a person would fix).
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

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const HALF = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

const CPP_PLANES = [
  '#include <onnxruntime_cxx_api.h>',
  'class Detector {',
  'public:',
  '  void detect(cv::Mat& srcimg);',
  'private:',
  '  void normalize_(cv::Mat img);',
  '  const int inpWidth = 640;',
  '  const int inpHeight = 640;',
  '  const float mean_[3] = { 0.485, 0.456, 0.406 };',
  '  const float std_[3] = { 0.229, 0.224, 0.225 };',
  '  std::vector<float> input_image_;',
  '  Ort::Session *ort_session = nullptr;',
  '};',
  'void Detector::normalize_(cv::Mat img) {',
  '  int row = img.rows;',
  '  int col = img.cols;',
  '  this->input_image_.resize(row * col * img.channels());',
  '  for (int c = 0; c < 3; c++)',
  '    for (int i = 0; i < row; i++)',
  '      for (int j = 0; j < col; j++) {',
  '        float pix = img.ptr<uchar>(i)[j * 3 + c];',
  '        this->input_image_[c * row * col + i * col + j] = (pix / 255.0 - this->mean_[c]) / this->std_[c];',
  '      }',
  '}',
  'void Detector::detect(cv::Mat& srcimg) {',
  '  cv::Mat dstimg;',
  '  cv::cvtColor(srcimg, dstimg, cv::COLOR_BGR2RGB);',
  '  cv::resize(dstimg, dstimg, cv::Size(this->inpWidth, this->inpHeight));',
  '  this->normalize_(dstimg);',
  '  std::array<int64_t, 4> shape{ 1, 3, this->inpHeight, this->inpWidth };',
  '  auto info = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);',
  '  Ort::Value t = Ort::Value::CreateTensor<float>(info, input_image_.data(), input_image_.size(), shape.data(), shape.size());',
  '  auto out = ort_session->Run(Ort::RunOptions{ nullptr }, nullptr, &t, 1, nullptr, 1);',
  '}',
].join('\n');

test('cpp: per-channel member constants picked by the channel loop (mean_[c], std_[c]) are a per-channel normalisation', async () => {
  const match = { width: 640, height: 640, layout: 'NCHW', ...IMAGENET };
  assert.deepEqual(at(await lintText('cpp', CPP_PLANES, specWith({ input: match }))), []);
  const findings = await lintText('cpp', CPP_PLANES, specWith({ input: { ...match, ...HALF } }));
  assert.deepEqual(at(findings), ['22 TP301']);
  assert.match(findings[0]!.message, /− this->mean_\[c\], then \/ this->std_\[c\]/);
  assert.match(findings[0]!.message, /R: 0\.0171248·p − 2\.1179; G: 0\.017507·p − 2\.03571; B: 0\.0174292·p − 1\.80444/);
  // Local arrays work the same way.
  const local = CPP_PLANES.replace('  int row = img.rows;', '  const float m[3] = { 0.5, 0.5, 0.5 };\n  int row = img.rows;').replace(
    'this->mean_[c]) / this->std_[c]',
    'm[c]) / m[c]',
  );
  assert.deepEqual(at(await lintText('cpp', local, specWith({ input: { ...match, ...HALF } }))), []);
  assert.deepEqual(at(await lintText('cpp', local, specWith({ input: match }))), ['23 TP301']);
});

test('cpp: constants indexed by another counter than the channel loop (or a loop over more than 3) stay unjudged', async () => {
  const spec = specWith({ input: { width: 640, height: 640, layout: 'NCHW', ...HALF } });
  // mean_[i] is picked by the row: not a per-channel constant.
  const rows = CPP_PLANES.replace('this->mean_[c]) / this->std_[c]', 'this->mean_[i]) / this->std_[i]');
  assert.deepEqual(at(await lintText('cpp', rows, spec)), []);
  // A channel loop over 4 values is no RGB loop.
  const four = CPP_PLANES.replace('for (int c = 0; c < 3; c++)', 'for (int c = 0; c < 4; c++)');
  assert.deepEqual(at(await lintText('cpp', four, spec)), []);
});

const PY_PAD = [
  'import math',
  'import cv2',
  'import numpy as np',
  'import onnxruntime',
  '',
  'class TextClassifier:',
  '    def __init__(self):',
  "        self.sess = onnxruntime.InferenceSession('cls.onnx')",
  '        self.cls_image_shape = [3, 48, 192]',
  '',
  '    def resize_norm_img(self, img):',
  '        imgC, imgH, imgW = self.cls_image_shape',
  '        h, w = img.shape[:2]',
  '        resized_w = min(imgW, int(math.ceil(imgH * w / float(h))))',
  '        resized_image = cv2.resize(img, (resized_w, imgH))',
  "        resized_image = resized_image.astype('float32')",
  '        if imgC == 1:',
  '            resized_image = resized_image / 255',
  '            resized_image = resized_image[np.newaxis, :]',
  '        else:',
  '            resized_image = resized_image.transpose((2, 0, 1)) / 255',
  '        resized_image -= 0.5',
  '        resized_image /= 0.5',
  '        padding_im = np.zeros((imgC, imgH, imgW), dtype=np.float32)',
  '        padding_im[:, :, 0:resized_w] = resized_image',
  '        return padding_im',
  '',
  '    def predict(self, im):',
  '        x = np.expand_dims(self.resize_norm_img(im), axis=0)',
  '        ort_inputs = {i.name: x for i in self.sess.get_inputs()}',
  '        return self.sess.run(None, ort_inputs)',
].join('\n');

const PY_MATCH = { width: 192, height: 48, colorOrder: 'BGR', layout: 'NCHW', ...HALF, resize: { library: 'cv2', method: 'linear', fit: 'keep-aspect' } };

test('python: a feed dict built by a comprehension ({i.name: x for i in sess.get_inputs()}) reaches the model', async () => {
  assert.deepEqual(at(await lintText('python', PY_PAD, specWith({ input: PY_MATCH }))), []);
  const findings = await lintText('python', PY_PAD, specWith({ input: { ...PY_MATCH, mean: [0, 0, 0], std: [1, 1, 1] } }));
  assert.deepEqual(at(findings), ['22 TP301']);
  assert.match(findings[0]!.message, /then − 0\.5, then \/ 0\.5/);
});

test('python: an if/else on a known value (imgC unpacked from self.cls_image_shape) runs only the branch it picks', async () => {
  // imgC is 3: the else branch runs, and its transpose makes the input channels-first.
  const findings = await lintText('python', PY_PAD, specWith({ input: { ...PY_MATCH, layout: 'NHWC' } }));
  assert.deepEqual(at(findings), ['21 TP401']);
  // A one-channel shape picks the other branch: no transpose, nothing channels-first to report.
  const gray = PY_PAD.replace('[3, 48, 192]', '[1, 48, 192]');
  assert.deepEqual(at(await lintText('python', gray, specWith({ input: { ...PY_MATCH, layout: 'NHWC' } }))), []);
  // An unknown channel count keeps both branches as alternatives: the layout is not reported.
  const unknown = PY_PAD.replace('self.cls_image_shape = [3, 48, 192]', 'self.cls_image_shape = shape_from(config)');
  assert.deepEqual(at(await lintText('python', unknown, specWith({ input: { ...PY_MATCH, layout: 'NHWC' } }))), []);
});

test('python: a comparison with a loop variable is no constant condition', async () => {
  const src = [
    'import cv2',
    'import numpy as np',
    'import onnxruntime',
    "sess = onnxruntime.InferenceSession('m.onnx')",
    'img = cv2.imread("a.jpg")',
    'x = cv2.resize(img, (224, 224)).astype(np.float32)',
    'for c in range(3):',
    '    if c == 0:',
    '        x = x / 255.0',
    '    else:',
    '        x = x.transpose((2, 0, 1))',
    "sess.run(None, {'x': x[None]})",
  ].join('\n');
  const spec = specWith({ input: { colorOrder: 'BGR', layout: 'NHWC', scale: 1 } });
  // Both branches stay alternatives: neither the scaling nor the transpose is certain, so neither is reported.
  assert.deepEqual(at(await lintText('python', src, spec)), []);
  // The same comparison on a name bound once to 0 picks the first branch.
  const known = src.replace('for c in range(3):', 'c = 0\nif True:');
  assert.deepEqual(at(await lintText('python', known, spec)), ['10 TP301']);
});

const PY_CONFIGS = [
  'import argparse',
  'import cv2',
  '',
  'class yolo():',
  '    def __init__(self, config):',
  "        self.inpWidth = config['inpWidth']",
  "        self.inpHeight = config['inpHeight']",
  "        self.net = cv2.dnn.readNet(config['cfg'], config['weights'])",
  '',
  '    def detect(self, srcimg):',
  '        blob = cv2.dnn.blobFromImage(srcimg, 1/255.0, (self.inpWidth, self.inpHeight), [0, 0, 0], swapRB=True, crop=False)',
  '        self.net.setInput(blob)',
  '        return self.net.forward()',
  '',
  "Net_config = [{'inpWidth': 416, 'inpHeight': 416, 'cfg': 'v3.cfg', 'weights': 'v3.weights'},",
  "              {'inpWidth': 320, 'inpHeight': 320, 'cfg': 'f.cfg', 'weights': 'f.weights'}]",
  '',
  "if __name__ == '__main__':",
  '    parser = argparse.ArgumentParser()',
  "    parser.add_argument('--net_type', default=0, type=int, choices=[0, 1])",
  '    args = parser.parse_args()',
  '    yolonet = yolo(Net_config[args.net_type])',
  "    yolonet.detect(cv2.imread('bus.jpg'))",
].join('\n');

const PY_NET = { colorOrder: 'RGB', layout: 'NCHW' };

test('python: a config dict picked from a module list by an argparse default reaches the constructor, and its fields the methods', async () => {
  assert.deepEqual(at(await lintText('python', PY_CONFIGS, specWith({ input: { ...PY_NET, width: 416, height: 416 } }))), []);
  const findings = await lintText('python', PY_CONFIGS, specWith({ input: { ...PY_NET, width: 320, height: 320 } }));
  assert.deepEqual(at(findings), ['11 TP201']);
  assert.match(findings[0]!.message, /width 416 × height 416/);
  // Another default picks the other dict.
  const second = PY_CONFIGS.replace('default=0', 'default=1');
  assert.deepEqual(at(await lintText('python', second, specWith({ input: { ...PY_NET, width: 320, height: 320 } }))), []);
  // A dict literal written at the call, or plain numbers through the constructor's parameters.
  const inline = PY_CONFIGS.replace('yolo(Net_config[args.net_type])', "yolo({'inpWidth': 416, 'inpHeight': 416, 'cfg': 'a', 'weights': 'b'})");
  assert.deepEqual(at(await lintText('python', inline, specWith({ input: { ...PY_NET, width: 320, height: 320 } }))), ['11 TP201']);
});

test('python: an unknown option, two definitions of it, or two constructions with different dicts leave the size unknown', async () => {
  const spec = specWith({ input: { ...PY_NET, width: 320, height: 320 } });
  const noDefault = PY_CONFIGS.replace('default=0, ', '');
  assert.deepEqual(at(await lintText('python', noDefault, spec)), []);
  const twice = PY_CONFIGS.replace('    args = parser.parse_args()', "    parser.add_argument('--net_type', default=1)\n    args = parser.parse_args()");
  assert.deepEqual(at(await lintText('python', twice, spec)), []);
  const both = PY_CONFIGS.replace("    yolonet.detect(cv2.imread('bus.jpg'))", "    yolonet.detect(cv2.imread('bus.jpg'))\n    other = yolo(Net_config[1])");
  assert.deepEqual(at(await lintText('python', both, spec)), []);
  // A field the constructor sets from something else than its parameter keeps its own value.
  const fixed = PY_CONFIGS.replace("self.inpWidth = config['inpWidth']", 'self.inpWidth = 320').replace(
    "self.inpHeight = config['inpHeight']",
    'self.inpHeight = 320',
  );
  assert.deepEqual(at(await lintText('python', fixed, spec)), []);
});

const CPP_CTOR = [
  '#include <opencv2/dnn.hpp>',
  'using namespace cv;',
  'using namespace dnn;',
  'struct Net_config {',
  '  float confThreshold;',
  '  int inpWidth;',
  '  int inpHeight;',
  '  std::string netname;',
  '};',
  'Net_config yolo_nets[2] = {',
  '  {0.5, 416, 416, "yolov3"},',
  '  {0.5, 320, 320, "yolo-fastest"}',
  '};',
  'class YOLO {',
  ' public:',
  '  YOLO(Net_config config);',
  '  void detect(Mat& frame);',
  ' private:',
  '  int inpWidth;',
  '  int inpHeight;',
  '  Net net;',
  '};',
  'YOLO::YOLO(Net_config config) {',
  '  this->inpWidth = config.inpWidth;',
  '  this->inpHeight = config.inpHeight;',
  '  this->net = readNetFromDarknet("a.cfg", "a.weights");',
  '}',
  'void YOLO::detect(Mat& frame) {',
  '  Mat blob;',
  '  blobFromImage(frame, blob, 1 / 255.0, Size(this->inpWidth, this->inpHeight), Scalar(0, 0, 0), true, false);',
  '  this->net.setInput(blob);',
  '  this->net.forward();',
  '}',
  'int main() {',
  '  YOLO yolo_model(yolo_nets[1]);',
  '  Mat srcimg = imread("a.jpg");',
  '  yolo_model.detect(srcimg);',
  '}',
].join('\n');

const CPP_NET = { colorOrder: 'RGB', layout: 'NCHW' };

test('cpp: a config struct from a brace-initialised array, passed to the constructor (YOLO m(nets[1])), sizes the blob', async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_CTOR, specWith({ input: { ...CPP_NET, width: 320, height: 320 } }))), []);
  const findings = await lintText('cpp', CPP_CTOR, specWith({ input: { ...CPP_NET, width: 416, height: 416 } }));
  assert.deepEqual(at(findings), ['30 TP201']);
  assert.match(findings[0]!.message, /width 320 × height 320/);
  // The other item of the array, and plain numbers through the constructor's parameters.
  const first = CPP_CTOR.replace('yolo_model(yolo_nets[1])', 'yolo_model(yolo_nets[0])');
  assert.deepEqual(at(await lintText('cpp', first, specWith({ input: { ...CPP_NET, width: 320, height: 320 } }))), ['30 TP201']);
  const ints = CPP_CTOR.replace('YOLO(Net_config config);', 'YOLO(int w, int h);')
    .replace('YOLO::YOLO(Net_config config) {', 'YOLO::YOLO(int w, int h) {')
    .replace('this->inpWidth = config.inpWidth;', 'this->inpWidth = w;')
    .replace('this->inpHeight = config.inpHeight;', 'this->inpHeight = h;')
    .replace('yolo_model(yolo_nets[1])', 'yolo_model(416, 416)');
  assert.deepEqual(at(await lintText('cpp', ints, specWith({ input: { ...CPP_NET, width: 416, height: 416 } }))), []);
  assert.deepEqual(at(await lintText('cpp', ints, specWith({ input: { ...CPP_NET, width: 320, height: 320 } }))), ['30 TP201']);
});

test('cpp: two constructions with different configs, or a member another method also sets, leave the size unknown', async () => {
  const spec = specWith({ input: { ...CPP_NET, width: 640, height: 640 } });
  const two = CPP_CTOR.replace('  YOLO yolo_model(yolo_nets[1]);', '  YOLO yolo_model(yolo_nets[1]);\n  YOLO other(yolo_nets[0]);');
  assert.deepEqual(at(await lintText('cpp', two, spec)), []);
  const setter = CPP_CTOR.replace(
    'void YOLO::detect(Mat& frame) {',
    'void YOLO::setSize(int w) { this->inpWidth = w; this->inpHeight = w; }\nvoid YOLO::detect(Mat& frame) {',
  );
  assert.deepEqual(at(await lintText('cpp', setter, spec)), []);
  // A prototype with a real type in the parentheses stays a prototype.
  const proto = CPP_CTOR.replace('  YOLO yolo_model(yolo_nets[1]);', '  YOLO make(size_t);\n  YOLO yolo_model(yolo_nets[1]);');
  assert.deepEqual(at(await lintText('cpp', proto, specWith({ input: { ...CPP_NET, width: 320, height: 320 } }))), []);
});

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-heldout12-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));
let sibLinter: Promise<Linter> | undefined;

/** Lints `main` (C++, or Python for a .py file) with the other files written beside it as its siblings. */
async function lintWithSiblings(files: Record<string, string>, main: string, override: Record<string, unknown>): Promise<string[]> {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(ROOT, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  sibLinter ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(ROOT) });
  const l = await sibLinter;
  const p = path.join(ROOT, main);
  const uri = pathToFileURL(p).href;
  const out = l.lint({ uri, languageId: main.endsWith('.py') ? 'python' : 'cpp', text: fs.readFileSync(p, 'utf8') }, specWith(override));
  l.close(uri);
  return out.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

test('cpp: the config struct array and the class in an included header, the constructor in the source file', async () => {
  const lines = CPP_CTOR.split('\n');
  // Lines 1-22 (includes, struct, array, class) go to yolo.h; the source keeps the methods and main.
  const header = lines.slice(0, 22).join('\n');
  const source = ['#include "yolo.h"', ...lines.slice(22)].join('\n');
  const files = { 'yolo/yolo.h': header, 'yolo/main_yolo.cpp': source };
  assert.deepEqual(await lintWithSiblings(files, 'yolo/main_yolo.cpp', { input: { ...CPP_NET, width: 320, height: 320 } }), []);
  // blobFromImage is line 30 of the whole file, 9 of the source.
  assert.deepEqual(await lintWithSiblings(files, 'yolo/main_yolo.cpp', { input: { ...CPP_NET, width: 416, height: 416 } }), ['9 TP201']);
  // Without the header nothing is known about the struct: no size finding.
  const alone = { 'alone/main_yolo.cpp': source };
  assert.deepEqual(await lintWithSiblings(alone, 'alone/main_yolo.cpp', { input: { ...CPP_NET, width: 416, height: 416 } }), []);
});

test('python: a helper imported by name from a sibling module that reads and scales the image reaches the model through its call', async () => {
  const files = {
    'keras/utils/image_utils.py': [
      'import numpy as np',
      'import cv2',
      '',
      'def load_and_preprocess_image(img_path):',
      '    img = cv2.imread(img_path)',
      '    img = cv2.resize(img, (224, 224))',
      '    arr = np.expand_dims(img.astype(np.float32), axis=0) / 255.0',
      '    return img, arr',
    ].join('\n'),
    'keras/predict.py': [
      'import numpy as np',
      'from tensorflow.keras.models import load_model',
      'from utils.image_utils import load_and_preprocess_image',
      '',
      "original_img, img_array = load_and_preprocess_image('example.jpg')",
      "model = load_model('m.h5')",
      'predictions = model.predict(img_array)',
    ].join('\n'),
  };
  const match = { width: 224, height: 224, colorOrder: 'BGR' };
  assert.deepEqual(await lintWithSiblings(files, 'keras/predict.py', { input: match }), []);
  // The helper's scaling (and its BGR read) are reported on the line that calls it.
  assert.deepEqual(await lintWithSiblings(files, 'keras/predict.py', { input: { ...match, colorOrder: 'RGB', scale: 1 / 127.5, mean: [1, 1, 1] } }), [
    '5 TP101',
    '5 TP301',
  ]);
  // A local function of the same name is the one called: the sibling is not read for it.
  const local = {
    ...files,
    'keras/predict.py': files['keras/predict.py'].replace(
      'from utils.image_utils import load_and_preprocess_image',
      'def load_and_preprocess_image(p):\n    return None, None',
    ),
  };
  assert.deepEqual(await lintWithSiblings(local, 'keras/predict.py', { input: { ...match, scale: 1 / 127.5, mean: [1, 1, 1] } }), []);
});
