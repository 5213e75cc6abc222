// Patterns from the third held-out round of real files (test/corpus/lint/cases.json, round "heldout-3") that the
// linter missed or misread before. Each fixture is our own minimal reproduction, with a matching spec (no finding) and
// a different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, sorted. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
}

const CPP_BRANCHES = [
  '#include <opencv2/opencv.hpp>',
  'cv::Mat prep(cv::Mat img, bool gray) {',
  '    cv::Mat blob;',
  '    if (gray) {',
  '        cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);',
  '        img.convertTo(img, CV_32FC1, 1.0f / 255.0f);',
  '    } else {',
  '        img.convertTo(img, CV_32FC3, 1.0f / 255.0f);',
  '    }',
  '    cv::dnn::blobFromImage(img, blob, 1.0, cv::Size(32, 32));',
  '    return blob;',
  '}',
  'int main() {',
  '    cv::dnn::Net net = cv::dnn::readNetFromONNX("m.onnx");',
  '    net.setInput(prep(cv::imread("a.png"), false));',
  '}',
].join('\n');

test('cpp: the two branches of an if/else are one conversion or the other, not both one after the other', async () => {
  const spec = { input: { width: 32, height: 32, colorOrder: 'BGR', layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('cpp', CPP_BRANCHES, specWith(spec))), []);
  // Both branches scale by 1/255: a spec without that scale is a finding (one, at the branch a reader fixes).
  assert.deepEqual(at(await lintText('cpp', CPP_BRANCHES, specWith({ input: { ...spec.input, scale: 1 } }))), ['8 TP301']);
  // Only one branch scales: the other may be the one used, so no finding.
  const one = CPP_BRANCHES.replace('img.convertTo(img, CV_32FC3, 1.0f / 255.0f);', 'img.convertTo(img, CV_32FC3);');
  assert.deepEqual(at(await lintText('cpp', one, specWith({ input: { ...spec.input, scale: 1 } }))), []);
});

const PY_GRAY_BRANCH = [
  'import numpy as np',
  'from PIL import Image',
  'import onnxruntime as rt',
  '',
  'def prep(im):',
  '    im = im.resize((224, 224), Image.BILINEAR)',
  '    x = np.asarray(im).astype(np.float32)',
  '    if len(x.shape) != 2:',
  '        x = x.transpose([2, 0, 1])',
  '    else:',
  '        x = np.stack([x] * 3)',
  '    return x',
  '',
  'sess = rt.InferenceSession("m.onnx")',
  'img = Image.open("a.jpg")',
  'sess.run(None, {"x": prep(img)[np.newaxis] / 255})',
].join('\n');

test('python: a branch that handles grayscale images separately keeps the Image.open mode finding away', async () => {
  const spec = specWith({ input: { layout: 'NCHW', resize: { library: 'pil', method: 'bilinear' } } });
  assert.deepEqual(at(await lintText('python', PY_GRAY_BRANCH, spec)), []);
  // Without the grayscale branch the image is used in the file's own mode.
  const plain = PY_GRAY_BRANCH.replace(
    '    if len(x.shape) != 2:\n        x = x.transpose([2, 0, 1])\n    else:\n        x = np.stack([x] * 3)',
    '    x = x.transpose([2, 0, 1])',
  );
  assert.deepEqual(at(await lintText('python', plain, spec)), ['12 TP102']);
});

const PY_ELSE_RAISE = [
  'import cv2',
  'import onnxruntime as rt',
  'def load(path, mode):',
  '    img = cv2.imread(path)',
  '    if mode == "rgb":',
  '        x = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)',
  '    elif mode == "bgr":',
  '        x = img',
  '    else:',
  '        raise ValueError(mode)',
  '    return cv2.resize(x, (224, 224)).astype("float32") / 255',
  'sess = rt.InferenceSession("m.onnx")',
  'sess.run(None, {"x": load("a.jpg", "rgb")[None]})',
].join('\n');

test('python: a branch that raises gives no value; the others are alternatives', async () => {
  // One branch converts to RGB and one keeps BGR: either spec matches one of them.
  assert.deepEqual(at(await lintText('python', PY_ELSE_RAISE, specWith())), []);
  assert.deepEqual(at(await lintText('python', PY_ELSE_RAISE, specWith({ input: { colorOrder: 'BGR' } }))), []);
  // Both branches are 0–1: a 0–255 spec is a finding.
  assert.deepEqual(at(await lintText('python', PY_ELSE_RAISE, specWith({ input: { scale: 1 } }))), ['11 TP301']);
});

