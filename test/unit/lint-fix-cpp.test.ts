// C++ patterns the linter missed on real files of rounds heldout-15 to heldout-17 (test/corpus/lint/cases.json): a
// pixel's channels written one by one through a pointer into a Mat's rows, an OpenVINO Inference Engine blob filled
// through MemoryBlob::wmap(), a cv::Mat parameter's bytes taken as they are, LibTorch's toType(kFloat). Each fixture is our own minimal
// reproduction, with a matching spec (no finding) and a different one (one finding per deviation, on the line a person
// would fix), and a near miss the fix must leave alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

const ROW_POINTER = [
  '#include <opencv2/opencv.hpp>',
  'void runModel(float* input, int n);',
  'int main(int argc, char** argv) {',
  '    cv::Mat frame = cv::imread(argv[1]);',
  '    cv::resize(frame, frame, cv::Size(224, 224));',
  '    float* blob = new float[3 * 224 * 224];',
  '    const int area = frame.rows * frame.cols;',
  '    int n = 0;',
  '    for (int y = 0; y < frame.rows; ++y) {',
  '        unsigned char* px = frame.data + y * frame.step;',
  '        for (int x = 0; x < frame.cols; ++x) {',
  '            blob[n] = (px[2] / 255.0f - 0.485f) / 0.229f;',
  '            blob[n + area] = (px[1] / 255.0f - 0.456f) / 0.224f;',
  '            blob[n + 2 * area] = (px[0] / 255.0f - 0.406f) / 0.225f;',
  '            px += 3;',
  '            n++;',
  '        }',
  '    }',
  '    runModel(blob, 3 * area);',
  '}',
].join('\n');

