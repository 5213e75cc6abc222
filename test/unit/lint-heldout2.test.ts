// Patterns from the second held-out round of real files (test/corpus/lint/cases.json, round "heldout-2") that the
// linter missed before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and a
// different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAllFixes, lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, sorted. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
}

const CAFFE_MEAN = [103.939, 116.779, 123.68];

const TFLITE_MEMCPY = [
  '#include <opencv2/opencv.hpp>',
  'cv::Mat img2tensor(cv::Mat &img) {',
  '    cv::Mat t;',
  '    img.convertTo(t, CV_32FC3);',
  '    t -= cv::Scalar(103.939, 116.779, 123.68);',
  '    return t;',
  '}',
  'int main() {',
  '    cv::Mat img = cv::imread("a.jpg");',
  '    cv::Mat small;',
  '    cv::resize(img, small, {224, 224});',
  '    cv::cvtColor(small, small, cv::COLOR_BGR2RGB);',
  '    cv::Mat x = img2tensor(small);',
  '    float *in = interpreter->typed_input_tensor<float>(0);',
  '    memcpy(in, x.data, x.channels() * x.total() * sizeof(float));',
  '}',
].join('\n');

test('cpp: memcpy of a Mat’s .data into the input tensor copies the whole image, per-channel mean included', async () => {
  const same = await lintText('cpp', TFLITE_MEMCPY, specWith({ input: { scale: 1, mean: CAFFE_MEAN } }));
  assert.deepEqual(at(same), []);
  const differ = await lintText('cpp', TFLITE_MEMCPY, specWith({ input: { scale: 1, mean: [0, 0, 0] } }));
  assert.deepEqual(at(differ), ['5 TP301']);
  const ptr = TFLITE_MEMCPY.replace('x.data,', 'x.ptr<float>(),');
  assert.deepEqual(at(await lintText('cpp', ptr, specWith({ input: { scale: 1, mean: [0, 0, 0] } }))), ['5 TP301']);
});

test('cpp: memcpy of a buffer that is not a Mat’s pixels stays unknown (no finding)', async () => {
  const src = TFLITE_MEMCPY.replace('memcpy(in, x.data,', 'memcpy(in, other.data,');
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { scale: 1, mean: [0, 0, 0] } }))), []);
});

const PLANES = [
  '#include <opencv2/opencv.hpp>',
  'std::vector<float> loadImg(const std::string path, int width, int height) {',
  '    cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);',
  '    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);',
  '    cv::resize(image, image, cv::Size(width, height));',
  '    image.convertTo(image, CV_32F, 1.0 / 255.0);',
  '    cv::subtract(image, cv::Scalar(0.485, 0.456, 0.406), image);',
  '    cv::divide(image, cv::Scalar(0.229, 0.224, 0.225), image);',
  '    std::vector<cv::Mat> channels;',
  '    cv::split(image, channels);',
  '    std::vector<float> data(3 * height * width);',
  '    int idx = 0;',
  '    for (int c = 0; c < 3; ++c)',
  '        for (int h = 0; h < height; ++h)',
  '            for (int w = 0; w < width; ++w)',
  '                data[idx++] = channels[c].at<float>(h, w);',
  '    return data;',
  '}',
].join('\n');
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: 'NCHW' };

