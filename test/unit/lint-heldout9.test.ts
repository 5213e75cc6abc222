// Patterns from the ninth held-out round of real files (test/corpus/lint/cases.json, round "heldout-9": C++ runtimes
// without a tensor class in the image path, web workers and Electron renderers) that the linter missed before. Each
// fixture is our own minimal reproduction, with a matching spec (no finding) and a different one (one finding per
// deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const MINUS_ONE_ONE = { scale: 1 / 127.5, mean: [1, 1, 1] };

const JS_WORKER = [
  'importScripts("ort.min.js");',
  'let session = null;',
  'onmessage = async (e) => {',
  '  const { imageData, width, height } = e.data;',
  '  const input = new Float32Array(width * height * 3);',
  '  for (let i = 0; i < width * height; i++) {',
  '    input[i * 3 + 0] = imageData[i * 4 + 0] / 255;',
  '    input[i * 3 + 1] = imageData[i * 4 + 1] / 255;',
  '    input[i * 3 + 2] = imageData[i * 4 + 2] / 255;',
  '  }',
  '  const tensor = new ort.Tensor("float32", input, [1, height, width, 3]);',
  '  const feeds = {};',
  '  feeds[session.inputNames[0]] = tensor;',
  '  const output = await session.run(feeds);',
  '};',
].join('\n');

test('js: bytes a worker gets in its message, read 4 per pixel, are RGBA pixels written interleaved into the model input', async () => {
  assert.deepEqual(at(await lintText('javascript', JS_WORKER, specWith({ input: { layout: 'NHWC' } }))), []);
  const findings = await lintText('javascript', JS_WORKER, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', ...MINUS_ONE_ONE } }));
  // One finding per deviation, on the first of the three channel lines.
  assert.deepEqual(at(findings), ['7 TP101', '7 TP301']);
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /imageData \(RGBA bytes, read 4 per pixel\) gives RGB/);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /subtract 127\.5 and divide by 127\.5/);
});

