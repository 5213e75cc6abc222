// Patterns from the fifth held-out round of real files (test/corpus/lint/cases.json, round "heldout-5") that the
// linter missed before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const JS_FROM_PIXELS_ASYNC = [
  "import * as tf from '@tensorflow/tfjs';",
  'export async function predict(img) {',
  "  const model = await tf.loadGraphModel('m/model.json');",
  '  let t = await tf.browser.fromPixelsAsync(img);',
  "  t = tf.image.resizeBilinear(t, [224, 224]).cast('float32').div(255);",
  '  return model.predict(t.expandDims(0));',
  '}',
].join('\n');

test('js: tf.browser.fromPixelsAsync is a pixel source like fromPixels (RGB, 0–255)', async () => {
  const spec = { input: { resize: { library: 'tfjs', method: 'bilinear' } } };
  assert.deepEqual(at(await lintText('javascript', JS_FROM_PIXELS_ASYNC, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', JS_FROM_PIXELS_ASYNC, specWith({ input: { ...spec.input, scale: 1 / 127.5, mean: [1, 1, 1] } }))), [
    '5 TP301',
  ]);
  // A function of the same name on something else is not a pixel source: no finding whatever the spec.
  const other = JS_FROM_PIXELS_ASYNC.replace('tf.browser.fromPixelsAsync(img)', 'loader.fromPixelsAsync(img)');
  assert.deepEqual(at(await lintText('javascript', other, specWith({ input: { ...spec.input, scale: 1 / 127.5, mean: [1, 1, 1] } }))), []);
});

const JS_JIMP_RESIZE = [
  "const Jimp = require('jimp');",
  "const ort = require('onnxruntime-node');",
  'async function classify(path, session) {',
  '  const image = await Jimp.read(path);',
  '  image.resize(224, 224);',
  '  const data = image.bitmap.data;',
  '  const [r, g, b] = [[], [], []];',
  '  for (let i = 0; i < data.length; i += 4) {',
  '    r.push(data[i] / 255);',
  '    g.push(data[i + 1] / 255);',
  '    b.push(data[i + 2] / 255);',
  '  }',
  "  const t = new ort.Tensor('float32', Float32Array.from([...r, ...g, ...b]), [1, 3, 224, 224]);",
  '  return session.run({ input: t });',
  '}',
].join('\n');

test("js: a Jimp image's resize(w, h) size is checked against the spec, with a fix for literal sizes", async () => {
  const spec = { input: { layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_RESIZE, specWith(spec))), []);
  const findings = await lintText('javascript', JS_JIMP_RESIZE, specWith({ input: { layout: 'NCHW', width: 256, height: 256 } }));
  assert.deepEqual(at(findings), ['5 TP201']);
  assert.match(findings[0].message, /Jimp resize resizes to width 224 × height 224.*256 × 256/);
  assert.equal(findings[0].fix?.edits[0]?.newText, '256, 256');
  // Jimp.AUTO (-1) keeps the aspect ratio: no size to judge. A resize of something that is not a Jimp image is not judged.
  assert.deepEqual(
    at(
      await lintText(
        'javascript',
        JS_JIMP_RESIZE.replace('resize(224, 224)', 'resize(224, Jimp.AUTO)'),
        specWith({ input: { layout: 'NCHW', width: 256, height: 256 } }),
      ),
    ),
    [],
  );
  const notJimp = JS_JIMP_RESIZE.replace('await Jimp.read(path)', 'await loadPicture(path)');
  assert.deepEqual(at(await lintText('javascript', notJimp, specWith({ input: { layout: 'NCHW', width: 256, height: 256 } }))), []);
});

const CPP_TENSORRT_HOST_BUFFER = [
  '#include <opencv2/opencv.hpp>',
  '#include "buffers.h"',
  'bool Sample::processInput(const samplesCommon::BufferManager& buffers)',
  '{',
  '    cv::Mat image = cv::imread("cat.jpg", cv::IMREAD_COLOR);',
  '    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);',
  '    cv::Mat resized;',
  '    cv::resize(image, resized, cv::Size(224, 224));',
  '    resized.convertTo(resized, CV_32FC3, 1.0 / 255);',
  '    float* host = static_cast<float*>(buffers.getHostBuffer(mParams.inputTensorNames[0]));',
  '    memcpy(host, resized.data, 224 * 224 * 3 * sizeof(float));',
  '    return true;',
  '}',
].join('\n');

