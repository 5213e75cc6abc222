// Patterns from the eighth held-out round of real files (test/corpus/lint/cases.json, round "heldout-8": small apps)
// that the linter missed or got wrong before. Each fixture is our own minimal reproduction, with a matching spec (no
// finding) and a different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const PY_CALLER_LOCALS = [
  'import tensorflow as tf',
  '',
  'def read_tensor(path, input_height=299, input_width=299, input_mean=0, input_std=255):',
  '    raw = tf.io.read_file(path)',
  '    img = tf.cast(tf.image.decode_jpeg(raw, channels=3), tf.float32)',
  '    img = tf.image.resize(tf.expand_dims(img, 0), [input_height, input_width])',
  '    return tf.divide(tf.subtract(img, [input_mean]), [input_std])',
  '',
  'def main(model):',
  '    input_height = 128',
  '    input_width = 128',
  '    input_mean = 128',
  '    input_std = 128',
  '    t = read_tensor("x.jpg", input_height=input_height, input_width=input_width, input_mean=input_mean, input_std=input_std)',
  '    return model.predict(t)',
].join('\n');

const MATCH = { width: 128, height: 128, resize: { library: 'tf', method: 'bilinear' }, scale: 1, mean: [128, 128, 128], std: [128, 128, 128] };

test("python: keyword arguments that are the caller's local constants override the parameters' defaults", async () => {
  assert.deepEqual(at(await lintText('python', PY_CALLER_LOCALS, specWith({ input: MATCH }))), []);
  const findings = await lintText(
    'python',
    PY_CALLER_LOCALS,
    specWith({ input: { ...MATCH, width: 224, height: 224, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } }),
  );
  assert.deepEqual(at(findings), ['6 TP201', '7 TP301']);
  assert.match(findings[0]!.message, /width 128 × height 128.*224 × 224/);
});

test("python: positional arguments that are the caller's local constants are followed too", async () => {
  const positional = PY_CALLER_LOCALS.replace(
    /input_height=input_height, input_width=input_width, input_mean=input_mean, input_std=input_std/,
    'input_height, input_width, input_mean, input_std',
  );
  assert.deepEqual(at(await lintText('python', positional, specWith({ input: MATCH }))), []);
  assert.deepEqual(at(await lintText('python', positional, specWith({ input: { ...MATCH, width: 224, height: 224 } }))), ['6 TP201']);
});

test('python: a name two callers set to different constants (or a caller receives as a parameter) stays unknown', async () => {
  const two =
    PY_CALLER_LOCALS +
    '\n\ndef other(model):\n    input_height = 64\n    input_width = 64\n    return model.predict(read_tensor("y.jpg", input_height=input_height, input_width=input_width))';
  // The two calls disagree on the size, so no size is judged; the mean and std (128 in one call, the defaults in the
  // other) are not either.
  assert.deepEqual(at(await lintText('python', two, specWith({ input: { ...MATCH, width: 224, height: 224 } }))), []);
  const param = PY_CALLER_LOCALS.replace('def main(model):\n    input_height = 128\n', 'def main(model, input_height):\n');
  const findings = await lintText('python', param, specWith({ input: { ...MATCH, width: 224, height: 224 } }));
  assert.deepEqual(at(findings), []);
});

const CPP_ORT_GATHER = [
  '#include <opencv2/opencv.hpp>',
  '#include <onnxruntime_cxx_api.h>',
  '',
  'void Net::run(const cv::Mat& image) {',
  '    cv::Mat dst;',
  '    cv::resize(image, dst, cv::Size(224, 224));',
  '    std::vector<float> input(tensor_size_);',
  '    for (int c = 0; c < 3; c++)',
  '        for (int i = 0; i < 224; i++)',
  '            for (int j = 0; j < 224; j++)',
  '                input[c * 224 * 224 + i * 224 + j] = dst.at<cv::Vec3b>(i, j)[c] / 255.0f;',
  '    Ort::MemoryInfo mem = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);',
  '    Ort::Value tensor = Ort::Value::CreateTensor<float>(mem, input.data(), input.size(), dims_.data(), dims_.size());',
  '    auto out = session.Run(Ort::RunOptions{nullptr}, in_names, &tensor, 1, out_names, 1);',
  '}',
].join('\n');