test('js: channels written in reverse (out[i * 3] = data[i * 4 + 2]) give no finding under a BGR spec', async () => {
  const bgr = JS_WORKER.replace('imageData[i * 4 + 0]', 'imageData[i * 4 + 9]')
    .replace('imageData[i * 4 + 2]', 'imageData[i * 4 + 0]')
    .replace('imageData[i * 4 + 9]', 'imageData[i * 4 + 2]');
  assert.deepEqual(at(await lintText('javascript', bgr, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR' } }))), []);
});

test('js: an array read 3 per step, or one the function was given by a caller in the file, is not taken for RGBA pixels', async () => {
  const three = JS_WORKER.replace(/imageData\[i \* 4 \+ (\d)\]/g, 'imageData[i * 3 + $1]');
  assert.deepEqual(at(await lintText('javascript', three, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), []);
  const called = [
    'function fill(values, n, out) {',
    '  for (let i = 0; i < n; i++) out[i] = values[i * 4 + 1] * 2;',
    '}',
    'function main() {',
    '  const out = new Float32Array(9);',
    '  fill([1, 2, 3, 4, 5, 6, 7, 8], 2, out);',
    '  return out;',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('javascript', called, specWith({ input: { colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), []);
});

const JS_ARRAY_FROM = [
  'async function run(ctx, model) {',
  '  const img = ctx.getImageData(0, 0, 224, 224);',
  '  let t = tf.tensor(Array.from(img.data));',
  '  t = tf.reshape(t, [1, 224, 224, 4]);',
  '  t = tf.slice(t, [0, 0, 0, 0], [1, 224, 224, 3]);',
  '  t = tf.div(t, 255.0);',
  '  return model.executeAsync(t);',
  '}',
].join('\n');

test('js: Array.from(imageData.data) is the same pixels (a plain copy), followed into tf.tensor; a reshape that keeps RGBA is no input shape', async () => {
  assert.deepEqual(at(await lintText('javascript', JS_ARRAY_FROM, specWith({ input: { layout: 'NHWC' } }))), []);
  assert.deepEqual(at(await lintText('javascript', JS_ARRAY_FROM, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), [
    '2 TP101',
    '6 TP301',
  ]);
  // With a mapping function Array.from makes new values: nothing is known of them.
  const mapped = JS_ARRAY_FROM.replace('Array.from(img.data)', 'Array.from(img.data, (v) => v * 3)');
  assert.deepEqual(at(await lintText('javascript', mapped, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), []);
});

const CPP_RKNN = [
  'void cvimg2tensor(const cv::Mat &img, uint32_t width, uint32_t height, tensor_data_s &tensor) {',
  '    cv::Mat img_rgb;',
  '    cv::cvtColor(img, img_rgb, cv::COLOR_BGR2RGB);',
  '    cv::Mat img_resized;',
  '    cv::resize(img_rgb, img_resized, cv::Size(640, 640), 0, 0, cv::INTER_LINEAR);',
  '    memcpy(tensor.data, img_resized.data, tensor.attr.size);',
  '}',
].join('\n');

const RKNN_MATCH = { width: 640, height: 640, scale: 1, dtype: 'uint8' };

test("cpp: memcpy into a tensor struct's data field (RKNN's tensor_data_s) is the model input", async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_RKNN, specWith({ input: RKNN_MATCH }))), []);
  const findings = await lintText('cpp', CPP_RKNN, specWith({ input: { ...RKNN_MATCH, colorOrder: 'BGR' } }));
  assert.deepEqual(at(findings), ['3 TP101']);
  assert.match(findings[0]!.message, /reaches the input tensor buffer in RGB/);
  // A copy into a buffer not named as a tensor stays a plain copy: a colour conversion alone is not judged there.
  const plain = CPP_RKNN.replace('tensor_data_s &tensor', 'frame_s &frame').replace(
    'memcpy(tensor.data, img_resized.data, tensor.attr.size)',
    'memcpy(frame.data, img_resized.data, frame.size)',
  );
  assert.deepEqual(at(await lintText('cpp', plain, specWith({ input: { ...RKNN_MATCH, colorOrder: 'BGR' } }))), []);
});

const CPP_OPENVINO = [
  'int main() {',
  '    ov::Core core;',
  '    ov::CompiledModel compiled_model = core.compile_model("face.xml", "CPU");',
  '    ov::InferRequest infer_request = compiled_model.create_infer_request();',
  '    cv::Mat img = cv::imread("face.jpg");',
  '    img.convertTo(img, CV_32FC3);',
  '    ov::Output input_port = compiled_model.input();',
  '    ov::Tensor input_tensor(input_port.get_element_type(), input_port.get_shape(), img.data);',
  '    infer_request.set_input_tensor(input_tensor);',
  '    infer_request.infer();',
  '}',
].join('\n');

const OV_MATCH = { colorOrder: 'BGR', width: 640, height: 640, scale: 1 };

test('cpp: an ov::Tensor over a Mat, handed to InferRequest::set_input_tensor, is the model input', async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_OPENVINO, specWith({ input: OV_MATCH }))), []);
  const findings = await lintText(
    'cpp',
    CPP_OPENVINO,
    specWith({ input: { ...OV_MATCH, colorOrder: 'RGB', mean: [127.5, 127.5, 127.5], std: [128, 128, 128] } }),
  );
  // Nothing scales: the normalisation finding goes where the values become floats.
  assert.deepEqual(at(findings), ['5 TP101', '6 TP301']);
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /reaches InferRequest::set_input_tensor\(\)/);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /no scaling at all/);
});

const CPP_MNN = [
  'static const float mean_vals[3] = { 123.675f, 116.28f, 103.53f };',
  'static const float norm_vals[3] = { 0.01712475383f, 0.0175070028f, 0.0174291939f };',
  'int classify(MNN::Tensor* input_tensor, cv::Mat& img) {',
  '    MNN::CV::ImageProcess::Config img_config;',
  '    ::memcpy(img_config.mean, mean_vals, sizeof(mean_vals));',
  '    ::memcpy(img_config.normal, norm_vals, sizeof(norm_vals));',
  '    img_config.sourceFormat = MNN::CV::ImageFormat::BGR;',
  '    img_config.destFormat = MNN::CV::ImageFormat::RGB;',
  '    auto pretreat = std::shared_ptr<MNN::CV::ImageProcess>(MNN::CV::ImageProcess::create(img_config));',
  '    cv::Mat image;',
  '    cv::resize(img, image, cv::Size(224, 224));',
  '    pretreat->convert(image.data, 224, 224, image.step[0], input_tensor);',
  '    return 0;',
  '}',
].join('\n');

