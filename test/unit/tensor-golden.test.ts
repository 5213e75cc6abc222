// Every fixture written by the real numpy (scripts/golden/make_tensor_fixtures.py) loads with the recorded values,
// files we encode are byte-identical to numpy's, and every broken file fails with a message naming the file and fix.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { NdArray, TensorFileError, encodeNpy, float32ToFloat16Bits, float16BitsToFloat32, loadTensorFile, parseNpyHeader } from '../../src/core/tensor';

const DIR = path.resolve(__dirname, '../../../test/golden/tensors');

type JsonScalar = boolean | number | string;
interface ArrayExpect {
  dtype: string;
  shape: number[];
  values: JsonScalar[];
  bits?: number[];
}
interface NpyExpect extends ArrayExpect {
  file: string;
  version: number;
  fortranOrder: boolean;
  byteOrder: string;
  encodeMatches: { bigEndian: boolean; fortranOrder: boolean; version: 1 | 2 | 3 } | null;
}
interface NpzExpect {
  file: string;
  compressed: boolean;
  members: (ArrayExpect & { key: string })[];
}
interface RawExpect extends ArrayExpect {
  file: string;
  sidecar: boolean;
  byteOrder: string;
}
interface Manifest {
  npy: NpyExpect[];
  npz: NpzExpect[];
  raw: RawExpect[];
  errors: { file: string; expect: string[] }[];
  float16Cases: [number | string, number][];
}

const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Manifest;

function expectedNumber(v: JsonScalar): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number(v);
}

/** Compare element by element: exact, including -0, NaN and 64-bit integers beyond 2^53. */
function assertValues(arr: NdArray, exp: ArrayExpect, label: string): void {
  assert.equal(arr.dtype, exp.dtype, `${label}: dtype`);
  assert.deepEqual([...arr.shape], exp.shape, `${label}: shape`);
  assert.equal(arr.data.length, exp.values.length, `${label}: element count`);
  for (let i = 0; i < exp.values.length; i++) {
    const got = arr.data[i];
    const want = exp.values[i];
    if (typeof got === 'bigint') {
      assert.equal(got, BigInt(want as string), `${label}[${i}]`);
    } else if (arr.dtype === 'float16') {
      assert.equal(got, exp.bits?.[i], `${label}[${i}] half bits`);
      assert.ok(Object.is(float16BitsToFloat32(got), expectedNumber(want)), `${label}[${i}] half value`);
    } else if (arr.dtype === 'float32') {
      assert.ok(Object.is(got, Math.fround(expectedNumber(want))), `${label}[${i}]: ${got} vs ${String(want)}`);
    } else {
      assert.ok(Object.is(got, expectedNumber(want)), `${label}[${i}]: ${got} vs ${String(want)}`);
    }
  }
}

test('every numpy-written .npy fixture loads with the recorded dtype, shape, order and values', async () => {
  assert.ok(manifest.npy.length >= 30);
  for (const exp of manifest.npy) {
    const file = path.join(DIR, exp.file);
    const loaded = await loadTensorFile(file);
    assert.equal(loaded.format, 'npy');
    assert.equal(loaded.byteOrder, exp.byteOrder, `${exp.file}: byte order`);
    assert.equal(loaded.fortranOrder, exp.fortranOrder, `${exp.file}: fortran order`);
    const header = parseNpyHeader(fs.readFileSync(file), file);
    assert.equal(header.version, exp.version, `${exp.file}: version`);
    const [arr] = [...loaded.tensors.values()];
    assertValues(arr, exp, exp.file);
  }
});

test('encodeNpy reproduces numpy-written files byte for byte (v1/v2/v3, big-endian, Fortran order, 0-d, empty)', async () => {
  let compared = 0;
  for (const exp of manifest.npy) {
    if (exp.encodeMatches === null) continue;
    const file = path.join(DIR, exp.file);
    const [arr] = [...(await loadTensorFile(file)).tensors.values()];
    const ours = encodeNpy(arr, exp.encodeMatches);
    assert.deepEqual(Buffer.from(ours), fs.readFileSync(file), `${exp.file}: bytes differ from numpy's`);
    compared++;
  }
  assert.ok(compared >= 28);
});

test('every .npz fixture (stored, deflated, positional names, zip64) loads members in archive order', async () => {
  for (const exp of manifest.npz) {
    const loaded = await loadTensorFile(path.join(DIR, exp.file));
    assert.equal(loaded.format, 'npz');
    assert.deepEqual(
      [...loaded.tensors.keys()],
      exp.members.map((m) => m.key),
      `${exp.file}: member order`,
    );
    for (const m of exp.members) {
      const arr = loaded.tensors.get(m.key);
      assert.ok(arr !== undefined);
      assertValues(arr, m, `${exp.file}:${m.key}`);
    }
  }
});

test('raw dumps load with their sidecar, or with the layout the caller passes', async () => {
  for (const exp of manifest.raw) {
    const file = path.join(DIR, exp.file);
    const opts = exp.sidecar
      ? undefined
      : {
          rawLayout: { dtype: 'float32' as const, shape: exp.shape },
        };
    const loaded = await loadTensorFile(file, opts);
    assert.equal(loaded.format, 'raw');
    assert.equal(loaded.byteOrder, exp.byteOrder, `${exp.file}: byte order`);
    assert.equal(loaded.layoutFrom, exp.sidecar ? `${file}.json` : 'options');
    assertValues([...loaded.tensors.values()][0], exp, exp.file);
  }
});

test('each broken fixture is refused with a TensorFileError naming the file and the fix', async () => {
  assert.ok(manifest.errors.length >= 25);
  for (const exp of manifest.errors) {
    const file = path.join(DIR, exp.file);
    await assert.rejects(loadTensorFile(file), (e: unknown) => {
      assert.ok(e instanceof TensorFileError, `${exp.file}: not a TensorFileError: ${String(e)}`);
      assert.ok(e.message.includes(file), `${exp.file}: message does not name the file: ${e.message}`);
      assert.ok(e.file?.startsWith(file), `${exp.file}: error.file is ${e.file}`);
      for (const phrase of exp.expect) {
        assert.ok(e.message.includes(phrase), `${exp.file}: message lacks "${phrase}": ${e.message}`);
      }
      return true;
    });
  }
});

test('float32ToFloat16Bits rounds exactly like numpy (ties to even, overflow, subnormals)', () => {
  assert.ok(manifest.float16Cases.length > 200);
  for (const [x, bits] of manifest.float16Cases) {
    const v = expectedNumber(x);
    assert.equal(float32ToFloat16Bits(v), bits, `float16(${String(x)})`);
  }
});