test("c++: a buffer wrapped by Ort::Value::CreateTensor and run as session.Run(..., &tensor, ...) is the model's input, also when declared as std::vector<float> input(count_)", async () => {
  const match = { width: 224, height: 224, colorOrder: 'BGR', scale: 1 / 255, layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', CPP_ORT_GATHER, specWith({ input: match }))), []);
  const findings = await lintText('cpp', CPP_ORT_GATHER, specWith({ input: { ...match, scale: 1 } }));
  assert.deepEqual(at(findings), ['11 TP301']);
  assert.match(findings[0]!.message, /255/);
  // The same buffer handed to a function the file does not know is not judged (it may not be the model).
  const elsewhere = CPP_ORT_GATHER.replace('Ort::Value::CreateTensor<float>', 'makeSomething');
  assert.deepEqual(at(await lintText('cpp', elsewhere, specWith({ input: { ...match, scale: 1 } }))), []);
});

test('c++: a prototype-looking declaration is a buffer only for a std::vector of a lower-case variable name', async () => {
  // `std::vector<float> make(Frame);` at file scope declares a function: nothing is made of it, no finding.
  const proto = '#include <vector>\nstd::vector<float> make(Frame);\nstd::vector<float> other(Config cfg);\n';
  assert.deepEqual(at(await lintText('cpp', proto, specWith({ input: { scale: 1 } }))), []);
});

const CPP_PTR_GATHER = [
  '#include <opencv2/opencv.hpp>',
  '#include <onnxruntime_cxx_api.h>',
  '',
  'void Net::run(const cv::Mat& image) {',
  '    cv::Mat dst;',
  '    cv::resize(image, dst, cv::Size(224, 224));',
  '    std::vector<float> input(tensor_size_);',
  '    for (int c = 0; c < 3; c++)',
  '        for (int i = 0; i < 224; i++)',
  '            for (int j = 0; j < 224; j++) {',
  '                float pix = dst.ptr<uchar>(i)[j * 3 + 2 - c];',
  '                input[c * 224 * 224 + i * 224 + j] = pix / 255.0f;',
  '            }',
  '    Ort::Value tensor = Ort::Value::CreateTensor<float>(mem_, input.data(), input.size(), dims_.data(), dims_.size());',
  '    auto out = session.Run(Ort::RunOptions{nullptr}, in_names, &tensor, 1, out_names, 1);',
  '}',
].join('\n');

test('c++: a gather loop reading channel 2 − c (at<cv::Vec3b>(i, j)[2 - c], ptr<uchar>(i)[j * 3 + 2 - c]) gives RGB, and writes at c × H × W + i × W + j are channels-first', async () => {
  const match = { width: 224, height: 224, scale: 1 / 255, layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', CPP_PTR_GATHER, specWith({ input: match }))), []);
  const findings = await lintText('cpp', CPP_PTR_GATHER, specWith({ input: { ...match, colorOrder: 'BGR', layout: 'NHWC' } }));
  assert.deepEqual(at(findings).sort(), ['11 TP101', '12 TP401']);
  assert.match(findings.find((f) => f.code === 'TP401')!.message, /channel planes/);
  const vec3b = CPP_PTR_GATHER.replace('dst.ptr<uchar>(i)[j * 3 + 2 - c]', 'dst.at<cv::Vec3b>(i, j)[2 - c]');
  assert.deepEqual(at(await lintText('cpp', vec3b, specWith({ input: { ...match, colorOrder: 'BGR' } }))), ['11 TP101']);
  // Reading channel c keeps OpenCV's BGR order; writing (i * W + j) * 3 + c keeps the channels last.
  const same = CPP_PTR_GATHER.replace('j * 3 + 2 - c', 'j * 3 + c').replace('c * 224 * 224 + i * 224 + j', '(i * 224 + j) * 3 + c');
  assert.deepEqual(at(await lintText('cpp', same, specWith({ input: { ...match, colorOrder: 'BGR', layout: 'NHWC' } }))), []);
});

const CPP_COUNTER_GATHER = [
  '#include <opencv2/opencv.hpp>',
  '#include <onnxruntime_cxx_api.h>',
  '',
  'void run(Ort::Session& session, const cv::Mat& frame) {',
  '    cv::Mat resized;',
  '    cv::resize(frame, resized, cv::Size(640, 360));',
  '    std::vector<float> inputData(3 * 640 * 360);',
  '    int idx = 0;',
  '    for (int c = 0; c < 3; ++c)',
  '        for (int i = 0; i < 360; ++i)',
  '            for (int j = 0; j < 640; ++j)',
  '                inputData[idx++] = resized.at<cv::Vec3b>(i, j)[2 - c] / 255.0f;',
  '    Ort::Value t = Ort::Value::CreateTensor<float>(mem_, inputData.data(), inputData.size(), dims_.data(), 4);',
  '    session.Run(Ort::RunOptions{nullptr}, in_names, &t, 1, out_names, 1);',
  '}',
].join('\n');

test('c++: a gather loop writing through a counter (buf[idx++]) with the channel loop outermost is channels-first; innermost keeps channels last', async () => {
  const match = { width: 640, height: 360, scale: 1 / 255, layout: 'NCHW' };
  assert.deepEqual(at(await lintText('cpp', CPP_COUNTER_GATHER, specWith({ input: match }))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_COUNTER_GATHER, specWith({ input: { ...match, layout: 'NHWC' } }))), ['12 TP401']);
  const hwc = CPP_COUNTER_GATHER.replace(
    '    for (int c = 0; c < 3; ++c)\n        for (int i = 0; i < 360; ++i)\n            for (int j = 0; j < 640; ++j)',
    '    for (int i = 0; i < 360; ++i)\n        for (int j = 0; j < 640; ++j)\n            for (int c = 0; c < 3; ++c)',
  );
  assert.notEqual(hwc, CPP_COUNTER_GATHER);
  assert.deepEqual(at(await lintText('cpp', hwc, specWith({ input: { ...match, layout: 'NHWC' } }))), []);
});
