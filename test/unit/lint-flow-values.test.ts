// Values that cross function and object boundaries, new sinks and new pipelines (issue #11 parts 1–3).
// Each fixture is our own minimal reproduction of a pattern seen in public preprocessing code; each has a spec the
// code matches (no finding) and a spec it deviates from (the finding a person expects, on the line they would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, in order. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const HALF = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

const TUPLE_PY = [
  'import numpy as np',
  'import cv2 as cv',
  'class Detector:',
  '    def __init__(self, path):',
  '        self.net = cv.dnn.readNet(path)',
  '    def _preprocess(self, image):',
  '        pad = np.array([0., 0.])',
  '        image = cv.cvtColor(image, cv.COLOR_BGR2RGB)',
  '        image = image.astype(np.float32) / 255.0',
  '        return image[np.newaxis, :, :, :], pad',
  '    def infer(self, image):',
  '        blob, pad = self._preprocess(image)',
  '        self.net.setInput(blob)',
  '        return self.net.forward()',
].join('\n');

test('python: an image returned inside a tuple (return blob, pad) is followed to the model', async () => {
  assert.deepEqual(at(await lintText('python', TUPLE_PY, specWith({ input: HALF }))), ['9 TP301']);
  assert.deepEqual(await lintText('python', TUPLE_PY, specWith()), []);
});

test('python: a colour conversion on an image parameter says what the function gives', async () => {
  const f = await lintText('python', TUPLE_PY, specWith({ input: { colorOrder: 'BGR' } }));
  assert.deepEqual(at(f), ['8 TP101']);
  assert.match(f[0].message, /gives RGB pixels .* spec's input\.colorOrder is BGR/);
});

const ATTRS_PY = [
  'import numpy as np',
  'import cv2',
  'class Classifier:',
  '    def __init__(self, path):',
  '        self.net = cv2.dnn.readNet(path)',
  '        self.mean = np.array([0.485, 0.456, 0.406])[np.newaxis, np.newaxis, :]',
  '        self.std = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(1, 1, 3)',
  '    def infer(self, image):',
  '        x = image.astype(np.float32) / 255.0',
  '        x = (x - self.mean) / self.std',
  '        self.net.setInput(cv2.dnn.blobFromImage(x))',
  '        return self.net.forward()',
].join('\n');

test('python: mean and std kept as attributes through np.newaxis and reshape are still known', async () => {
  assert.deepEqual(await lintText('python', ATTRS_PY, specWith({ input: { ...IMAGENET, layout: 'NCHW' } })), []);
  assert.deepEqual(at(await lintText('python', ATTRS_PY, specWith({ input: { ...HALF, layout: 'NCHW' } }))), ['10 TP301']);
});

test('python: np.save and tofile are where the tensor is complete', async () => {
  const src = [
    'import numpy as np',
    'import cv2',
    'img = cv2.cvtColor(cv2.imread("a.jpg"), cv2.COLOR_BGR2RGB)',
    'img = cv2.resize(img, (224, 224))',
    'x = img.astype(np.float32) / 127.5',
    'np.save("input.npy", x[None])',
    'x.tofile("input.raw")',
  ].join('\n');
  assert.deepEqual(at(await lintText('python', src, specWith())), ['5 TP301']);
  assert.deepEqual(await lintText('python', src.replace('127.5', '255.0'), specWith()), []);
});

const TORCH_JAVA = [
  'import android.graphics.Bitmap;',
  'import android.graphics.BitmapFactory;',
  'import org.pytorch.IValue;',
  'import org.pytorch.Module;',
  'import org.pytorch.Tensor;',
  'import org.pytorch.torchvision.TensorImageUtils;',
  'class Runner {',
  '  Module module;',
  '  float[] run(java.io.InputStream in) {',
  '    Bitmap bitmap = BitmapFactory.decodeStream(in);',
  '    Tensor input = TensorImageUtils.bitmapToFloat32Tensor(bitmap,',
  '        TensorImageUtils.TORCHVISION_NORM_MEAN_RGB, TensorImageUtils.TORCHVISION_NORM_STD_RGB);',
  '    return module.forward(IValue.from(input)).toTensor().getDataAsFloatArray();',
  '  }',
  '}',
].join('\n');

test('java: TensorImageUtils.bitmapToFloat32Tensor is NCHW with the mean and std it is given', async () => {
  assert.deepEqual(await lintText('java', TORCH_JAVA, specWith({ input: { ...IMAGENET, layout: 'NCHW' } })), []);
  const f = await lintText('java', TORCH_JAVA, specWith({ input: { ...HALF, layout: 'NHWC' } }));
  assert.deepEqual(at(f).sort(), ['11 TP301', '11 TP401']);
});

test('java: a NormalizeOp for the output probabilities is not judged as input normalisation', async () => {
  const src = [
    'import org.tensorflow.lite.support.common.ops.NormalizeOp;',
    'class Helper {',
    '  private static final float PROBABILITY_MEAN = 0.0f;',
    '  private static final float PROBABILITY_STD = 1.0f;',
    '  private static final float IMAGE_MEAN = 127.0f;',
    '  private static final float IMAGE_STD = 128.0f;',
    '  private static final NormalizeOp PRE = new NormalizeOp(IMAGE_MEAN, IMAGE_STD);',
    '  private static final NormalizeOp POST = new NormalizeOp(PROBABILITY_MEAN, PROBABILITY_STD);',
    '}',
  ].join('\n');
  assert.deepEqual(await lintText('java', src, specWith({ input: { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] } })), []);
  assert.deepEqual(at(await lintText('java', src, specWith())), ['7 TP301']);
});

