// Code that is not model input gets no finding: integer index arithmetic on an untyped parameter, arithmetic on a
// parameter declared as one number (C++, Java, TypeScript, Python annotations), Python list concatenation, and an image
// handed to a class of a sibling file that prepares it itself (opencv_zoo's `model = YuNet(...)`, `model.infer(image)`).
// Each case has a control that must still be reported. Found by linting 1,700 files of 76 public repositories.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import { fsSiblingReader } from '../../src/core/lint/siblings';
import type { LintLanguageId, Linter } from '../../src/core/lint/types';
import { keys, lintText, specWith, WASM_DIR } from './lint-test-helpers';

const IMAGENET = { input: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } };

async function codes(languageId: LintLanguageId, lines: string[], override: Record<string, unknown> = IMAGENET): Promise<string[]> {
  return keys(await lintText(languageId, lines.join('\n'), specWith(override)));
}

test('python: index arithmetic on a parameter is no normalisation; (x - 127.5) / 127.5 on one still is', async () => {
  const index = ['import random', 'def place(board_size, level):', '    row = random.randint(1, board_size - 2)', '    put(level - 1, 2 * row + 1)'];
  assert.deepEqual(await codes('python', index), []);
  const norm = ['def prep(x):', '    return run_model((x - 127.5) / 127.5)'];
  assert.deepEqual(await codes('python', norm), ['2 TP301']);
});

test('javascript: `digits + 1` passed on is no normalisation; a tensor divided by 127 minus 1 still is', async () => {
  const index = ['function convert(data, charTable, digits) {', '  return charTable.encodeBatch(data, digits + 1);', '}'];
  assert.deepEqual(await codes('javascript', index), []);
  const norm = ['function prep(img) {', '  return model.predict(img.div(127).sub(1));', '}'];
  assert.deepEqual(await codes('javascript', norm), ['2 TP301']);
});

test('c++: an int or double parameter is a number, not an image; a cv::Mat parameter is still checked', async () => {
  const scalar = ['void copy(char* val, const char* qs, int val_len, double x) {', '  strncpy(val, qs, val_len - 1);', '  store((x * 1000 + 0.5));', '}'];
  assert.deepEqual(await codes('cpp', scalar), []);
  assert.deepEqual(await codes('cpp', ['void prep(const cv::Mat& img, int n) {', '  consume(img / 127.5 - 1.0);', '}']), ['2 TP301']);
});

test('typescript and python annotations: a `number` / `int` parameter is a number', async () => {
  assert.deepEqual(await codes('typescript', ['function scale(size: number) {', '  return resizeTo(size / 3.5 - 7.25);', '}']), []);
  assert.deepEqual(await codes('python', ['def scale(size: float):', '    return resize_to(size / 127.5 - 1.0)']), []);
  // Unannotated, the same arithmetic could be a normalisation of an image parameter (127.5 is a pixel constant; with
  // arbitrary constants in a file importing no image library it is not: lint-noise-round2.test.ts).
  assert.deepEqual(await codes('python', ['def scale(size):', '    return resize_to(size / 127.5 - 1.0)']), ['2 TP301']);
});

test('python: list + [1.0] joins lists (no arithmetic, no float64); an array minus a list of means is arithmetic', async () => {
  assert.deepEqual(
    await codes('python', [
      'import matplotlib.pyplot as plt',
      'def show(thrs, recalls):',
      '    plt.plot(thrs + [1.0], recalls + [0.])',
      '    draw(thrs + [1.0])',
    ]),
    [],
  );
  const means = ['def prep(img):', '    return run_model(img - [123.68, 116.78, 103.94])'];
  assert.deepEqual(await codes('python', means, {}), ['2 TP301']);
});

