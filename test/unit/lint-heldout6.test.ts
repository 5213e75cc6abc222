// Patterns from the sixth held-out round of real files (test/corpus/lint/cases.json, round "heldout-6") that the
// linter missed or reported wrongly before. Each fixture is our own minimal reproduction, with a matching spec (no
// finding) and a different one (one finding per deviation, on the line a person would fix).
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

const CPP_NCNN = [
  '#include <ncnn/net.h>',
  '#include <opencv2/opencv.hpp>',
  'class Detector {',
  'public:',
  '    int run(cv::Mat& image);',
  'private:',
  '    ncnn::Net net;',
  '    const short size[2] = {352, 352};',
  '    const float norm[3] = {1 / 255.f, 1 / 255.f, 1 / 255.f};',
  '};',
  'int Detector::run(cv::Mat& image) {',
  '    ncnn::Extractor ex = net.create_extractor();',
  '    ncnn::Mat in =',
  '        ncnn::Mat::from_pixels_resize(image.data, ncnn::Mat::PIXEL_BGR2RGB, image.cols, image.rows, size[0], size[1]);',
  '    in.substract_mean_normalize(nullptr, norm);',
  '    ex.input("in0", in);',
  '    return 0;',
  '}',
].join('\n');

const NCNN_MATCH = { input: { width: 352, height: 352, layout: 'NCHW' } };

test('cpp: NCNN from_pixels_resize (PIXEL_ type, target size), substract_mean_normalize and Extractor::input', async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_NCNN, specWith(NCNN_MATCH))), []);
  const findings = await lintText(
    'cpp',
    CPP_NCNN,
    specWith({ input: { colorOrder: 'BGR', width: 320, height: 320, scale: 1 / 127.5, mean: [1, 1, 1], layout: 'NCHW' } }),
  );
  assert.deepEqual(at(findings), ['14 TP101', '14 TP201', '15 TP301']);
  assert.match(findings.find((f) => f.code === 'TP201')!.message, /ncnn::Mat::from_pixels_resize resizes to width 352 × height 352/);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /substract_mean_normalize's norm/);
  // An ncnn::Mat is CHW: an NHWC spec is a layout finding on the call that makes it.
  assert.deepEqual(at(await lintText('cpp', CPP_NCNN, specWith({ input: { width: 352, height: 352, layout: 'NHWC' } }))), ['14 TP401']);
  // PIXEL_BGR keeps the order: BGR pixels, no conversion; a mean given as an array is subtracted before norm.
  const bgr = CPP_NCNN.replace('PIXEL_BGR2RGB', 'PIXEL_BGR')
    .replace('(nullptr, norm)', '(mean, norm)')
    .replace('    const float norm', '    const float mean[3] = {127.5f, 127.5f, 127.5f};\n    const float norm');
  const bgrSpec = { input: { ...NCNN_MATCH.input, colorOrder: 'BGR', scale: 1 / 255, mean: [0.5, 0.5, 0.5] } };
  assert.deepEqual(at(await lintText('cpp', bgr, specWith(bgrSpec))), []);
  assert.deepEqual(at(await lintText('cpp', bgr, specWith({ input: { ...bgrSpec.input, mean: [0, 0, 0] } }))), ['16 TP301']);
});

test('cpp: input(name, mat) of something that is not an NCNN Mat is not a model input', async () => {
  const other = [
    '#include <opencv2/opencv.hpp>',
    'void show(Window& w) {',
    '    cv::Mat img = cv::imread("a.jpg");',
    '    cv::cvtColor(img, img, cv::COLOR_BGR2RGB);',
    '    w.input("preview", img);',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('cpp', other, specWith({ input: { colorOrder: 'BGR' } }))), []);
});

const SIB_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-heldout6-'));
after(() => fs.rmSync(SIB_ROOT, { recursive: true, force: true }));
let sibLinter: Promise<Linter> | undefined;

