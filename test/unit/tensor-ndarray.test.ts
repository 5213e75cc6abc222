// NdArray helpers: sizes, construction checks, float16, conversion to float, transpose and reshape.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ALL_DTYPES,
  TensorFileError,
  allocTypedArray,
  dtypeByteSize,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  formatShape,
  makeNdArray,
  numel,
  reshape,
  toFloat32Array,
  toFloat64Array,
  transposeNd,
} from '../../src/core/tensor';

test('numel, dtypeByteSize and formatShape follow numpy', () => {
  assert.equal(numel([1, 256, 256, 3]), 196608);
  assert.equal(numel([]), 1);
  assert.equal(numel([0, 3]), 0);
  assert.deepEqual(ALL_DTYPES.map(dtypeByteSize), [1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8]);
  assert.equal(formatShape([1, 256, 256, 3]), '(1, 256, 256, 3)');
  assert.equal(formatShape([5]), '(5,)');
  assert.equal(formatShape([]), '()');
});

test('allocTypedArray gives the right class per dtype, with float16 as raw Uint16 bits', () => {
  const names = ALL_DTYPES.map((d) => allocTypedArray(d, 2).constructor.name);
  assert.deepEqual(names, [
    'Uint8Array',
    'Int8Array',
    'Int16Array',
    'Int32Array',
    'BigInt64Array',
    'Uint8Array',
    'Uint16Array',
    'Uint32Array',
    'BigUint64Array',
    'Uint16Array',
    'Float32Array',
    'Float64Array',
  ]);
});

test('makeNdArray refuses data of the wrong length or class', () => {
  assert.equal(makeNdArray('float32', [2, 3]).data.length, 6);
  assert.throws(
    () => makeNdArray('float32', [2, 3], new Float32Array(5)),
    (e: unknown) => e instanceof TensorFileError && /\(2, 3\) needs 6 float32 values but the data has 5/.test(e.message),
  );
  assert.throws(() => makeNdArray('float32', [2], new Float64Array(2)), /needs a Float32Array, got a Float64Array/);
  assert.throws(() => makeNdArray('int8', [-1]), /whole number >= 0/);
  assert.throws(() => makeNdArray('uint8', [1], new Int8Array(1)), /needs a Uint8Array, got a Int8Array/);
  assert.equal(makeNdArray('uint8', [2], Buffer.from([1, 2])).data.length, 2, 'a Buffer is a Uint8Array');
});

test('float16 decode covers zero, subnormals, max, inf and NaN', () => {
  assert.equal(float16BitsToFloat32(0x3c00), 1);
  assert.ok(Object.is(float16BitsToFloat32(0x8000), -0));
  assert.equal(float16BitsToFloat32(0x0001), 2 ** -24);
  assert.equal(float16BitsToFloat32(0x7bff), 65504);
  assert.equal(float16BitsToFloat32(0xfc00), -Infinity);
  assert.ok(Number.isNaN(float16BitsToFloat32(0x7e00)));
});

test('float16 encode → decode is the identity for every non-NaN half value', () => {
  for (let b = 0; b < 65536; b++) {
    const v = float16BitsToFloat32(b);
    if (Number.isNaN(v)) {
      assert.equal(float32ToFloat16Bits(v), 0x7e00);
      continue;
    }
    assert.equal(float32ToFloat16Bits(v), b, `bits 0x${b.toString(16)}`);
  }
});

test('toFloat64Array/toFloat32Array decode float16, bool and 64-bit ints', () => {
  const half = makeNdArray('float16', [3], new Uint16Array([0x3c00, 0xc000, 0x3555]));
  assert.deepEqual([...toFloat64Array(half)], [1, -2, 0.333251953125]);
  const b = makeNdArray('bool', [3], new Uint8Array([0, 1, 7]));
  assert.deepEqual([...toFloat32Array(b)], [0, 1, 1]);
  const big = makeNdArray('int64', [2], new BigInt64Array([-5n, 2n ** 40n]));
  assert.deepEqual([...toFloat64Array(big)], [-5, 2 ** 40]);
  const u = makeNdArray('uint8', [2], new Uint8Array([255, 3]));
  assert.deepEqual([...toFloat32Array(u)], [255, 3]);
  const f = makeNdArray('float32', [1], new Float32Array([0.1]));
  assert.equal(toFloat32Array(f), f.data, 'float32 input is returned as is, no copy');
  assert.equal(toFloat64Array(f)[0], Math.fround(0.1));
});

test('transposeNd matches numpy.transpose (NCHW → NHWC) for numbers and bigints', () => {
  // np.arange(24).reshape(1,2,3,4).transpose(0,2,3,1).ravel()
  const nchw = makeNdArray(
    'float32',
    [1, 2, 3, 4],
    Float32Array.from({ length: 24 }, (_, i) => i),
  );
  const nhwc = transposeNd(nchw, [0, 2, 3, 1]);
  assert.deepEqual(nhwc.shape, [1, 3, 4, 2]);
  assert.deepEqual([...nhwc.data], [0, 12, 1, 13, 2, 14, 3, 15, 4, 16, 5, 17, 6, 18, 7, 19, 8, 20, 9, 21, 10, 22, 11, 23]);
  const back = transposeNd(nhwc, [0, 3, 1, 2]);
  assert.deepEqual([...back.data], [...nchw.data]);
  const big = makeNdArray('uint64', [2, 3], BigUint64Array.from([0n, 1n, 2n, 3n, 4n, 5n]));
  assert.deepEqual([...transposeNd(big, [1, 0]).data], [0n, 3n, 1n, 4n, 2n, 5n]);
  const scalar = makeNdArray('int32', [], new Int32Array([9]));
  assert.deepEqual([...transposeNd(scalar, []).data], [9]);
  const empty = makeNdArray('int16', [0, 3]);
  assert.deepEqual(transposeNd(empty, [1, 0]).shape, [3, 0]);
  assert.throws(() => transposeNd(nchw, [0, 1, 1, 2]), /not a permutation/);
});

test('reshape keeps the data, infers one -1, and refuses a different element count', () => {
  const a = makeNdArray('float32', [2, 6]);
  const r = reshape(a, [3, -1]);
  assert.deepEqual(r.shape, [3, 4]);
  assert.equal(r.data, a.data);
  assert.throws(() => reshape(a, [5, 2]), /has 12 values but \(5, 2\) needs 10/);
  assert.throws(() => reshape(a, [-1, -1]), /only one dimension/);
  assert.throws(() => reshape(a, [5, -1]), /cannot reshape/);
});
