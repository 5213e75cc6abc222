// Hardening (#13): overflowing npy shapes, npz bombs, weight paths that leave the model folder, deeply nested specs
// and `lint --output` over an existing file. Each case is the hostile input that showed the problem.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main';
import { ModelError } from '../../src/core/infer/errors';
import { readTfjsModel } from '../../src/core/infer/model-io';
import { findExcessiveNesting } from '../../src/core/spec/depth';
import { parseSpec } from '../../src/core/spec/parse';
import { containPathSync, isInside, resolveSpecPath } from '../../src/core/spec/paths';
import { checkDataSize, encodeNpy, encodeNpyHeader, parseNpy } from '../../src/core/tensor/npy';
import { parseNpz } from '../../src/core/tensor/npz';
import { TensorFileError } from '../../src/core/tensor/types';
import { crc32 } from '../../src/core/tensor/zip';
import { numel } from '../../src/core/tensor/ndarray';
import { BASE_SPEC } from './lint-test-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const SELFIE = path.join(ROOT, 'demo/models/selfie');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-harden-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

function tensorError(fn: () => unknown, file: string, ...parts: (string | RegExp)[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TensorFileError, `expected a TensorFileError, got ${String(e)}`);
    assert.ok(e.message.includes(file), `message does not name ${file}: ${e.message}`);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(e.message.includes(p), `missing "${p}" in: ${e.message}`);
      else assert.match(e.message, p);
    }
    return true;
  });
}

function npyWithHeader(dict: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = Buffer.from(dict.padEnd(118, ' ') + '\n', 'latin1');
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(text, 10);
  out.set(data, 10 + text.length);
  return out;
}

test('npy: shapes whose element count overflows a double are refused with the file name, not a RangeError or NaN', () => {
  const big = 2 ** 53 - 1;
  const withZero = [...Array(21).fill(big), 0];
  tensorError(
    () => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (${withZero.join(', ')}), }`), 'zero.npy'),
    'zero.npy',
    'over the 2 GiB limit',
    // exact: 4 · (2^53 − 1)^21 has 336 digits, far past what a double holds (it used to read "about Infinity bytes")
    'has no elements, but its other dimensions multiply to about 4.45e+335 bytes',
  );
  const noZero = Array(22).fill(big);
  tensorError(
    () => parseNpy(npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (${noZero.join(', ')}), }`), 'inf.npy'),
    'inf.npy',
    'over the 2 GiB limit',
    /is about \d\.\d\de\+\d{3} bytes/,
  );
  for (const shape of [withZero, noZero])
    assert.throws(
      () => checkDataSize('float32', shape, 2 ** 31, 'x.npy'),
      (e: Error) => !/Infinity|NaN/.test(e.message),
    );
  // products just past 2^53 are exact with BigInt: (2^27)·(2^27)·1 float32 = 2^56 bytes
  tensorError(() => checkDataSize('float32', [2 ** 27, 2 ** 27], 2 ** 31, 'exact.npy'), 'exact.npy', 'over the 2 GiB limit');
  // an empty array with ordinary dimensions is still fine, and numel stays exact
  assert.deepEqual(parseNpy(encodeNpy({ dtype: 'float32', shape: [3, 0, 5], data: new Float32Array(0) })).shape, [3, 0, 5]);
  assert.equal(numel([...Array(21).fill(big), 0]), 0);
});