test("cpp: a method defined in the .cpp reads its class's members from the included header", async () => {
  const dir = path.join(SIB_ROOT, 'ncnn');
  fs.mkdirSync(dir, { recursive: true });
  const header = CPP_NCNN.split('\n').slice(2, 10).join('\n');
  fs.writeFileSync(path.join(dir, 'detector.h'), ['#pragma once', '#include <ncnn/net.h>', header].join('\n'));
  const body = ['#include "detector.h"', ...CPP_NCNN.split('\n').slice(10)].join('\n');
  const file = path.join(dir, 'detector.cpp');
  fs.writeFileSync(file, body);
  sibLinter ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(SIB_ROOT) });
  const l = await sibLinter;
  const lint = (override: Record<string, unknown>): string[] => {
    const uri = pathToFileURL(file).href;
    const out = l.lint({ uri, languageId: 'cpp', text: body }, specWith(override));
    l.close(uri);
    return at(out);
  };
  assert.deepEqual(lint(NCNN_MATCH), []);
  // size[0], size[1] and norm are the header's: 352 × 352 and ÷ 255.
  assert.deepEqual(lint({ input: { width: 320, height: 320, scale: 1 / 127.5, mean: [1, 1, 1], layout: 'NCHW' } }), ['5 TP201', '6 TP301']);
});

const CPP_FLOAT3_PARAMS = [
  '#include <opencv2/opencv.hpp>',
  'void loadImg(cv::Mat& input, int w, int h, float* out, const float3 mean, const float scale) {',
  '    cv::Mat dst;',
  '    cv::resize(input, dst, cv::Size(w, h));',
  '    for (int i = 0; i < h; ++i) {',
  '        unsigned char* line = dst.ptr<unsigned char>(i);',
  '        for (int j = 0; j < w; ++j)',
  '            out[i * w + j] = ((float)(line[j * 3] - mean.x) * scale);',
  '    }',
  '}',
  'int main() {',
  '    cv::Mat frame = cv::imread("a.jpg");',
  '    void* buf = malloc(300 * 300 * 12);',
  '    loadImg(frame, 300, 300, (float*)buf, make_float3(127.5, 127.5, 127.5), 0.007843);',
  '    cudaMemcpyAsync(dev, buf, size, cudaMemcpyHostToDevice);',
  '    return 0;',
  '}',
].join('\n');

test("cpp: a CUDA make_float3 mean and a scale passed by the file's one call are known inside the helper", async () => {
  const spec = { input: { colorOrder: 'BGR', width: 300, height: 300, scale: 0.007843, mean: [1, 1, 1], layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('cpp', CPP_FLOAT3_PARAMS, specWith(spec))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_FLOAT3_PARAMS, specWith({ input: { ...spec.input, scale: 1 / 255, mean: [0, 0, 0] } }))), ['8 TP301']);
});

const TS_FROM_IMAGE_CAST = [
  'import { Tensor, TensorFactory } from "onnxruntime-web";',
  'export async function prepare(session: InferenceSession, url: string) {',
  '  const t: Tensor = await (',
  '    Tensor as unknown as TensorFactory',
  '  ).fromImage(url, {',
  '    tensorFormat: "RGB",',
  '    resizedWidth: 256,',
  '    resizedHeight: 256,',
  '  });',
  '  return session.run({ input: t });',
  '}',
].join('\n');

test('ts: ort.Tensor.fromImage behind a cast and over several lines: size and normalisation findings on the fromImage( line', async () => {
  const spec = { input: { width: 256, height: 256, layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('typescript', TS_FROM_IMAGE_CAST, specWith(spec))), []);
  assert.deepEqual(at(await lintText('typescript', TS_FROM_IMAGE_CAST, specWith({ input: { layout: 'NCHW', scale: 1 / 127.5, mean: [1, 1, 1] } }))), [
    '5 TP201',
    '5 TP301',
  ]);
});

const JS_JIMP_HELPER = [
  'export async function toTensor(path) {',
  '  const image = await load(path);',
  '  return planes(image);',
  '}',
  'async function load(path) {',
  '  return await Jimp.read(path).then((img) => {',
  '    img.scale(0.5);',
  '    return img;',
  '  });',
  '}',
  'function planes(image) {',
  '  const data = image.bitmap.data;',
  '  const [r, g, b] = [new Array(0), new Array(0), new Array(0)];',
  '  for (let i = 0; i < data.length; i += 4) {',
  '    r.push(data[i]);',
  '    g.push(data[i + 1]);',
  '    b.push(data[i + 2]);',
  '  }',
  '  const joined = r.concat(g).concat(b);',
  '  const out = new Float32Array(joined.length);',
  '  for (let i = 0; i < joined.length; i++) out[i] = joined[i] / 255.0;',
  '  return new ort.Tensor("float32", out, [1, 3, image.bitmap.height, image.bitmap.width]);',
  '}',
].join('\n');