const MNN_MATCH = { scale: 1, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] };

test('cpp: MNN ImageProcess converts the channel order and normalises as its Config says, into the tensor', async () => {
  // Either layout matches: MNN writes the tensor in the model's own layout.
  assert.deepEqual(at(await lintText('cpp', CPP_MNN, specWith({ input: { ...MNN_MATCH, layout: 'NCHW' } }))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_MNN, specWith({ input: { ...MNN_MATCH, layout: 'NHWC' } }))), []);
  const findings = await lintText(
    'cpp',
    CPP_MNN,
    specWith({ input: { colorOrder: 'BGR', scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] } }),
  );
  assert.deepEqual(at(findings), ['12 TP301', '8 TP101']);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /ImageProcess::Config/);
});

test('cpp: MNN ImageProcess::create(source, dest, mean, 3, normal, 3) says the same in its arguments', async () => {
  const direct = CPP_MNN.replace(/ {4}MNN::CV::ImageProcess::Config img_config;\n(.*\n){4}/, '').replace(
    'MNN::CV::ImageProcess::create(img_config)',
    'MNN::CV::ImageProcess::create(MNN::CV::BGR, MNN::CV::RGB, mean_vals, 3, norm_vals, 3)',
  );
  assert.deepEqual(at(await lintText('cpp', direct, specWith({ input: MNN_MATCH }))), []);
  assert.deepEqual(at(await lintText('cpp', direct, specWith({ input: { ...MNN_MATCH, colorOrder: 'BGR' } }))), ['4 TP101']);
  // Two processors in one file: which one converts is not known, so nothing is judged.
  const two = direct.replace('    cv::Mat image;', '    auto other = MNN::CV::ImageProcess::create(MNN::CV::RGB, MNN::CV::RGB);\n    cv::Mat image;');
  assert.deepEqual(at(await lintText('cpp', two, specWith({ input: { ...MNN_MATCH, colorOrder: 'BGR' } }))), []);
});

const JS_LOAD_LISTENER = [
  'function toTensor(data) {',
  '  let t = tf.tensor(Array.from(data));',
  '  t = tf.div(t, 255.0);',
  '  return t;',
  '}',
  'function loadFile(image, ctx) {',
  "  image.addEventListener('load', async () => {",
  '    ctx.drawImage(image, 0, 0, 224, 224);',
  '    const data = ctx.getImageData(0, 0, 224, 224);',
  '    const input = toTensor(data.data);',
  '    await model.executeAsync(input);',
  '  });',
  '}',
].join('\n');