const BLOB_CPP = [
  '#include <opencv2/opencv.hpp>',
  'using namespace cv;',
  'using namespace dnn;',
  'int main(int argc, char** argv) {',
  '  Net net = readNet("m.onnx");',
  '  VideoCapture cap;',
  '  cap.open(0);',
  '  Mat frame, blob;',
  '  cap >> frame;',
  '  Image2BlobParams params;',
  '  params.mean = Scalar(123.675, 116.28, 103.53);',
  '  params.scalefactor = Scalar(1 / (255. * 0.229), 1 / (255. * 0.224), 1 / (255. * 0.225));',
  '  params.size = Size(224, 224);',
  '  params.swapRB = true;',
  '  blobFromImageWithParams(frame, blob, params);',
  '  net.setInput(blob);',
  '  return 0;',
  '}',
].join('\n');

test('cpp: blobFromImageWithParams reads mean, scalefactor, size and swapRB from the Image2BlobParams members', async () => {
  assert.deepEqual(await lintText('cpp', BLOB_CPP, specWith({ input: { ...IMAGENET, layout: 'NCHW' } })), []);
  const f = await lintText('cpp', BLOB_CPP, specWith({ input: { ...HALF, width: 256, height: 256, colorOrder: 'BGR', layout: 'NCHW' } }));
  assert.deepEqual(at(f).sort(), ['15 TP101', '15 TP201', '15 TP301']);
});

test('cpp: swapRB from a flag leaves the channel order unknown (no colour finding)', async () => {
  const src = BLOB_CPP.replace('params.swapRB = true;', 'params.swapRB = argc > 1;');
  const f = await lintText('cpp', src, specWith({ input: { ...IMAGENET, layout: 'NCHW', colorOrder: 'BGR' } }));
  assert.deepEqual(
    f.filter((x) => x.code === 'TP101'),
    [],
  );
});

const PARAMS_PY = [
  'import cv2',
  'import numpy as np',
  'SIZE = (256, 256)',
  'def preprocess(path, size=(224, 224), interpolation=cv2.INTER_AREA):',
  '    img = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)',
  '    img = cv2.resize(img, size, interpolation=interpolation)',
  '    return img.astype(np.float32) / 255.0',
  'def run(model, path):',
  '    return model.predict(preprocess(path)[None])',
].join('\n');

test('python: a parameter default is the value when every call leaves it out', async () => {
  const f = await lintText('python', PARAMS_PY, specWith({ input: { width: 256, height: 256 } }));
  assert.deepEqual(at(f), ['6 TP201', '6 TP203']);
  assert.match(f[1].message, /uses interpolation \(= cv2\.INTER_AREA\)/);
  assert.deepEqual(await lintText('python', PARAMS_PY, specWith({ input: { resize: { method: 'area' } } })), []);
});

test('python: a keyword every call site passes is the value; call sites that disagree leave it unknown', async () => {
  const same = PARAMS_PY.replace('preprocess(path)[None]', 'preprocess(path, size=SIZE)[None]');
  assert.deepEqual(at(await lintText('python', same, specWith({ input: { resize: { method: 'area' } } }))), ['6 TP201']);
  const two = `${same}\ndef run2(model, path):\n    return model.predict(preprocess(path)[None])`;
  assert.deepEqual(await lintText('python', two, specWith({ input: { resize: { method: 'area' } } })), []);
});

test('java: a getter that returns a constant gives the size', async () => {
  const src = [
    'import android.graphics.Bitmap;',
    'class Scaler {',
    '  private static final int INPUT_SIZE = 192;',
    '  int getInputSize() { return INPUT_SIZE; }',
    '  Bitmap scale(Bitmap b) { return Bitmap.createScaledBitmap(b, getInputSize(), getInputSize(), true); }',
    '}',
  ].join('\n');
  const spec = { resize: { library: 'tf', method: 'bilinear' } };
  assert.deepEqual(at(await lintText('java', src, specWith({ input: spec }))), ['5 TP201']);
  assert.deepEqual(await lintText('java', src, specWith({ input: { ...spec, width: 192, height: 192 } })), []);
});