test("cpp: TensorRT's BufferManager host buffer (getHostBuffer) is where the model input is written", async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_TENSORRT_HOST_BUFFER, specWith({}))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_TENSORRT_HOST_BUFFER, specWith({ input: { colorOrder: 'BGR' } }))), ['6 TP101']);
  assert.deepEqual(at(await lintText('cpp', CPP_TENSORRT_HOST_BUFFER, specWith({ input: { scale: 1 / 127.5, mean: [1, 1, 1] } }))), ['9 TP301']);
  // Reading the output buffer back is not a model input: a copy out of it gives no finding.
  const output = CPP_TENSORRT_HOST_BUFFER.replace(
    '    memcpy(host, resized.data, 224 * 224 * 3 * sizeof(float));',
    '    float scores[1000];\n    memcpy(scores, host, sizeof(scores));',
  );
  assert.deepEqual(at(await lintText('cpp', output, specWith({ input: { colorOrder: 'BGR' } }))), []);
});

const CPP_OUT_OF_LINE_MEMBERS = [
  '#include <opencv2/opencv.hpp>',
  'class Classifier',
  '{',
  '    static const int INPUT_H = 224;',
  '    static const int INPUT_W = 224;',
  'public:',
  '    bool run(const std::string& path, float* input);',
  '};',
  'bool Classifier::run(const std::string& path, float* input)',
  '{',
  '    cv::Mat image = cv::imread(path);',
  '    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);',
  '    cv::Mat dst = cv::Mat::zeros(INPUT_H, INPUT_W, CV_32FC3);',
  '    cv::resize(image, dst, dst.size());',
  '    dst.convertTo(dst, CV_32FC3, 1.0 / 255);',
  '    float* host = interpreter->typed_input_tensor<float>(0);',
  '    memcpy(host, dst.data, INPUT_H * INPUT_W * 3 * sizeof(float));',
  '    return true;',
  '}',
].join('\n');

test("cpp: a method defined outside its class reads the class's constants; m.size() of a Mat made with a size is that size", async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_OUT_OF_LINE_MEMBERS, specWith({}))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_OUT_OF_LINE_MEMBERS, specWith({ input: { width: 256, height: 256 } }))), ['14 TP201']);
  // cv::Size(INPUT_W, INPUT_H) of the members, and a Mat(rows, cols, type) constructor, give the same size.
  const sized = CPP_OUT_OF_LINE_MEMBERS.replace('dst.size()', 'cv::Size(INPUT_W, INPUT_H)');
  assert.deepEqual(at(await lintText('cpp', sized, specWith({ input: { width: 256, height: 256 } }))), ['14 TP201']);
  const ctor = CPP_OUT_OF_LINE_MEMBERS.replace(
    'cv::Mat dst = cv::Mat::zeros(INPUT_H, INPUT_W, CV_32FC3);',
    'cv::Mat dst(cv::Size(INPUT_W, INPUT_H), CV_32FC3);',
  );
  assert.deepEqual(at(await lintText('cpp', ctor, specWith({ input: { width: 256, height: 256 } }))), ['14 TP201']);
  // A member of another class, or a Mat of unknown size (a parameter), gives no size: no finding.
  const other = CPP_OUT_OF_LINE_MEMBERS.replace('bool Classifier::run', 'bool Detector::run');
  assert.deepEqual(at(await lintText('cpp', other, specWith({ input: { width: 256, height: 256 } }))), []);
  const unknown = CPP_OUT_OF_LINE_MEMBERS.replace('cv::Mat dst = cv::Mat::zeros(INPUT_H, INPUT_W, CV_32FC3);', 'cv::Mat dst = makeCanvas();');
  assert.deepEqual(at(await lintText('cpp', unknown, specWith({ input: { width: 256, height: 256 } }))), []);
});

const JS_JIMP_INTERLEAVED = [
  'async function classify(path, session) {',
  '  const img = await Jimp.read(path);',
  '  img.resize(224, 224);',
  '  let index = 0;',
  '  const data = new Float32Array(3 * 224 * 224);',
  '  for (let i = 0; i < img.bitmap.data.length; i += 4) {',
  '    data[index] = img.bitmap.data[i] / 255;',
  '    data[index + 1] = img.bitmap.data[i + 1] / 255;',
  '    data[index + 2] = img.bitmap.data[i + 2] / 255;',
  '    index += 3;',
  '  }',
  "  return session.run({ input: new ort.Tensor('float32', data, [1, 224, 224, 3]) });",
  '}',
].join('\n');

test("js: a Jimp bitmap's bytes read one channel at a time (bitmap.data[i + c]) carry that channel", async () => {
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_INTERLEAVED, specWith({}))), []);
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_INTERLEAVED, specWith({ input: { scale: 1 / 127.5, mean: [1, 1, 1] } }))), ['7 TP301']);
  // Something else's .bitmap.data is not pixels: no finding whatever the spec.
  const other = JS_JIMP_INTERLEAVED.replace('await Jimp.read(path)', 'await loadSprite(path)');
  assert.deepEqual(at(await lintText('javascript', other, specWith({ input: { scale: 1 / 127.5, mean: [1, 1, 1] } }))), []);
});
