// Test code that runs no model (noise round 6: Pillow's test suite resizes test images in almost every file) gets no
// findings; the same code in another file, or a test that runs a model itself, is still linted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import { isTestCodeWithoutModel } from '../../src/core/lint/test-code';
import type { LintLanguageId } from '../../src/core/lint/types';
import { keys, lintText, specWith, WASM_DIR } from './lint-test-helpers';

const spec = specWith({});
const PIL_TEST = [
  'from PIL import Image',
  '',
  'def test_resize():',
  '    im = Image.open("Tests/images/hopper.png")',
  '    out = im.resize((100, 100))',
  '    assert out.size == (100, 100)',
];
const JAVA_TEST = [
  'import java.awt.Image;',
  'import java.awt.image.BufferedImage;',
  'public class ImageUtilTest {',
  '  public void testScale(BufferedImage img) {',
  '    Image scaled = img.getScaledInstance(5, 5, Image.SCALE_FAST);',
  '    check(scaled);',
  '  }',
  '}',
];
const JS_TEST = [
  'test("resize", () => {',
  '  const c = document.createElement("canvas");',
  '  c.getContext("2d").drawImage(img, 0, 0, 50, 50);',
  '  expect(c).toBeDefined();',
  '});',
];

async function codes(uri: string, languageId: LintLanguageId, lines: readonly string[]): Promise<string[]> {
  return keys(await lintText(languageId, lines.join('\n'), spec, uri));
}

test('test files that run no model get no findings, in each language', async () => {
  assert.deepEqual(await codes('/ws/Tests/test_image_resize.py', 'python', PIL_TEST), []);
  assert.deepEqual(await codes('/ws/napari/_tests/read_test.py', 'python', PIL_TEST), []);
  assert.deepEqual(await codes('/ws/src/test/java/ImageUtilTest.java', 'java', JAVA_TEST), []);
  const js = JS_TEST.join('\n');
  for (const name of ['resize.test.ts', 'resize.spec.js', 'resize.test.tsx', 'resize.spec.mjs'])
    assert.equal(isTestCodeWithoutModel(`/ws/src/${name}`, js), true, name);
  for (const name of ['image_test.cc', 'test_image.cpp', 'image_unittest.cc'])
    assert.equal(isTestCodeWithoutModel(`/ws/src/${name}`, 'cv::resize(a, b, s);'), true, name);
});

test('the same code outside a test file is linted, also when the workspace sits in a folder named test', async () => {
  assert.notDeepEqual(await codes('/ws/app/preprocess.py', 'python', PIL_TEST), []);
  assert.notDeepEqual(await codes('/home/me/test/proj/preprocess.py', 'python', PIL_TEST), []);
  assert.notDeepEqual(await codes('/ws/src/ImageUtil.java', 'java', JAVA_TEST), []);
  for (const name of ['resize.ts', 'test.py', 'testing.py', 'contest.js', 'Tester.java'])
    assert.equal(isTestCodeWithoutModel(`/ws/src/${name}`, JS_TEST.join('\n')), false, name);
});

test('a test that runs a model itself is linted', async () => {
  const onnx = ['import onnxruntime as ort', ...PIL_TEST.slice(0, 5), '    ort.InferenceSession("m.onnx").run(None, {"x": out})'];
  assert.notDeepEqual(await codes('/ws/tests/test_onnx.py', 'python', onnx), []);
  const tflite = ['import org.tensorflow.lite.Interpreter;', ...JAVA_TEST];
  assert.notDeepEqual(await codes('/ws/src/test/java/ImageUtilTest.java', 'java', tflite), []);
  const tfjs = ['import * as tf from "@tensorflow/tfjs";', ...JS_TEST].join('\n');
  assert.equal(isTestCodeWithoutModel('/ws/src/resize.test.ts', tfjs), false);
  assert.equal(isTestCodeWithoutModel('/ws/tests/test_pipeline.py', 'model.predict(x)'), false);
});

test('a test file that stops running a model is dropped by the linter, and linted again when it runs one', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR });
  const uri = '/ws/tests/test_onnx.py';
  const onnx = ['import onnxruntime as ort', ...PIL_TEST.slice(0, 5), '    ort.InferenceSession("m.onnx").run(None, {"x": out})'].join('\n');
  assert.notDeepEqual(l.lint({ uri, languageId: 'python', text: onnx }, spec), []);
  assert.deepEqual(l.lint({ uri, languageId: 'python', text: PIL_TEST.join('\n') }, spec), []);
  assert.notDeepEqual(l.lint({ uri, languageId: 'python', text: onnx }, spec), []);
  l.dispose();
});
