// Patterns from the seventeenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-17": a
// FastAPI preprocessing service answering with a TF Serving body, NanoDet's ncnn demo filling an output parameter)
// that the linter missed before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const HANDLER = [
  'import json',
  'import cv2',
  'import numpy as np',
  'from fastapi import FastAPI, UploadFile',
  'app = FastAPI()',
  "@app.post('/')",
  'async def preprocess(file: UploadFile):',
  '    data = await file.read()',
  '    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)',
  '    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)',
  '    img = cv2.resize(img, (224, 224))',
  "    img = img.astype('float32') / 255.0",
  '    img = np.expand_dims(img, axis=0)',
  '    return json.dumps({"inputs": {"x": img.tolist()}})',
].join('\n');

test('python: a handler returning json.dumps of a TF Serving body sends the tensor to the model', async () => {
  assert.deepEqual(at(await lintText('python', HANDLER, specWith())), []);
  const differ = { colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('python', HANDLER, specWith({ input: differ }))).sort(), ['10 TP101', '12 TP301', '14 TP401']);
});

test('python: a returned json.dumps without instances/inputs, or a dict not serialised, is no request body', async () => {
  const differ = { colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NCHW' };
  const other = HANDLER.replace('{"inputs": {"x": img.tolist()}}', '{"pixels": img.tolist()}');
  assert.deepEqual(
    at(await lintText('python', other, specWith({ input: differ }))).filter((k) => !k.includes('TP201')),
    [],
  );
  const plain = HANDLER.replace('json.dumps({"inputs": {"x": img.tolist()}})', '{"inputs": {"x": img.tolist()}}');
  assert.deepEqual(at(await lintText('python', plain, specWith({ input: differ }))), []);
});

const NCNN_OUT = [
  '#include "net.h"',
  'class Det {',
  'public:',
  '    void preprocess(cv::Mat& image, ncnn::Mat& in);',
  '    int detect(cv::Mat image);',
  '    ncnn::Net* net;',
  '};',
  'void Det::preprocess(cv::Mat& image, ncnn::Mat& in)',
  '{',
  '    in = ncnn::Mat::from_pixels(image.data, ncnn::Mat::PIXEL_BGR, image.cols, image.rows);',
  '    const float mean_vals[3] = { 103.53f, 116.28f, 123.675f };',
  '    const float norm_vals[3] = { 0.017429f, 0.017507f, 0.017125f };',
  '    in.substract_mean_normalize(mean_vals, norm_vals);',
  '}',
  'int Det::detect(cv::Mat image)',
  '{',
  '    ncnn::Mat input;',
  '    preprocess(image, input);',
  '    ncnn::Extractor ex = net->create_extractor();',
  '    ex.input("data", input);',
  '    return 0;',
  '}',
].join('\n');

const NANODET = { colorOrder: 'BGR', scale: 1, mean: [103.53, 116.28, 123.675], std: [57.37564, 57.12001, 58.39416], layout: 'NCHW' };

test('cpp: a non-const reference parameter the callee assigns holds its image for the caller', async () => {
  assert.deepEqual(at(await lintText('cpp', NCNN_OUT, specWith({ input: NANODET }))), []);
  const differ = { ...NANODET, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
  assert.deepEqual(at(await lintText('cpp', NCNN_OUT, specWith({ input: differ }))), ['13 TP301']);
});

test("cpp: a Mat passed by value or by const reference leaves the caller's variable as it was", async () => {
  const differ = { ...NANODET, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
  const byValue = NCNN_OUT.replace(/ncnn::Mat& in/g, 'ncnn::Mat in');
  assert.deepEqual(at(await lintText('cpp', byValue, specWith({ input: differ }))), []);
});

test('cpp: ncnn from_pixels with PIXEL_BGR states the order of an image handed in', async () => {
  const rgb = { ...NANODET, colorOrder: 'RGB' };
  assert.deepEqual(at(await lintText('cpp', NCNN_OUT, specWith({ input: rgb }))), ['10 TP101']);
  // PIXEL_BGR2RGB gives RGB: matching under RGB, a finding under BGR on the same line.
  const swapped = NCNN_OUT.replace('PIXEL_BGR,', 'PIXEL_BGR2RGB,');
  assert.deepEqual(at(await lintText('cpp', swapped, specWith({ input: rgb }))), []);
  assert.deepEqual(at(await lintText('cpp', swapped, specWith({ input: NANODET }))), ['10 TP101']);
});

test('cpp: a gray image made three channels (GRAY2RGB) states no channel order', async () => {
  const gray = NCNN_OUT.replace('PIXEL_BGR,', 'PIXEL_GRAY2RGB,');
  assert.deepEqual(at(await lintText('cpp', gray, specWith({ input: NANODET }))), []);
});
