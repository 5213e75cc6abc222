// Patterns from the thirteenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-13": Android
// TFLite / ONNX Runtime helper classes and browser/Node ONNX Runtime code) that the linter got wrong before. Each
// fixture is our own minimal reproduction, with a matching spec (no finding) and a different one (one finding per
// deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys as at, lintText, specWith } from './lint-test-helpers';

const JAVA_TERNARY_NORMALIZE = [
  'import android.graphics.Bitmap;',
  'import org.tensorflow.lite.Interpreter;',
  'import org.tensorflow.lite.support.common.ops.NormalizeOp;',
  'import org.tensorflow.lite.support.image.ImageProcessor;',
  'import org.tensorflow.lite.support.image.TensorImage;',
  'import org.tensorflow.lite.support.image.ops.ResizeOp;',
  'class Labeler {',
  '  private final boolean quantized;',
  '  private final Interpreter interpreter;',
  '  private TensorImage image;',
  '  Labeler(Interpreter interpreter, boolean quantized) {',
  '    this.interpreter = interpreter;',
  '    this.quantized = quantized;',
  '    this.image = new TensorImage(interpreter.getInputTensor(0).dataType());',
  '  }',
  '  void label(Bitmap bitmap, float[][] out) {',
  '    image.load(bitmap);',
  '    ImageProcessor p = new ImageProcessor.Builder()',
  '        .add(new ResizeOp(224, 224, ResizeOp.ResizeMethod.BILINEAR))',
  '        .add(quantized ? new NormalizeOp(0, 1) : new NormalizeOp(127.5f, 127.5f)).build();',
  '    image = p.process(image);',
  '    interpreter.run(image.getBuffer(), out);',
  '  }',
  '}',
].join('\n');

const FLOAT_MODEL = { resize: { library: 'tf', method: 'bilinear' }, scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] };

test('java: the two NormalizeOps of c ? a : b are alternatives: one that matches the spec silences the other', async () => {
  // The float model's NormalizeOp(127.5f, 127.5f) is one branch: the quantized branch's (0, 1) is no finding.
  assert.deepEqual(at(await lintText('java', JAVA_TERNARY_NORMALIZE, specWith({ input: FLOAT_MODEL }))), []);
  // The quantized model's spec (raw 0–255 pixels) matches the other branch.
  const quant = { ...FLOAT_MODEL, mean: [0, 0, 0], std: [1, 1, 1] };
  assert.deepEqual(at(await lintText('java', JAVA_TERNARY_NORMALIZE, specWith({ input: quant }))), []);
});

test('java: a normalisation both branches of c ? a : b get wrong is still reported', async () => {
  const differ = { ...FLOAT_MODEL, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
  const findings = await lintText('java', JAVA_TERNARY_NORMALIZE, specWith({ input: differ }));
  assert.ok(findings.length > 0);
  assert.deepEqual([...new Set(at(findings))], ['20 TP301']);
  // Without the conditional the one NormalizeOp is judged alone, as before.
  const single = JAVA_TERNARY_NORMALIZE.replace('quantized ? new NormalizeOp(0, 1) : new NormalizeOp(127.5f, 127.5f)', 'new NormalizeOp(0, 1)');
  assert.deepEqual(at(await lintText('java', single, specWith({ input: FLOAT_MODEL }))), ['20 TP301']);
});

const OPENCV_JS = [
  "import { Tensor } from 'onnxruntime-web';",
  'export async function detect(image, session) {',
  '  const mat = cv.imread(image);',
  '  const rgb = new cv.Mat(mat.rows, mat.cols, cv.CV_8UC3);',
  '  cv.cvtColor(mat, rgb, cv.COLOR_RGBA2BGR);',
  '  const padded = new cv.Mat();',
  '  cv.copyMakeBorder(rgb, padded, 0, 10, 0, 10, cv.BORDER_CONSTANT, [0, 0, 0, 255]);',
  '  const blob = cv.blobFromImage(',
  '    padded,',
  '    1 / 255.0,',
  '    new cv.Size(640, 640),',
  '    new cv.Scalar(0, 0, 0),',
  '    true,',
  '    false',
  '  );',
  "  const tensor = new Tensor('float32', blob.data32F, [1, 3, 640, 640]);",
  '  return session.run({ images: tensor });',
  '}',
].join('\n');

const OPENCV_JS_SPEC = { width: 640, height: 640, colorOrder: 'RGB', resize: { library: 'cv2', method: 'linear' }, scale: 1 / 255, layout: 'NCHW' };

test('javascript: opencv.js cv.imread gives RGBA, cvtColor and blobFromImage swapRB set the order; the blob is NCHW where it becomes an ort.Tensor', async () => {
  assert.deepEqual(at(await lintText('javascript', OPENCV_JS, specWith({ input: OPENCV_JS_SPEC }))), []);
  const differ = { ...OPENCV_JS_SPEC, colorOrder: 'BGR', scale: 2 / 255, mean: [1, 1, 1], layout: 'NHWC' };
  assert.deepEqual(at(await lintText('javascript', OPENCV_JS, specWith({ input: differ }))).sort(), ['13 TP101', '16 TP401', '8 TP301']);
});

test('javascript: without swapRB the RGBA2BGR conversion is the colour finding; a cv.* call of no image is no source', async () => {
  const noSwap = OPENCV_JS.replace('    true,', '    false,');
  assert.deepEqual(at(await lintText('javascript', noSwap, specWith({ input: { ...OPENCV_JS_SPEC, colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('javascript', noSwap, specWith({ input: OPENCV_JS_SPEC }))), ['5 TP101']);
  // A plain Float32Array in an ort.Tensor has no blob layout to report.
  const plain = "import { Tensor } from 'onnxruntime-web';\nexport const t = (d) => new Tensor('float32', new Float32Array(d), [1, 3, 640, 640]);";
  assert.deepEqual(at(await lintText('javascript', plain, specWith({ input: { ...OPENCV_JS_SPEC, layout: 'NHWC' } }))), []);
});
