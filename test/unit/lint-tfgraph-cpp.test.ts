// TensorFlow C++ graph builders, label_image style (issue #11 part 3): DecodeJpeg → Cast → ExpandDims →
// ResizeBilinear → Sub → Div; the resize size and the normalisation are checked against the spec.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const LABEL_IMAGE = [
  '#include "tensorflow/cc/ops/standard_ops.h"',
  'using namespace tensorflow::ops;',
  'const int kInputWidth = 299;',
  'const int kInputHeight = 299;',
  'const float kInputMean = 0;',
  'const float kInputStd = 255;',
  'Status ReadTensorFromImageFile(const string& file_name, std::vector<Tensor>* out_tensors) {',
  '  auto root = tensorflow::Scope::NewRootScope();',
  '  auto file_reader = ReadFile(root.WithOpName("file_reader"), file_name);',
  '  auto image_reader = DecodeJpeg(root.WithOpName("jpeg_reader"), file_reader, DecodeJpeg::Channels(3));',
  '  auto float_caster = Cast(root.WithOpName("float_caster"), image_reader, tensorflow::DT_FLOAT);',
  '  auto dims_expander = ExpandDims(root, float_caster, 0);',
  '  auto resized = ResizeBilinear(root, dims_expander, Const(root.WithOpName("size"), {kInputHeight, kInputWidth}));',
  '  Div(root.WithOpName("normalized"), Sub(root, resized, {kInputMean}), {kInputStd});',
  '  return Status::OK();',
  '}',
].join('\n');

const TF_SPEC = { input: { width: 299, height: 299, resize: { library: 'tf', method: 'bilinear' } } };

test('cpp: a label_image graph that matches the spec gives no finding', async () => {
  assert.deepEqual(await lintText('cpp', LABEL_IMAGE, specWith(TF_SPEC)), []);
});

test('cpp: a label_image graph with another size and normalisation is reported on the ResizeBilinear and the Div', async () => {
  const f = await lintText('cpp', LABEL_IMAGE, specWith({ input: { ...TF_SPEC.input, width: 224, height: 224, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(f).sort(), ['13 TP201', '14 TP301']);
});

test('cpp: the graph decodes RGB: a BGR spec is reported', async () => {
  const f = await lintText('cpp', LABEL_IMAGE, specWith({ input: { ...TF_SPEC.input, colorOrder: 'BGR' } }));
  assert.deepEqual(
    at(f).map((x) => x.split(' ')[1]),
    ['TP101'],
  );
});

test('cpp: a Div or ResizeBilinear that is not a TF graph op (no Scope argument, no tensorflow ops) is left alone', async () => {
  const src = ['float Div(float a, float b) { return a / b; }', 'float f() { return Div(1.0f, 2.0f); }'].join('\n');
  assert.deepEqual(await lintText('cpp', src, specWith(TF_SPEC)), []);
});

test('cpp: qualified tensorflow::ops:: names work the same', async () => {
  const src = LABEL_IMAGE.replace('using namespace tensorflow::ops;', '').replace(
    /\b(DecodeJpeg|Cast|ExpandDims|ResizeBilinear|Div|Sub|Const|ReadFile)\(/g,
    'tensorflow::ops::$1(',
  );
  const f = await lintText('cpp', src, specWith({ input: { ...TF_SPEC.input, width: 224, height: 224, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }));
  assert.deepEqual(at(f).sort(), ['13 TP201', '14 TP301']);
  assert.deepEqual(await lintText('cpp', src, specWith(TF_SPEC)), []);
});
