// .npz archives: round trips (stored, deflated, zip64), archive order, and refusals of broken archives.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NdArray, TensorFileError, encodeNpy, encodeNpz, makeNdArray, parseNpz } from '../../src/core/tensor';
import { crc32, readZipDirectory, writeZip } from '../../src/core/tensor/zip';

const image = makeNdArray(
  'float32',
  [1, 8, 8, 3],
  Float32Array.from({ length: 192 }, (_, i) => i / 7),
);
const mask = makeNdArray(
  'uint8',
  [8, 8],
  Uint8Array.from({ length: 64 }, (_, i) => i * 3),
);
const ids = makeNdArray('int64', [3], new BigInt64Array([-1n, 2n ** 62n, 0n]));
const scalar = makeNdArray('float64', [], new Float64Array([0.25]));

function rejectsWith(fn: () => unknown, ...phrases: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TensorFileError, `not a TensorFileError: ${String(e)}`);
    assert.equal(e.file, 'in.npz');
    assert.ok(e.message.includes('in.npz'), `no file name: ${e.message}`);
    for (const p of phrases) assert.ok(e.message.includes(p), `lacks "${p}": ${e.message}`);
    return true;
  });
}

function assertSame(got: Map<string, NdArray>, want: Record<string, NdArray>): void {
  assert.deepEqual([...got.keys()], Object.keys(want));
  for (const [k, v] of Object.entries(want)) {
    const g = got.get(k);
    assert.ok(g !== undefined);
    assert.equal(g.dtype, v.dtype);
    assert.deepEqual(g.shape, v.shape);
    assert.deepEqual([...g.data], [...v.data]);
  }
}

test('encodeNpz → parseNpz round-trips stored, deflated and zip64 archives in insertion order', () => {
  const entries = { mask, image, ids, scalar };
  for (const opts of [{}, { compress: true }, { forceZip64: true }, { compress: true, forceZip64: true }]) {
    assertSame(parseNpz(encodeNpz(entries, opts), 'in.npz'), entries);
  }
  const m = new Map<string, NdArray>([
    ['z', scalar],
    ['a', mask],
  ]);
  assert.deepEqual([...parseNpz(encodeNpz(m), 'in.npz').keys()], ['z', 'a']);
  assert.ok(encodeNpz({ mask }, { compress: true }).length < encodeNpz({ mask }).length, 'compression shrinks it');
});

test('an archive is reproducible and non-ASCII member names survive', () => {
  const a = encodeNpz({ größe: mask });
  assert.deepEqual(a, encodeNpz({ größe: mask }));
  assert.deepEqual([...parseNpz(a, 'in.npz').keys()], ['größe']);
});

test('CRC-32 matches the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('broken archives are refused with the file name and a fix', () => {
  const good = encodeNpz({ mask, image });
  rejectsWith(() => parseNpz(new TextEncoder().encode('hello'), 'in.npz'), 'not a .npz file', 'np.savez');
  rejectsWith(() => parseNpz(good.subarray(0, good.length - 30), 'in.npz'), 'corrupt or truncated', 'np.savez');
  const flipped = good.slice();
  flipped[200] ^= 1;
  rejectsWith(() => parseNpz(flipped, 'in.npz'), 'CRC-32', 'np.savez');
  const withText = writeZip([
    { name: 'a.npy', data: encodeNpy(mask) },
    { name: 'notes.txt', data: new Uint8Array(3) },
  ]);
  rejectsWith(() => parseNpz(withText, 'in.npz'), "'notes.txt' is not a .npy array", 'np.savez');
  const pickled = writeZip([{ name: 'x.npy', data: new Uint8Array([0x80, 2, 0x5d, 0x71, 0, 0x2e]) }]);
  rejectsWith(() => parseNpz(pickled, 'in.npz'), "member 'x.npy'", 'pickle', 'never unpickles');
  // deflate stream damaged: inflate fails
  const deflated = encodeNpz({ image }, { compress: true });
  const d2 = deflated.slice();
  const dir = readZipDirectory(d2, 'in.npz');
  d2[dir[0].localHeaderOffset + 30 + 'image.npy'.length + 5] ^= 0xff;
  rejectsWith(() => parseNpz(d2, 'in.npz'), 'image.npy', 'corrupt');
  // a member bigger than the limit is refused before inflating it
  rejectsWith(() => parseNpz(deflated, 'in.npz', { maxBytes: 10 }), 'over the', 'maxBytes');
});

test('the central directory lists sizes, methods and offsets', () => {
  const z = encodeNpz({ mask, ids }, { compress: true });
  const dir = readZipDirectory(z, 'in.npz');
  assert.deepEqual(
    dir.map((e) => [e.name, e.method]),
    [
      ['mask.npy', 8],
      ['ids.npy', 8],
    ],
  );
  assert.equal(dir[0].uncompressedSize, encodeNpy(mask).length);
  assert.equal(dir[0].localHeaderOffset, 0);
});