const TORCH_STEPS = [
  'from PIL import Image',
  'import torchvision.transforms as transforms',
  'import onnxruntime',
  '',
  'img = Image.open("a.jpg").convert("RGB")',
  'resize = transforms.Resize([240, 320])',
  'img_y = resize(img)',
  'to_tensor = transforms.ToTensor()',
  'img_y = to_tensor(img_y)',
  'normalize = transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])',
  'img_y = normalize(img_y)',
  'img_y.unsqueeze_(0)',
  'sess = onnxruntime.InferenceSession("m.onnx")',
  'sess.run(None, {"x": img_y.numpy()})',
].join('\n');

test('python: torchvision transforms kept in variables and applied one by one are checked like a Compose', async () => {
  const same = {
    input: { width: 320, height: 240, layout: 'NCHW', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], resize: { library: 'pil', method: 'bilinear' } },
  };
  assert.deepEqual(at(await lintText('python', TORCH_STEPS, specWith(same))), []);
  const differ = { input: { ...same.input, width: 240, height: 320, layout: 'NHWC', mean: [0, 0, 0], std: [1, 1, 1] } };
  assert.deepEqual(at(await lintText('python', TORCH_STEPS, specWith(differ))), ['10 TP301', '6 TP202', '8 TP401'].sort());
  // A name that is not a torchvision transform is left alone.
  const other = TORCH_STEPS.replace('resize = transforms.Resize([240, 320])', 'resize = make_resizer([240, 320])');
  assert.ok(!at(await lintText('python', other, specWith(differ))).includes('6 TP202'));
});

const JAVA_SIZE_FIELD = [
  'import android.util.Size;',
  'import org.tensorflow.lite.support.image.ImageProcessor;',
  'import org.tensorflow.lite.support.image.TensorImage;',
  'import org.tensorflow.lite.support.image.ops.ResizeOp;',
  'import org.tensorflow.lite.support.common.ops.NormalizeOp;',
  'public class Detector {',
  '    private final Size INPUT_SIZE = new Size(320, 320);',
  '    public void detect(Bitmap bitmap) {',
  '        ImageProcessor p = new ImageProcessor.Builder()',
  '                .add(new ResizeOp(INPUT_SIZE.getHeight(), INPUT_SIZE.getWidth(), ResizeOp.ResizeMethod.BILINEAR))',
  '                .add(new NormalizeOp(0, 255))',
  '                .build();',
  '        TensorImage img = new TensorImage(DataType.FLOAT32);',
  '        img.load(bitmap);',
  '        img = p.process(img);',
  '        tflite.run(img.getBuffer(), out);',
  '    }',
  '}',
].join('\n');

test('java: a ResizeOp sized by getHeight()/getWidth() of a constant android.util.Size field', async () => {
  const same = { input: { width: 320, height: 320, resize: { library: 'tf', method: 'bilinear' } } };
  assert.deepEqual(at(await lintText('java', JAVA_SIZE_FIELD, specWith(same))), []);
  assert.deepEqual(at(await lintText('java', JAVA_SIZE_FIELD, specWith({ input: { ...same.input, width: 640, height: 640 } }))), ['10 TP201']);
  // A Size only known at run time stays unknown.
  const runtime = JAVA_SIZE_FIELD.replace('new Size(320, 320)', 'new Size(w, h)');
  assert.deepEqual(at(await lintText('java', runtime, specWith({ input: { ...same.input, width: 640, height: 640 } }))), []);
});

const JS_NDARRAY_SOURCE_OPS = [
  'async function runModel() {',
  '  const session = new onnx.InferenceSession();',
  '  const loader = new ImageLoader(32, 32);',
  "  const imageData = await loader.getImageData('a.png');",
  '  const x = preprocess(imageData.data, 32, 32);',
  "  await session.run([new onnx.Tensor(x, 'float32', [1, 3, 32, 32])]);",
  '}',
  'function preprocess(data, width, height) {',
  '  const src = ndarray(new Float32Array(data), [width, height, 4]);',
  '  ndarray.ops.divseq(src, 255);',
  '  ndarray.ops.subseq(src.pick(null, null, 0), 0.5);',
  '  ndarray.ops.divseq(src.pick(null, null, 0), 0.5);',
  '  ndarray.ops.subseq(src.pick(null, null, 1), 0.5);',
  '  ndarray.ops.divseq(src.pick(null, null, 1), 0.5);',
  '  ndarray.ops.subseq(src.pick(null, null, 2), 0.5);',
  '  ndarray.ops.divseq(src.pick(null, null, 2), 0.5);',
  '  const out = ndarray(new Float32Array(width * height * 3), [1, 3, height, width]);',
  '  ndarray.ops.assign(out.pick(0, 0, null, null), src.pick(null, null, 0));',
  '  ndarray.ops.assign(out.pick(0, 1, null, null), src.pick(null, null, 1));',
  '  ndarray.ops.assign(out.pick(0, 2, null, null), src.pick(null, null, 2));',
  '  return out.data;',
  '}',
].join('\n');

