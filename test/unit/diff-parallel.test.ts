// A large diff split over this thread and a helper worker gives the report one thread gives (sums up to rounding).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { diffTensors } from '../../src/core/diff/diff';
import { diffTensorsParallel, PARALLEL_MIN_VALUES, worthSplitting } from '../../src/core/diff/parallel';
import type { DiffOptions } from '../../src/core/diff/types';
import type { NdArray } from '../../src/core/tensor/types';
import { closeHelperPool } from '../../src/core/diff/parallel';

after(() => closeHelperPool());

function pair(shape: number[]): { a: NdArray; b: NdArray } {
  const n = shape.reduce((x, y) => x * y, 1);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    b[i] = (s / 4294967296) * 2 - 0.5;
    a[i] = b[i] + ((s & 4095) / 4095 - 0.5) * 2e-3 * (i % 5 === 0 ? 10 : 1);
  }
  // Non-finite values in both halves, a zero reference, and a tie for the worst difference across the halves.
  for (const i of [3, 1000, n >> 1, (n >> 1) + 17, n - 2]) a[i] = NaN;
  b[12] = Infinity;
  a[12] = Infinity;
  b[n - 5] = -Infinity;
  b[99] = 0;
  a[500] = b[500] + 5;
  a[n - 100] = b[n - 100] + 5;
  return { a: { dtype: 'float32', shape, data: a }, b: { dtype: 'float32', shape, data: b } };
}

/** Numbers equal to 1e-9 relative (summation order differs), everything else exactly. */
function assertClose(x: unknown, y: unknown, where = 'report'): void {
  if (typeof x === 'number' && typeof y === 'number') {
    if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x) || !Number.isFinite(y) || x === y)
      return assert.ok(Object.is(x, y) || x === y, `${where}: ${x} vs ${y}`);
    return assert.ok(Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)), `${where}: ${x} vs ${y}`);
  }
  if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) return assertClose([...(x as Float32Array)], [...(y as Float32Array)], where);
  if (Array.isArray(x) && Array.isArray(y)) {
    assert.equal(x.length, y.length, `${where}: length`);
    return x.forEach((v, i) => assertClose(v, y[i], `${where}[${i}]`));
  }
  if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
    assert.deepEqual(Object.keys(x).sort(), Object.keys(y).sort(), `${where}: keys`);
    for (const k of Object.keys(x)) assertClose((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${where}.${k}`);
    return;
  }
  assert.equal(x, y, where);
}

const opts: DiffOptions = { atol: 1e-4, rtol: 1e-3, mode: 'allclose', worstK: 10 };

test('a large NHWC diff over two threads equals the one-thread report', async () => {
  const { a, b } = pair([1, 1024, 1366, 3]);
  assert.ok(b.data.length >= PARALLEL_MIN_VALUES);
  const one = diffTensors(a, b, { ...opts, layout: 'NHWC' });
  const two = await diffTensorsParallel(a, b, { ...opts, layout: 'NHWC' }, undefined, true);
  assertClose(two, one);
  assert.equal(two.worst[0].abs, one.worst[0].abs);
  assert.deepEqual(
    two.nonFinite.a.first.map((f) => f.index),
    one.nonFinite.a.first.map((f) => f.index),
  );
});

test('a large NCHW diff in "both" mode over two threads equals the one-thread report', async () => {
  const { a, b } = pair([1, 3, 1024, 1366]);
  const o: DiffOptions = { ...opts, mode: 'both', layout: 'NCHW' };
  assertClose(await diffTensorsParallel(a, b, o, undefined, true), diffTensors(a, b, o));
});

test('small tensors are diffed in this thread with the same result', async () => {
  const { a, b } = pair([1, 16, 16, 3]);
  assert.equal(worthSplitting(b.data.length), false);
  assert.deepEqual(await diffTensorsParallel(a, b, opts), diffTensors(a, b, opts));
});

test('a split diff of tensors that cannot be lined up reports the same incompatibility', async () => {
  const a: NdArray = { dtype: 'float32', shape: [5], data: new Float32Array(5) };
  const b: NdArray = { dtype: 'float32', shape: [7], data: new Float32Array(7) };
  const two = await diffTensorsParallel(a, b, opts, undefined, true);
  assert.equal(two.alignment.kind, 'incompatible');
  assert.deepEqual(two, diffTensors(a, b, opts));
});
