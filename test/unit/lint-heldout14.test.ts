// Patterns from the fourteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-14": ONNX
// Runtime, LibTorch and TFLite C++ programs and Python model classes) that the linter missed before. Each fixture is
// our own minimal reproduction, with a matching spec (no finding) and a different one (one finding per deviation, on
// the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const LIBTORCH = [
  '#include <torch/script.h>',
  '#include <opencv2/opencv.hpp>',
  'int main(int argc, const char* argv[]) {',
  '  torch::jit::script::Module module = torch::jit::load(argv[1]);',
  '  cv::Mat image = cv::imread(argv[2], 1);',
  '  cv::cvtColor(image, image, CV_BGR2RGB);',
  '  cv::Mat img_float;',
  '  image.convertTo(img_float, CV_32F, 1.0 / 255);',
  '  cv::resize(img_float, img_float, cv::Size(224, 224));',
  '  auto t = torch::from_blob(img_float.data, {1, 224, 224, 3});',
  '  t = t.permute({0, 3, 1, 2});',
  '  std::vector<torch::jit::IValue> inputs;',
  '  inputs.push_back(t);',
  '  at::Tensor out = module.forward(inputs).toTensor();',
  '  return 0;',
  '}',
].join('\n');

test('cpp: the C API colour codes (CV_BGR2RGB) convert like COLOR_BGR2RGB', async () => {
  const rgb = specWith({ input: { layout: 'NCHW' } });
  assert.deepEqual(at(await lintText('cpp', LIBTORCH, rgb)), []);
  assert.deepEqual(at(await lintText('cpp', LIBTORCH, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), ['6 TP101']);
  // CV_BGR2GRAY makes a gray image, as COLOR_BGR2GRAY does.
  const gray = LIBTORCH.replace('CV_BGR2RGB', 'CV_BGR2GRAY');
  assert.deepEqual(at(await lintText('cpp', gray, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
});

test('cpp: names that only contain CV_… are no colour codes (the order stays unknown)', async () => {
  const own = LIBTORCH.replace('CV_BGR2RGB', 'MY_CV_BGR2RGB');
  // Without a known conversion the imread image stays BGR: a BGR spec is met, an RGB one is not (on the read).
  assert.deepEqual(at(await lintText('cpp', own, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('cpp', own, specWith({ input: { layout: 'NCHW' } }))), ['5 TP101']);
});

const BLOBS_CPP = [
  '#include <opencv2/opencv.hpp>',
  '#include <onnxruntime_cxx_api.h>',
  'class Detector {',
  ' public:',
  '  void detect(cv::Mat& frame);',
  ' private:',
  '  Ort::Session* session_;',
  '  const int _netWidth = 640;',
  '  const int _netHeight = 640;',
  '};',
  'void Detector::detect(cv::Mat& frame) {',
  '  cv::Size input_size(_netWidth, _netHeight);',
  '  std::vector<cv::Mat> images = { frame };',
  '  cv::Mat blob = cv::dnn::blobFromImages(images, 1 / 255.0, input_size, cv::Scalar(0, 0, 0), true, false);',
  '  std::vector<int64_t> shape = { 1, 3, 640, 640 };',
  '  auto info = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);',
  '  Ort::Value t = Ort::Value::CreateTensor<float>(info, (float*)blob.data, 3 * 640 * 640, shape.data(), shape.size());',
  '  auto out = session_->Run(Ort::RunOptions{ nullptr }, nullptr, &t, 1, nullptr, 1);',
  '}',
].join('\n');

const YOLO = { width: 640, height: 640, layout: 'NCHW' };

test('cpp: cv::dnn::blobFromImages is blobFromImage on each image of the list (size, scale, NCHW)', async () => {
  assert.deepEqual(at(await lintText('cpp', BLOBS_CPP, specWith({ input: YOLO }))), []);
  const other = specWith({ input: { ...YOLO, width: 320, height: 320, scale: 1 / 127.5, mean: [1, 1, 1] } });
  assert.deepEqual(at(await lintText('cpp', BLOBS_CPP, other)).sort(), ['14 TP201', '14 TP301']);
  // A list filled where the analysis cannot follow it still holds 0–255 pixels the blob scales.
  const filled = BLOBS_CPP.replace('  std::vector<cv::Mat> images = { frame };', '  std::vector<cv::Mat> images;\n  fill(frame, images);');
  assert.deepEqual(at(await lintText('cpp', filled, specWith({ input: YOLO }))), []);
  assert.deepEqual(at(await lintText('cpp', filled, other)).sort(), ['15 TP201', '15 TP301']);
});

test('python: cv2.dnn.blobFromImages of a list of read images swaps, scales and lays out like blobFromImage', async () => {
  const py = [
    'import cv2',
    'net = cv2.dnn.readNetFromONNX("m.onnx")',
    'img = cv2.imread("a.jpg")',
    'blob = cv2.dnn.blobFromImages([img], 1 / 255.0, (640, 640), swapRB=True)',
    'net.setInput(blob)',
    'out = net.forward()',
  ].join('\n');
  assert.deepEqual(at(await lintText('python', py, specWith({ input: YOLO }))), []);
  // OpenCV dnn takes NCHW blobs: no layout finding under an NHWC spec, but the order and the scale are judged.
  const other = specWith({ input: { ...YOLO, layout: 'NHWC', colorOrder: 'BGR', scale: 1 } });
  assert.deepEqual(at(await lintText('python', py, other)).sort(), ['4 TP101', '4 TP301']);
});

test('cpp: `cv::Size s(_w, _h);` with member names in the parentheses is a size, not a prototype', async () => {
  const other = specWith({ input: { ...YOLO, width: 320, height: 320 } });
  const single = BLOBS_CPP.replace('cv::dnn::blobFromImages(images,', 'cv::dnn::blobFromImage(frame,');
  assert.deepEqual(at(await lintText('cpp', single, specWith({ input: YOLO }))), []);
  assert.deepEqual(at(await lintText('cpp', single, other)), ['14 TP201']);
  // Capitalised names in the parentheses are types: the line stays a function declaration, and no size is known.
  const types = single.replace('cv::Size input_size(_netWidth, _netHeight);', 'cv::Size input_size(Width, Height);');
  assert.deepEqual(at(await lintText('cpp', types, other)), []);
});

const PLANES = LIBTORCH.replace(
  '  t = t.permute({0, 3, 1, 2});\n',
  [
    '  t = t.permute({0, 3, 1, 2});',
    '  t[0][0] = t[0][0].sub_(0.485).div_(0.229);',
    '  t[0][1] = t[0][1].sub_(0.456).div_(0.224);',
    '  t[0][2] = t[0][2].sub_(0.406).div_(0.225);',
    '',
  ].join('\n'),
);
const IMAGENET = { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

test('cpp: LibTorch t[0][c] = t[0][c].sub_(m).div_(s) normalises channel c of a channels-first batch', async () => {
  assert.deepEqual(at(await lintText('cpp', PLANES, specWith({ input: IMAGENET }))), []);
  assert.deepEqual(at(await lintText('cpp', PLANES, specWith({ input: { layout: 'NCHW', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))), ['12 TP301']);
  // The in-place methods alone (no assignment) write the plane too.
  const bare = PLANES.replace(/ {2}t\[0\]\[(\d)\] = (t\[0\]\[\d\]\.sub_)/g, '  $2');
  assert.deepEqual(at(await lintText('cpp', bare, specWith({ input: IMAGENET }))), []);
});

test('cpp: LibTorch arithmetic without the underscore makes a new tensor and leaves the variable as it was', async () => {
  // t.sub(0.5) whose result is dropped changes nothing: the tensor is still x/255.
  const copy = LIBTORCH.replace('  t = t.permute({0, 3, 1, 2});\n', '  t = t.permute({0, 3, 1, 2});\n  auto u = t.sub(0.5).div(0.5);\n');
  assert.deepEqual(at(await lintText('cpp', copy, specWith({ input: { layout: 'NCHW' } }))), []);
  const used = copy.replace('inputs.push_back(t);', 'inputs.push_back(u);');
  assert.deepEqual(at(await lintText('cpp', used, specWith({ input: { layout: 'NCHW' } }))), ['12 TP301']);
});

const EMPLACE = [
  '#include <torch/script.h>',
  '#include <opencv2/opencv.hpp>',
  'void run(torch::jit::script::Module& module_, torch::Device device_) {',
  '  cv::Mat img = cv::imread("a.jpg");',
  '  cv::cvtColor(img, img, cv::COLOR_BGR2RGB);',
  '  img.convertTo(img, CV_32FC3, 1.0f / 255.0f);',
  '  auto t = torch::from_blob(img.data, {1, img.rows, img.cols, img.channels()}).to(device_);',
  '  t = t.permute({0, 3, 1, 2}).contiguous();',
  '  std::vector<torch::jit::IValue> inputs;',
  '  inputs.emplace_back(t);',
  '  torch::jit::IValue output = module_.forward(inputs);',
  '}',
].join('\n');

test('cpp: a tensor emplaced into a local vector reaches the model the vector goes to (from_blob with img.channels())', async () => {
  assert.deepEqual(at(await lintText('cpp', EMPLACE, specWith({ input: { layout: 'NCHW' } }))), []);
  // At the model the scale is judged strictly: x/255 where the spec wants (x/255 − 0.5)/0.5.
  const other = specWith({ input: { layout: 'NHWC', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
  assert.deepEqual(at(await lintText('cpp', EMPLACE, other)).sort(), ['6 TP301', '8 TP401']);
});

test("cpp: pushing into a caller's vector (a parameter) hands the tensor on, not to a model here", async () => {
  const param = EMPLACE.replace('torch::Device device_) {', 'torch::Device device_, std::vector<torch::jit::IValue>& inputs) {')
    .replace('  std::vector<torch::jit::IValue> inputs;\n', '')
    .replace('  torch::jit::IValue output = module_.forward(inputs);\n', '');
  const other = specWith({ input: { layout: 'NHWC', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
  assert.deepEqual(at(await lintText('cpp', param, other)), ['8 TP401']);
});

const ORT_VECTOR = BLOBS_CPP.replace('  std::vector<cv::Mat> images = { frame };', '  std::vector<cv::Mat> images;\n  fill(frame, images);')
  .replace('  Ort::Value t = ', '  std::vector<Ort::Value> input_tensors;\n  input_tensors.push_back(')
  .replace('shape.data(), shape.size());', 'shape.data(), shape.size()));')
  .replace('nullptr, &t, 1,', 'nullptr, input_tensors.data(), 1,');

test('cpp: an Ort tensor pushed into a local vector runs through vector.data() (a sink, judged strictly)', async () => {
  assert.deepEqual(at(await lintText('cpp', ORT_VECTOR, specWith({ input: YOLO }))), []);
  const other = specWith({ input: { ...YOLO, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
  assert.deepEqual(at(await lintText('cpp', ORT_VECTOR, other)), ['15 TP301']);
});

test('cpp: swapRB of a blob of OpenCV images of unknown order makes RGB', async () => {
  const bgr = specWith({ input: { ...YOLO, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
  assert.deepEqual(at(await lintText('cpp', ORT_VECTOR, bgr)).sort(), ['15 TP101', '15 TP301']);
});

test('cpp: without swapRB the blob of images of unknown order is not judged for order', async () => {
  const noSwap = ORT_VECTOR.replace('cv::Scalar(0, 0, 0), true, false)', 'cv::Scalar(0, 0, 0), false, false)');
  assert.deepEqual(at(await lintText('cpp', noSwap, specWith({ input: { ...YOLO, colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('cpp', noSwap, specWith({ input: YOLO }))), []);
});

const LETTERBOX_HELPER = [
  '#include <opencv2/opencv.hpp>',
  'std::vector<float> LetterboxImage(const cv::Mat& src, cv::Mat& dst, const cv::Size& out_size) {',
  '  float scale = std::min(out_size.width / (float)src.cols, out_size.height / (float)src.rows);',
  '  int mid_w = static_cast<int>(src.cols * scale);',
  '  int mid_h = static_cast<int>(src.rows * scale);',
  '  cv::resize(src, dst, cv::Size(mid_w, mid_h));',
  '  int left = (out_size.width - mid_w) / 2;',
  '  int top = (out_size.height - mid_h) / 2;',
  '  cv::copyMakeBorder(dst, dst, top, top, left, left, cv::BORDER_CONSTANT, cv::Scalar(114, 114, 114));',
  '  return {(float)left, (float)top, scale};',
  '}',
  'void run(cv::Mat img, cv::dnn::Net& net) {',
  '  cv::Mat input;',
  '  LetterboxImage(img, input, cv::Size(640, 640));',
  '  cv::Mat blob = cv::dnn::blobFromImage(input, 1 / 255.0, cv::Size(), cv::Scalar(), true);',
  '  net.setInput(blob);',
  '}',
].join('\n');
const LB = { width: 640, height: 640, layout: 'NCHW', resize: { fit: 'letterbox', padValue: 114 } };

test('cpp: the target size passed to a letterbox helper (resize to a computed size, then copyMakeBorder) is checked at the call', async () => {
  assert.deepEqual(at(await lintText('cpp', LETTERBOX_HELPER, specWith({ input: LB }))), []);
  assert.deepEqual(at(await lintText('cpp', LETTERBOX_HELPER, specWith({ input: { ...LB, width: 416, height: 416 } }))), ['14 TP201']);
});

test('cpp: a helper that resizes to a computed size without padding is not taken for a letterbox', async () => {
  const noPad = LETTERBOX_HELPER.replace(/ {2}cv::copyMakeBorder\(.*\n/, '');
  assert.deepEqual(at(await lintText('cpp', noPad, specWith({ input: { ...LB, width: 416, height: 416 } }))), []);
});

const CTOR_DEFAULT = [
  '#include <opencv2/opencv.hpp>',
  'class Detector {',
  ' public:',
  '  Detector(const std::string& path, const cv::Size& inputSize = cv::Size(640, 640));',
  '  void preprocess(cv::Mat& image, cv::dnn::Net& net);',
  ' private:',
  '  cv::Size2f inputImageShape;',
  '};',
  'Detector::Detector(const std::string& path, const cv::Size& inputSize = cv::Size(640, 640)) {',
  '  this->inputImageShape = cv::Size2f(inputSize);',
  '}',
  'void Detector::preprocess(cv::Mat& image, cv::dnn::Net& net) {',
  '  cv::Mat out;',
  '  cv::resize(image, out, this->inputImageShape);',
  '  cv::Mat blob = cv::dnn::blobFromImage(out, 1 / 255.0, cv::Size(), cv::Scalar(), true);',
  '  net.setInput(blob);',
  '}',
].join('\n');

test("cpp: a constructor's default argument (converted with cv::Size2f) is the member's value", async () => {
  const yolo = { width: 640, height: 640, layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', CTOR_DEFAULT, specWith({ input: yolo }))), []);
  assert.deepEqual(at(await lintText('cpp', CTOR_DEFAULT, specWith({ input: { ...yolo, width: 320, height: 320 } }))), ['14 TP201']);
});

test("cpp: another function's default argument (a display size) binds nothing", async () => {
  const show = [
    '#include <opencv2/opencv.hpp>',
    'void show(cv::Mat img, const cv::Size& out = cv::Size(128, 384)) {',
    '  cv::resize(img, img, out);',
    '  cv::imshow("result", img);',
    '}',
    'int main() {',
    '  cv::Mat img = cv::imread("a.jpg");',
    '  show(img);',
    '  return 0;',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('cpp', show, specWith({ input: { width: 128, height: 256 } }))), []);
});

const SPLIT_INTO = [
  '#include <opencv2/opencv.hpp>',
  '#include "tensorflow/lite/interpreter.h"',
  'void run(std::unique_ptr<tflite::Interpreter>& interpreter) {',
  '  cv::Mat img = cv::imread("a.jpg");',
  '  cv::cvtColor(img, img, cv::COLOR_BGR2RGB);',
  '  cv::resize(img, img, cv::Size(224, 224));',
  '  cv::Mat f;',
  '  img.convertTo(f, CV_32FC3, 1 / 255.0);',
  '  float* input = interpreter->typed_input_tensor<float>(0);',
  '  std::vector<cv::Mat> chw(3);',
  '  for (int i = 0; i < 3; ++i) chw[i] = cv::Mat(cv::Size(224, 224), CV_32FC1, input + i * 224 * 224);',
  '  cv::split(f, chw);',
  '  interpreter->Invoke();',
  '}',
].join('\n');

test('cpp: cv::split into Mats that wrap the input tensor writes the image there channels-first', async () => {
  assert.deepEqual(at(await lintText('cpp', SPLIT_INTO, specWith({ input: { layout: 'NCHW' } }))), []);
  const other = specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
  assert.deepEqual(at(await lintText('cpp', SPLIT_INTO, other)).sort(), ['12 TP401', '5 TP101', '8 TP301']);
});

test("cpp: cv::split into a pointer parameter's buffer is a store the caller's spec judges (order, layout)", async () => {
  const param = SPLIT_INTO.replace('void run(std::unique_ptr<tflite::Interpreter>& interpreter) {', 'void prep(cv::Mat& img, float*& input) {')
    .replace('  cv::Mat img = cv::imread("a.jpg");\n', '')
    .replace('  float* input = interpreter->typed_input_tensor<float>(0);', '  input = new float[3 * 224 * 224];')
    .replace('  interpreter->Invoke();\n', '');
  assert.deepEqual(at(await lintText('cpp', param, specWith({ input: { layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('cpp', param, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR' } }))).sort(), ['11 TP401', '4 TP101']);
});

test('cpp: cv::split into Mats of their own (no buffer) only separates the channels', async () => {
  const own = SPLIT_INTO.replace('CV_32FC1, input + i * 224 * 224);', 'CV_32FC1);');
  assert.deepEqual(at(await lintText('cpp', own, specWith({ input: { layout: 'NHWC' } }))), []);
});