test('js: ndarray-ops arithmetic on the pixel view before its channels become planes, in a function given imageData.data', async () => {
  const same = { input: { width: 32, height: 32, layout: 'NCHW', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } };
  assert.deepEqual(at(await lintText('javascript', JS_NDARRAY_SOURCE_OPS, specWith(same))), []);
  const imagenet = { input: { ...same.input, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } };
  // The ÷ 255 is the spec's own scale: the first step that differs is the first mean.
  assert.deepEqual(at(await lintText('javascript', JS_NDARRAY_SOURCE_OPS, specWith(imagenet))), ['11 TP301']);
  assert.deepEqual(at(await lintText('javascript', JS_NDARRAY_SOURCE_OPS, specWith({ input: { ...same.input, layout: 'NHWC' } }))), ['18 TP401']);
});

const JAVA_BYTES = [
  'public class ImageClassifier {',
  '    private ByteBuffer imgData = ByteBuffer.allocateDirect(224 * 224 * 3);',
  '    private int[] intValues = new int[224 * 224];',
  '    private void convert(Bitmap bitmap) {',
  '        imgData.order(ByteOrder.nativeOrder());',
  '        bitmap.getPixels(intValues, 0, bitmap.getWidth(), 0, 0, bitmap.getWidth(), bitmap.getHeight());',
  '        int pixel = 0;',
  '        for (int i = 0; i < 224; ++i) {',
  '            for (int j = 0; j < 224; ++j) {',
  '                final int val = intValues[pixel++];',
  '                imgData.put((byte) ((val >> 16) & 0xFF));',
  '                imgData.put((byte) ((val >> 8) & 0xFF));',
  '                imgData.put((byte) (val & 0xFF));',
  '            }',
  '        }',
  '        tflite.run(imgData, labelProbArray);',
  '    }',
  '}',
].join('\n');

test('java: bytes written into a float model’s input buffer are one dtype finding on the first write', async () => {
  assert.deepEqual(at(await lintText('java', JAVA_BYTES, specWith({ input: { scale: 1, dtype: 'uint8' } }))), []);
  assert.deepEqual(at(await lintText('java', JAVA_BYTES, specWith({ input: { scale: 1, dtype: 'float32' } }))), ['11 TP504']);
  // A function that also writes floats (the float model's branch) keeps its byte writes for the quantized variant.
  const both = JAVA_BYTES.replace(
    '                imgData.put((byte) (val & 0xFF));',
    '                imgData.put((byte) (val & 0xFF));\n                imgData.putFloat((val & 0xFF) / 255.0f);',
  );
  assert.ok(!at(await lintText('java', both, specWith({ input: { dtype: 'float32' } }))).includes('11 TP504'));
});

const CPP_MEMBER_INIT = [
  '#include <opencv2/opencv.hpp>',
  'class ReID {',
  'public:',
  '    ReID(const std::string& path, const cv::Scalar& mean = cv::Scalar(0.485, 0.456, 0.406), const cv::Scalar& std = cv::Scalar(0.229, 0.224, 0.225))',
  '        : path_(path), mean_(mean), std_(std) {',
  '        model_ = cv::dnn::readNet(path_);',
  '    }',
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
  '    cv::Mat infer(const cv::Mat& image) {',
  '        model_.setInput(preprocess(image));',
  '        return model_.forward();',
  '    }',
  '    void query(const std::vector<cv::Mat>& images) {',
  '        for (size_t i = 0; i < images.size(); ++i) feats_.push_back(infer(images[i]));',
  '    }',
  'private:',
  '    std::string path_;',
  '    cv::Scalar mean_, std_;',
  '    cv::dnn::Net model_;',
  '    std::vector<cv::Mat> feats_;',
  '};',
].join('\n');