test('js: a Jimp image loaded by one function and handed to a helper by another: the helper works on RGBA pixels', async () => {
  const spec = { input: { layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_HELPER, specWith(spec))), []);
  assert.deepEqual(
    at(await lintText('javascript', JS_JIMP_HELPER, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR', scale: 1 / 127.5, mean: [1, 1, 1] } }))),
    ['19 TP101', '21 TP301'],
  );
  // A helper whose parameter is not used as a Jimp image (no .bitmap) stays silent.
  const plain = JS_JIMP_HELPER.replace('image.bitmap.data', 'image.pixels');
  assert.deepEqual(at(await lintText('javascript', plain, specWith({ input: { layout: 'NCHW', scale: 1 / 127.5, mean: [1, 1, 1] } }))), []);
});

const JS_JIMP_INTERLEAVED_HELPER = [
  'const toTensor = (img) => {',
  '  const data = new Float32Array(3 * 224 * 224);',
  '  let index = 0;',
  '  for (let i = 0; i < img.bitmap.data.length; i += 4) {',
  '    data[index] = img.bitmap.data[i] / 255;',
  '    data[index + 1] = img.bitmap.data[i + 1] / 255;',
  '    data[index + 2] = img.bitmap.data[i + 2] / 255;',
  '    index += 3;',
  '  }',
  "  return new ort.Tensor('float32', data, [1, 224, 224, 3]);",
  '};',
  'const run = async (buf, session) => {',
  '  const img = await Jimp.read(buf);',
  '  img.resize(224, 224);',
  '  return session.run({ x: toTensor(img) });',
  '};',
].join('\n');

test('js: three channel writes of a Jimp image handed to a helper are one normalisation finding', async () => {
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_INTERLEAVED_HELPER, specWith({}))), []);
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_INTERLEAVED_HELPER, specWith({ input: { scale: 1 } }))), ['5 TP301']);
});

const JS_JIMP_SCAN = [
  "const tf = require('@tensorflow/tfjs');",
  "const Jimp = require('jimp');",
  'const MEANS = tf.tensor1d([123.68, 116.779, 103.939]).reshape([1, 1, 1, 3]);',
  'async function loadImage(path) {',
  '  const img = await Jimp.read(path);',
  '  img.resize(300, 200);',
  '  const p = [];',
  '  img.scan(0, 0, img.bitmap.width, img.bitmap.height, function (x, y, idx) {',
  '    p.push(this.bitmap.data[idx + 0]);',
  '    p.push(this.bitmap.data[idx + 1]);',
  '    p.push(this.bitmap.data[idx + 2]);',
  '  });',
  '  return tf.tensor3d(p, [200, 300, 3]).reshape([1, 200, 300, 3]).sub(MEANS);',
  '}',
  'function saveImage(path, tensor) {',
  '  const values = Array.from(tensor.add(MEANS).reshape([200, 300, 3]).dataSync());',
  '  let i = 0;',
  '  new Jimp(300, 200, function (err, image) {',
  '    image.scan(0, 0, 300, 200, function (x, y, idx) {',
  '      this.bitmap.data[idx + 0] = values[i++];',
  '    });',
  '    image.write(path);',
  '  });',
  '}',
  'module.exports = { loadImage, saveImage };',
].join('\n');

test("js: R, G, B pushed from a Jimp scan callback (this.bitmap.data) are the whole image; a model's output written back is not an input", async () => {
  const spec = { input: { width: 300, height: 200, scale: 1, mean: [123.68, 116.779, 103.939] } };
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_SCAN, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_SCAN, specWith({ input: { ...spec.input, colorOrder: 'BGR', mean: [0, 0, 0] } }))), [
    '13 TP301',
    '5 TP101',
  ]);
  // The shape is checked where it is given; the reshape that adds the batch does not repeat it, and the reshape of the
  // output tensor read back to be saved is not an input's shape.
  assert.deepEqual(at(await lintText('javascript', JS_JIMP_SCAN, specWith({ input: { ...spec.input, width: 200, height: 300 } }))), ['13 TP202', '6 TP202']);
});

