// Patterns from the fifteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-15": ONNX
// Runtime, Keras and PyTorch scripts, a TF Serving client, a Gradio demo, Qt and ONNX Runtime C++ detectors) that the
// linter got wrong before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix).
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

const FLOAT_TENSOR = [
  'import cv2',
  'import torch',
  'model = torch.load("m.pt")',
  'img = cv2.imread("a.jpg")',
  'img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB) / 255',
  'x = torch.FloatTensor(img).permute(2, 0, 1).unsqueeze(0)',
  'out = model(x)',
].join('\n');

test('python: torch.FloatTensor(x) copies into float32, so a float64 array reaches the model as float32', async () => {
  assert.deepEqual(at(await lintText('python', FLOAT_TENSOR, specWith({ input: { layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('python', FLOAT_TENSOR, specWith({ input: { layout: 'NHWC' } }))), ['6 TP401']);
  // Without the typed constructor the float64 array reaches the model as it is.
  const plain = FLOAT_TENSOR.replace('torch.FloatTensor(img)', 'torch.from_numpy(img)');
  assert.ok(at(await lintText('python', plain, specWith({ input: { layout: 'NCHW' } }))).includes('5 TP501'));
});

const GRADIO = [
  'import cv2',
  'import torch',
  'import gradio as gr',
  'model = torch.load("m.pt")',
  'def predict(image):',
  '    image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB) / 255',
  '    x = torch.FloatTensor(image).permute(2, 0, 1).unsqueeze(0)',
  '    return model(x)',
  'demo = gr.Interface(fn=predict, inputs="image", outputs="label")',
].join('\n');

test("python: a Gradio fn's image parameter is the component's RGB array, not a BGR image of unknown origin", async () => {
  // The swap of Gradio's RGB array gives BGR: a BGR spec is met, an RGB one is not (on the swap).
  assert.deepEqual(at(await lintText('python', GRADIO, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('python', GRADIO, specWith({ input: { layout: 'NCHW' } }))), ['6 TP101']);
  // The same function without the Interface is judged on its own conversion, which says it makes RGB.
  const alone = GRADIO.split('\n').slice(0, -1).join('\n');
  assert.deepEqual(at(await lintText('python', alone, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), ['6 TP101']);
  assert.deepEqual(at(await lintText('python', alone, specWith({ input: { layout: 'NCHW' } }))), []);
});

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-heldout15-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));
let sibLinter: Promise<Linter> | undefined;

/** Lints the file `main` with the other files written beside it as its siblings. */
async function lintWithSiblings(
  languageId: LintLanguageId,
  files: Record<string, string[]>,
  main: string,
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
  return out.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
}

const PY_HELPER = [
  'import cv2',
  'import numpy as np',
  'def image_preprocess(image, target_size, gt_boxes=None):',
  '    ih, iw = target_size',
  '    image = cv2.resize(image, (iw, ih))',
  '    image = image / 255.',
  '    if gt_boxes is None:',
  '        return image',
  '    else:',
  '        gt_boxes = gt_boxes * 2',
  '        return image, gt_boxes',
];
const PY_MAIN = (importLine: string, call = 'pre.image_preprocess(img, [416, 416])'): string[] => [
  'import cv2',
  'import numpy as np',
  'import onnxruntime as rt',
  importLine,
  'img = cv2.cvtColor(cv2.imread("a.jpg"), cv2.COLOR_BGR2RGB)',
  `x = ${call}`,
  'x = x[np.newaxis, ...].astype(np.float32)',
  'sess = rt.InferenceSession("m.onnx")',
  'out = sess.run(None, {"input": x})',
];
const PY_MATCH = { width: 416, height: 416, colorOrder: 'RGB', scale: 1 / 255, layout: 'NHWC', resize: { library: 'cv2', method: 'linear' } };
const PY_DIFFER = { ...PY_MATCH, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NCHW' };

test('python: a helper called through a sibling module alias (`import prep as pre`, a package submodule) is analysed at its call', async () => {
  const alias = { 'py1/prep.py': PY_HELPER, 'py1/main.py': PY_MAIN('import prep as pre') };
  const sub = { 'py2/utils/__init__.py': ['VERSION = 1'], 'py2/utils/prep.py': PY_HELPER, 'py2/main.py': PY_MAIN('from utils import prep as pre') };
  const dotted = { 'py3/utils/prep.py': PY_HELPER, 'py3/main.py': PY_MAIN('import utils.prep as pre') };
  for (const [files, main] of [
    [alias, 'py1/main.py'],
    [sub, 'py2/main.py'],
    [dotted, 'py3/main.py'],
  ] as const) {
    assert.deepEqual(await lintWithSiblings('python', files, main, { input: PY_MATCH }), [], main);
    // The conversion where the image is read, the helper's ÷255 at its call, the missing transpose at the model.
    assert.deepEqual(await lintWithSiblings('python', files, main, { input: PY_DIFFER }), ['5 TP101', '6 TP301', '9 TP401'], main);
  }
});

test('python: a module alias is not followed to a function the module lacks, nor for a local object of that name', async () => {
  const missing = { 'py4/prep.py': PY_HELPER, 'py4/main.py': PY_MAIN('import prep as pre', 'pre.other(img, [416, 416])') };
  const local = { 'py5/prep.py': PY_HELPER, 'py5/main.py': PY_MAIN('import prep as pre\npre = object()') };
  // An unknown function of the module: the image goes where the analysis cannot follow it.
  assert.deepEqual(await lintWithSiblings('python', missing, 'py4/main.py', { input: PY_DIFFER }), []);
  assert.deepEqual(await lintWithSiblings('python', local, 'py5/main.py', { input: PY_DIFFER }), []);
});

const OPTIONAL_BOXES = (call: string): string =>
  [
    'import cv2',
    'import numpy as np',
    'import onnxruntime as rt',
    ...PY_HELPER.slice(2),
    'img = cv2.imread("a.jpg")',
    'boxes = np.zeros((4, 4))',
    call,
    'sess = rt.InferenceSession("m.onnx")',
    'out = sess.run(None, {"input": x[np.newaxis, ...].astype(np.float32)})',
  ].join('\n');

test('python: a helper returning the image alone when its None-default parameter is left out gives the image at that call', async () => {
  const spec = specWith({ input: { ...PY_MATCH, colorOrder: 'BGR' } });
  assert.deepEqual(at(await lintText('python', OPTIONAL_BOXES('x = image_preprocess(img, [416, 416])'), spec)), []);
  assert.deepEqual(
    at(
      await lintText(
        'python',
        OPTIONAL_BOXES('x = image_preprocess(img, [416, 416])'),
        specWith({ input: { ...PY_MATCH, colorOrder: 'BGR', layout: 'NCHW' } }),
      ),
    ),
    ['17 TP401'],
  );
  // Given the boxes, the call may get the tuple (both returns stay alternatives): no finding on what may not be the image.
  assert.deepEqual(
    at(
      await lintText(
        'python',
        OPTIONAL_BOXES('x = image_preprocess(img, [416, 416], boxes)'),
        specWith({ input: { ...PY_MATCH, colorOrder: 'BGR', layout: 'NCHW' } }),
      ),
    ),
    [],
  );
});

const SERVING = (body: string): string =>
  [
    'import json',
    'import numpy as np',
    'import requests',
    'from PIL import Image',
    'def predict(path):',
    '    img = np.asarray(Image.open(path).convert("RGB").resize((224, 224)), dtype=np.float32)',
    '    x = np.expand_dims(img / 127.5 - 1, 0)',
    `    ${body}`,
    '    return r.json()',
  ].join('\n');
const SERVING_MATCH = { colorOrder: 'RGB', scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1], resize: { library: 'pil', method: 'bicubic' }, layout: 'NHWC' };
const SERVING_DIFFER = { ...SERVING_MATCH, colorOrder: 'BGR', scale: 1 / 255, mean: [0, 0, 0], layout: 'NCHW' };

test('python: the instances/inputs of a TF Serving REST request are a model input', async () => {
  for (const body of [
    'r = requests.post(URL, json={"instances": x.tolist()})',
    'r = requests.post(URL, data=json.dumps({"signature_name": "serving_default", "instances": x.tolist()}))',
    'data = json.dumps({"inputs": {"image": x.tolist()}}); r = requests.post(URL, data=data.encode())',
  ]) {
    assert.deepEqual(at(await lintText('python', SERVING(body), specWith({ input: SERVING_MATCH }))), [], body);
    assert.deepEqual(at(await lintText('python', SERVING(body), specWith({ input: SERVING_DIFFER }))).sort(), ['6 TP101', '7 TP301', '8 TP401'], body);
  }
});

test('python: a request without the TF Serving tensor keys is no model input', async () => {
  for (const body of ['r = requests.post(URL, json={"image": x.tolist()})', 'r = requests.get(URL, params={"instances": x.tolist()})']) {
    assert.deepEqual(at(await lintText('python', SERVING(body), specWith({ input: SERVING_DIFFER }))), [], body);
  }
});

const CPP_VECTOR_PLANES = (plane: string): string =>
  [
    '#include <opencv2/opencv.hpp>',
    '#include <onnxruntime_cxx_api.h>',
    'std::vector<float> prep(const cv::Mat &image, int w, int h) {',
    '    cv::Mat rgb, out;',
    '    cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);',
    '    cv::resize(rgb, out, cv::Size(w, h));',
    '    out.convertTo(out, CV_32FC3, 1.f / 255.f);',
    '    std::vector<float> input_data(w * h * 3);',
    '    std::vector<cv::Mat> chw;',
    `    for (size_t i = 0; i < 3; ++i) chw.emplace_back(${plane});`,
    '    cv::split(out, chw);',
    '    return input_data;',
    '}',
    'void run(Ort::Session &session, const cv::Mat &image, Ort::MemoryInfo &info, std::vector<int64_t> &shape) {',
    '    std::vector<float> data = prep(image, 224, 224);',
    '    Ort::Value t = Ort::Value::CreateTensor<float>(info, data.data(), data.size(), shape.data(), shape.size());',
    '    session.Run(Ort::RunOptions{nullptr}, nullptr, &t, 1, nullptr, 1);',
    '}',
  ].join('\n');
const CPP_MATCH = { colorOrder: 'RGB', scale: 1 / 255, layout: 'NCHW' };
const CPP_DIFFER = { colorOrder: 'BGR', scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NHWC' };

test('cpp: cv::split into Mats over the planes of a std::vector (&(v[i * w * h]), v.data() + i * w * h) writes it channels-first', async () => {
  for (const plane of ['cv::Mat(cv::Size(w, h), CV_32FC1, &(input_data[i * w * h]))', 'cv::Mat(h, w, CV_32FC1, input_data.data() + i * w * h)']) {
    assert.deepEqual(at(await lintText('cpp', CPP_VECTOR_PLANES(plane), specWith({ input: CPP_MATCH }))), [], plane);
    assert.deepEqual(at(await lintText('cpp', CPP_VECTOR_PLANES(plane), specWith({ input: CPP_DIFFER }))).sort(), ['11 TP401', '5 TP101', '7 TP301'], plane);
  }
});

test('cpp: Mats that own their memory leave the vector as it was', async () => {
  // The vector is never written: what it holds is unknown, so nothing is judged through it.
  const own = CPP_VECTOR_PLANES('cv::Mat(cv::Size(w, h), CV_32FC1)');
  assert.deepEqual(at(await lintText('cpp', own, specWith({ input: CPP_DIFFER }))), []);
});
