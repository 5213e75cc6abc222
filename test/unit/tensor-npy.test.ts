// .npy reading and writing: round trips, zero-copy views, byte order, limits and the safe header parser.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ALL_DTYPES, DType, NdArray, TensorFileError, allocTypedArray, encodeNpy, makeNdArray, numel, parseNpy, parseNpyHeader } from '../../src/core/tensor';
import { parsePyLiteral } from '../../src/core/tensor/pyliteral';

function sample(dtype: DType, shape: number[]): NdArray {
  const n = numel(shape);
  const data = allocTypedArray(dtype, n);
  for (let i = 0; i < n; i++) {
    if (data instanceof BigInt64Array) data[i] = BigInt(i * 977 - 3000) * 2n ** 40n;
    else if (data instanceof BigUint64Array) data[i] = BigInt(i * 977) * 2n ** 44n + 1n;
    else if (dtype === 'bool') data[i] = i % 3 === 0 ? 1 : 0;
    else if (dtype === 'float16') data[i] = (0x3c00 + i * 37) & 0x7bff;
    else data[i] = dtype.startsWith('float') ? i * 0.37 - 2 : i * 7 - 10;
  }
  return makeNdArray(dtype, shape, data);
}

/** Build a .npy by hand with an arbitrary header text (v1). */
function npyWithHeader(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = Buffer.from(`${header}\n`, 'latin1');
  const out = Buffer.alloc(10 + h.length + data.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(out);
  out.writeUInt16LE(h.length, 8);
  h.copy(out, 10);
  out.set(data, 10 + h.length);
  return out;
}

function rejectsWith(fn: () => unknown, ...phrases: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TensorFileError, `not a TensorFileError: ${String(e)}`);
    assert.ok(e.message.includes('in.npy'), `no file name: ${e.message}`);
    for (const p of phrases) assert.ok(e.message.includes(p), `lacks "${p}": ${e.message}`);
    return true;
  });
}

test('encodeNpy → parseNpy round-trips every dtype in C/Fortran order, both byte orders, versions 1-3', () => {
  for (const dtype of ALL_DTYPES) {
    for (const shape of [[2, 3, 4], [5], [], [0, 3]]) {
      const arr = sample(dtype, shape);
      for (const fortranOrder of [false, true]) {
        for (const bigEndian of [false, true]) {
          for (const version of [1, 2, 3] as const) {
            const opts = { fortranOrder, bigEndian, version };
            const bytes = encodeNpy(arr, opts);
            const h = parseNpyHeader(bytes, 'in.npy');
            assert.equal(h.version, version);
            assert.equal(h.fortranOrder, fortranOrder);
            assert.equal(h.dataOffset % 64, 0, 'data is 64-byte aligned like numpy');
            const back = parseNpy(bytes, 'in.npy');
            const label = `${dtype} ${JSON.stringify(shape)} ${JSON.stringify(opts)}`;
            assert.equal(back.dtype, dtype, label);
            assert.deepEqual(back.shape, shape, label);
            assert.deepEqual([...back.data], [...arr.data], label);
          }
        }
      }
    }
  }
});

test('an aligned little-endian .npy is parsed as a zero-copy view; unaligned or big-endian data is copied', () => {
  const arr = sample('float32', [1, 1000, 1000]);
  const bytes = encodeNpy(arr);
  const view = parseNpy(bytes, 'in.npy');
  assert.equal(view.data.buffer, bytes.buffer, 'view shares the file buffer');
  // the same file at an odd offset in a larger buffer
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const odd = parseNpy(shifted.subarray(1), 'in.npy');
  assert.notEqual(odd.data.buffer, shifted.buffer);
  assert.deepEqual(odd.data.subarray(0, 100), arr.data.subarray(0, 100));
  assert.equal(odd.data.length, 1e6);
  const big = parseNpy(encodeNpy(arr, { bigEndian: true }), 'in.npy');
  assert.deepEqual(big.data.subarray(0, 1000), arr.data.subarray(0, 1000));
});

test('header descrs from other writers: "=f4", "f4", "<b1", "|i1", "float32" and shape lists', () => {
  const four = new Uint8Array(new Float32Array([1.5, -2]).buffer);
  for (const descr of ['=f4', 'f4', 'float32', '<f4']) {
    const a = parseNpy(npyWithHeader(`{'descr': '${descr}', 'fortran_order': False, 'shape': [2], }`, four), 'in.npy');
    assert.deepEqual([...a.data], [1.5, -2], descr);
  }
  const b = parseNpyHeader(npyWithHeader(`{"descr": "<b1", "fortran_order": False, "shape": (2,)}`), 'in.npy');
  assert.equal(b.dtype, 'bool');
  assert.equal(b.byteOrder, 'none');
  assert.equal(parseNpyHeader(npyWithHeader(`{'descr': '|i1', 'fortran_order': False, 'shape': ()}`)).dtype, 'int8');
});

test('bad headers are refused with the file name and a fix, before any allocation', () => {
  rejectsWith(
    () => parseNpy(npyWithHeader(`{'descr': '|O', 'fortran_order': False, 'shape': (3,), }`), 'in.npy'),
    'dtype=object',
    'never unpickles',
    'np.save(f, arr.astype(np.float32))',
  );
  rejectsWith(() => parseNpy(npyWithHeader(`{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }`), 'in.npy'), 'structured', 'np.savez');
  rejectsWith(() => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }`), 'in.npy'), "'fortran_order' is 0", 'Re-save');
  rejectsWith(() => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': 3, }`), 'in.npy'), "'shape' is 3", 'Re-save');
  rejectsWith(() => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }`), 'in.npy'), 'not a whole number', 'Re-save');
  rejectsWith(
    () => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } extra`), 'in.npy'),
    'not a Python dict literal',
    'Re-save',
  );
  rejectsWith(() => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (3,)`), 'in.npy'), 'not a Python dict literal');
  rejectsWith(() => parseNpy(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1]), 'in.npy'), 'truncated');
  rejectsWith(() => parseNpy(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'in.npy'), 'not a .npy file', 'rename it to .npz');
  // 40 GB declared with no limit: must report truncation, not try to allocate
  const huge = npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }`, new Uint8Array(8));
  rejectsWith(() => parseNpy(huge, 'in.npy', { maxBytes: Infinity }), '40,000,000,000 bytes', 'only 8 bytes follow', 'truncated');
  rejectsWith(() => parseNpy(encodeNpy(sample('float64', [4, 4])), 'in.npy', { maxBytes: 100 }), '128 bytes, over the 100 bytes limit', 'maxBytes');
});

test('errors without a file name still read well', () => {
  assert.throws(() => parseNpy(new Uint8Array([1, 2, 3])), /TensorFileError: the data: not a \.npy file/);
});

test('the header parser reads Python literals and never evaluates code', () => {
  const v = parsePyLiteral(`{'a': (1, 2,), "b": [True, None, -3L], 'c': 'x\\'y\\u00e9', 'd': (5), 'e': ()}`);
  assert.ok(v instanceof Map);
  assert.deepEqual(v.get('a'), [1, 2]);
  assert.deepEqual(v.get('b'), [true, null, -3]);
  assert.equal(v.get('c'), "x'y\u00e9");
  assert.equal(v.get('d'), 5, '(5) is an int, not a tuple');
  assert.deepEqual(v.get('e'), []);
  for (const bad of [`__import__('os')`, `{'a': open('x')}`, `{'a': 1 + 2}`, `{1: 2}`, `"unterminated`, '['.repeat(100)]) {
    assert.throws(() => parsePyLiteral(bad), { name: 'PyLiteralSyntaxError' }, bad);
  }
});
