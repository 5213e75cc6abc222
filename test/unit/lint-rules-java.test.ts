// Java / Android rules: each fixture marks the findings it must produce (and every other line must stay quiet).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, checkFixture, fixture, lintText, specWith } from './lint-test-helpers';

for (const name of ['Classifier.java', 'SupportOps.java', 'TfJava.java', 'PixelLoops.java']) {
  test(`java fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`java/${name}`);
  });
}

test('byte order: raw bytes handed to the interpreter is a warning, view-only use an info; the fix adds nativeOrder', async () => {
  const fx = fixture('java/Classifier.java');
  const findings = await lintText('java', fx.text, fx.spec);
  const order = findings.filter((f) => f.code === 'TP502');
  assert.deepEqual(
    order.map((f) => f.severity),
    ['warning', 'info'],
  );
  assert.match(order[0].message, /tflite\.run\(\)/);
  const fixed = applyEdits(fx.text, order[0].fix!.edits);
  assert.match(fixed, /ByteBuffer\.allocateDirect\(4 \* INPUT_SIZE \* INPUT_SIZE \* 3\)\.order\(ByteOrder\.nativeOrder\(\)\);/);
  const after = await lintText('java', fixed, fx.spec);
  assert.equal(after.filter((f) => f.code === 'TP502' && f.severity === 'warning').length, 0);
});

test('byte order: a buffer declared in a method is that method’s, whatever another method calls its namesake', async () => {
  const method = (name: string, order: boolean): string =>
    `  float[][] ${name}(Bitmap b) {\n    ByteBuffer imgData = ByteBuffer.allocateDirect(4 * 224 * 224 * 3);\n` +
    (order ? '    imgData.order(ByteOrder.nativeOrder());\n' : '') +
    '    imgData.putFloat(1f);\n    float[][] out = new float[1][10];\n    tflite.run(imgData, out);\n    return out;\n  }\n';
  const file = (body: string): string =>
    `import java.nio.ByteBuffer;\nimport java.nio.ByteOrder;\nimport org.tensorflow.lite.Interpreter;\nclass C {\n  Interpreter tflite;\n${body}}\n`;
  const orderLines = async (text: string): Promise<number[]> =>
    (await lintText('java', text, specWith({}))).filter((f) => f.code === 'TP502').map((f) => f.range.start.line);
  // The method without .order() is flagged, before or after the one that sets it.
  assert.deepEqual(await orderLines(file(method('a', true) + method('b', false))), [14]);
  assert.deepEqual(await orderLines(file(method('b', false) + method('a', true))), [6]);
  assert.deepEqual(await orderLines(file(method('a', true) + method('b', true))), []);
  // A field allocated once and ordered in another method is still one buffer.
  const field =
    'class D {\n  Interpreter tflite;\n  ByteBuffer imgData;\n  void init() {\n    imgData = ByteBuffer.allocateDirect(4 * 224 * 224 * 3);\n    imgData.order(ByteOrder.nativeOrder());\n  }\n' +
    '  float[][] run() {\n    float[][] out = new float[1][10];\n    tflite.run(imgData, out);\n    return out;\n  }\n}\n';
  assert.deepEqual(await orderLines(`import java.nio.ByteBuffer;\nimport java.nio.ByteOrder;\nimport org.tensorflow.lite.Interpreter;\n${field}`), []);
});

test('without an import of ByteOrder the fix spells java.nio.ByteOrder', async () => {
  const fx = fixture('java/TfJava.java');
  const f = (await lintText('java', fx.text, fx.spec)).find((x) => x.code === 'TP502');
  assert.equal(f?.fix?.edits[0].newText, '.order(java.nio.ByteOrder.nativeOrder())');
});

test('NormalizeOp fix uses the spec in pixel units', async () => {
  const fx = fixture('java/SupportOps.java');
  const f = (await lintText('java', fx.text, fx.spec)).find((x) => x.code === 'TP301');
  assert.equal(f?.fix?.title, 'Use NormalizeOp(0f, 255f)');
  assert.match(applyEdits(fx.text, f!.fix!.edits), /new NormalizeOp\(0f, 255f\)\) \/\/ expect: TP301/);
});

test('an NCHW spec wants channel planes: interleaved writes are TP401 there, planes are quiet', async () => {
  const fx = fixture('java/PixelLoops.java');
  const nchw = specWith({ input: { layout: 'NCHW', scale: 1 / 255, resize: { library: 'tf', method: 'bilinear' } } });
  const layout = (await lintText('java', fx.text, nchw)).filter((f) => f.code === 'TP401');
  const lines = fx.text.split('\n');
  assert.deepEqual(
    layout.map((f) => lines[f.range.start.line].trim()),
    [
      'buffer.putFloat((((pixel >> 16) & 0xFF) - 127.5f) / 127.5f); // expect: TP301',
      'buffer.putFloat(Color.red(pixel) / 255.0f);',
      'values[3 * i] = Color.red(pixels[i]) / 255.0f;',
    ],
  );
  assert.match(layout[0].message, /channels-last \(NHWC\), but the spec's input\.layout is NCHW/);
});
