// Module constants imported from sibling files of the workspace (issue #11 part 1): Python `from config import SIZE`
// and `import config; config.MEAN`, JS/TS `import { SIZE } from './config'`, C++ `#include "config.h"`, Java constants
// of another class in the same folder. Each case has a spec the code matches (no finding) and one it deviates from.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import { WorkerLinter } from '../../src/core/lint/worker-client';
import { fsSiblingReader, insideRoot, type SiblingReader } from '../../src/core/lint/siblings';
import type { LintLanguageId, Linter } from '../../src/core/lint/types';
import { specWith, WASM_DIR } from './lint-test-helpers';

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-siblings-'));
const OUTSIDE = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-outside-'));
after(() => {
  fs.rmSync(ROOT, { recursive: true, force: true });
  fs.rmSync(OUTSIDE, { recursive: true, force: true });
});

function write(rel: string, lines: string[], root = ROOT): string {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, lines.join('\n'));
  return p;
}

let shared: Promise<Linter> | undefined;
function linter(): Promise<Linter> {
  shared ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(ROOT) });
  return shared;
}

async function lintFile(p: string, languageId: LintLanguageId, override: Record<string, unknown> = {}): Promise<string[]> {
  const l = await linter();
  const uri = pathToFileURL(p).href;
  const out = l.lint({ uri, languageId, text: fs.readFileSync(p, 'utf8') }, specWith(override));
  l.close(uri);
  return out.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

test('python: `from config import SIZE` takes the size from config.py', async () => {
  write('py1/config.py', ['SIZE = (320, 320)', 'INTERP = 3']);
  const p = write('py1/infer.py', ['import cv2', 'from config import SIZE', 'img = cv2.imread("a.jpg")', 'img = cv2.resize(img, SIZE)']);
  assert.deepEqual(await lintFile(p, 'python', { input: { colorOrder: 'BGR', scale: 1 } }), ['4 TP201']);
  assert.deepEqual(await lintFile(p, 'python', { input: { width: 320, height: 320, colorOrder: 'BGR', scale: 1 } }), []);
});

test('python: `import config` then config.MEAN / config.STD (numpy arrays in the sibling) are known', async () => {
  write('py2/config.py', ['import numpy as np', 'MEAN = np.array([0.5, 0.5, 0.5], dtype=np.float32)', 'STD = np.array([0.5, 0.5, 0.5], dtype=np.float32)']);
  const p = write('py2/infer.py', [
    'import cv2',
    'import numpy as np',
    'import config',
    'img = cv2.imread("a.jpg")',
    'img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)',
    'img = cv2.resize(img, (224, 224))',
    'x = (img.astype(np.float32) / 255.0 - config.MEAN) / config.STD',
    'np.save("x.npy", x[None])',
  ]);
  assert.deepEqual(await lintFile(p, 'python', { input: IMAGENET }), ['7 TP301']);
  assert.deepEqual(await lintFile(p, 'python', { input: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }), []);
});

test('python: a package module (from utils.constants import SIZE) and a class constant (Config.SIZE)', async () => {
  write('py3/utils/constants.py', ['SIZE = 256']);
  write('py3/settings.py', ['class Config:', '    SIZE = 192']);
  const p = write('py3/infer.py', [
    'import cv2',
    'from utils.constants import SIZE',
    'from settings import Config',
    'img = cv2.imread("a.jpg")',
    'a = cv2.resize(img, (SIZE, SIZE))',
    'b = cv2.resize(img, (Config.SIZE, Config.SIZE))',
  ]);
  assert.deepEqual(await lintFile(p, 'python', { input: { colorOrder: 'BGR', scale: 1 } }), ['5 TP201', '6 TP201']);
});

test('python: a name the sibling does not define, or a module that is not a sibling, stays unknown (no finding)', async () => {
  write('py4/config.py', ['OTHER = 1']);
  const p = write('py4/infer.py', [
    'import cv2',
    'from config import SIZE',
    'from missing import W',
    'img = cv2.imread("a.jpg")',
    'img = cv2.resize(img, (SIZE, W))',
  ]);
  assert.deepEqual(await lintFile(p, 'python', { input: { colorOrder: 'BGR', scale: 1 } }), []);
});

test('js/ts: `import { SIZE, MEAN } from "./config"` reads config.ts', async () => {
  write('js1/config.ts', ['export const SIZE = 256;', 'export const MEAN = 127.5;']);
  const p = write('js1/infer.ts', [
    "import * as tf from '@tensorflow/tfjs';",
    "import { SIZE } from './config';",
    'export function prep(img: tf.Tensor3D): tf.Tensor {',
    '  return tf.image.resizeBilinear(img, [SIZE, SIZE]).div(255).expandDims(0);',
    '}',
  ]);
  assert.deepEqual(await lintFile(p, 'typescript', { input: { resize: { library: 'tfjs', method: 'bilinear' } } }), ['4 TP201']);
  assert.deepEqual(await lintFile(p, 'typescript', { input: { width: 256, height: 256, resize: { library: 'tfjs', method: 'bilinear' } } }), []);
});

test('cpp: constexpr and #define in an included "config.h"', async () => {
  write('cpp1/config.h', ['#pragma once', 'constexpr int kInputSize = 300;', '#define MEAN_VAL 127.5f']);
  const p = write('cpp1/main.cpp', [
    '#include <opencv2/opencv.hpp>',
    '#include "config.h"',
    'cv::Mat prep(const cv::Mat& img) {',
    '  cv::Mat r;',
    '  cv::resize(img, r, cv::Size(kInputSize, kInputSize));',
    '  return r;',
    '}',
  ]);
  assert.deepEqual(await lintFile(p, 'cpp', { input: { colorOrder: 'BGR', scale: 1 } }), ['5 TP201']);
  assert.deepEqual(await lintFile(p, 'cpp', { input: { width: 300, height: 300, colorOrder: 'BGR', scale: 1 } }), []);
});

test('cpp: a header in the project\'s include/ folder next to src/ (#include "detect.h" from src/detect.cpp)', async () => {
  write('cpp3/include/detect.h', ['#pragma once', '#define IMG_SIZE 16']);
  const p = write('cpp3/src/detect.cpp', [
    '#include "detect.h"',
    'cv::Mat prep(cv::Mat img) {',
    '  cv::Mat blob;',
    '  cv::dnn::blobFromImage(img, blob, 1.0 / 255, cv::Size(IMG_SIZE, IMG_SIZE));',
    '  return blob;',
    '}',
  ]);
  assert.deepEqual(await lintFile(p, 'cpp', { input: { width: 16, height: 16, colorOrder: 'BGR', layout: 'NCHW' } }), []);
  assert.deepEqual(await lintFile(p, 'cpp', { input: { width: 32, height: 32, colorOrder: 'BGR', layout: 'NCHW' } }), ['4 TP201']);
});

test('java: constants of another class in the same package (PrePostProcessor.INPUT_WIDTH)', async () => {
  write('java1/PrePostProcessor.java', [
    'package org.demo;',
    'public class PrePostProcessor {',
    '  static int INPUT_WIDTH = 640;',
    '  static int INPUT_HEIGHT = 640;',
    '}',
  ]);
  const p = write('java1/MainActivity.java', [
    'package org.demo;',
    'import android.graphics.Bitmap;',
    'public class MainActivity {',
    '  Bitmap prep(Bitmap bitmap) {',
    '    return Bitmap.createScaledBitmap(bitmap, PrePostProcessor.INPUT_WIDTH, PrePostProcessor.INPUT_HEIGHT, true);',
    '  }',
    '}',
  ]);
  assert.deepEqual(await lintFile(p, 'java', { input: { resize: { library: 'tf', method: 'bilinear' } } }), ['5 TP201']);
  assert.deepEqual(await lintFile(p, 'java', { input: { width: 640, height: 640, resize: { library: 'tf', method: 'bilinear' } } }), []);
});

test('an edited sibling is read again: the finding follows the sibling text', async () => {
  write('py5/config.py', ['SIZE = 224']);
  const p = write('py5/infer.py', ['import cv2', 'from config import SIZE', 'img = cv2.imread("a.jpg")', 'img = cv2.resize(img, (SIZE, SIZE))']);
  const l = await linter();
  const uri = pathToFileURL(p).href;
  const doc = { uri, languageId: 'python' as const, text: fs.readFileSync(p, 'utf8') };
  const spec = specWith({ input: { colorOrder: 'BGR', scale: 1 } });
  assert.deepEqual(l.lint(doc, spec), []);
  write('py5/config.py', ['SIZE = 512 ']);
  assert.deepEqual(
    l.lint(doc, spec).map((f) => f.code),
    ['TP201'],
  );
  l.close(uri);
});

test('siblings are never read outside the workspace folder, and a custom reader (open documents) comes first', async () => {
  write('config.py', ['SIZE = 999'], OUTSIDE);
  const reader = fsSiblingReader(ROOT);
  assert.equal(reader.read(path.join(OUTSIDE, 'config.py')), undefined);
  assert.equal(insideRoot(ROOT, path.join(ROOT, '..', 'x.py')), false);
  const outDoc = write('infer.py', ['import cv2', 'from config import SIZE', 'img = cv2.resize(cv2.imread("a.jpg"), (SIZE, SIZE))'], OUTSIDE);
  assert.deepEqual(await lintFile(outDoc, 'python', { input: { colorOrder: 'BGR', scale: 1 } }), []);
  // An editor reader gives the unsaved text of an open document before the file on disk.
  const disk = write('py6/config.py', ['SIZE = 224']);
  const p = write('py6/infer.py', ['import cv2', 'from config import SIZE', 'img = cv2.resize(cv2.imread("a.jpg"), (SIZE, SIZE))']);
  const editor: SiblingReader = { root: ROOT, read: (f) => (f === disk ? 'SIZE = 128' : reader.read(f)) };
  const l = await createLinter({ wasmDir: WASM_DIR, siblings: editor });
  const f = l.lint(
    { uri: pathToFileURL(p).href, languageId: 'python', text: fs.readFileSync(p, 'utf8') },
    specWith({ input: { colorOrder: 'BGR', scale: 1 } }),
  );
  assert.deepEqual(
    f.map((x) => x.code),
    ['TP201'],
  );
  assert.match(f[0].message, /128/);
  l.dispose();
});

test('a sibling that is binary, huge or not parseable gives no finding and no error', async () => {
  fs.mkdirSync(path.join(ROOT, 'py7'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'py7/config.py'), Buffer.from([0, 1, 2, 255, 254, 0, 7]));
  write('py7/big.py', [`SIZE = 300  # ${'x'.repeat(300 * 1024)}`]);
  const p = write('py7/infer.py', ['import cv2', 'from config import SIZE', 'from big import SIZE as S2', 'img = cv2.resize(cv2.imread("a.jpg"), (SIZE, S2))']);
  assert.deepEqual(await lintFile(p, 'python', { input: { colorOrder: 'BGR', scale: 1 } }), []);
});

test('the lint worker reads siblings under its workspace folder, unsaved open texts first; without a folder it reads none', async () => {
  write('w1/config.py', ['SIZE = 224']);
  const p = write('w1/infer.py', ['import cv2', 'from config import SIZE', 'img = cv2.resize(cv2.imread("a.jpg"), (SIZE, SIZE))']);
  const doc = { uri: pathToFileURL(p).href, languageId: 'python' as const, text: fs.readFileSync(p, 'utf8') };
  const spec = specWith({ input: { colorOrder: 'BGR', scale: 1 } });
  let open = [{ path: path.join(ROOT, 'w1/config.py'), text: 'SIZE = 160' }];
  const worker = new WorkerLinter({ wasmDir: WASM_DIR, workspaceRoot: ROOT, openTexts: () => open });
  const none = new WorkerLinter({ wasmDir: WASM_DIR });
  try {
    const f = await worker.check(doc, spec);
    assert.deepEqual(
      f.findings.map((x) => x.code),
      ['TP201'],
    );
    assert.match(f.findings[0].message, /160/);
    open = [];
    assert.deepEqual((await worker.check(doc, spec)).findings, []);
    write('w1/config.py', ['SIZE = 160']);
    assert.deepEqual((await none.check(doc, spec)).findings, []);
  } finally {
    await worker.dispose();
    await none.dispose();
  }
});

test('cpp: an included header gives its `using namespace cv` and the this->member constants of its class', async () => {
  write('cpp9/yolo.h', [
    '#include <opencv2/dnn.hpp>',
    'using namespace cv;',
    'using namespace dnn;',
    'class YOLO {',
    'public:',
    '  void detect(Mat& frame);',
    'private:',
    '  const int inpWidth = 416;',
    '  const int inpHeight = 416;',
    '  Net net;',
    '};',
  ]);
  const p = write('cpp9/main.cpp', [
    '#include "yolo.h"',
    'void YOLO::detect(Mat& frame) {',
    '  Mat blob;',
    '  blobFromImage(frame, blob, 1 / 255.0, Size(this->inpWidth, this->inpHeight), Scalar(0, 0, 0), true, false);',
    '  this->net.setInput(blob);',
    '}',
  ]);
  assert.deepEqual(await lintFile(p, 'cpp', { input: { width: 416, height: 416, layout: 'NCHW' } }), []);
  assert.deepEqual(await lintFile(p, 'cpp', { input: { width: 640, height: 640, layout: 'NCHW' } }), ['4 TP201']);
});

test("python: a one-parameter helper of a sibling package that resizes the image it returns: its resize findings on the helper's call", async () => {
  write('py-fr/utils/loading.py', [
    'import numpy as np',
    'from tensorflow.keras.preprocessing import image',
    'def load_batch(img_path):',
    '    img = image.load_img(img_path, target_size=(224, 224))',
    '    x = np.expand_dims(image.img_to_array(img), axis=0)',
    '    return img, x / 255.0',
  ]);
  const p = write('py-fr/run.py', [
    'from tensorflow.keras.models import load_model',
    'from utils.loading import load_batch',
    "shown, batch = load_batch('cat.jpg')",
    "model = load_model('m.h5')",
    'print(model.predict(batch))',
  ]);
  const spec = { input: { resize: { library: 'pil', method: 'nearest' } } };
  assert.deepEqual(await lintFile(p, 'python', spec), []);
  assert.deepEqual(await lintFile(p, 'python', { input: { width: 160, height: 160, resize: { library: 'pil', method: 'bilinear' } } }), ['3 TP201', '3 TP203']);
  const l = await linter();
  const uri = pathToFileURL(p).href;
  const size = l.lint({ uri, languageId: 'python', text: fs.readFileSync(p, 'utf8') }, specWith({ input: { width: 160, height: 160, ...spec.input } }));
  l.close(uri);
  assert.match(size[0]?.message ?? '', /^load_batch\(\) in py-fr\/utils\/loading\.py: /);
  assert.equal(size[0]?.fix, undefined); // the fix belongs in the helper's file
});

test('python: a sibling helper whose other parameters configure its resize is not judged at the call', async () => {
  write('py-fr2/imgutil.py', [
    'from PIL import Image',
    'def load_image(filename, size=None, scale=None):',
    "    img = Image.open(filename).convert('RGB')",
    '    if size is not None:',
    '        img = img.resize((size, size), Image.LANCZOS)',
    '    return img',
  ]);
  const p = write('py-fr2/style.py', [
    'import torch',
    'from torchvision import transforms',
    'from imgutil import load_image',
    'net = torch.jit.load("m.pt")',
    'x = transforms.ToTensor()(load_image("a.jpg", size=512))',
    'print(net(x.unsqueeze(0)))',
  ]);
  const codes = await lintFile(p, 'python', { input: { colorOrder: 'RGB', resize: { library: 'pil', method: 'bilinear' } } });
  assert.ok(!codes.some((c) => c.startsWith('5 TP20')), codes.join(', '));
});
