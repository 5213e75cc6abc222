// Postprocessing: what a segmentation, classification or raw output means.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postprocess, type Classification, type RawStats, type Segmentation } from '../../src/core/infer/postprocess';
import type { OutputSpec } from '../../src/core/spec/types';
import type { NdArray } from '../../src/core/tensor/types';

const base: OutputSpec = { kind: 'segmentation', activation: 'none', threshold: 0.5, labels: [], colors: [], topK: 3 };
const f32 = (shape: number[], values: number[]): NdArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

test('a one-channel probability map is thresholded into background/foreground with class fractions', () => {
  const seg = postprocess(f32([1, 2, 2, 1], [0.1, 0.9, 0.6, 0.5]), base) as Segmentation;
  assert.equal(seg.kind, 'segmentation');
  assert.deepEqual([seg.width, seg.height, seg.numClasses], [2, 2, 2]);
  assert.deepEqual([...seg.labels], [0, 1, 1, 0], 'labelled 1 only where probability > threshold');
  assert.deepEqual(seg.classFractions, [0.5, 0.5]);
});

test('one-channel logits get a sigmoid when the spec asks for it', () => {
  const seg = postprocess(f32([2, 1], [-3, 3]), { ...base, activation: 'sigmoid' }) as Segmentation;
  assert.deepEqual([seg.width, seg.height], [1, 2]);
  assert.ok(Math.abs((seg.probabilities[1] ?? 0) - 1 / (1 + Math.exp(-3))) < 1e-6);
  assert.deepEqual([...seg.labels], [0, 1]);
});

test('multi-class outputs are argmaxed the same way in NHWC and NCHW', () => {
  // 1×2 image, 3 classes; pixel 0 → class 2, pixel 1 → class 0
  const nhwc = postprocess(f32([1, 1, 2, 3], [0, 1, 5, 4, 2, 1]), { ...base, activation: 'softmax' }, 'NHWC') as Segmentation;
  const nchw = postprocess(f32([1, 3, 1, 2], [0, 4, 1, 2, 5, 1]), { ...base, activation: 'softmax' }, 'NCHW') as Segmentation;
  for (const seg of [nhwc, nchw]) {
    assert.deepEqual([seg.width, seg.height, seg.numClasses], [2, 1, 3]);
    assert.deepEqual([...seg.labels], [2, 0]);
    assert.deepEqual(seg.classFractions, [0.5, 0, 0.5]);
    const p0 = seg.probabilities.subarray(0, 3).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(p0 - 1) < 1e-6, 'softmax sums to 1 per pixel');
  }
  assert.deepEqual([...nhwc.probabilities], [...nchw.probabilities]);
});

test('classification returns the top k with labels, best first, softmaxed when asked', () => {
  const spec: OutputSpec = { ...base, kind: 'classification', activation: 'softmax', labels: ['cat', 'dog', 'fox', 'owl'], topK: 2 };
  const cls = postprocess(f32([1, 4], [1, 3, 2, 0]), spec) as Classification;
  assert.equal(cls.numClasses, 4);
  assert.deepEqual(
    cls.topK.map((c) => [c.index, c.label]),
    [
      [1, 'dog'],
      [2, 'fox'],
    ],
  );
  const e = [1, 3, 2, 0].map(Math.exp);
  assert.ok(Math.abs((cls.topK[0]?.probability ?? 0) - (e[1] ?? 0) / e.reduce((a, b) => a + b)) < 1e-6);
  const unlabeled = postprocess(f32([3], [0.2, 0.1, 0.7]), { ...spec, activation: 'none', labels: [] }) as Classification;
  assert.equal(unlabeled.topK[0]?.label, 'class 2');
});

test('raw outputs report statistics over finite values and count NaN and Inf', () => {
  const raw = postprocess(f32([5], [1, 3, NaN, Infinity, 2]), { ...base, kind: 'raw' }) as RawStats;
  assert.deepEqual([raw.min, raw.max, raw.mean, raw.nanCount, raw.infCount, raw.count], [1, 3, 2, 1, 1, 5]);
  assert.ok(Math.abs(raw.std - Math.sqrt(2 / 3)) < 1e-9);
});

test('a segmentation spec on a non-image output says to use output.kind raw', () => {
  assert.throws(() => postprocess(f32([2, 2, 2, 2, 2], new Array(32).fill(0)), base), /output\.kind to "raw"/);
});