/** A deflate stream of `header` followed by `zeros` zero bytes, built in 64 MiB blocks without holding the output. */
function deflateZeros(header: Uint8Array, zeros: number): { body: Buffer; crc: number; size: number } {
  const blockSize = 64 * 1024 * 1024;
  const parts: Buffer[] = [];
  let crc = crc32(header);
  const native = (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32;
  const firstZeros = Math.min(zeros, blockSize - header.length);
  const first = Buffer.concat([Buffer.from(header), Buffer.alloc(firstZeros)]);
  parts.push(zlib.deflateRawSync(first, { finishFlush: zlib.constants.Z_FULL_FLUSH }));
  crc = native(first);
  let left = zeros - firstZeros;
  const full = Buffer.alloc(blockSize);
  const fullBlock = zlib.deflateRawSync(full, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  while (left >= blockSize) {
    parts.push(fullBlock);
    crc = native(full, crc);
    left -= blockSize;
  }
  if (left > 0) {
    const tail = Buffer.alloc(left);
    parts.push(zlib.deflateRawSync(tail, { finishFlush: zlib.constants.Z_FULL_FLUSH }));
    crc = native(tail, crc);
  }
  parts.push(Buffer.from([0x03, 0x00])); // final empty block
  return { body: Buffer.concat(parts), crc: crc >>> 0, size: header.length + zeros };
}

/** A one-member zip whose records declare `declared` uncompressed bytes (possibly a lie) for a deflated body. */
function zipOf(name: string, body: Uint8Array, crc: number, declared: number): Uint8Array {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30 + nameBytes.length + 20);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(20, 28);
  nameBytes.copy(local, 30);
  local.writeUInt16LE(1, 30 + nameBytes.length);
  local.writeUInt16LE(16, 32 + nameBytes.length);
  local.writeBigUInt64LE(BigInt(declared), 34 + nameBytes.length);
  local.writeBigUInt64LE(BigInt(body.length), 42 + nameBytes.length);
  const cd = Buffer.alloc(46 + nameBytes.length + 28);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(45, 4);
  cd.writeUInt16LE(45, 6);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(crc, 16);
  cd.writeUInt32LE(0xffffffff, 20);
  cd.writeUInt32LE(0xffffffff, 24);
  cd.writeUInt16LE(nameBytes.length, 28);
  cd.writeUInt16LE(28, 30);
  cd.writeUInt32LE(0xffffffff, 42);
  nameBytes.copy(cd, 46);
  const x = 46 + nameBytes.length;
  cd.writeUInt16LE(1, x);
  cd.writeUInt16LE(24, x + 2);
  cd.writeBigUInt64LE(BigInt(declared), x + 4);
  cd.writeBigUInt64LE(BigInt(body.length), x + 12);
  cd.writeBigUInt64LE(0n, x + 20);
  const cdOffset = local.length + body.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, body, cd, end]);
}

test('npz: a member whose .npy header declares more than the limit is refused before it is inflated', () => {
  const header = encodeNpyHeader('float32', [1024, 1024, 1024]); // 4 GiB declared
  const bomb = deflateZeros(header, 8 * 1024 * 1024); // the stream itself holds only 8 MiB
  // the zip records are honest about the stream; the .npy header inside lies
  tensorError(() => parseNpz(zipOf('x.npy', bomb.body, bomb.crc, bomb.size), 'bomb.npz'), 'bomb.npz', 'over the 2 GiB limit');
  // the header is read by inflating only its first bytes, so the same check runs with a 1 MiB limit too
  const small = deflateZeros(encodeNpyHeader('float32', [1024, 1024]), 4 * 1024 * 1024);
  tensorError(
    () => parseNpz(zipOf('y.npy', small.body, small.crc, small.size), 'small.npz', { maxBytes: 1024 * 1024 }),
    'small.npz',
    "member 'y.npy'",
    'over the 1 MiB limit',
  );
});

test('npz: a member that inflates past its declared size stops at the declared size and is refused', () => {
  const header = encodeNpyHeader('float32', [4]);
  const bomb = deflateZeros(header, 256 * 1024 * 1024); // 256 MiB of zeros behind a 16-byte array header
  const bytes = zipOf('x.npy', bomb.body, bomb.crc, header.length + 16);
  const before = process.memoryUsage().rss;
  tensorError(() => parseNpz(bytes, 'lying.npz'), 'lying.npz', /corrupt/);
  // nothing like the 256 MiB of output was held (a loose bound: this is a memory check, not a timing one)
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
});

test('npz: zip records whose sizes disagree with the .npy header, or claim more than deflate can produce, are refused', () => {
  const header = encodeNpyHeader('float32', [16]);
  const body = deflateZeros(header, 64);
  tensorError(() => parseNpz(zipOf('x.npy', body.body, body.crc, header.length + 1000), 'sizes.npz'), 'sizes.npz', /corrupt/);
  tensorError(() => parseNpz(zipOf('x.npy', body.body, body.crc, 1024 * 1024 * 1024), 'ratio.npz'), 'ratio.npz', 'more than deflate can produce');
  // an honest compressed npz still loads
  const ok = deflateZeros(header, 64);
  assert.deepEqual([...parseNpz(zipOf('x.npy', ok.body, ok.crc, ok.size), 'ok.npz').keys()], ['x']);
});

function modelWithPaths(dir: string, paths: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.parse(fs.readFileSync(path.join(SELFIE, 'selfie.json'), 'utf8'));
  json.weightsManifest[0].paths = paths;
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

function modelError(fn: () => unknown, ...parts: (string | RegExp)[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ModelError, `expected a ModelError, got ${String(e)}`);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(e.message.includes(p), `missing "${p}" in: ${e.message}`);
      else assert.match(e.message, p);
    }
    return true;
  });
}