test('cpp: the cv::split planes copied into a local std::vector are the image the function returns', async () => {
  assert.deepEqual(at(await lintText('cpp', PLANES, specWith({ input: IMAGENET }))), []);
  const differ = await lintText('cpp', PLANES, specWith({ input: { ...IMAGENET, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(differ), ['4 TP101', '7 TP301']);
});

test('cpp: a plane picked by a computed index (channels[2 - c]) is not taken for the image in order', async () => {
  const src = PLANES.replace('channels[c].at', 'channels[2 - c].at').replace('    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);\n', '');
  const findings = await lintText('cpp', src, specWith({ input: IMAGENET }));
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP101')), []);
});

const DLR = [
  'public class MobileNet extends ModelBase {',
  '    private static final float IMAGE_MEAN = 127.5f;',
  '    private static final float IMAGE_STD = 127.5f;',
  '    @Override',
  '    protected void addPixelValue(int pixelValue) {',
  '        imgData.putFloat((((pixelValue >> 16) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);',
  '        imgData.putFloat((((pixelValue >> 8) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);',
  '        imgData.putFloat(((pixelValue & 0xFF) - IMAGE_MEAN) / IMAGE_STD);',
  '    }',
  '}',
].join('\n');

test('java: an int parameter unpacked as ARGB ((p >> 16) & 0xFF) and written with putFloat is a pixel (three channel lines with the same constants are one deviation: one finding)', async () => {
  assert.deepEqual(at(await lintText('java', DLR, specWith({ input: { scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } }))), []);
  const differ = await lintText('java', DLR, specWith({ input: {} }));
  assert.deepEqual(at(differ), ['6 TP301']);
});

test('java: an int parameter used as a number (not unpacked) is still no image', async () => {
  const src = DLR.replace(/\(\(\(pixelValue >> 1?6?8?\) & 0xFF\) - IMAGE_MEAN\)/g, '(pixelValue - IMAGE_MEAN)').replace(
    '((pixelValue & 0xFF) - IMAGE_MEAN)',
    '(pixelValue - IMAGE_MEAN)',
  );
  assert.deepEqual(at(await lintText('java', src, specWith({ input: {} }))), []);
});

const FIELD_BITMAP = [
  'public class EfficientNet {',
  '    Bitmap bitmap;',
  '    public EfficientNet(Bitmap bitmap) { this.bitmap = bitmap; }',
  '    public void run() {',
  '        ByteBuffer in = ByteBuffer.allocateDirect(224 * 224 * 3 * 4).order(ByteOrder.nativeOrder());',
  '        int[] px = new int[224 * 224];',
  '        bitmap.getPixels(px, 0, 224, 0, 0, 224, 224);',
  '        for (int i = 0; i < 224 * 224; i++) {',
  '            int rgb = px[i];',
  '            in.putFloat(Color.red(rgb));',
  '            in.putFloat(Color.green(rgb));',
  '            in.putFloat(Color.blue(rgb));',
  '        }',
  '        tflite.run(in, output);',
  '    }',
  '}',
].join('\n');

test('java: getPixels on a Bitmap field gives packed pixels; raw channels under a ÷ 255 spec are one finding', async () => {
  assert.deepEqual(at(await lintText('java', FIELD_BITMAP, specWith({ input: { scale: 1 } }))), []);
  assert.deepEqual(at(await lintText('java', FIELD_BITMAP, specWith({ input: {} }))), ['10 TP301']);
});

test('java: a getPixels call of another shape (not Android’s seven arguments) on an unknown object is not a Bitmap', async () => {
  const src = FIELD_BITMAP.replace('bitmap.getPixels(px, 0, 224, 0, 0, 224, 224);', 'bitmap.getPixels(px);');
  assert.deepEqual(at(await lintText('java', src, specWith({ input: {} }))), []);
});

const CANVAS = [
  'export async function imageToTensor(img, session) {',
  '  const canvas = document.createElement("canvas");',
  '  const ctx = canvas.getContext("2d");',
  '  ctx.drawImage(img, 0, 0, 640, 640);',
  '  const data = ctx.getImageData(0, 0, 640, 640).data;',
  '  const red = [], green = [], blue = [];',
  '  for (let i = 0; i < data.length; i += 4) {',
  '    red.push(data[i]);',
  '    green.push(data[i + 1]);',
  '    blue.push(data[i + 2]);',
  '  }',
  '  const planes = red.concat(green).concat(blue);',
  '  const input = new Float32Array(3 * 640 * 640);',
  '  for (let i = 0; i < planes.length; i++) {',
  '    input[i] = planes[i] / 255;',
  '  }',
  '  return session.run({ images: new ort.Tensor("float32", input, [1, 3, 640, 640]) });',
  '}',
].join('\n');

test('js: canvas pixels (drawImage to size, getImageData, planes collected with push/concat) are the image', async () => {
  assert.deepEqual(at(await lintText('javascript', CANVAS, specWith({ input: { width: 640, height: 640, layout: 'NCHW' } }))), []);
  const differ = await lintText('javascript', CANVAS, specWith({ input: { width: 320, height: 320, layout: 'NCHW', scale: 1 } }));
  assert.deepEqual(at(differ), ['15 TP301', '4 TP201']);
});

test('js: values pushed that are not pixels (labels, sizes) do not make an array an image', async () => {
  const src = CANVAS.replace('red.push(data[i]);', 'red.push(i);')
    .replace('green.push(data[i + 1]);', 'green.push(1);')
    .replace('blue.push(data[i + 2]);', 'blue.push(2);');
  const differ = await lintText('javascript', src, specWith({ input: { width: 640, height: 640, layout: 'NCHW', scale: 1 } }));
  assert.deepEqual(at(differ), []);
});

const PROMISE = [
  'function readImage(el) {',
  '  return new Promise((resolve, reject) => {',
  '    const t = tf.browser.fromPixels(el).toFloat().div(255);',
  '    resolve(t);',
  '  });',
  '}',
  'async function main(el) {',
  '  const x = await readImage(el);',
  '  return model.predict(x.expandDims(0));',
  '}',
].join('\n');

test('js: the value a Promise resolves with is what `await` gives the caller', async () => {
  assert.deepEqual(at(await lintText('javascript', PROMISE, specWith({ input: {} }))), []);
  assert.deepEqual(at(await lintText('javascript', PROMISE, specWith({ input: { scale: 1 } }))), ['3 TP301']);
});

test('js: a Promise that resolves with something else (a status) carries no image', async () => {
  const src = PROMISE.replace('resolve(t);', 'resolve(true);');
  assert.deepEqual(at(await lintText('javascript', src, specWith({ input: { scale: 1 } }))), []);
});

const SLICE = [
  'function preprocess(img) {',
  '  return tf.tidy(() => {',
  '    const r = tf.image.resizeBilinear(img, [256, 256]);',
  '    const c = tf.slice(r, [16, 16, 0], [224, 224, 3]);',
  '    return c.div(255).sub([0.485, 0.456, 0.406]).div([0.229, 0.224, 0.225]).expandDims(0);',
  '  });',
  '}',
  'const y = model.predict(preprocess(tf.browser.fromPixels(video)));',
].join('\n');
const TORCH_STYLE = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: { library: 'tfjs', method: 'bilinear', fit: 'crop' } };

test('js: tf.slice (a crop) keeps the image, so the normalisation after it is checked', async () => {
  assert.deepEqual(at(await lintText('javascript', SLICE, specWith({ input: TORCH_STYLE }))), []);
  const differ = await lintText('javascript', SLICE, specWith({ input: { ...TORCH_STYLE, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(differ), ['5 TP301']);
});

const REID = [
  'import cv2 as cv',
  'import numpy as np',
  'class ReID:',
  '    def __init__(self, path):',
  '        self._model = cv.dnn.readNet(path)',
  '    def infer(self, image):',
  '        image = image[:, :, ::-1]',
  '        blob = cv.dnn.blobFromImage((image / 255.0).astype(np.float32))',
  '        self._model.setInput(blob)',
  '        return self._model.forward()',
].join('\n');

test('python: an RB swap of a parameter image in OpenCV code makes RGB (the caller’s image is BGR)', async () => {
  assert.deepEqual(at(await lintText('python', REID, specWith({ input: { layout: 'NCHW' } }))), []);
  const differ = await lintText('python', REID, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }));
  assert.deepEqual(at(differ), ['7 TP101']);
  assert.match(differ[0].message, /comes in BGR/);
  const swapRB = REID.replace('        image = image[:, :, ::-1]\n', '').replace('astype(np.float32))', 'astype(np.float32), swapRB=True)');
  assert.deepEqual(at(await lintText('python', swapRB, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), ['7 TP101']);
});

test('python: without OpenCV in the file a parameter image’s order stays unknown (no colour finding)', async () => {
  const src = REID.replace('import cv2 as cv', 'import onnxruntime as ort')
    .replace('cv.dnn.readNet(path)', 'ort.InferenceSession(path)')
    .replace('blob = cv.dnn.blobFromImage((image / 255.0).astype(np.float32))', 'blob = (image / 255.0).astype(np.float32).transpose(2, 0, 1)[None]')
    .replace('self._model.setInput(blob)', 'out = self._model.run(None, {"x": blob})');
  assert.deepEqual(at((await lintText('python', src, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))).filter((f) => f.code === 'TP101')), []);
});

const STACK = [
  'import cv2',
  'import numpy as np',
  'img = cv2.imread("a.jpg")',
  'img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)',
  'img = cv2.resize(img, (224, 224)).astype(np.float32)',
  'r = (img[:, :, 0] / 255.0 - 0.485) / 0.229',
  'g = (img[:, :, 1] / 255.0 - 0.456) / 0.224',
  'b = (img[:, :, 2] / 255.0 - 0.406) / 0.225',
  'x = np.stack([r, g, b], axis=0)[None]',
  'out = sess.run(None, {"input": x})',
].join('\n');

test('python: channels normalised one by one and put back with np.stack are one image with per-channel mean/std', async () => {
  assert.deepEqual(at(await lintText('python', STACK, specWith({ input: IMAGENET }))), []);
  const differ = await lintText('python', STACK, specWith({ input: { ...IMAGENET, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], layout: 'NHWC' } }));
  assert.deepEqual(at(differ), ['6 TP301', '9 TP401']);
  const concat = STACK.replace('np.stack([r, g, b], axis=0)[None]', 'np.concatenate([r[None], g[None], b[None]], axis=0)[None]');
  assert.deepEqual(at(await lintText('python', concat, specWith({ input: IMAGENET }))), []);
});

test('python: channels stacked b, g, r are the image in the other order; a partial pick is not taken for the image', async () => {
  const bgr = STACK.replace('np.stack([r, g, b], axis=0)', 'np.stack([b, g, r], axis=0)');
  const findings = await lintText('python', bgr, specWith({ input: { ...IMAGENET, mean: [0.406, 0.456, 0.485], std: [0.225, 0.224, 0.229] } }));
  assert.deepEqual(at(findings), ['9 TP101']);
  const two = STACK.replace('np.stack([r, g, b], axis=0)', 'np.stack([r, g], axis=0)');
  assert.deepEqual(at((await lintText('python', two, specWith({ input: IMAGENET }))).filter((f) => f.code === 'TP101' || f.code === 'TP301')), []);
});

const NDARRAY = [
  "import ndarray from 'ndarray';",
  "import ops from 'ndarray-ops';",
  'export function preProcess(ctx, session) {',
  '  const { data, width, height } = ctx.getImageData(0, 0, 224, 224);',
  '  const src = ndarray(new Float32Array(data), [height, width, 4]);',
  '  const out = ndarray(new Float32Array(width * height * 3), [1, 3, height, width]);',
  '  ops.assign(out.pick(0, 0, null, null), src.pick(null, null, 2));',
  '  ops.assign(out.pick(0, 1, null, null), src.pick(null, null, 1));',
  '  ops.assign(out.pick(0, 2, null, null), src.pick(null, null, 0));',
  '  ops.divseq(out, 255);',
  '  ops.subseq(out.pick(0, 0, null, null), 0.406);',
  '  ops.subseq(out.pick(0, 1, null, null), 0.456);',
  '  ops.subseq(out.pick(0, 2, null, null), 0.485);',
  '  ops.divseq(out.pick(0, 0, null, null), 0.225);',
  '  ops.divseq(out.pick(0, 1, null, null), 0.224);',
  '  ops.divseq(out.pick(0, 2, null, null), 0.229);',
  "  return session.run([new Tensor(out.data, 'float32', [1, 3, height, width])]);",
  '}',
].join('\n');
const BGR_NET = { colorOrder: 'BGR', mean: [0.406, 0.456, 0.485], std: [0.225, 0.224, 0.229], layout: 'NCHW' };

test('js: ndarray-ops planes (ops.assign of canvas channels, ops.subseq/divseq per plane) are one image in plane order', async () => {
  assert.deepEqual(at(await lintText('javascript', NDARRAY, specWith({ input: BGR_NET }))), []);
  const differ = await lintText('javascript', NDARRAY, specWith({ input: { ...BGR_NET, colorOrder: 'RGB', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(differ), ['11 TP301', '7 TP101']);
});

test('js: an ndarray filled with fewer than three channel planes is not taken for the image', async () => {
  const src = NDARRAY.replace('  ops.assign(out.pick(0, 2, null, null), src.pick(null, null, 0));\n', '');
  assert.deepEqual(at(await lintText('javascript', src, specWith({ input: { ...BGR_NET, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))), []);
});

test('js: ctx.drawImage sized by items of a default parameter array (dims = [1, 3, 640, 640]) is checked; an unknown size is not', async () => {
  const src = CANVAS.replace('imageToTensor(img, session)', 'imageToTensor(img, session, dims = [1, 3, 640, 640])').replace(
    'ctx.drawImage(img, 0, 0, 640, 640);',
    'ctx.drawImage(img, 0, 0, dims[3], dims[2]);',
  );
  const differ = await lintText('javascript', src, specWith({ input: { width: 320, height: 320, layout: 'NCHW' } }));
  assert.deepEqual(at(differ.filter((f) => f.code === 'TP201')), ['4 TP201']);
  const unknown = src.replace('dims = [1, 3, 640, 640]', 'dims');
  assert.deepEqual(
    at((await lintText('javascript', unknown, specWith({ input: { width: 320, height: 320, layout: 'NCHW' } }))).filter((f) => f.code === 'TP201')),
    [],
  );
});

const MEMBER_MEAN = [
  '#include <opencv2/opencv.hpp>',
  'class ReID {',
  'public:',
  '    cv::Mat preprocess(const cv::Mat& image) {',
  '        cv::Mat img;',
  '        cv::cvtColor(image, img, cv::COLOR_BGR2RGB);',
  '        img.convertTo(img, CV_32F, 1.0 / 255.0);',
  '        std::vector<cv::Mat> channels(3);',
  '        cv::split(img, channels);',
  '        channels[0] = (channels[0] - mean_[0]) / std_[0];',
  '        channels[1] = (channels[1] - mean_[1]) / std_[1];',
  '        channels[2] = (channels[2] - mean_[2]) / std_[2];',
  '        cv::merge(channels, img);',
  '        return cv::dnn::blobFromImage(img);',
  '    }',
  '    cv::Mat infer(const cv::Mat& image) { net_.setInput(preprocess(image)); return net_.forward(); }',
  'private:',
  '    cv::dnn::Net net_;',
  '    cv::Scalar mean_ = cv::Scalar(0.485, 0.456, 0.406);',
  '    cv::Scalar std_ = cv::Scalar(0.229, 0.224, 0.225);',
  '};',
].join('\n');

test('cpp: mean_[k] / std_[k] of constant cv::Scalar members are the per-channel constants', async () => {
  assert.deepEqual(at(await lintText('cpp', MEMBER_MEAN, specWith({ input: IMAGENET }))), []);
  const differ = await lintText('cpp', MEMBER_MEAN, specWith({ input: { ...IMAGENET, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(differ), ['10 TP301']);
});

test('cpp: an index the file cannot evaluate into a constant member stays unknown', async () => {
  const src = MEMBER_MEAN.replace('mean_[0]', 'mean_[k]');
  assert.deepEqual(at(await lintText('cpp', src, specWith({ input: { ...IMAGENET, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))), []);
});

test('java: three channel lines with the same wrong scale are one finding whose quick fix rescales every line', async () => {
  const src = [
    'class Loader {',
    '  void fill(Bitmap bitmap, ByteBuffer ordered) {',
    '    int[] intValues = new int[224 * 224];',
    '    bitmap.getPixels(intValues, 0, 224, 0, 0, 224, 224);',
    '    for (int i = 0; i < intValues.length; ++i) {',
    '      final int val = intValues[i];',
    '      ordered.putFloat(((val >> 16) & 0xFF) / 255.0f);',
    '      ordered.putFloat(((val >> 8) & 0xFF) / 255.0f);',
    '      ordered.putFloat((val & 0xFF) / 255.0f);',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const spec = specWith({ input: { scale: 1 / 127.5 } });
  const findings = await lintText('java', src, spec);
  assert.deepEqual(at(findings), ['7 TP301']);
  assert.deepEqual(
    findings[0]?.fix?.edits.map((e) => e.range.start.line + 1),
    [7, 8, 9],
  );
  assert.deepEqual(at(await lintText('java', applyAllFixes(src, findings), spec)), []);
});