test('cpp: a member set in the constructor’s initializer list from a parameter’s default is that constant in the methods', async () => {
  const same = { input: { layout: 'NCHW', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } };
  assert.deepEqual(at(await lintText('cpp', CPP_MEMBER_INIT, specWith(same))), []);
  // The image reaches the model through infer(images[i]) of a std::vector<cv::Mat> parameter too.
  assert.deepEqual(at(await lintText('cpp', CPP_MEMBER_INIT, specWith({ input: { ...same.input, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))), [
    '14 TP301',
  ]);
  // A parameter without a default is only known at run time: no finding either way.
  const noDefault = CPP_MEMBER_INIT.replace('const cv::Scalar& mean = cv::Scalar(0.485, 0.456, 0.406)', 'const cv::Scalar& mean');
  assert.deepEqual(at(await lintText('cpp', noDefault, specWith({ input: { ...same.input, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))), []);
});

const JAVA_BEAN_CONFIG = [
  'import java.nio.ByteBuffer;',
  'public class FloatConfig extends BaseModelConfig {',
  '    @Override',
  '    protected void setConfigs() {',
  '        setImageMean(127.5f);',
  '        setImageSTD(127.5f);',
  '    }',
  '    @Override',
  '    public void addImgValue(ByteBuffer imgData, int val) {',
  '        imgData.putFloat((((val >> 16) & 0xFF) - getImageMean()) / getImageSTD());',
  '        imgData.putFloat((((val >> 8) & 0xFF) - getImageMean()) / getImageSTD());',
  '        imgData.putFloat(((val & 0xFF) - getImageMean()) / getImageSTD());',
  '    }',
  '}',
].join('\n');

test('java: getImageMean() of a base class reads back the one setImageMean(…) of this file', async () => {
  const same = { input: { scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } };
  assert.deepEqual(at(await lintText('java', JAVA_BEAN_CONFIG, specWith(same))), []);
  // Three channel lines with the same constants: one deviation, one finding on the first line.
  assert.deepEqual(at(await lintText('java', JAVA_BEAN_CONFIG, specWith({ input: { scale: 1 / 255 } }))), ['10 TP301']);
  // Two different setter calls: the value is not known.
  const twice = JAVA_BEAN_CONFIG.replace('        setImageSTD(127.5f);', '        setImageSTD(127.5f);\n        setImageMean(0f);');
  assert.deepEqual(at(await lintText('java', twice, specWith({ input: { scale: 1 / 255 } }))), []);
});

const JS_PLANES = [
  'const ort = require("onnxruntime-node");',
  'const jimp = require("jimp");',
  'async function run() {',
  '  const session = await ort.InferenceSession.create("m.onnx");',
  '  let image = await jimp.read("a.png");',
  '  image = image.resize(224, 224);',
  '  const data = image.bitmap.data;',
  '  const red = [], green = [], blue = [];',
  '  const mean = [0.485, 0.456, 0.406];',
  '  const std = [0.229, 0.224, 0.225];',
  '  let x = 0, y = 0;',
  '  for (let i = 0; i < data.length; i += 4) {',
  '    if (!red[y]) red[y] = [];',
  '    red[y][x] = (data[i] / 255 - mean[0]) / std[0];',
  '    green[y][x] = (data[i + 1] / 255 - mean[1]) / std[1];',
  '    blue[y][x] = (data[i + 2] / 255 - mean[2]) / std[2];',
  '  }',
  '  const planes = [blue, green, red];',
  '  const input = new ort.Tensor("float32", Float32Array.from(planes.flat(Infinity)), [1, 3, 224, 224]);',
  '  await session.run({ x: input });',
  '}',
].join('\n');

test('js: channel planes filled from RGBA pixels and put together in reverse order are a BGR, channels-first image', async () => {
  const same = { input: { layout: 'NCHW', colorOrder: 'BGR', mean: [0.406, 0.456, 0.485], std: [0.225, 0.224, 0.229] } };
  assert.deepEqual(at(await lintText('javascript', JS_PLANES, specWith(same))), []);
  const differ = { input: { layout: 'NCHW', colorOrder: 'RGB', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } };
  assert.deepEqual(at(await lintText('javascript', JS_PLANES, specWith(differ))), ['14 TP301', '18 TP101']);
  // In channel order the planes are RGB.
  const rgb = JS_PLANES.replace('[blue, green, red]', '[red, green, blue]');
  assert.deepEqual(
    at(await lintText('javascript', rgb, specWith({ input: { ...differ.input, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } }))),
    [],
  );
  // Arrays that hold something else than the pixels' channels are not planes.
  const other = JS_PLANES.replace('(data[i] / 255 - mean[0]) / std[0]', 'x / 255');
  assert.ok(!at(await lintText('javascript', other, specWith(differ))).includes('18 TP101'));
});
