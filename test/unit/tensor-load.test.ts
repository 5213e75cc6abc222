// loadTensorFile (dispatch, sidecars, limits), parseRaw/parseSidecar, and saveNpyNoClobber.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TensorFileError, encodeNpy, encodeNpz, loadTensorFile, makeNdArray, parseRaw, parseSidecar, saveNpyNoClobber } from '../../src/core/tensor';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-tensor-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const arr = makeNdArray(
  'float32',
  [1, 2, 2, 3],
  Float32Array.from({ length: 12 }, (_, i) => i - 0.5),
);

async function rejectsWith(p: Promise<unknown>, file: string, ...phrases: string[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TensorFileError, `not a TensorFileError: ${String(e)}`);
    assert.ok(e.message.includes(file), `no file name: ${e.message}`);
    for (const ph of phrases) assert.ok(e.message.includes(ph), `lacks "${ph}": ${e.message}`);
    return true;
  });
}

test('parseSidecar accepts dtype names and numpy descrs, and explains bad sidecars', () => {
  assert.deepEqual(parseSidecar('{"dtype":"float32","shape":[1,3,224,224],"byteOrder":"little"}', 's.json'), {
    dtype: 'float32',
    shape: [1, 3, 224, 224],
    byteOrder: 'little',
  });
  assert.deepEqual(parseSidecar('{"dtype":">i2","shape":[4]}', 's.json'), { dtype: 'int16', shape: [4], byteOrder: 'big' });
  assert.deepEqual(parseSidecar('{"dtype":"uint8","shape":[]}', 's.json'), { dtype: 'uint8', shape: [] });
  for (const [text, phrase] of [
    ['[1]', 'JSON object'],
    ['{"dtype":"float32"}', '"shape" is null'],
    ['{"dtype":"float32","shape":[1,-3]}', 'whole numbers >= 0'],
    ['{"dtype":"float32","shape":[2],"byteOrder":"middle"}', '"little" or "big"'],
    ['{"dtype":"<c8","shape":[2]}', 'use one of'],
  ]) {
    assert.throws(
      () => parseSidecar(text, 's.json'),
      (e: unknown) => e instanceof TensorFileError && e.message.includes('s.json') && e.message.includes(phrase) && e.message.includes('"dtype": "float32"'),
      text,
    );
  }
});

test('parseRaw reads both byte orders and says which sizes would match', () => {
  const le = Buffer.from(arr.data.buffer);
  assert.deepEqual([...parseRaw(le, { dtype: 'float32', shape: [1, 2, 2, 3] }, 'x.bin').data], [...arr.data]);
  const be = Buffer.from(le).swap32();
  assert.deepEqual([...parseRaw(be, { dtype: 'float32', shape: [12], byteOrder: 'big' }, 'x.bin').data], [...arr.data]);
  assert.throws(
    () =>
      parseRaw(new Uint8Array(1204224), { dtype: 'float32', shape: [1, 3, 224, 224] }, 'x.bin', {
        layoutSource: 'the model input in tensorparity.json',
      }),
    (e: unknown) =>
      e instanceof TensorFileError &&
      e.message.includes('x.bin: 1,204,224 bytes is 301,056 float32 values') &&
      e.message.includes('the model input in tensorparity.json says shape (1, 3, 224, 224) float32, which needs 602,112 bytes') &&
      e.message.includes('float64') &&
      e.message.includes('(2, 3, 224, 224)'),
  );
});

test('loadTensorFile sniffs content: a .bin that is really a .npy, a .npy that is really a .npz', async () => {
  const bin = path.join(tmp, 'really-npy.bin');
  fs.writeFileSync(bin, encodeNpy(arr));
  const a = await loadTensorFile(bin);
  assert.equal(a.format, 'npy');
  assert.deepEqual([...a.tensors.keys()], ['really-npy']);
  const npy = path.join(tmp, 'really-npz.npy');
  fs.writeFileSync(npy, encodeNpz({ x: arr }));
  assert.equal((await loadTensorFile(npy)).format, 'npz');
});

test('raw dumps: sidecar wins over the caller layout; no layout at all asks for a sidecar', async () => {
  const bin = path.join(tmp, 'dump.bin');
  fs.writeFileSync(bin, Buffer.from(arr.data.buffer));
  await rejectsWith(loadTensorFile(bin), bin, 'Add a sidecar dump.bin.json', '"shape": [1, 3, 224, 224]');
  const viaOpts = await loadTensorFile(bin, { rawLayout: { dtype: 'float32', shape: [1, 2, 2, 3] } });
  assert.equal(viaOpts.layoutFrom, 'options');
  await rejectsWith(
    loadTensorFile(bin, { rawLayout: { dtype: 'float32', shape: [1, 3, 4, 4] } }),
    bin,
    'the model input in tensorparity.json says shape (1, 3, 4, 4)',
  );
  fs.writeFileSync(`${bin}.json`, JSON.stringify({ dtype: 'float32', shape: [12] }));
  const viaSidecar = await loadTensorFile(bin, { rawLayout: { dtype: 'uint8', shape: [48] } });
  assert.equal(viaSidecar.layoutFrom, `${bin}.json`);
  assert.deepEqual([...viaSidecar.tensors.values()][0].shape, [12]);
});

test('loadTensorFile refuses missing, empty, oversized and unknown-type files with a fix', async () => {
  const missing = path.join(tmp, 'nope.npy');
  await rejectsWith(loadTensorFile(missing), missing, 'file not found');
  const empty = path.join(tmp, 'empty.bin');
  fs.writeFileSync(empty, '');
  await rejectsWith(loadTensorFile(empty), empty, 'empty (0 bytes)', 'flush');
  const big = path.join(tmp, 'big.bin');
  fs.writeFileSync(big, new Uint8Array(4096));
  await rejectsWith(loadTensorFile(big, { maxBytes: 1024 }), big, '4,096 bytes', 'over the 1 KiB limit');
  const txt = path.join(tmp, 'x.csv');
  fs.writeFileSync(txt, '1,2');
  await rejectsWith(loadTensorFile(txt), txt, "unsupported tensor file type '.csv'", 'np.save');
  const dir = path.join(tmp, 'dir.npy');
  fs.mkdirSync(dir);
  await rejectsWith(loadTensorFile(dir), dir, 'is not a file');
});

test('saveNpyNoClobber writes a file numpy can read and never overwrites', async () => {
  const out = path.join(tmp, 'saved.npy');
  await saveNpyNoClobber(out, arr);
  assert.deepEqual(fs.readFileSync(out), Buffer.from(encodeNpy(arr)));
  const back = await loadTensorFile(out);
  assert.deepEqual([...[...back.tensors.values()][0].data], [...arr.data]);
  await rejectsWith(saveNpyNoClobber(out, makeNdArray('uint8', [1])), out, 'already exists', 'never overwrites');
  assert.deepEqual(fs.readFileSync(out), Buffer.from(encodeNpy(arr)), 'the old file is untouched');
  const noDir = path.join(tmp, 'missing-dir', 'a.npy');
  await rejectsWith(saveNpyNoClobber(noDir, arr), noDir, 'folder does not exist');
});