test('js: a tensor this code made, read back with dataSync() into an ONNX Runtime tensor, is still checked', async () => {
  const code = [
    "const tf = require('@tensorflow/tfjs-node');",
    'async function run(buf, session) {',
    '  const t = tf.node.decodeImage(buf, 3).resizeBilinear([224, 224]).toFloat().div(255);',
    "  const x = new ort.Tensor('float32', t.dataSync(), [1, 224, 224, 3]);",
    '  return session.run({ x });',
    '}',
  ].join('\n');
  const spec = { input: { resize: { library: 'tfjs', method: 'bilinear' } } };
  assert.deepEqual(at(await lintText('javascript', code, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', code, specWith({ input: { ...spec.input, scale: 1 / 127.5, mean: [1, 1, 1] } }))), ['3 TP301']);
});

const JS_SHARP_FILL_CHW = [
  'import sharp from "sharp";',
  'export async function prepare(buf, size = 640) {',
  '  const { data, info } = await sharp(buf).resize(size, size, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });',
  '  const floats = new Float32Array(info.width * info.height * 3);',
  '  for (let i = 0; i < data.length; i++) {',
  '    floats[i] = data[i] / 255.0;',
  '  }',
  '  const chw = new Float32Array(size * size * 3);',
  '  let k = 0;',
  '  for (let c = 0; c < 3; c++)',
  '    for (let y = 0; y < size; y++)',
  '      for (let x = 0; x < size; x++) chw[k++] = floats[(y * size + x) * 3 + c];',
  '  return new ort.Tensor("float32", chw, [1, 3, size, size]);',
  '}',
].join('\n');

test("js: sharp's raw bytes scaled into a typed array, then gathered channel by channel (HWC → CHW) into the input", async () => {
  const spec = { input: { width: 640, height: 640, layout: 'NCHW', resize: { library: 'sharp', method: 'lanczos3' } } };
  assert.deepEqual(at(await lintText('javascript', JS_SHARP_FILL_CHW, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', JS_SHARP_FILL_CHW, specWith({ input: { ...spec.input, scale: 1 / 127.5, mean: [1, 1, 1] } }))), ['6 TP301']);
  // The gather loop reorders the channels: the copy's layout is not taken for the bytes' HWC (no layout finding).
  assert.deepEqual(at(await lintText('javascript', JS_SHARP_FILL_CHW, specWith({ input: { ...spec.input, layout: 'NCHW', colorOrder: 'RGB' } }))), []);
});

test("cpp: a method defined in the included header's .cpp is applied at the call (its steps reported on the call's line)", async () => {
  const dir = path.join(SIB_ROOT, 'infer');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'Infer.h'),
    [
      '#pragma once',
      '#include <opencv2/opencv.hpp>',
      'class Infer {',
      'public:',
      '    std::vector<float> Mat2Vec(cv::Mat& img);',
      '    void Log(cv::Mat& img);',
      '};',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'Infer.cpp'),
    [
      '#include "Infer.h"',
      'std::vector<float> Infer::Mat2Vec(cv::Mat& img) {',
      '    cv::Mat f;',
      '    img.convertTo(f, CV_32FC3);',
      '    f /= 255.;',
      '    std::vector<float> v;',
      '    v.assign((float*)f.data, (float*)f.data + f.total() * 3);',
      '    return v;',
      '}',
      'void Infer::Log(cv::Mat& img) {',
      '    std::cout << img.rows << std::endl;',
      '}',
    ].join('\n'),
  );
  const body = [
    '#include "Infer.h"',
    'int main() {',
    '    Infer model;',
    '    cv::Mat img = cv::imread("ship.png", cv::IMREAD_COLOR);',
    '    cv::resize(img, img, cv::Size(32, 32));',
    '    model.Log(img);',
    '    std::vector<float> x = model.Mat2Vec(img);',
    '    model.Run(x);',
    '    return 0;',
    '}',
  ].join('\n');
  const file = path.join(dir, 'main.cpp');
  fs.writeFileSync(file, body);
  sibLinter ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(SIB_ROOT) });
  const l = await sibLinter;
  const lint = (override: Record<string, unknown>): string[] => {
    const uri = pathToFileURL(file).href;
    const out = l.lint({ uri, languageId: 'cpp', text: body }, specWith(override));
    l.close(uri);
    return at(out);
  };
  const match = { input: { colorOrder: 'BGR', width: 32, height: 32, layout: 'NHWC' } };
  assert.deepEqual(lint(match), []);
  assert.deepEqual(lint({ input: { ...match.input, colorOrder: 'RGB', scale: 1 } }), ['4 TP101', '7 TP301']);
});

test("cpp: an INTER_ flag given as cv::resize's 4th argument (fx) leaves the default INTER_LINEAR; the fix moves it to the 6th", async () => {
  const code = [
    '#include <opencv2/opencv.hpp>',
    'void prep(cv::dnn::Net& net) {',
    '    cv::Mat img = cv::imread("a.jpg");',
    '    cv::resize(img, img,',
    '               cv::Size(224, 224),',
    '               cv::INTER_CUBIC);',
    '    net.setInput(cv::dnn::blobFromImage(img, 1.0 / 255));',
    '}',
  ].join('\n');
  const spec = { input: { colorOrder: 'BGR', layout: 'NCHW', resize: { library: 'cv2', method: 'linear' } } };
  assert.deepEqual(at(await lintText('cpp', code, specWith(spec))), []);
  const findings = await lintText('cpp', code, specWith({ input: { ...spec.input, resize: { library: 'cv2', method: 'cubic' } } }));
  assert.deepEqual(at(findings), ['4 TP203']);
  assert.match(findings[0].message, /INTER_CUBIC is the 4th argument, fx/);
  assert.equal(findings[0].fix?.edits[0]?.newText, '0, 0, cv::INTER_CUBIC');
});

test("js: sharp's padded raw bytes gathered straight into a CHW array keep their arithmetic and colour, with no layout finding", async () => {
  const code = [
    'import sharp from "sharp";',
    'import * as ort from "onnxruntime-node";',
    'export async function toTensor(buf, nw, nh) {',
    '  const { data } = await sharp(buf)',
    '    .resize(nw, nh, { fit: "fill" })',
    '    .extend({ top: 0, bottom: 640 - nh, left: 0, right: 640 - nw, background: { r: 114, g: 114, b: 114 } })',
    '    .removeAlpha()',
    '    .raw()',
    '    .toBuffer({ resolveWithObject: true });',
    '  const chw = new Float32Array(3 * 640 * 640);',
    '  let k = 0;',
    '  for (let c = 0; c < 3; c++)',
    '    for (let y = 0; y < 640; y++)',
    '      for (let x = 0; x < 640; x++) chw[k++] = data[(y * 640 + x) * 3 + c] / 255.0;',
    '  return new ort.Tensor("float32", chw, [1, 3, 640, 640]);',
    '}',
  ].join('\n');
  const spec = { input: { width: 640, height: 640, layout: 'NCHW', resize: { library: 'sharp', method: 'lanczos3', fit: 'letterbox' } } };
  assert.deepEqual(at(await lintText('javascript', code, specWith(spec))), []);
  assert.deepEqual(at(await lintText('javascript', code, specWith({ input: { ...spec.input, colorOrder: 'BGR', scale: 1 / 127.5, mean: [1, 1, 1] } }))), [
    '14 TP301',
    '4 TP101',
  ]);
  // resize to a computed size, then extend(): a letterbox, which a "stretch" spec does not do.
  const stretched = await lintText(
    'javascript',
    code,
    specWith({ input: { ...spec.input, resize: { library: 'sharp', method: 'lanczos3', fit: 'stretch' } } }),
  );
  assert.deepEqual(at(stretched), ['5 TP206']);
  assert.match(stretched[0].message, /then extend\(\) \(a letterbox\)/);
});