test("cpp: a row pointer's [2], [1], [0] written into planes are the image in RGB, channels-first, each with its constants", async () => {
  assert.deepEqual(at(await lintText('cpp', ROW_POINTER, specWith({ input: { ...IMAGENET, layout: 'NCHW' } }))), []);
  const differ = { colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NHWC' };
  assert.deepEqual(at(await lintText('cpp', ROW_POINTER, specWith({ input: differ }))).sort(), ['12 TP101', '12 TP301', '12 TP401']);
});

const VEC3B = [
  '#include <opencv2/opencv.hpp>',
  '#include "tensorflow/lite/interpreter.h"',
  'void classify(tflite::Interpreter* interp, const char* path) {',
  '    cv::Mat img = cv::imread(path);',
  '    cv::resize(img, img, cv::Size(224, 224));',
  '    float* in = interp->typed_input_tensor<float>(0);',
  '    for (int r = 0; r < 224; r++) {',
  '        for (int c = 0; c < 224; c++) {',
  '            in[(r * 224 + c) * 3] = img.at<cv::Vec3b>(r, c)[0] / 255.0f;',
  '            in[(r * 224 + c) * 3 + 1] = img.at<cv::Vec3b>(r, c)[1] / 255.0f;',
  '            in[(r * 224 + c) * 3 + 2] = img.at<cv::Vec3b>(r, c)[2] / 255.0f;',
  '        }',
  '    }',
  '    interp->Invoke();',
  '}',
].join('\n');

test('cpp: Vec3b channels written side by side are one interleaved image: one finding per deviation', async () => {
  assert.deepEqual(at(await lintText('cpp', VEC3B, specWith({ input: { colorOrder: 'BGR', layout: 'NHWC' } }))), []);
  const differ = { colorOrder: 'RGB', layout: 'NCHW', scale: 1 };
  assert.deepEqual(at(await lintText('cpp', VEC3B, specWith({ input: differ }))).sort(), ['4 TP101', '9 TP301', '9 TP401']);
});

test('cpp: three writes at unrelated indices are not one pixel: no layout is read from them', async () => {
  const loose = VEC3B.replace('in[(r * 224 + c) * 3 + 1]', 'in[r]').replace('in[(r * 224 + c) * 3 + 2]', 'in[c]');
  const found = at(await lintText('cpp', loose, specWith({ input: { colorOrder: 'RGB', layout: 'NCHW', scale: 1 } })));
  assert.ok(!found.some((k) => k.endsWith('TP401')), found.join(', '));
});

const IE_BLOB = [
  '#include <inference_engine.hpp>',
  '#include <opencv2/opencv.hpp>',
  'class Seg {',
  'public:',
  '    void fill(cv::Mat& frame, InferenceEngine::Blob::Ptr& target);',
  '    void run(cv::Mat frame);',
  '    InferenceEngine::InferRequest request_;',
  '    std::string in_name_ = "images";',
  '};',
  'void Seg::fill(cv::Mat& frame, InferenceEngine::Blob::Ptr& target)',
  '{',
  '    InferenceEngine::MemoryBlob::Ptr mem = InferenceEngine::as<InferenceEngine::MemoryBlob>(target);',
  '    auto holder = mem->wmap();',
  '    float* dst = holder.as<float*>();',
  '    for (size_t ch = 0; ch < 3; ch++)',
  '        for (size_t y = 0; y < frame.rows; y++)',
  '            for (size_t x = 0; x < frame.cols; x++)',
  '                dst[ch * frame.cols * frame.rows + y * frame.cols + x] =',
  '                    (float)frame.at<cv::Vec3b>(y, x)[ch];',
  '}',
  'void Seg::run(cv::Mat frame)',
  '{',
  '    InferenceEngine::Blob::Ptr in = request_.GetBlob(in_name_);',
  '    fill(frame, in);',
  '    request_.Infer();',
  '}',
].join('\n');

test("cpp: an input blob's wmap().as<float *>() filled by a helper from a Mat parameter's bytes is the model input", async () => {
  assert.deepEqual(at(await lintText('cpp', IE_BLOB, specWith({ input: { colorOrder: 'BGR', scale: 1, layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('cpp', IE_BLOB, specWith({ input: { colorOrder: 'RGB', layout: 'NHWC' } }))).sort(), ['18 TP401', '19 TP101', '19 TP301']);
});

test('cpp: an output blob (GetBlob of an output name) is not the input, and a converted Mat is not judged as BGR', async () => {
  const output = IE_BLOB.replace('request_.GetBlob(in_name_)', 'request_.GetBlob(out_name_)');
  const kept = at(await lintText('cpp', output, specWith({ input: { colorOrder: 'RGB', layout: 'NCHW' } })));
  assert.deepEqual(kept, []);
  const converted = IE_BLOB.replace('    fill(frame, in);', '    cv::cvtColor(frame, frame, cv::COLOR_BGR2RGB);\n    fill(frame, in);');
  const found = at(await lintText('cpp', converted, specWith({ input: { colorOrder: 'RGB', scale: 1, layout: 'NCHW' } })));
  assert.deepEqual(found, []);
});

const TORCH_PARAM = [
  '#include <torch/script.h>',
  '#include <opencv2/opencv.hpp>',
  'class Net {',
  'public:',
  '    torch::Tensor prep(cv::Mat& img);',
  '    void run(cv::Mat frame);',
  '    torch::jit::script::Module module_;',
  '};',
  'torch::Tensor Net::prep(cv::Mat& img)',
  '{',
  '    torch::Tensor t = torch::from_blob(img.data, {1, img.rows, img.cols, 3}, torch::kByte);',
  '    t = t.permute({0, 3, 1, 2});',
  '    t = t.toType(torch::kFloat);',
  '    t = t.sub(127.5f);',
  '    t = t.div(127.5f);',
  '    return t;',
  '}',
  'void Net::run(cv::Mat frame)',
  '{',
  '    auto x = prep(frame);',
  '    auto y = module_.forward({x}).toTensor();',
  '}',
].join('\n');

test("cpp: LibTorch toType(kFloat) keeps the tensor, and from_blob over a Mat parameter's bytes (kByte) is BGR 0–255", async () => {
  const match = { colorOrder: 'BGR', scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', TORCH_PARAM, specWith({ input: match }))), []);
  const differ = { colorOrder: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', TORCH_PARAM, specWith({ input: differ }))).sort(), ['11 TP101', '14 TP301']);
});

test('cpp: from_blob over float data of a Mat parameter is not taken as its raw bytes', async () => {
  const floats = TORCH_PARAM.replace('torch::kByte', 'torch::kFloat32').replace('    t = t.toType(torch::kFloat);\n', '');
  const found = at(await lintText('cpp', floats, specWith({ input: { colorOrder: 'RGB', scale: 1 / 255, layout: 'NCHW' } })));
  assert.ok(!found.includes('11 TP101'), found.join(', '));
});
