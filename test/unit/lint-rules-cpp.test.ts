// C++ rules: each fixture marks the findings it must produce (and every other line must stay quiet).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAllFixes, applyEdits, checkFixture, fixture, lintText, specWith } from './lint-test-helpers';

for (const name of [
  'seed_fill_loop.cpp',
  'fill_variants.cpp',
  'color_resize.cpp',
  'blob.cpp',
  'blob_nchw.cpp',
  'doubles.cpp',
  'convert.cpp',
  'syntax_error.cpp',
]) {
  test(`cpp fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`cpp/${name}`);
  });
}

test('the seed fill loop says it fills only 1/3 of the tensor and the fix loops over all values', async () => {
  const fx = fixture('cpp/seed_fill_loop.cpp');
  const findings = await lintText('cpp', fx.text, fx.spec);
  const fill = findings.find((f) => f.code === 'TP503');
  assert.ok(fill);
  assert.match(fill.message, /1\/3 of the tensor/);
  assert.match(fill.message, /img\.total\(\)/);
  assert.ok(fill.fix);
  const fixed = applyEdits(fx.text, fill.fix.edits);
  assert.match(fixed, /i < img\.total\(\) \* img\.channels\(\); \+\+i\) \{ \/\/ expect/);
  const after = await lintText('cpp', fixed, fx.spec);
  assert.equal(after.filter((f) => f.code === 'TP503').length, 1, 'only the other (rows * cols) loop remains');
});

test('every partial-fill fix of the variants counts channels, after which no partial fill is left', async () => {
  const fx = fixture('cpp/fill_variants.cpp');
  const findings = (await lintText('cpp', fx.text, fx.spec)).filter((f) => f.code === 'TP503');
  assert.equal(findings.length, 8);
  for (const f of findings) assert.match(f.message, /fills only 1\/3 of the tensor/);
  const fixed = applyAllFixes(fx.text, findings);
  assert.match(fixed, /std::memcpy\(input, f\.data, f\.total\(\) \* f\.channels\(\) \* sizeof\(float\)\); \/\/ expect/);
  assert.match(fixed, /f\.rows \* f\.cols \* f\.channels\(\) \* sizeof\(float\)\); \/\/ expect/);
  assert.match(fixed, /i < static_cast<int>\(f\.total\(\) \* f\.channels\(\)\); \+\+i/);
  assert.match(fixed, /std::copy\(p, p \+ f\.total\(\) \* f\.channels\(\), input\);/);
  assert.deepEqual(
    (await lintText('cpp', fixed, fx.spec)).filter((f) => f.code === 'TP503'),
    [],
  );
});

test('convertTo scaling reaches the tensor through a user function taking the tensor pointer; its fix rewrites alpha and beta', async () => {
  const code = [
    'void Fill(const cv::Mat& frame, float* input) {',
    '  cv::Mat f;',
    '  frame.convertTo(f, CV_32FC3, 1.0 / 127.5, -1.0);',
    '  std::memcpy(input, f.data, f.total() * f.elemSize());',
    '}',
    'void Run(tflite::Interpreter* interpreter, const std::string& path) {',
    '  cv::Mat img = cv::imread(path, cv::IMREAD_COLOR_RGB);',
    '  Fill(img, interpreter->typed_input_tensor<float>(0));',
    '}',
    '',
  ].join('\n');
  const spec = specWith({ input: { resize: { library: 'cv2', method: 'linear' } } });
  const [f] = (await lintText('cpp', code, spec)).filter((x) => x.code === 'TP301');
  assert.ok(f);
  assert.equal(f.range.start.line, 2);
  const fixed = applyEdits(code, f.fix!.edits);
  assert.match(fixed, /frame\.convertTo\(f, CV_32FC3, 1\.0 \/ 255\);/);
  assert.deepEqual(
    (await lintText('cpp', fixed, spec)).filter((x) => x.code === 'TP301'),
    [],
  );
  const centred = specWith({ input: { scale: 1 / 127.5, mean: [1, 1, 1] } });
  assert.deepEqual(
    (await lintText('cpp', code, centred)).filter((x) => x.code === 'TP301'),
    [],
    'x / 127.5 − 1 is right for a [-1, 1] spec',
  );
});