test('java: `return DataType.DOUBLE;` in a switch mapping type codes makes no tensor (Tensor.create with it still does: fixtures)', async () => {
  const map = [
    'class TFUtils {',
    '  static DataType of(int v) {',
    '    switch (v) {',
    '      case 1: return DataType.FLOAT;',
    '      case 2: return DataType.DOUBLE;',
    '      default: throw new IllegalArgumentException("v");',
    '    }',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', map, { input: { dtype: 'float32' } }), []);
});

test('c++: pixels through log(), sqrt() or std::pow() are image processing, not a model input', async () => {
  const log = [
    'void enhance(const cv::Mat& image, cv::Mat& out) {',
    '  for (int i = 0; i < image.rows; i++) {',
    '    const uchar* ptr = image.ptr<uchar>(i);',
    '    for (int j = 0; j < image.cols; j++) out.at<float>(i, j) = (float)log(1 + ptr[j]) + std::pow(ptr[j] - 2.0, 2) + sqrt(ptr[j] * 3.0);',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('cpp', log), []);
});

test('c++: pointer arithmetic on a pointer parameter is an address (out += 64, (T *) ptr - 1), not pixel values', async () => {
  const ptr = ['void emit(char* out, void* ptr) {', '  out += 64;', '  write_bytes(out);', '  header* h = (header *) ptr - 1;', '  release(h);', '}'];
  assert.deepEqual(await codes('cpp', ptr), []);
});

test('python: a parameter only cast to float64 is no model input; scaled as well, it is', async () => {
  // scikit-image's graycoprops: the co-occurrence matrix made float64 and normalised by its own sums.
  const cast = [
    'import numpy as np',
    'def graycoprops(P):',
    '    P = P.astype(np.float64)',
    '    sums = np.sum(P, axis=(0, 1), keepdims=True)',
    '    return P / sums',
  ];
  assert.deepEqual(await codes('python', cast, { input: { dtype: 'float32' } }), []);
  const scaled = ['import numpy as np', 'def prep(img):', '    return model.predict(img.astype(np.float64) / 255.0)'];
  assert.deepEqual(await codes('python', scaled, { input: { dtype: 'float32' } }), ['3 TP501']);
});

test('python: (0.1,) * ndim and [0] * n repeat a sequence; 2 * a parameter minus an index is index arithmetic', async () => {
  const rep = [
    'def check(img, ndim):',
    '    structure_tensor(img, sigma=(0.1,) * (ndim - 1))',
    '    pad(img, [0] * ndim)',
    '    iradon(img, theta=[ndim + 180])',
  ];
  assert.deepEqual(await codes('python', rep), []);
});

test('python: an image only opened and returned (a loader) keeps its mode for the caller; opened and resized for the model, it is reported', async () => {
  const loader = ['from PIL import Image', 'def load(path):', '    im = Image.open(path)', '    return im'];
  assert.deepEqual(await codes('python', loader), []);
  const used = [
    'from PIL import Image',
    'import numpy as np',
    'im = Image.open("a.png").resize((224, 224))',
    'model.predict(np.asarray(im, dtype=np.float32) / 255.0)',
  ];
  assert.deepEqual(await codes('python', used, {}), ['3 TP102', '3 TP203']);
  // Pillow's own tests: opened, then compared or saved.
  const tests = [
    'from PIL import Image',
    'def test_mode():',
    '    with Image.open("a.png") as im:',
    '        assert_image_equal(im, hopper())',
    '        im.save("b.png")',
  ];
  assert.deepEqual(await codes('python', tests), []);
  // Handed to a transforms.Compose in a variable (its own findings sit on the Compose), the mode still matters.
  const tfm = [
    'import torchvision.transforms as transforms',
    'from PIL import Image',
    'def prep(data):',
    '    tfm = transforms.Compose([transforms.Resize(224), transforms.ToTensor()])',
    '    image = Image.open(data)',
    '    return tfm(image).unsqueeze(0)',
  ];
  assert.deepEqual(await codes('python', tfm, { input: { layout: 'NCHW' } }), ['4 TP204', '5 TP102']);
});

test('java: a ByteBuffer handed to a decoder or a channel is I/O (big-endian is fine); one run by a model still needs native order', async () => {
  const io = [
    'import java.nio.ByteBuffer;',
    'class Rle {',
    '  void read(Decoder decoder, InputStream stream) {',
    '    ByteBuffer buffer = ByteBuffer.allocate(1024);',
    '    decoder.decode(stream, buffer);',
    '    buffer.putInt(7);',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', io), []);
  const model = [
    'import java.nio.ByteBuffer;',
    'import org.tensorflow.lite.Interpreter;',
    'class Run {',
    '  void run(Interpreter tflite, float[][] out) {',
    '    ByteBuffer input = ByteBuffer.allocateDirect(4 * 224 * 224 * 3);',
    '    tflite.run(input, out);',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', model), ['5 TP502']);
});

test('java: channel bytes packed into a byte[] by a file with no model runtime (a GIF encoder) are no input; with TFLite imported they are', async () => {
  const body = [
    'class Encoder {',
    '  byte[] pixels;',
    '  void getImagePixels(Bitmap image, int w, int h) {',
    '    int[] pixelsInt = new int[w * h];',
    '    image.getPixels(pixelsInt, 0, w, 0, 0, w, h);',
    '    pixels = new byte[pixelsInt.length * 3];',
    '    int k = 0;',
    '    for (final int pixel : pixelsInt) {',
    '      pixels[k++] = (byte) (pixel & 0xFF);',
    '      pixels[k++] = (byte) ((pixel >> 8) & 0xFF);',
    '      pixels[k++] = (byte) ((pixel >> 16) & 0xFF);',
    '    }',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', ['import android.graphics.Bitmap;', ...body]), []);
  const withModel = await codes('java', ['import android.graphics.Bitmap;', 'import org.tensorflow.lite.Interpreter;', ...body]);
  assert.ok(withModel.includes('11 TP101'), withModel.join(', '));
});

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-wrappers-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

function write(rel: string, lines: string[]): string {
  const p = path.join(ROOT, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, lines.join('\n'));
  return p;
}

let shared: Promise<Linter> | undefined;
async function lintFile(p: string): Promise<string[]> {
  shared ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(ROOT) });
  const l = await shared;
  const uri = pathToFileURL(p).href;
  const out = l.lint({ uri, languageId: 'python', text: fs.readFileSync(p, 'utf8') }, specWith(IMAGENET));
  l.close(uri);
  return keys(out);
}

const DEMO = ['import cv2 as cv', 'from {MOD} import {CLS}', 'model = {CLS}("m.onnx")', 'image = cv.imread("a.jpg")', 'result = model.infer(image)'];
const demo = (mod: string, cls: string): string[] => DEMO.map((l) => l.replace(/\{MOD\}/g, mod).replace(/\{CLS\}/g, cls));

test('python: an image handed to a sibling class that prepares it itself is not model input here', async () => {
  // opencv_zoo's layout: the class resizes, scales and transposes in its own _preprocess.
  write('zoo/mobilenet.py', [
    'import numpy as np',
    'import cv2 as cv',
    'class MobileNet:',
    '    def __init__(self, modelPath):',
    '        self.model = cv.dnn.readNet(modelPath)',
    '    def _preprocess(self, image):',
    '        image = cv.cvtColor(image, cv.COLOR_BGR2RGB)',
    '        image = image.astype(np.float32) / 255.0',
    '        return image.transpose(2, 0, 1)[np.newaxis, :]',
    '    def infer(self, image):',
    '        self.model.setInput(self._preprocess(image))',
    '        return self.model.forward()',
  ]);
  assert.deepEqual(await lintFile(write('zoo/demo.py', demo('mobilenet', 'MobileNet'))), []);
  // A class built around one of OpenCV's models that take the raw image (cv.FaceDetectorYN), in a folder put on
  // sys.path by the demo.
  write('zoo/yunet/yunet.py', [
    'import cv2 as cv',
    'class YuNet:',
    '    def __init__(self, modelPath):',
    '        self._model = cv.FaceDetectorYN.create(model=modelPath, config="", input_size=(320, 320))',
    '    def infer(self, image):',
    '        return self._model.detect(image)',
  ]);
  const p = write('zoo/app/demo.py', ['import sys', "sys.path.append('../yunet')", ...demo('yunet', 'YuNet')]);
  assert.deepEqual(await lintFile(p), []);
});

test('python: a thin sibling wrapper that only forwards to the model still takes model input (raw pixels are reported)', async () => {
  write('thin/wrapper.py', [
    'class Model:',
    '    def __init__(self, net):',
    '        self.net = net',
    '    def infer(self, x):',
    '        return self.net.predict(x)',
  ]);
  assert.deepEqual(await lintFile(write('thin/demo.py', demo('wrapper', 'Model'))), ['4 TP101', '5 TP301']);
  // And a module that is no sibling file (a pip package) is not assumed to prepare anything.
  assert.deepEqual(await lintFile(write('pkg/demo.py', demo('somepackage', 'Detector'))), ['4 TP101', '5 TP301']);
});

test('python: a resize for drawing that blobFromImage resizes again does not set the input size; the blob size does', async () => {
  const src = [
    'import cv2',
    'image = cv2.resize(cv2.imread("a.jpg"), (640, 480))',
    'blob = cv2.dnn.blobFromImage(image, 1 / 255.0, (320, 320), swapRB=True)',
    'net.setInput(blob)',
  ];
  assert.deepEqual(await codes('python', src, { input: { width: 320, height: 320, layout: 'NCHW' } }), []);
  assert.deepEqual(await codes('python', src, { input: { width: 300, height: 300, layout: 'NCHW' } }), ['3 TP201']);
});

test('c++: a cv::Mat parameter converted to float and scaled by the code held 0–255 pixels: the scale is checked even where it leaves', async () => {
  const src = ['Ort::Value prep(cv::Mat src) {', '  src.convertTo(src, CV_32FC3, 1.0f / 255.0f, 0.f);', '  return create_tensor(src);', '}'];
  assert.deepEqual(await codes('cpp', src, { input: { scale: 1 / 255, layout: 'NCHW' } }), []);
  assert.deepEqual(await codes('cpp', src, { input: { scale: 1, layout: 'NCHW' } }), ['2 TP301']);
});