test("js: a handler given to addEventListener('load') runs like img.onload, with the page's pixels", async () => {
  assert.deepEqual(at(await lintText('javascript', JS_LOAD_LISTENER, specWith({}))), []);
  assert.deepEqual(at(await lintText('javascript', JS_LOAD_LISTENER, specWith({ input: { colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), ['3 TP301', '9 TP101']);
  // Another event's handler (a click) is not run with the image.
  const click = JS_LOAD_LISTENER.replace("'load'", "'click'");
  assert.deepEqual(at(await lintText('javascript', click, specWith({ input: { colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), []);
});

test("js: a worker's addEventListener('message') handler is analysed on the bytes it receives", async () => {
  const worker = JS_WORKER.replace('onmessage = async (e) => {', "self.addEventListener('message', async (e) => {").replace(/\};$/, '});');
  assert.deepEqual(at(await lintText('javascript', worker, specWith({ input: { layout: 'NHWC' } }))), []);
  assert.deepEqual(at(await lintText('javascript', worker, specWith({ input: { layout: 'NHWC', ...MINUS_ONE_ONE } }))), ['7 TP301']);
});

const TSX_FRAME_PROCESSOR = [
  "import { useTensorflowModel } from 'react-native-fast-tflite';",
  "import { useFrameProcessor } from 'react-native-vision-camera';",
  "import { useResizePlugin } from 'vision-camera-resize-plugin';",
  'export function useDetector(model: any) {',
  '  const { resize } = useResizePlugin();',
  '  return useFrameProcessor((frame) => {',
  "    'worklet';",
  '    if (model == null) return;',
  "    const resized = resize(frame, { scale: { width: 320, height: 320 }, pixelFormat: 'rgb', dataType: 'uint8' });",
  '    const input = resized.buffer.slice(resized.byteOffset, resized.byteOffset + resized.byteLength);',
  '    return model.runSync([input]);',
  '  }, [model]);',
  '}',
].join('\n');

const RN_MATCH = { width: 320, height: 320, scale: 1, dtype: 'uint8' };

test("tsx: a VisionCamera frame processor's resize plugin output, handed to fast-tflite's runSync, is the model input", async () => {
  assert.deepEqual(at(await lintText('tsx', TSX_FRAME_PROCESSOR, specWith({ input: RN_MATCH }))), []);
  const findings = await lintText('tsx', TSX_FRAME_PROCESSOR, specWith({ input: { ...RN_MATCH, colorOrder: 'BGR', width: 300, height: 300 } }));
  assert.deepEqual(at(findings), ['9 TP101', '9 TP201']);
  assert.match(findings.find((f) => f.code === 'TP201')!.message, /vision-camera-resize-plugin.*320 × height 320/);
  // pixelFormat 'bgr' gives BGR; dataType 'float32' gives values in 0–1.
  const bgrFloat = TSX_FRAME_PROCESSOR.replace("pixelFormat: 'rgb', dataType: 'uint8'", "pixelFormat: 'bgr', dataType: 'float32'");
  assert.deepEqual(at(await lintText('tsx', bgrFloat, specWith({ input: { width: 320, height: 320, colorOrder: 'BGR' } }))), []);
  // Without the plugin's import, a function named resize is someone else's.
  const other = TSX_FRAME_PROCESSOR.replace("import { useResizePlugin } from 'vision-camera-resize-plugin';", "import { useResizePlugin } from './my-resize';");
  assert.deepEqual(at(await lintText('tsx', other, specWith({ input: { ...RN_MATCH, colorOrder: 'BGR', width: 300, height: 300 } }))), []);
});

const CPP_EXPORT_MACRO_CLASS = [
  'namespace mnncv {',
  'class LITE_EXPORTS Face : public BasicHandler {',
  'private:',
  '  const float mean_vals[3] = {127.5f, 127.5f, 127.5f};',
  '  const float norm_vals[3] = {1.f / 127.5f, 1.f / 127.5f, 1.f / 127.5f};',
  '  void transform(const cv::Mat &mat);',
  '};',
  '}',
  'void Face::transform(const cv::Mat &mat) {',
  '  auto pretreat = MNN::CV::ImageProcess::create(MNN::CV::BGR, MNN::CV::RGB, mean_vals, 3, norm_vals, 3);',
  '  cv::Mat mat_rs;',
  '  cv::resize(mat, mat_rs, cv::Size(224, 224));',
  '  pretreat->convert(mat_rs.data, 224, 224, mat_rs.step[0], input_tensor);',
  '}',
].join('\n');

const HALF = { scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] };

test('cpp: a class head with an export macro (class LITE_EXPORTS Face : public Base) still gives its member constants', async () => {
  assert.deepEqual(at(await lintText('cpp', CPP_EXPORT_MACRO_CLASS, specWith({ input: HALF }))), []);
  assert.deepEqual(at(await lintText('cpp', CPP_EXPORT_MACRO_CLASS, specWith({ input: { scale: 1 / 255 } }))), ['13 TP301']);
  // A lower-case word there is not an export macro: the members stay unknown and nothing is judged.
  const lower = CPP_EXPORT_MACRO_CLASS.replace('LITE_EXPORTS', 'lite_exports');
  assert.deepEqual(at(await lintText('cpp', lower, specWith({ input: { scale: 1 / 255 } }))), []);
});