test('model.json weight paths cannot leave the model folder: %2F escapes, absolute paths and symlinks', () => {
  const ws = path.join(TMP, 'ws-escape');
  fs.mkdirSync(ws, { recursive: true });
  fs.copyFileSync(path.join(SELFIE, 'selfie.bin'), path.join(TMP, 'secret.bin'));
  const m1 = modelWithPaths(path.join(ws, 'm1'), ['..%2F..%2Fsecret.bin']);
  modelError(() => readTfjsModel(m1), 'model.json', '"..%2F..%2Fsecret.bin"', 'leaves the folder', "model's folder");
  const m2 = modelWithPaths(path.join(ws, 'm2'), [path.join(TMP, 'secret.bin')]);
  modelError(() => readTfjsModel(m2), 'absolute path outside');
  const m3dir = path.join(ws, 'm3');
  const m3 = modelWithPaths(m3dir, ['weights.bin']);
  fs.symlinkSync(path.join(TMP, 'secret.bin'), path.join(m3dir, 'weights.bin'));
  modelError(() => readTfjsModel(m3), 'symlink', 'secret.bin');
  const m4 = modelWithPaths(path.join(ws, 'm4'), ['%E0%A4%A']);
  modelError(() => readTfjsModel(m4), 'malformed %-escape');
});

test('weight and spec paths compare whole segments: "..models/…" is a name inside the folder, not a parent', async () => {
  const dir = path.join(TMP, 'ws-dots');
  const m = modelWithPaths(path.join(dir, 'm'), ['..weights/selfie.bin']);
  fs.mkdirSync(path.join(dir, 'm', '..weights'));
  fs.copyFileSync(path.join(SELFIE, 'selfie.bin'), path.join(dir, 'm', '..weights', 'selfie.bin'));
  assert.equal(readTfjsModel(m).files.length, 2);
  assert.ok(isInside('/a/b', '/a/b/..c/d'));
  assert.ok(!isInside('/a/b', '/a/c'));
  assert.ok(!isInside('/a/b', '/a'));
  const res = containPathSync(dir, 'm/%2E%2Eweights/selfie.bin', { percentEncoded: true });
  assert.ok(res.ok);
  fs.mkdirSync(path.join(dir, '..models'));
  fs.writeFileSync(path.join(dir, '..models', 'm.json'), '{}');
  assert.equal(await resolveSpecPath(dir, '..models/m.json'), fs.realpathSync(path.join(dir, '..models', 'm.json')));
});

test('a spec nested 5,000 levels deep gets a located problem, not a stack overflow', () => {
  const deep = `{"model": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
  const r = parseSpec(deep, 'deep/tensorparity.json');
  assert.equal(r.spec, undefined);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0].message, /nested too deeply in deep\/tensorparity\.json/);
  assert.equal(r.problems[0].offset, 10 + 63); // the root object is level 1
  // brackets inside strings and comments do not count; ordinary specs pass
  assert.equal(findExcessiveNesting(`{"a": "${'['.repeat(5000)}" /* ${'{'.repeat(100)} */}`), undefined);
  assert.equal(findExcessiveNesting(JSON.stringify(BASE_SPEC)), undefined);
});

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

test('lint: a deeply nested spec exits 2 with the located problem (it used to be an internal error, exit 3)', async () => {
  const dir = path.join(TMP, 'ws-deep');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tensorparity.json'), `{"model": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
  fs.writeFileSync(path.join(dir, 'a.py'), 'import cv2\n');
  const r = await cli(['lint', '.'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /tensorparity\.json:1:75.*nested too deeply|nested too deeply/);
  assert.doesNotMatch(r.stderr, /Maximum call stack|    at /);
});

test('lint --output refuses to replace an existing file unless --force is given', async () => {
  const dir = path.join(TMP, 'ws-out');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tensorparity.json'), JSON.stringify(BASE_SPEC));
  fs.writeFileSync(path.join(dir, 'a.py'), 'import cv2\n\ndef f(p):\n    return cv2.resize(cv2.imread(p), (256, 256))\n');
  fs.writeFileSync(path.join(dir, 'report.txt'), 'my notes');
  const r = await cli(['lint', 'a.py', '--output', 'report.txt'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /report\.txt already exists and was left as it is\. Pass --force to replace it/);
  assert.equal(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), 'my notes');
  const forced = await cli(['lint', 'a.py', '--output', 'report.txt', '--force'], dir);
  assert.equal(forced.code, 1, forced.stderr);
  assert.match(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), /TP201/);
});
