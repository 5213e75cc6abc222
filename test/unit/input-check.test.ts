// Before inference on a tensor file: NaN/Inf and values outside the spec's range (raw bytes read as float32, a
// missing / 255) are reported with the file and what to check; a tensor the spec's preprocessing could make is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedInputRange, inputWarnings } from '../../src/core/diagnose/input-check';
import type { NdArray } from '../../src/core/tensor/types';

const unit = { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
const imagenet = { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const t = (data: Float32Array): NdArray => ({ dtype: 'float32', shape: [1, 4, 4, 3], data });
const pixels = Float32Array.from({ length: 48 }, (_, i) => (i * 5) % 256);

test('the expected range follows scale, mean and std', () => {
  assert.deepEqual(expectedInputRange(unit), [0, 1]);
  const [lo, hi] = expectedInputRange(imagenet);
  assert.ok(Math.abs(lo - -2.1179) < 1e-3 && Math.abs(hi - 2.64) < 1e-3);
});

test('a tensor the spec could make gives no warning', () => {
  assert.deepEqual(inputWarnings(t(pixels.map((p) => p / 255)), unit, 'in.npy'), []);
});

test('NaN and Inf are counted and the file is named', () => {
  const d = pixels.map((p) => p / 255);
  d[3] = NaN;
  d[7] = Infinity;
  const w = inputWarnings(t(d), unit, '/data/in.npy');
  assert.equal(w.length, 1);
  assert.match(w[0], /^\/data\/in\.npy: 1 NaN and 1 infinite values of 48 in the model input/);
});

test('0–255 values for a [0, 1] model: the missing / 255 is named', () => {
  const w = inputWarnings(t(pixels), unit, 'in.npy');
  assert.equal(w.length, 1);
  assert.match(w[0], /lie outside \[0\.0, 1\], .* division by 255 \(input\.scale\) seems to be missing/);
});

test('uint8 bytes read as float32 are recognised as raw bytes', () => {
  const bytes = new Uint8Array(48 * 4).map((_, i) => (i * 37) % 256);
  const asFloat = new Float32Array(bytes.buffer);
  const w = inputWarnings(t(asFloat), imagenet, 'raw.bin');
  assert.ok(
    w.some((x) => /raw bytes .* read as float32/.test(x)),
    w.join('\n'),
  );
});
