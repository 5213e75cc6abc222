// Tensor viewer: statistics over every value, strided slices of large planes, rank 0/1/5 tensors, NaN-only data,
// float16/int64 values, and the axes a layout choice shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { float32ToFloat16Bits, makeNdArray } from '../../src/core/tensor/ndarray';
import { computeSlice, computeStats, computeVector, MAX_SLICE_SIDE } from '../../src/extension/tensor-viewer/preview';
import { checkSliceRequest, defaultSliceRequest, guessViewLayout, planeAxes } from '../../src/protocol/axes';

test('statistics match a direct computation, with NaN/inf counted apart and the histogram covering the finite values', async () => {
  const data = new Float32Array([1, 2, 3, 4, NaN, Infinity, -Infinity, 0, 0, 10]);
  const { stats, histogram } = await computeStats(makeNdArray('float32', [10], data));
  assert.deepEqual([stats.count, stats.finite, stats.nan, stats.posInf, stats.negInf, stats.zeros], [10, 7, 1, 1, 1, 2]);
  assert.equal(stats.min, 0);
  assert.equal(stats.max, 10);
  assert.ok(Math.abs(stats.mean - 20 / 7) < 1e-12);
  const finite = [1, 2, 3, 4, 0, 0, 10];
  const m = 20 / 7;
  const std = Math.sqrt(finite.reduce((s, v) => s + (v - m) ** 2, 0) / 7);
  assert.ok(Math.abs(stats.std - std) < 1e-12);
  assert.equal(
    histogram.counts.reduce((a, b) => a + b, 0),
    7,
  );
  assert.deepEqual([histogram.lo, histogram.hi], [0, 10]);
});

test('statistics over many chunks of large values with a small spread stay accurate (shifted sums)', async () => {
  const n = 300_000;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = 1e6 + (i % 7);
  const { stats } = await computeStats(makeNdArray('float64', [n], data));
  let s = 0;
  for (let i = 0; i < n; i++) s += data[i];
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (data[i] - mean) ** 2;
  assert.ok(Math.abs(stats.mean - mean) < 1e-6);
  assert.ok(Math.abs(stats.std - Math.sqrt(q / n)) < 1e-9);
});

test('a NaN-only tensor has no finite statistics and no histogram, and its slice says so with NaN bounds', async () => {
  const arr = makeNdArray('float32', [4, 4], new Float32Array(16).fill(NaN));
  const { stats, histogram } = await computeStats(arr);
  assert.equal(stats.finite, 0);
  assert.equal(stats.nan, 16);
  assert.ok(Number.isNaN(stats.min) && Number.isNaN(stats.mean));
  assert.deepEqual(histogram.counts, []);
  const s = computeSlice(arr, defaultSliceRequest('t', arr.shape)!);
  assert.ok(Number.isNaN(s.min) && Number.isNaN(s.max));
});

test('a large plane is sent strided: at most MAX_SLICE_SIDE per side, picking every k-th value', () => {
  const h = 1500;
  const w = 1100;
  const data = new Float32Array(h * w);
  for (let i = 0; i < data.length; i++) data[i] = i;
  const arr = makeNdArray('float32', [h, w], data);
  const s = computeSlice(arr, { member: 't', rowAxis: 0, colAxis: 1, rgbAxis: -1, fixed: [0, 0] });
  assert.ok(s.height <= MAX_SLICE_SIDE && s.width <= MAX_SLICE_SIDE);
  assert.deepEqual([s.strideY, s.strideX], [3, 3]);
  const v = new Float32Array(s.values);
  assert.equal(v[1 * s.width + 2], 3 * w + 6);
  assert.equal(s.values.byteLength, s.height * s.width * 4);
});

test('NHWC and NCHW pick different axes; RGB slices interleave the colour channels', () => {
  const shape = [1, 2, 3, 3];
  const data = new Float32Array(18).map((_, i) => i);
  const arr = makeNdArray('float32', shape, data);
  assert.deepEqual(planeAxes(shape, 'NHWC'), { rowAxis: 1, colAxis: 2, channelAxis: 3 });
  assert.deepEqual(planeAxes(shape, 'NCHW'), { rowAxis: 2, colAxis: 3, channelAxis: 1 });
  const rgb = computeSlice(arr, defaultSliceRequest('t', shape, 'NHWC')!);
  assert.equal(rgb.channels, 3);
  assert.deepEqual([...new Float32Array(rgb.values).slice(0, 6)], [0, 1, 2, 3, 4, 5]);
  const ch1 = computeSlice(arr, { member: 't', rowAxis: 2, colAxis: 3, rgbAxis: -1, fixed: [0, 1, 0, 0] });
  assert.deepEqual([...new Float32Array(ch1.values)], [9, 10, 11, 12, 13, 14, 15, 16, 17]);
  assert.equal(guessViewLayout([1, 3, 224, 224]), 'NCHW');
  assert.equal(guessViewLayout([1, 224, 224, 3]), 'NHWC');
});

test('rank 5 slices take an index for every leading axis; out-of-range requests are refused with a reason', () => {
  const shape = [2, 3, 4, 5, 2];
  const n = shape.reduce((a, b) => a * b, 1);
  const arr = makeNdArray(
    'float32',
    shape,
    new Float32Array(n).map((_, i) => i),
  );
  const req = { member: 't', rowAxis: 2, colAxis: 3, rgbAxis: -1, fixed: [1, 2, 0, 0, 1] };
  const s = computeSlice(arr, req);
  assert.deepEqual([s.height, s.width], [4, 5]);
  assert.equal(new Float32Array(s.values)[0], 1 * 120 + 2 * 40 + 1);
  assert.match(checkSliceRequest({ ...req, fixed: [2, 0, 0, 0, 0] }, shape) ?? '', /index 2 is outside axis 0 \(size 2\)/);
  assert.throws(() => computeSlice(arr, { ...req, rowAxis: 3 }), /does not fit shape \[2, 3, 4, 5, 2\]/);
});

test('rank 0 and rank 1 tensors become a value list with a min/max envelope', () => {
  const scalar = computeVector(makeNdArray('float64', [], new Float64Array([3.5])), 's');
  assert.equal(scalar.length, 1);
  assert.deepEqual([...new Float64Array(scalar.values)], [3.5]);
  const n = 10_000;
  const vec = computeVector(
    makeNdArray(
      'float32',
      [n],
      new Float32Array(n).map((_, i) => (i === 5000 ? NaN : i)),
    ),
    'v',
  );
  assert.equal(vec.length, n);
  assert.equal(new Float64Array(vec.values).length, 4096);
  const mins = new Float64Array(vec.mins);
  const maxs = new Float64Array(vec.maxs);
  assert.equal(vec.buckets, 1024);
  assert.equal(mins[0], 0);
  assert.equal(maxs[1023], n - 1);
});

test('float16 and int64 values are read as numbers', async () => {
  const half = makeNdArray('float16', [3], new Uint16Array([1.5, -2, 65504].map(float32ToFloat16Bits)));
  const { stats } = await computeStats(half);
  assert.deepEqual([stats.min, stats.max], [-2, 65504]);
  const big = makeNdArray('int64', [2, 2], new BigInt64Array([1n, -5n, 7n, 9n]));
  const s = computeSlice(big, { member: 'b', rowAxis: 0, colAxis: 1, rgbAxis: -1, fixed: [0, 0] });
  assert.deepEqual([...new Float32Array(s.values)], [1, -5, 7, 9]);
});
